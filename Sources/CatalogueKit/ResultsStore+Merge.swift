import Foundation
import GRDB

/// Combining stores (`bechdelcli merge`): the shard stores of a cluster run into one, or any overlapping stores.
extension ResultsStore {
    /// Merges the stores at `sources` into this one, one source per transaction (a killed merge can simply be run
    /// again). A film (path) present in several stores is kept once: a done copy over a failed one, else the most
    /// recently recorded; a copy that is not preferred leaves the store unchanged. Sources are opened first
    /// (which upgrades an older schema in place) and must all hold films of one configuration, the same as this
    /// store's, unless `allowMixedConfigurations`. Throws `CatalogueError`.
    public func merge(sources: [String], allowMixedConfigurations: Bool = false) throws -> MergeSummary {
        let me = ResultsStore.identity(of: path)
        var seen = Set<[UInt64]>()
        var configurations: [(store: String, configuration: StoredConfiguration)] = try configurations().map { (path, $0) }
        for source in sources {
            let id = ResultsStore.identity(of: source)
            if let id, id == me {
                throw CatalogueError.input(source, "is the output store itself")
            }
            if let id, !seen.insert(id).inserted { throw CatalogueError.input(source, "given twice") }
            let store = try ResultsStore(path: source, create: false)
            configurations += try store.configurations().map { (source, $0) }
            try store.close()
        }
        if !allowMixedConfigurations, let first = configurations.first,
           let other = configurations.first(where: { $0.configuration != first.configuration }) {
            throw CatalogueError.input(other.store, "made with other models or options than \(first.store) "
                                       + "(\(other.configuration) against \(first.configuration)); "
                                       + "--allow-mixed-models merges them anyway")
        }

        var summary = MergeSummary()
        summary.stores = sources.count
        let columns = ResultsStore.filmColumns.joined(separator: ", ")
        let speakerColumns = "film, number, label, sex, counted, confidence, speaking_time, first_appearance, last_appearance"
        let turnColumns = "film, number, start, end, speaker"
        for source in sources {
            do {
                try queue.writeWithoutTransaction { db in
                    try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [source])
                    defer { try? db.execute(sql: "DETACH DATABASE source") }
                    try db.inTransaction(.immediate) {
                        if let row = try Row.fetchOne(db, sql: """
                            SELECT s.path, m.path FROM source.films s JOIN main.films m ON m.id = s.id
                            WHERE m.path <> s.path LIMIT 1
                            """) {
                            let a: String = try row.decode(atIndex: 0), b: String = try row.decode(atIndex: 1)
                            throw CatalogueError.runtime(source, "the store keys of \(a) and \(b) collide; keep them in separate stores")
                        }
                        let counts = try Row.fetchOne(db, sql: """
                            SELECT COUNT(*), COUNT(m.id) FROM source.films s LEFT JOIN main.films m ON m.id = s.id
                            """)!
                        let total: Int = try counts.decode(atIndex: 0), present: Int = try counts.decode(atIndex: 1)
                        try db.execute(sql: "CREATE TEMP TABLE incoming (id INTEGER PRIMARY KEY)")
                        try db.execute(sql: """
                            INSERT INTO temp.incoming
                            SELECT s.id FROM source.films s LEFT JOIN main.films m ON m.id = s.id
                            WHERE m.id IS NULL OR (s.status = 'done', s.recorded_at) > (m.status = 'done', m.recorded_at)
                            """)
                        let taken = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.incoming")!
                        try db.execute(sql: "DELETE FROM main.films WHERE id IN (SELECT id FROM temp.incoming)")
                        try db.execute(sql: "INSERT INTO main.films (\(columns)) SELECT \(columns) FROM source.films WHERE id IN (SELECT id FROM temp.incoming)")
                        try db.execute(sql: "INSERT INTO main.speakers (\(speakerColumns)) SELECT \(speakerColumns) FROM source.speakers WHERE film IN (SELECT id FROM temp.incoming)")
                        try db.execute(sql: "INSERT INTO main.turns (\(turnColumns)) SELECT \(turnColumns) FROM source.turns WHERE film IN (SELECT id FROM temp.incoming)")
                        try db.execute(sql: "DROP TABLE temp.incoming")
                        summary.added += total - present
                        summary.replaced += taken - (total - present)
                        summary.duplicates += present
                        return .commit
                    }
                }
            } catch let error as CatalogueError {
                throw error
            } catch {
                throw ResultsStore.describe(error, path: source)
            }
        }
        let counts = try statusCounts()
        summary.done = counts[.done] ?? 0
        summary.failed = counts[.failed] ?? 0
        return summary
    }

    /// Device and inode of a file (nil when it does not exist), to recognise one store under two names.
    static func identity(of path: String) -> [UInt64]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return [UInt64(st.st_dev), UInt64(st.st_ino)]
    }
}
