import CatalogueKit
import DSPKit
import Foundation
import GRDB
import XCTest

/// The store's schema is versioned: a store of an older version is upgraded in place with its data, a store of a
/// newer version or a database that is not a store is refused with a one-line error naming the file.
final class ResultsStoreSchemaTests: XCTestCase {
    func testStoreOfTheFirstSchemaIsMigratedWithItsData() throws {
        let t = try TestCatalogue()
        let path = t.path("old.sqlite")
        let film = CatalogueFilm(path: "/films/old.wav", filmID: "old", imdbID: "tt42")
        // A store as the first schema version wrote it.
        do {
            let queue = try DatabaseQueue(path: path)
            try ResultsStoreSchema.migrator.migrate(queue, upTo: ResultsStoreSchema.versions[0])
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO films (id, path, film_id, imdb_id, status, content_hash, size, modified_ns, duration,
                        tool_version, sex_model, segmentation_model, embedding_model, min_speech, count_f, count_m,
                        uncounted_f, uncounted_m, speaking_time_f, speaking_time_m, recorded_at)
                    VALUES (?, ?, 'old', 'tt42', 'done', ?, 10, 20, 60.5, 'test', 's', 'g', 'e', 3, 1, 0, 0, 0, 12.5, 0,
                            '2026-01-01T00:00:00.000Z')
                    """, arguments: [film.key, film.path, String(repeating: "ab", count: 16)])
                try db.execute(sql: "INSERT INTO speakers VALUES (?, 0, 'F1', 'F', 1, 0.9, 12.5, 1.0, 13.5)", arguments: [film.key])
                try db.execute(sql: "INSERT INTO turns VALUES (?, 0, 1.0, 13.5, 'F1')", arguments: [film.key])
            }
            try queue.close()
        }
        let store = try ResultsStore(path: path)
        XCTAssertEqual(try store.appliedMigrations(), ResultsStoreSchema.versions)
        let stored = try XCTUnwrap(try store.storedFilm(key: film.key))
        XCTAssertEqual(stored.path, film.path)
        XCTAssertEqual(stored.imdbID, "tt42")
        XCTAssertEqual(stored.status, .done)
        XCTAssertEqual(stored.fingerprint, FileFingerprint(size: 10, modified: 20))
        // The new index serves lookups of done films by content.
        let configuration = AnalysisConfiguration(
            models: ModelIdentity(toolVersion: "test", sex: ContentHash(hex: String(repeating: "0", count: 32))!,
                                  segmentation: ContentHash(hex: String(repeating: "0", count: 32))!,
                                  embedding: ContentHash(hex: String(repeating: "0", count: 32))!))
        XCTAssertNil(try store.doneFilm(contentHash: ContentHash(hex: String(repeating: "ab", count: 16))!, configuration: configuration))
        try store.close()
        let queue = try DatabaseQueue(path: path)
        let indexes = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'") }
        XCTAssertTrue(indexes.contains("films_by_content"))
        try queue.close()
        let exported = try t.exported(path)
        XCTAssertTrue(exported.contains("/films/old.wav,old,tt42,done,,60.500,1,0,12.500,0.000,12.500,0,0,"), exported)
        XCTAssertTrue(exported.contains("/films/old.wav,old,0,F1,F,true,0.9000,12.500,1.000,13.500"), exported)
    }

    func testStoreOfANewerSchemaIsRefused() throws {
        let t = try TestCatalogue()
        let path = t.path("new.sqlite")
        try ResultsStore(path: path).close()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        try queue.close()
        XCTAssertThrowsError(try ResultsStore(path: path)) { error in
            XCTAssertEqual((error as? CatalogueError)?.isInputError, true)
            XCTAssertEqual("\(error)", "\(path): written by a newer bechdelcli (its schema has migrations this version does not know)")
        }
    }

    func testOtherFilesAreRefusedUntouched() throws {
        let t = try TestCatalogue()
        let text = try t.write("notes.sqlite", "these are not the droids")
        XCTAssertThrowsError(try ResultsStore(path: text)) { error in
            XCTAssertEqual("\(error)", "\(text): not a results store (not an SQLite database)")
        }
        XCTAssertEqual(try String(contentsOfFile: text, encoding: .utf8), "these are not the droids")
        let other = t.path("other.sqlite")
        let queue = try DatabaseQueue(path: other)
        try queue.write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER)") }
        try queue.close()
        XCTAssertThrowsError(try ResultsStore(path: other)) { error in
            XCTAssertEqual("\(error)", "\(other): an SQLite database that is not a bechdelcli results store")
        }
        XCTAssertThrowsError(try ResultsStore(path: t.path("absent.sqlite"), create: false)) { error in
            XCTAssertEqual("\(error)", "\(t.path("absent.sqlite")): no such results store")
        }
        XCTAssertThrowsError(try ResultsStore(path: t.root.path)) { error in
            XCTAssertTrue("\(error)".hasSuffix("is a folder, not a results store"))
        }
        // SQLite would take a device for a database and lose every result written to it (/dev/null), or fail
        // with "disk I/O error" (/dev/zero).
        for create in [true, false] {
            XCTAssertThrowsError(try ResultsStore(path: "/dev/zero", create: create)) { error in
                XCTAssertEqual("\(error)", "/dev/zero: is a device, pipe or socket, not a results store")
            }
        }
        // An empty file becomes a store when writing, and is no store to read.
        let empty = t.path("empty.sqlite")
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        XCTAssertThrowsError(try ResultsStore(path: empty, create: false)) { error in
            XCTAssertEqual("\(error)", "\(empty): an empty file, not a results store")
        }
        try ResultsStore(path: empty).close()
        XCTAssertEqual(try ResultsStore(path: empty, create: false).appliedMigrations().isEmpty, false)
        // A symbolic link loop is named as such.
        let loop = t.path("loop.sqlite")
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        XCTAssertThrowsError(try ResultsStore(path: loop)) { error in
            XCTAssertTrue("\(error)".lowercased().contains("symbolic links"), "\(error)")
        }
    }

    func testOneProcessAtATime() throws {
        let t = try TestCatalogue()
        let path = t.path("busy.sqlite")
        let first = try ResultsStore(path: path)
        XCTAssertThrowsError(try ResultsStore(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path): in use by another bechdelcli process (a store is used by one process at a time)")
        }
        try first.close()
        try ResultsStore(path: path).close()
        // Closed cleanly, the store is one file (no WAL left beside it).
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-shm"))
    }
}
