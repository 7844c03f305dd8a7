import CatalogueKit
import DSPKit
import Foundation
import GRDB
import XCTest

/// The bookkeeping of a catalogue run: what is analysed, skipped, copied, recorded as failed, and that the store
/// does not depend on the number of jobs.
final class CatalogueRunTests: XCTestCase {
    func testSecondRunDoesNothing() throws {
        let t = try TestCatalogue()
        let films = try t.films(6) + [CatalogueFilm(path: try t.write("films/bad.wav", "BAD file"))]
        let store = t.path("s.sqlite")
        let first = try t.run(films, store: store, analyzer: StandInAnalyzer())
        XCTAssertEqual([first.analysed, first.failed, first.unchanged], [6, 1, 0])
        let before = try t.exported(store), beforeTimes = try recordedTimes(store)
        let analyzer = StandInAnalyzer()
        let second = try t.run(films, store: store, analyzer: analyzer)
        XCTAssertEqual([second.analysed, second.unchanged, second.failed, second.failedBefore], [0, 6, 1, 1])
        XCTAssertEqual(analyzer.counted, [])
        XCTAssertEqual(try t.exported(store), before)
        XCTAssertEqual(try recordedTimes(store), beforeTimes, "no row was written again")
    }

    func testChangedBytesAreAnalysedAgainTouchedFilesAreNot() throws {
        let t = try TestCatalogue()
        let films = try t.films(4)
        let store = t.path("s.sqlite")
        try t.run(films, store: store, analyzer: StandInAnalyzer())
        // Same bytes, new modification time: hashed again, not analysed; the new time is recorded.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: films[0].path)
        // New bytes: analysed again.
        try t.write("films/film01.wav", "a new cut of film 1")
        let analyzer = StandInAnalyzer()
        let summary = try t.run(films, store: store, analyzer: analyzer)
        XCTAssertEqual(analyzer.counted, [films[1].path])
        XCTAssertEqual([summary.analysed, summary.unchanged], [1, 3])
        let again = StandInAnalyzer()
        XCTAssertEqual(try t.run(films, store: store, analyzer: again).unchanged, 4)
        XCTAssertEqual(again.counted, [], "the touched file's new fingerprint was recorded")
    }

    func testOtherConfigurationOrForceAnalysesAgain() throws {
        let t = try TestCatalogue()
        let films = try t.films(3)
        let store = t.path("s.sqlite")
        try t.run(films, store: store, analyzer: StandInAnalyzer())
        var other = TestCatalogue.configuration
        other.minimumSpeech = 5
        let a = StandInAnalyzer()
        XCTAssertEqual(try t.run(films, store: store, analyzer: a, configuration: other).analysed, 3)
        var retrained = TestCatalogue.configuration
        retrained.models.sex = ContentHash.of(bytes: Array("retrained".utf8))
        let b = StandInAnalyzer()
        XCTAssertEqual(try t.run(films, store: store, analyzer: b, configuration: retrained).analysed, 3)
        let c = StandInAnalyzer()
        XCTAssertEqual(try t.run(films, store: store, analyzer: c, configuration: retrained, options: .init(force: true)).analysed, 3)
        XCTAssertEqual(c.counted.count, 3)
    }

    func testFailuresAreRecordedAndKeptOrRetried() throws {
        let t = try TestCatalogue()
        let bad = try t.write("films/bad.wav", "BAD bytes")
        let missing = t.path("films/missing.wav")
        let films = try t.films(2) + [CatalogueFilm(path: bad), CatalogueFilm(path: missing)]
        let store = t.path("s.sqlite")
        var reported: [String] = []
        let results = try ResultsStore(path: store)
        let summary = try CatalogueRun(store: results, films: films, configuration: TestCatalogue.configuration) { StandInAnalyzer() }
            .run(failure: { reported.append($0.message) })
        try results.close()
        XCTAssertEqual([summary.analysed, summary.failed], [2, 2])
        XCTAssertEqual(reported.sorted(), ["\(bad): not a readable audio file (stand-in)", "\(missing): no such file"])
        let exported = try t.exported(store)
        XCTAssertTrue(exported.contains("\(bad),bad,,failed,\(bad): not a readable audio file (stand-in),"), exported)
        XCTAssertTrue(exported.contains("\(missing),missing,,failed,\(missing): no such file,"), exported)
        // Same damaged bytes: kept as failed without trying; the missing file is looked for again, still missing.
        let analyzer = StandInAnalyzer()
        let again = try t.run(films, store: store, analyzer: analyzer)
        XCTAssertEqual([again.failed, again.failedBefore], [2, 2])
        XCTAssertEqual(try t.exported(store), exported)
        // The missing file appears and the damaged one is repaired: both done.
        try t.write("films/missing.wav", "found it")
        try t.write("films/bad.wav", "repaired")
        let repaired = try t.run(films, store: store, analyzer: StandInAnalyzer())
        XCTAssertEqual([repaired.analysed, repaired.failed], [2, 0])
        // --retry-failed tries a failure on the same bytes again.
        try t.write("films/bad.wav", "BAD again")
        try t.run(films, store: store, analyzer: StandInAnalyzer())
        let retry = try t.run(films, store: store, analyzer: StandInAnalyzer(), options: .init(retryFailed: true))
        XCTAssertEqual([retry.failed, retry.failedBefore], [1, 1], "tried again, failed the same way, nothing rewritten")
    }

