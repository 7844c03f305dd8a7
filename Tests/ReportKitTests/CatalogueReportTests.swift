import BechdelKit
import CatalogueKit
import DSPKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import ReportKit
import XCTest

final class CatalogueReportTests: XCTestCase {
    static let hostile = #"<script>alert("x")</script> & 'Amélie' 東京"#
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A store of three films: two women and a man (with a hostile file name and film id), a man alone, and a
    /// failed file whose error holds markup.
    func makeStore() throws -> ReportTestStore {
        let store = try ReportTestStore()
        try store.record(path: "/films/\(Self.hostile).flac", filmID: Self.hostile, imdbID: "tt0416047",
                         ReportTestStore.result([.female, .male, .female]))
        try store.record(path: "/films/b.flac", filmID: "b", ReportTestStore.result([.male]))
        try store.fail(path: "/films/c <b>bold</b>.wav", error: "/films/c <b>bold</b>.wav: not a readable audio file")
        return store
    }

    func render(_ store: ReportTestStore, predictions: FilmPredictions? = nil,
                options: CatalogueReport.Options = .init()) throws -> String {
        let results = try store.open()
        defer { try? results.close() }
        return try CatalogueReport.html(store: results, predictions: predictions, options: options)
    }

    func testHostileNamesIdentifiersAndErrorsAreEscaped() throws {
        let html = try render(try makeStore())
        XCTAssertFalse(html.contains("<script"), "markup from a file name reached the page")
        XCTAssertFalse(html.contains("<b>bold"), "markup from an error message reached the page")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Amélie&#39; 東京"))
        XCTAssertTrue(html.contains("c &lt;b&gt;bold&lt;/b&gt;.wav: not a readable audio file"))
    }

