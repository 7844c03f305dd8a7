import CatalogueKit
import DSPKit
import Foundation
import GRDB
import XCTest

/// `merge` combines stores so that every film is present once, done copies win over failed ones, and stores
/// made with other models are refused unless asked for.
final class MergeTests: XCTestCase {
    func testOverlappingStoresKeepEveryFilmOnce() throws {
        let t = try TestCatalogue()
        let films = try t.films(5)
        let bad = try t.write("films/late.wav", "BAD for now")
        // a: films 0–2; b: films 2–4 (film 2 in both); c: "late" failed; d: "late" done (repaired later).
        try t.run(Array(films[0...2]), store: t.path("a.sqlite"), analyzer: StandInAnalyzer())
        try t.run(Array(films[2...4]), store: t.path("b.sqlite"), analyzer: StandInAnalyzer())
        try t.run([CatalogueFilm(path: bad)], store: t.path("c.sqlite"), analyzer: StandInAnalyzer())
        try t.write("films/late.wav", "repaired")
        try t.run([CatalogueFilm(path: bad)], store: t.path("d.sqlite"), analyzer: StandInAnalyzer())
        // The reference: one store made in one run.
        try t.run(films + [CatalogueFilm(path: bad)], store: t.path("one.sqlite"), analyzer: StandInAnalyzer())

        for order in [["a", "b", "c", "d"], ["d", "c", "b", "a"], ["b", "d", "a", "c"]] {
            let out = t.path("merged-\(order.joined()).sqlite")
            let store = try ResultsStore(path: out)
            let summary = try store.merge(sources: order.map { t.path("\($0).sqlite") })
            try store.close()
            XCTAssertEqual([summary.done, summary.failed, summary.duplicates], [6, 0, 2], "\(order)")
            XCTAssertEqual(try t.exported(out), try t.exported(t.path("one.sqlite")), "\(order)")
            // Merging the same stores again changes nothing.
            let again = try ResultsStore(path: out)
            let second = try again.merge(sources: order.map { t.path("\($0).sqlite") })
            try again.close()
            XCTAssertEqual([second.added, second.replaced], [0, 0])
            XCTAssertEqual(try t.exported(out), try t.exported(t.path("one.sqlite")))
        }
        let queue = try DatabaseQueue(path: t.path("merged-abcd.sqlite"))
        try queue.read { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "PRAGMA integrity_check"), "ok")
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM films"), 6)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT film, number FROM turns GROUP BY 1, 2 HAVING COUNT(*) > 1)"), 0)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM turns WHERE film NOT IN (SELECT id FROM films)"), 0)
        }
        try queue.close()
    }

    func testStoresOfOtherModelsAreRefusedUnlessAllowed() throws {
        let t = try TestCatalogue()
        let films = try t.films(2)
        var retrained = TestCatalogue.configuration
        retrained.models.sex = ContentHash.of(bytes: Array("retrained".utf8))
        try t.run([films[0]], store: t.path("a.sqlite"), analyzer: StandInAnalyzer())
        try t.run([films[1]], store: t.path("b.sqlite"), analyzer: StandInAnalyzer(), configuration: retrained)
        let out = try ResultsStore(path: t.path("out.sqlite"))
        XCTAssertThrowsError(try out.merge(sources: [t.path("a.sqlite"), t.path("b.sqlite")])) { error in
            XCTAssertEqual((error as? CatalogueError)?.path, t.path("b.sqlite"))
            XCTAssertTrue("\(error)".contains("made with other models or options than \(t.path("a.sqlite"))"), "\(error)")
            XCTAssertTrue("\(error)".contains("--allow-mixed-models"), "\(error)")
        }
        XCTAssertEqual(try out.statusCounts(), [:], "nothing merged")
        let summary = try out.merge(sources: [t.path("a.sqlite"), t.path("b.sqlite")], allowMixedConfigurations: true)
        XCTAssertEqual(summary.done, 2)
        XCTAssertEqual(try out.configurations().count, 2)
        try out.close()
    }

    func testMergingAStoreIntoItselfIsRefused() throws {
        let t = try TestCatalogue()
        try t.run(try t.films(1), store: t.path("a.sqlite"), analyzer: StandInAnalyzer())
        let out = try ResultsStore(path: t.path("a.sqlite"))
        defer { try? out.close() }
        XCTAssertThrowsError(try out.merge(sources: [t.path("./a.sqlite")])) { error in
            XCTAssertEqual("\(error)", "\(t.path("./a.sqlite")): is the output store itself")
        }
        XCTAssertThrowsError(try out.merge(sources: [t.path("missing.sqlite")])) { error in
            XCTAssertEqual("\(error)", "\(t.path("missing.sqlite")): no such results store")
        }
    }
}
