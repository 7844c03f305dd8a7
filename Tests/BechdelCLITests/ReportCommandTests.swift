import Foundation
import XCTest

/// `bechdelcli report` end to end: a store made by `batch` becomes one HTML page with a section per counted film;
/// every problem is one line on stderr with exit 2.
final class ReportCommandTests: XCTestCase {
    func testReportOfABatchWithPredictions() throws {
        let catalogue = try CatalogueFolder()
        let store = catalogue.path("store.sqlite"), page = catalogue.path("report.html")
        XCTAssertEqual(try CLIRunner.run(["batch", catalogue.films, "--store", store]).exitCode, 1, "two films are broken")
        let run = try CLIRunner.run(["report", store, "-o", page, "--films", CLIRunner.fixture("movies_sample.csv")])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        XCTAssertEqual(run.stdout, "")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let done = CatalogueFolder.contents.count - CatalogueFolder.failedCount
        XCTAssertTrue(html.contains("<b>\(done)</b><span>films counted</span>"))
        XCTAssertTrue(html.contains("<b>\(CatalogueFolder.failedCount)</b><span>files that failed</span>"))
        XCTAssertEqual(html.components(separatedBy: "<section class=\"film\"").count - 1, done)
        XCTAssertTrue(html.contains("Film clusters (metadata)"))
        // The films are not in the metadata table (no film_id or imdb_id of it): each section says so.
        XCTAssertEqual(html.components(separatedBy: "No row of the metadata table has this film").count - 1, done)
        // Standard output gives the same page.
        let again = try CLIRunner.run(["report", store, "-o", "-", "--films", CLIRunner.fixture("movies_sample.csv")])
        XCTAssertEqual(again.exitCode, 0, again.stderr)
        XCTAssertEqual(again.stdout, html)
    }

    func testProblemsAreOneLineWithExitTwo() throws {
        let catalogue = try CatalogueFolder()
        let store = catalogue.path("store.sqlite")
        XCTAssertEqual(try CLIRunner.run(["batch", catalogue.path("films/music_only.flac"), "--store", store]).exitCode, 0)
        let garbage = catalogue.path("garbage.csv")
        try Data("imdb_id,year\ntt1,not a year\n".utf8).write(to: URL(fileURLWithPath: garbage))
        let cases: [([String], String)] = [
            (["report", catalogue.path("missing.sqlite"), "-o", catalogue.path("r.html")], "missing.sqlite"),
            (["report", CLIRunner.fixture("movies_sample.csv"), "-o", catalogue.path("r.html")], "movies_sample.csv"),
            (["report", store, "-o", catalogue.path("no/such/folder/r.html")], "r.html"),
            (["report", store, "-o", catalogue.path("r.html"), "--films", garbage], "garbage.csv"),
            (["report", store, "-o", catalogue.path("r.html"), "--model", garbage], "--model"),
            (["report", store, "-o", catalogue.path("r.html"), "--sections", "-1"], "--sections"),
        ]
        for (arguments, named) in cases {
            let run = try CLIRunner.run(arguments)
            XCTAssertEqual(run.exitCode, 2, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(named), "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, "\(arguments): \(run.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: catalogue.path("r.html")), "no page after an error")
    }
}
