import DSPKit
import Foundation
import GRDB

/// Flat tables of a store for analysts (`bechdelcli export`): CSV that pandas, R or a spreadsheet read directly,
/// and RTTM for diarization tools. docs/RESULTS_STORE.md lists the columns.
///
/// Rows are sorted by path (byte order), then by speaker or turn number; seconds have 3 decimals (wall times and
/// confidences 4),
/// a missing value is an empty cell. The tables hold only what the films' results determine, so two stores with
/// the same results export byte-identical files whatever the jobs, threads, shards or interruptions that made
/// them; wall times and recording times are in the separate timings table.
extension ResultsStore {
    /// Columns of the films table.
    public static let filmsHeader = [
        "path", "film_id", "imdb_id", "status", "error", "duration", "F", "M", "speaking_time_F", "speaking_time_M",
        "speech", "uncounted_F", "uncounted_M", "format", "subtype", "sample_rate", "channels", "size", "content_hash",
        "min_speech", "tool_version", "sex_model", "segmentation_model", "embedding_model",
        "exchanges_FF", "exchanges_FM", "exchanges_MF", "exchanges_MM", "women_conversation", "women_conversations",
    ]
    /// Columns of the speakers table.
    public static let speakersHeader = [
        "path", "film_id", "number", "label", "sex", "counted", "confidence", "speaking_time", "first_appearance",
        "last_appearance",
    ]
    /// Columns of the turns table.
    public static let turnsHeader = ["path", "film_id", "number", "start", "end", "duration", "speaker", "sex"]
    /// Columns of the timings table.
    public static let timingsHeader = [
        "path", "film_id", "status", "recorded_at", "duration", "hash_seconds", "features_seconds", "speech_seconds",
        "segmentation_seconds", "embedding_seconds", "clustering_seconds", "sex_seconds", "analysis_seconds",
    ]

    /// One row per film. Returns the number of rows. The last six columns (floor passes by sex within 2 s,
    /// women-to-women conversation seconds and stretches: docs/CONVERSATION.md) are computed from the stored turns
    /// and speakers, exactly as `count --details` computes them.
    @discardableResult
    public func exportFilms(to output: String) throws -> Int {
        var conversations: [String: ConversationStatistics] = [:]
        for film in try storedFilms().values where film.status == .done {
            if let result = try result(path: film.path) { conversations[film.path] = result.conversation }
        }
        return try export(to: output, header: Self.filmsHeader, sql: """
            SELECT path, film_id, imdb_id, status, error, duration, count_f, count_m, speaking_time_f, speaking_time_m,
                   speaking_time_f + speaking_time_m, uncounted_f, uncounted_m, format, subtype, sample_rate, channels,
                   size, content_hash, min_speech, tool_version, sex_model, segmentation_model, embedding_model
            FROM films ORDER BY path
            """, formats: [.text, .text, .text, .text, .text, .seconds, .integer, .integer, .seconds, .seconds,
                           .seconds, .integer, .integer, .text, .text, .integer, .integer, .integer, .text,
                           .seconds, .text, .text, .text, .text]) { row in
            guard case .string(let path) = (row[0] as DatabaseValue).storage, let c = conversations[path] else {
                return ["", "", "", "", "", ""]
            }
            return [String(c.femaleToFemale), String(c.femaleToMale), String(c.maleToFemale), String(c.maleToMale),
                    String(format: "%.3f", c.womenConversationSeconds), String(c.womenConversations)]
        }
    }

    /// One row per speaker of the done films (counted ones first, by first appearance, then uncounted).
    @discardableResult
    public func exportSpeakers(to output: String) throws -> Int {
        try export(to: output, header: Self.speakersHeader, sql: """
            SELECT f.path, f.film_id, s.number, s.label, s.sex, s.counted, s.confidence, s.speaking_time,
                   s.first_appearance, s.last_appearance
            FROM speakers s JOIN films f ON f.id = s.film ORDER BY f.path, s.number
            """, formats: [.text, .text, .integer, .text, .text, .boolean, .confidence, .seconds, .seconds, .seconds])
    }