    func testPipeInAManifestIsAFailureNotAHang() throws {
        // Hashing a pipe nobody writes to (or /dev/zero) would never end: it is refused from its stat alone.
        let t = try TestCatalogue()
        let fifo = t.path("films/fifo.wav")
        try FileManager.default.createDirectory(atPath: t.path("films"), withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let films = try t.films(1) + [CatalogueFilm(path: fifo)]
        var reported: [String] = []
        let results = try ResultsStore(path: t.path("s.sqlite"))
        let summary = try CatalogueRun(store: results, films: films, configuration: TestCatalogue.configuration) { StandInAnalyzer() }
            .run(failure: { reported.append($0.message) })
        try results.close()
        XCTAssertEqual([summary.analysed, summary.failed], [1, 1])
        XCTAssertEqual(reported, ["\(fifo): a pipe or device, not a regular file"])
    }

    func testJobsDoNotChangeTheStore() throws {
        let t = try TestCatalogue()
        let films = try t.films(12) + [CatalogueFilm(path: try t.write("films/bad.wav", "BAD")), CatalogueFilm(path: t.path("gone.wav"))]
        var exports: [String] = []
        for jobs in [1, 3, 8] {
            let store = t.path("jobs\(jobs).sqlite")
            let summary = try t.run(films.shuffled(), store: store, analyzer: StandInAnalyzer(delay: 0.01),
                                    options: .init(jobs: jobs, threads: 2))
            XCTAssertEqual([summary.analysed, summary.failed], [12, 2])
            exports.append(try t.exported(store))
            // Row keys come from the paths, not from the order films finished in.
            let queue = try DatabaseQueue(path: store)
            let keys = try queue.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM films ORDER BY path") }
            XCTAssertEqual(keys, films.map(\.path).sorted(by: CatalogueFilm.pathOrder).map(CatalogueFilm.key))
            try queue.close()
        }
        XCTAssertEqual(exports[1], exports[0])
        XCTAssertEqual(exports[2], exports[0])
    }

    func testMovedFileReusesTheStoredResult() throws {
        let t = try TestCatalogue()
        let films = try t.films(3)
        let store = t.path("s.sqlite")
        try t.run(films, store: store, analyzer: StandInAnalyzer())
        let moved = t.path("archive/film00-final.wav")
        try FileManager.default.createDirectory(atPath: t.path("archive"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: films[0].path, toPath: moved)
        let analyzer = StandInAnalyzer()
        let summary = try t.run([CatalogueFilm(path: moved, filmID: "final")], store: store, analyzer: analyzer)
        XCTAssertEqual([summary.reused, summary.analysed], [1, 0])
        XCTAssertEqual(analyzer.counted, [])
        // The copy is exactly what analysing the file gives.
        let fresh = t.path("fresh.sqlite")
        try t.run([CatalogueFilm(path: moved, filmID: "final")], store: fresh, analyzer: StandInAnalyzer())
        func rows(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(moved) } }
        XCTAssertEqual(rows(try t.exported(store)), rows(try t.exported(fresh)))
        XCTAssertGreaterThanOrEqual(rows(try t.exported(fresh)).count, 3, "the film row, its speakers and turns")
    }

    func testChangedIdentifiersAreUpdatedWithoutAnalysis() throws {
        let t = try TestCatalogue()
        let films = try t.films(2)
        let store = t.path("s.sqlite")
        try t.run(films, store: store, analyzer: StandInAnalyzer())
        let renamed = [CatalogueFilm(path: films[0].path, filmID: "Casablanca", imdbID: "tt0034583"), films[1]]
        let analyzer = StandInAnalyzer()
        XCTAssertEqual(try t.run(renamed, store: store, analyzer: analyzer).unchanged, 2)
        XCTAssertEqual(analyzer.counted, [])
        XCTAssertTrue(try t.exported(store).contains("\(films[0].path),Casablanca,tt0034583,done,"))
    }

    func testStoredResultIsExactlyTheAnalyzersResult() throws {
        let t = try TestCatalogue()
        let films = try t.films(5)
        let store = t.path("s.sqlite")
        try t.run(films, store: store, analyzer: StandInAnalyzer())
        let results = try ResultsStore(path: store, create: false)
        defer { try? results.close() }
        for film in films {
            var timings = SpeakerCounter.Timings()
            XCTAssertEqual(try results.result(path: film.path), try StandInAnalyzer().count(path: film.path, threads: 1, timings: &timings))
        }
        XCTAssertNil(try results.result(path: t.path("films/none.wav")))
    }

    /// `recorded_at` of every film, by path.
    func recordedTimes(_ store: String) throws -> [String] {
        let queue = try DatabaseQueue(path: store)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: "SELECT path || ' ' || recorded_at FROM films ORDER BY path") }
    }
}
