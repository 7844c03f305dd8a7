import Foundation
import GRDB
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A temporary catalogue of real soundtracks for the `batch`, `merge` and `export` tests: copies of committed
/// fixtures (scenes, other speakers and formats, music without speech) and damaged files, in a folder tree.
final class CatalogueFolder {
    let root: URL
    /// The folder of films (`films/`).
    var films: String { root.appendingPathComponent("films").path }

    /// Fixture → name in the catalogue; the broken ones are recorded as failed.
    static let contents: [(fixture: String, name: String)] = [
        ("scenes/female_male.flac", "female_male.flac"),
        ("scenes/one_female.flac", "one_female.flac"),
        ("scenes/two_males.flac", "drama/two_males.flac"),
        ("single_speaker.flac", "drama/single_speaker.flac"),
        ("formats/speech_44k.mp3", "formats/speech_44k.mp3"),
        ("formats/speech_16k.ogg", "formats/speech_16k.ogg"),
        ("music_only.flac", "music_only.flac"),
        ("bad/truncated_data.wav", "broken/truncated_data.wav"),
        ("bad/text_named.wav", "broken/text_named.wav"),
    ]
    static let failedCount = 2

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-cli-\(UUID().uuidString)")
        for (fixture, name) in Self.contents {
            let target = root.appendingPathComponent("films").appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: CLIRunner.fixture(fixture), toPath: target.path)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Absolute paths of the catalogue's files, sorted.
    var filmPaths: [String] { Self.contents.map { films + "/" + $0.name }.sorted() }

    /// A manifest listing every film (relative paths), written beside the folder.
    func manifest() throws -> String {
        let path = self.path("manifest.csv")
        let rows = Self.contents.map { "films/\($0.name)" }
        try ("path\n" + rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The store's films, speakers and turns tables and RTTM, as `bechdelcli export` writes them, in one string.
    func exported(_ store: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let out = root.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let names = ["films.csv", "speakers.csv", "turns.csv", "all.rttm"]
        let r = try CLIRunner.run(["export", store, "--films", out.appendingPathComponent(names[0]).path,
                                   "--speakers", out.appendingPathComponent(names[1]).path,
                                   "--turns", out.appendingPathComponent(names[2]).path,
                                   "--rttm", out.appendingPathComponent(names[3]).path])
        XCTAssertEqual(r.exitCode, 0, r.stderr, file: file, line: line)
        return try names.map { "== \($0)\n" + (try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8)) }
            .joined()
    }

    /// `PRAGMA integrity_check` of a store, and its films by status.
    static func check(_ store: String) throws -> (integrity: String, done: Int, failed: Int) {
        let queue = try DatabaseQueue(path: store)
        defer { try? queue.close() }
        return try queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "",
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM films WHERE status = 'done'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM films WHERE status = 'failed'") ?? -1)
        }
    }

    /// Films whose rows are inconsistent: a done film whose speaker counts or turns do not match its speakers
    /// table, or speakers and turns without a film. Empty for a store that only ever saw whole transactions.
    static func partialFilms(_ store: String) throws -> [String] {
        let queue = try DatabaseQueue(path: store)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT f.path FROM films f WHERE f.status = 'done' AND (
                    f.count_f <> (SELECT COUNT(*) FROM speakers s WHERE s.film = f.id AND s.counted = 1 AND s.sex = 'F')
                 OR f.count_m <> (SELECT COUNT(*) FROM speakers s WHERE s.film = f.id AND s.counted = 1 AND s.sex = 'M')
                 OR (f.speaking_time_f + f.speaking_time_m > 0) <> EXISTS (SELECT 1 FROM turns t WHERE t.film = f.id))
                UNION ALL SELECT 'orphan speaker' FROM speakers WHERE film NOT IN (SELECT id FROM films)
                UNION ALL SELECT 'orphan turn' FROM turns WHERE film NOT IN (SELECT id FROM films)
                """)
        }
    }
}

/// A `bechdelcli` (or script) process running in the background, in its own process group (Foundation's
/// `Process` makes every child a group leader) so that it can be killed with everything it started, as a
/// scheduler or a node failure would.
final class BackgroundProcess {
    let process = Process()

    /// Starts `executable arguments` with `environment` added to the test's.
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// `bechdelcli arguments` in the background.
    static func bechdelcli(_ arguments: [String]) throws -> BackgroundProcess {
        try BackgroundProcess(CLIRunner.productsDirectory.appendingPathComponent("bechdelcli").path, arguments)
    }

    /// SIGKILL to the whole process group, then waits for the process.
    func kill() {
        let group = process.processIdentifier
        // Still running (an ended child has been reaped already): the whole group goes.
        if process.isRunning, getpgid(group) == group { _ = Glibc.kill(-group, SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits for the end; returns the exit status.
    @discardableResult
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }
}