    /// One row per speech turn of the done films, in time order.
    @discardableResult
    public func exportTurns(to output: String) throws -> Int {
        try export(to: output, header: Self.turnsHeader, sql: """
            SELECT f.path, f.film_id, t.number, t.start, t.end, t.end - t.start, t.speaker, s.sex
            FROM turns t JOIN films f ON f.id = t.film
            LEFT JOIN speakers s ON s.film = t.film AND s.label = t.speaker
            ORDER BY f.path, t.number
            """, formats: [.text, .text, .integer, .seconds, .seconds, .seconds, .text, .text])
    }

    /// One row per film: when it was recorded and how long each step took (differs from run to run).
    @discardableResult
    public func exportTimings(to output: String) throws -> Int {
        try export(to: output, header: Self.timingsHeader, sql: """
            SELECT path, film_id, status, recorded_at, duration, hash_seconds, features_seconds, speech_seconds,
                   segmentation_seconds, embedding_seconds, clustering_seconds, sex_seconds, analysis_seconds
            FROM films ORDER BY path
            """, formats: [.text, .text, .text, .text, .seconds] + Array(repeating: .wallTime, count: 8))
    }

    /// The turns of every done film as RTTM (`SPEAKER <film_id> 1 <start> <duration> <NA> <NA> <label> <NA> <NA>`),
    /// films by path. Film ids must be unique among done films (RTTM has no other file name). Returns the lines.
    @discardableResult
    public func exportRTTM(to output: String) throws -> Int {
        let writer = try TableWriter(output: output)
        let lines: Int = try read { db in
            if let row = try Row.fetchOne(db, sql: """
                SELECT film_id, MIN(path), MAX(path) FROM films WHERE status = 'done'
                GROUP BY film_id HAVING COUNT(*) > 1 ORDER BY film_id LIMIT 1
                """) {
                let id: String = try row.decode(atIndex: 0), a: String = try row.decode(atIndex: 1), b: String = try row.decode(atIndex: 2)
                throw CatalogueError.input(path, "film_id '\(id)' names both \(a) and \(b); RTTM needs distinct film ids (give them in a manifest)")
            }
            var lines = 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT f.film_id, t.start, t.end, t.speaker FROM turns t JOIN films f ON f.id = t.film
                ORDER BY f.path, t.number
                """)
            while let row = try rows.next() {
                let start: Double = try row.decode(atIndex: 1), end: Double = try row.decode(atIndex: 2)
                try writer.append(RTTM.format(turns: [SpeechTurn(start: start, duration: end - start, speaker: try row.decode(atIndex: 3))],
                                              fileID: try row.decode(atIndex: 0)))
                lines += 1
            }
            return lines
        }
        try writer.finish()
        return lines
    }

    /// How a column's values are written.
    enum CellFormat { case text, integer, seconds, wallTime, confidence, boolean }

    /// Writes the rows of `sql` as CSV, each column in its format, followed by the cells `extra` computes from the row.
    func export(to output: String, header: [String], sql: String, formats: [CellFormat],
                extra: ((Row) -> [String])? = nil) throws -> Int {
        let writer = try TableWriter(output: output)
        let rowCount: Int = try read { db in
            try writer.append(header.map(ResultsStore.csvField).joined(separator: ",") + "\n")
            var count = 0
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                let cells = formats.indices.map { ResultsStore.cell(row[$0] as DatabaseValue, formats[$0]) } + (extra?(row) ?? [])
                try writer.append(cells.joined(separator: ",") + "\n")
                count += 1
            }
            return count
        }
        try writer.finish()
        return rowCount
    }

    /// One cell: empty for NULL, else the value in its column's format.
    static func cell(_ value: DatabaseValue, _ format: CellFormat) -> String {
        switch value.storage {
        case .null: return ""
        case .int64(let i):
            switch format {
            case .boolean: return i != 0 ? "true" : "false"
            case .seconds: return String(format: "%.3f", Double(i))
            case .wallTime, .confidence: return String(format: "%.4f", Double(i))
            case .text, .integer: return String(i)
            }
        case .double(let d):
            switch format {
            case .seconds: return String(format: "%.3f", d)
            case .wallTime, .confidence: return String(format: "%.4f", d)
            case .integer, .boolean, .text: return String(d)
            }
        case .string(let text): return csvField(text)
        case .blob(let data): return csvField(String(decoding: data, as: UTF8.self))
        }
    }

    /// RFC 4180 quoting when a field holds a comma, a quote or a line break.
    static func csvField(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
