import BoundedFiles
import DSPKit
import Foundation
import GRDB

/// The SQLite database a catalogue run writes its results to: one row per film (`films`), its speakers
/// (`speakers`) and its speech turns (`turns`); docs/RESULTS_STORE.md documents the schema.
///
/// Why these settings:
/// - every film is written in one transaction, so a film is either fully recorded or absent, whenever the
///   process is killed;
/// - WAL journal with `synchronous = NORMAL`: a commit costs no fsync of the database, and a killed process
///   loses nothing committed (a power cut may lose the last films, never corrupt the file);
/// - `locking_mode = EXCLUSIVE`: one process uses a store at a time (a second one is refused at once, so two
///   tasks given the same store cannot interleave), and SQLite needs no shared-memory file, so stores work on
///   network filesystems (NFS, Lustre) as cluster jobs need;
/// - the schema is versioned by GRDB migrations (`ResultsStoreSchema`): an older store is upgraded when opened,
///   a newer one refused.
public final class ResultsStore {
    /// The database file, as given.
    public let path: String
    let queue: DatabaseQueue

    /// Opens the store at `path`, creating it when `create` is true and it does not exist, and upgrades its schema.
    /// Throws `CatalogueError`: input errors for a missing store (when not creating), a file that is not a
    /// results store, a store of a newer bechdelcli, or one in use by another process.
    public init(path: String, create: Bool = true) throws {
        self.path = path
        try ResultsStore.checkFile(path, create: create)
        var configuration = Configuration()
        configuration.label = "results store"
        configuration.busyMode = .immediateError
        configuration.prepareDatabase { db in
            // Before the first access, so that WAL runs without a shared-memory file.
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let migrator = ResultsStoreSchema.migrator
            try queue.writeWithoutTransaction { db in
                // Take the write lock now and keep it (exclusive locking mode) until the store is closed.
                try db.inTransaction(.immediate) { .commit }
                try ResultsStore.checkIdentity(db, path: path)
                if try migrator.hasBeenSuperseded(db) {
                    throw CatalogueError.input(path, "written by a newer bechdelcli (its schema has migrations this version does not know)")
                }
            }
            try migrator.migrate(queue)
        } catch let error as CatalogueError {
            throw error
        } catch {
            throw ResultsStore.describe(error, path: path)
        }
    }

    /// Closes the database (checkpointing the WAL into the main file, which then stands alone).
    public func close() throws {
        do { try queue.close() } catch { throw ResultsStore.describe(error, path: path) }
    }