    func testPageIsWellFormedAndSelfContained() throws {
        let html = try render(try makeStore())
        let parser = XMLParser(data: Data(html.utf8))
        XCTAssertTrue(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?") line \(parser.lineNumber)")
        // Nothing to fetch or run: no script, no external style sheet, image, font or frame.
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "@import", "url("] {
            XCTAssertFalse(html.contains(forbidden), forbidden)
        }
        let addresses = html.components(separatedBy: "http").dropFirst().map { String($0.prefix(22)) }
        XCTAssertEqual(Set(addresses), ["://www.w3.org/2000/svg"], "only the SVG namespace may name an address")
    }

    func testOneTimelinePerFilmWithOneBarPerTurnColouredBySex() throws {
        let html = try render(try makeStore())
        XCTAssertEqual(html.components(separatedBy: "aria-label=\"Timeline of").count - 1, 2)
        // Film 1: two turns per speaker, F1 M2 F3; film 2: M1. Timeline bars are the rects with a y coordinate
        // and class f or m (speaking-time bars use the same classes, one per speaker).
        let f = html.components(separatedBy: "<rect class=\"f\"").count - 1
        let m = html.components(separatedBy: "<rect class=\"m\"").count - 1
        XCTAssertEqual(f, 4 + 2)   // 4 turns + 2 speaking-time bars
        XCTAssertEqual(m, 4 + 2)   // 2 + 2 turns, 2 bars
        XCTAssertTrue(html.contains("2 F · 1 M"))
        XCTAssertTrue(html.contains("0 F · 1 M"))
    }

    func testOverviewFigures() throws {
        let html = try render(try makeStore())
        XCTAssertTrue(html.contains("<b>2</b><span>films counted</span>"))
        XCTAssertTrue(html.contains("<b>1</b><span>files that failed</span>"))
        XCTAssertTrue(html.contains("<b>50 %</b><span>women among speakers (2 F, 2 M)</span>"))
        // Speaking time: 18 s F, 9 + 9 s M.
        XCTAssertTrue(html.contains("<b>50 %</b><span>women's share of speaking time (18 s F, 18 s M)</span>"))
        // Ranking: the film with women first (67 %), then the man alone (0 %).
        let first = try XCTUnwrap(html.range(of: "67 %")), second = try XCTUnwrap(html.range(of: ">0 %<"))
        XCTAssertLessThan(first.lowerBound, second.lowerBound)
    }

    func testSameStoreGivesTheSameBytes() throws {
        let store = try makeStore()
        XCTAssertEqual(try render(store), try render(store))
    }

    func testSectionLimitKeepsEveryFilmInTheRanking() throws {
        let html = try render(try makeStore(), options: .init(maximumSections: 1))
        XCTAssertEqual(html.components(separatedBy: "<section class=\"film\"").count - 1, 1)
        XCTAssertTrue(html.contains("1 more films are in the ranking above"))
        XCTAssertTrue(html.contains(">b</td>"), "the film without a section is still ranked")
    }

    func testPredictionsJoinByImdbIdAndEscapeCells() throws {
        let model = try BechdelModel.shipped()
        var text = try String(contentsOf: Self.fixtures.appendingPathComponent("movies_sample.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"Monkeyshines, No. 3\"", with: "\"<script>alert(\"\"t\"\")</script> & Ü\"")
        let table = try FilmTable.parse(text: text, source: "films.csv")
        let films = try model.schema.encode(table, lenient: false)
        let predictions = try FilmPredictions(model: model, table: table, films: films, source: "films.csv")
        let row = try XCTUnwrap(predictions.film(filmID: "whatever", imdbID: "tt0416047"))
        let expected = model.predict(films)[row.row]
        XCTAssertEqual(row.pPass, Double(expected[3]), accuracy: 1e-7)
        XCTAssertEqual(row.probabilities.reduce(0, +), 1, accuracy: 1e-5)

        let html = try render(try makeStore(), predictions: predictions)
        XCTAssertFalse(html.contains("<script"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; Ü"))
        XCTAssertTrue(html.contains("chance of passing (rating 3) <b>\(ReportFormat.percent(row.pPass))</b>"))
        XCTAssertTrue(html.contains("aria-label=\"Contributions to the chance of passing\""))
        XCTAssertTrue(html.contains("No row of the metadata table has this film"), "film b has no row")
        XCTAssertTrue(html.contains("Film clusters (metadata)"))
        let parser = XMLParser(data: Data(html.utf8))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "?") line \(parser.lineNumber)")
    }

    func testWaterfallEndsAtTheRawScore() {
        let chart = WaterfallChart(bias: -1, contributions: [.init(feature: "a", value: "1", amount: 0.5),
                                                             .init(feature: "b", value: "2", amount: -0.25)],
                                   others: 0.125, rawScore: -0.625)
        XCTAssertEqual(chart.steps.map(\.kind), ["total", "up", "down", "up", "total"])
        XCTAssertEqual(chart.steps.map(\.contribution), ["-1.000", "+0.500", "-0.250", "+0.125", "-0.625"])
    }

    func testTemplateNeverWritesAValueUnescaped() throws {
        let text = try ReportTemplate.shippedText()
        XCTAssertFalse(text.contains("{{{"), "triple braces write a value without escaping")
        XCTAssertFalse(text.contains("{{&"), "{{& writes a value without escaping")
        XCTAssertFalse(text.contains("{{="), "changed delimiters hide values from this check")
    }

    func testTimeAxisTicks() {
        let short = TimelineChart(result: ReportTestStore.result([.female], duration: 48))   // turns run to 64 s
        XCTAssertEqual(short.ticks.map(\.label), ["0:00", "0:10", "0:20", "0:30", "0:40", "0:50", "1:00"])
        XCTAssertEqual(short.axisLabel, "time (m:ss)")
        let film = TimelineChart(result: ReportTestStore.result([.female], duration: 7200))
        XCTAssertEqual(film.ticks.map(\.label), ["0:00", "0:15", "0:30", "0:45", "1:00", "1:15", "1:30", "1:45", "2:00"])
        XCTAssertEqual(film.axisLabel, "time (h:mm)")
    }
}