    /// The schema migrations applied to this store, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read { db in try ResultsStoreSchema.migrator.appliedMigrations(db) }
    }

    // MARK: - Reading

    /// Every film of the store by key.
    public func storedFilms() throws -> [Int64: StoredFilm] {
        try read { db in
            var films: [Int64: StoredFilm] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, path, film_id, imdb_id, status, error, content_hash, size, modified_ns,
                       tool_version, sex_model, segmentation_model, embedding_model, min_speech
                FROM films
                """)
            while let row = try rows.next() {
                let film = try ResultsStore.storedFilm(row)
                films[film.key] = film
            }
            return films
        }
    }

    /// The stored film with this key, if any.
    public func storedFilm(key: Int64) throws -> StoredFilm? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, path, film_id, imdb_id, status, error, content_hash, size, modified_ns,
                       tool_version, sex_model, segmentation_model, embedding_model, min_speech
                FROM films WHERE id = ?
                """, arguments: [key]).map { try ResultsStore.storedFilm($0) }
        }
    }

    /// The stored result of the done film at `path` (absolute, as recorded), exactly as `SpeakerCounter` gave it;
    /// nil when the film is absent or failed.
    public func result(path: String) throws -> CountResult? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, duration FROM films WHERE path = ? AND status = 'done'",
                                              arguments: [path]) else { return nil }
            let key: Int64 = try row.decode(atIndex: 0), duration: Double = try row.decode(atIndex: 1)
            var speakers: [CountResult.Speaker] = [], uncounted: [CountResult.Speaker] = []
            for s in try Row.fetchAll(db, sql: """
                SELECT label, sex, counted, confidence, speaking_time, first_appearance, last_appearance
                FROM speakers WHERE film = ? ORDER BY number
                """, arguments: [key]) {
                let code: String = try s.decode(atIndex: 1)
                guard let sex = Sex(code: code) else {
                    throw CatalogueError.input(self.path, "damaged results store: a speaker of \(path) has sex '\(code)'")
                }
                let speaker = CountResult.Speaker(label: try s.decode(atIndex: 0), sex: sex, confidence: try s.decode(atIndex: 3),
                                                  speakingTime: try s.decode(atIndex: 4), firstAppearance: try s.decode(atIndex: 5),
                                                  lastAppearance: try s.decode(atIndex: 6))
                if (try s.decode(Int.self, atIndex: 2)) != 0 { speakers.append(speaker) } else { uncounted.append(speaker) }
            }
            let turns = try Row.fetchAll(db, sql: "SELECT start, end, speaker FROM turns WHERE film = ? ORDER BY number",
                                         arguments: [key]).map {
                CountResult.Turn(start: try $0.decode(atIndex: 0), end: try $0.decode(atIndex: 1), speaker: try $0.decode(atIndex: 2))
            }
            return CountResult(speakers: speakers, uncounted: uncounted, turns: turns, duration: duration)
        }
    }

    /// The distinct configurations of the store's films.
    public func configurations() throws -> [StoredConfiguration] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT tool_version, sex_model, segmentation_model, embedding_model, min_speech FROM films
                ORDER BY tool_version, sex_model, segmentation_model, embedding_model, min_speech
                """).map {
                StoredConfiguration(toolVersion: try $0.decode(atIndex: 0), sexModel: try $0.decode(atIndex: 1),
                                    segmentationModel: try $0.decode(atIndex: 2), embeddingModel: try $0.decode(atIndex: 3),
                                    minimumSpeech: try $0.decode(atIndex: 4))
            }
        }
    }

    /// Number of films by status.
    public func statusCounts() throws -> [FilmStatus: Int] {
        try read { db in
            var counts: [FilmStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM films GROUP BY status") {
                if let status = FilmStatus(rawValue: try row.decode(String.self, atIndex: 0)) {
                    counts[status] = try row.decode(Int.self, atIndex: 1)
                }
            }
            return counts
        }
    }

    /// The key of a done film with these bytes and this configuration (the first by path), if any.
    public func doneFilm(contentHash: ContentHash, configuration: AnalysisConfiguration) throws -> Int64? {
        let c = StoredConfiguration(configuration)
        return try read { db in
            try Int64.fetchOne(db, sql: """
                SELECT id FROM films
                WHERE content_hash = ? AND status = 'done' AND tool_version = ? AND sex_model = ?
                  AND segmentation_model = ? AND embedding_model = ? AND min_speech = ?
                ORDER BY path LIMIT 1
                """, arguments: [contentHash.hex, c.toolVersion, c.sexModel, c.segmentationModel, c.embeddingModel,
                                 c.minimumSpeech])
        }
    }

    // MARK: - Writing (one transaction each)

    /// Records one film, replacing what the store held for its path: the film row, its speakers and its turns are
    /// written in one transaction.
    public func record(_ record: FilmRecord) throws {
        let key = record.film.key
        let c = StoredConfiguration(record.configuration)
        try write { db in
            try ResultsStore.removeFilm(db, key: key, path: record.film.path)
            let r = record.result, t = record.timings
            let duration = r?.duration ?? record.info?.duration
            let values: [DatabaseValueConvertible?] = [
                key, record.film.path, record.film.filmID, record.film.imdbID, record.status.rawValue,
                record.failure?.message, record.contentHash?.hex, record.fingerprint?.size, record.fingerprint?.modified,
                duration, record.info?.format, record.info?.subtype, record.info?.sampleRate, record.info?.channels,
                c.toolVersion, c.sexModel, c.segmentationModel, c.embeddingModel, c.minimumSpeech,
                r?.count(.female), r?.count(.male),
                r.map { $0.uncounted.filter { $0.sex == .female }.count }, r.map { $0.uncounted.filter { $0.sex == .male }.count },
                r?.speakingTime(.female), r?.speakingTime(.male),
                record.hashSeconds, t?.features, t?.speech, t?.segmentation, t?.embedding, t?.clustering, t?.sex, t?.total,
                ResultsStore.timestamp(record.recordedAt),
            ]
            try db.execute(sql: "INSERT INTO films (\(ResultsStore.filmColumns.joined(separator: ", "))) VALUES ("
                           + Array(repeating: "?", count: ResultsStore.filmColumns.count).joined(separator: ", ") + ")",
                           arguments: StatementArguments(values))
            guard let r else { return }
            let speaker = try db.cachedStatement(sql: """
                INSERT INTO speakers (film, number, label, sex, counted, confidence, speaking_time, first_appearance,
                                      last_appearance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (number, (s, counted)) in r.everySpeaker.enumerated() {
                try speaker.execute(arguments: [key, number, s.label, s.sex.rawValue, counted ? 1 : 0, s.confidence,
                                                s.speakingTime, s.firstAppearance, s.lastAppearance])
            }
            let turn = try db.cachedStatement(sql: "INSERT INTO turns (film, number, start, end, speaker) VALUES (?, ?, ?, ?, ?)")
            for (number, t) in r.turns.enumerated() {
                try turn.execute(arguments: [key, number, t.start, t.end, t.speaker])
            }
        }
    }

    /// Records `film` with the result stored for the done film `source` (a file with the same bytes and
    /// configuration at another path), in one transaction; no analysis timings (nothing was analysed).
    public func copyResult(from source: Int64, to film: CatalogueFilm, fingerprint: FileFingerprint?,
                           hashSeconds: Double?, recordedAt: Date = Date()) throws {
        let key = film.key
        try write { db in
            try ResultsStore.removeFilm(db, key: key, path: film.path)
            var columns = ResultsStore.filmColumns
            let replaced: [String: String] = [
                "id": "?", "path": "?", "film_id": "?", "imdb_id": "?", "size": "?", "modified_ns": "?",
                "hash_seconds": "?", "recorded_at": "?",
                "features_seconds": "NULL", "speech_seconds": "NULL", "segmentation_seconds": "NULL",
                "embedding_seconds": "NULL", "clustering_seconds": "NULL", "sex_seconds": "NULL", "analysis_seconds": "NULL",
            ]
            columns = columns.map { replaced[$0] ?? $0 }
            try db.execute(sql: "INSERT INTO films (\(ResultsStore.filmColumns.joined(separator: ", "))) SELECT "
                           + columns.joined(separator: ", ") + " FROM films WHERE id = ?",
                           arguments: [key, film.path, film.filmID, film.imdbID, fingerprint?.size, fingerprint?.modified,
                                       hashSeconds, ResultsStore.timestamp(recordedAt), source])
            guard db.changesCount == 1 else {
                throw CatalogueError.runtime(self.path, "film \(source) to copy from is not in the store")
            }
            try db.execute(sql: """
                INSERT INTO speakers (film, number, label, sex, counted, confidence, speaking_time, first_appearance, last_appearance)
                SELECT ?, number, label, sex, counted, confidence, speaking_time, first_appearance, last_appearance
                FROM speakers WHERE film = ?
                """, arguments: [key, source])
            try db.execute(sql: "INSERT INTO turns (film, number, start, end, speaker) SELECT ?, number, start, end, speaker FROM turns WHERE film = ?",
                           arguments: [key, source])
        }
    }

    /// Updates what may change without changing a film's result: its identifiers and the fingerprint of its file.
    public func updateFacts(of film: CatalogueFilm, fingerprint: FileFingerprint?) throws {
        try write { db in
            try db.execute(sql: "UPDATE films SET film_id = ?, imdb_id = ?, size = ?, modified_ns = ? WHERE id = ? AND path = ?",
                           arguments: [film.filmID, film.imdbID, fingerprint?.size, fingerprint?.modified, film.key, film.path])
        }
    }

    // MARK: - Helpers

    /// Columns of `films` in table order.
    static let filmColumns = [
        "id", "path", "film_id", "imdb_id", "status", "error", "content_hash", "size", "modified_ns",
        "duration", "format", "subtype", "sample_rate", "channels",
        "tool_version", "sex_model", "segmentation_model", "embedding_model", "min_speech",
        "count_f", "count_m", "uncounted_f", "uncounted_m", "speaking_time_f", "speaking_time_m",
        "hash_seconds", "features_seconds", "speech_seconds", "segmentation_seconds", "embedding_seconds",
        "clustering_seconds", "sex_seconds", "analysis_seconds", "recorded_at",
    ]

    /// Deletes the film stored under `key` (its speakers and turns go with it), after checking that the key is
    /// not another path's (63-bit keys: a collision is about 1 in 10^7 for a million films, but never silent).
    static func removeFilm(_ db: Database, key: Int64, path: String) throws {
        if let other = try String.fetchOne(db, sql: "SELECT path FROM films WHERE id = ?", arguments: [key]), other != path {
            throw CatalogueError.runtime(path, "its store key collides with that of \(other); store the two in separate stores")
        }
        try db.execute(sql: "DELETE FROM films WHERE id = ?", arguments: [key])
    }

    /// A film row (columns as in `storedFilms`); values of the wrong type (a damaged store) throw.
    static func storedFilm(_ row: Row) throws -> StoredFilm {
        let size: Int64? = try row.decode(atIndex: 7), modified: Int64? = try row.decode(atIndex: 8)
        return StoredFilm(key: try row.decode(atIndex: 0), path: try row.decode(atIndex: 1), filmID: try row.decode(atIndex: 2),
                          imdbID: try row.decode(atIndex: 3),
                          status: FilmStatus(rawValue: try row.decode(String.self, atIndex: 4)) ?? .failed,
                          error: try row.decode(atIndex: 5), contentHash: try row.decode(atIndex: 6),
                          fingerprint: size.flatMap { s in modified.map { FileFingerprint(size: s, modified: $0) } },
                          configuration: StoredConfiguration(toolVersion: try row.decode(atIndex: 9), sexModel: try row.decode(atIndex: 10),
                                                             segmentationModel: try row.decode(atIndex: 11),
                                                             embeddingModel: try row.decode(atIndex: 12),
                                                             minimumSpeech: try row.decode(atIndex: 13)))
    }

    /// UTC time as ISO 8601 with milliseconds (`2026-05-01T12:00:00.000Z`): sorts as text.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var t = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        let millis = Int(((seconds - seconds.rounded(.down)) * 1000).rounded(.down))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    /// Refuses, before SQLite sees it, what cannot be a store: a folder, a device, pipe or socket (SQLite would
    /// "write" results to /dev/null and lose them), an unreachable path, a missing store when reading, and an
    /// empty file when reading (unless a write-ahead log holds what a killed run wrote).
    static func checkFile(_ path: String, create: Bool) throws {
        switch FileKind.of(path) {
        case .regular(let size, _):
            if !create && size == 0 && !FileManager.default.fileExists(atPath: path + "-wal") {
                throw CatalogueError.input(path, "an empty file, not a results store")
            }
        case .directory: throw CatalogueError.input(path, "is a folder, not a results store")
        case .pipe, .device: throw CatalogueError.input(path, "is a device, pipe or socket, not a results store")
        case .missing: if !create { throw CatalogueError.input(path, "no such results store") }
        case .unreachable(let words): throw CatalogueError.input(path, "cannot be read (\(words))")
        }
    }

    /// Refuses databases that are not results stores (another application's, or not SQLite at all).
    static func checkIdentity(_ db: Database, path: String) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if applicationID == ResultsStoreSchema.applicationID { return }
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if applicationID != 0 || !tables.isEmpty {
            throw CatalogueError.input(path, "an SQLite database that is not a bechdelcli results store")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch let error as CatalogueError { throw error } catch {
            throw ResultsStore.describe(error, path: path)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.write(body) } catch let error as CatalogueError { throw error } catch {
            throw ResultsStore.describe(error, path: path)
        }
    }

    /// A database error as one line naming the store: input errors for what the user can fix by choosing another
    /// file, runtime errors for failures while writing.
    static func describe(_ error: Error, path: String) -> CatalogueError {
        if error is RowDecodingError {
            return CatalogueError.input(path, "damaged results store (a value of the wrong type: \(FilmFailure.oneLine("\(error)")))")
        }
        guard let error = error as? DatabaseError else { return CatalogueError.runtime(path, FilmFailure.oneLine("\(error)")) }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return CatalogueError.input(path, "in use by another bechdelcli process (a store is used by one process at a time)")
        case .SQLITE_NOTADB:
            return CatalogueError.input(path, "not a results store (not an SQLite database)")
        case .SQLITE_CORRUPT:
            return CatalogueError.input(path, "damaged results store (SQLite reports corruption)")
        case .SQLITE_CANTOPEN:
            return CatalogueError.input(path, "cannot open or create the results store (missing folder or no permission)")
        case .SQLITE_READONLY:
            return CatalogueError.input(path, "the results store is read-only")
        case .SQLITE_FULL:
            return CatalogueError.runtime(path, "disk full while writing the results store")
        default:
            return CatalogueError.runtime(path, FilmFailure.oneLine(error.message ?? "\(error)"))
        }
    }
}
