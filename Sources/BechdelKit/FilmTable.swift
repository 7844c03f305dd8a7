import BoundedFiles
import CSV
import Foundation

/// A table of films as read from a CSV file: header names and string cells, nothing interpreted yet.
/// Columns are addressed by name so that users' spreadsheets may add, drop or reorder columns; the
/// feature schema decides later which cells are numbers, categories or lists.
///
/// Parsing follows RFC 4180 (quoted fields may hold commas, quotes written `""`, and line breaks),
/// UTF-8 with an optional byte-order mark, through CSV.swift. Blank lines are skipped.
public struct FilmTable: Equatable, Sendable {
    /// Header names, in file order.
    public var columns: [String]
    /// Data rows; every row has `columns.count` cells.
    public var rows: [[String]]
    /// Where the table came from (file path), used in error messages.
    public var source: String

    public init(columns: [String], rows: [[String]], source: String = "<table>") {
        self.columns = columns
        self.rows = rows
        self.source = source
    }

    /// Index of a column by exact name.
    public func columnIndex(_ name: String) -> Int? { columns.firstIndex(of: name) }

    /// Spreadsheet row number of data row `i` (the header is row 1), for messages.
    public static func rowNumber(_ i: Int) -> Int { i + 2 }

    /// Reads a CSV file; the path `-` reads standard input to its end (named "standard input" in errors).
    /// `lenient` is accepted for symmetry with encoding: structural problems (no
    /// header, ragged rows, invalid UTF-8) are errors in both modes, because guessing would misalign cells.
    public static func read(path: String, lenient: Bool = false) throws -> FilmTable {
        if path == "-" {
            let source = standardInputName
            let data = try WholeFile.read(FileHandle.standardInput, limit: Int64(maximumFileBytes)) {
                FilmTableError.cannotRead(path: source, reason: $0)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw FilmTableError.notUTF8(path: source)
            }
            return try parse(text: text, source: source)
        }
        let data = try WholeFile.read(path, limit: Int64(maximumFileBytes)) { FilmTableError.cannotRead(path: path, reason: $0) }
        guard let text = String(data: data, encoding: .utf8) else { throw FilmTableError.notUTF8(path: path) }
        return try parse(text: text, source: path)
    }

    /// Largest CSV read, bytes (the collective's table of 8,536 films is 13 MB): 512 MiB.
    public static let maximumFileBytes = 512 << 20

    /// How errors name a table read from standard input (`read(path: "-")`).
    public static let standardInputName = "standard input"

    /// Parses CSV text (see `read`); `source` names the input in errors.
    public static func parse(text: String, source: String) throws -> FilmTable {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: body, hasHeaderRow: false)
        } catch {
            throw FilmTableError.cannotRead(path: source, reason: "CSV parser: \(error)")
        }
        var header: [String]? = nil
        var rows: [[String]] = []
        var record = 0
        while let fields = reader.next() {
            record += 1
            // Blank line: CSV.swift yields one empty field.
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard let head = header else {
                header = fields
                continue
            }
            if fields.count != head.count {
                throw FilmTableError.raggedRow(path: source, row: FilmTable.rowNumber(rows.count),
                                               expected: head.count, found: fields.count)
            }
            rows.append(fields)
        }
        if let error = reader.error {
            throw FilmTableError.cannotRead(path: source, reason: "CSV parser: \(error)")
        }
        guard let columns = header else { throw FilmTableError.noHeader(path: source) }
        var seen = Set<String>()
        for (i, name) in columns.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                throw FilmTableError.badHeader(path: source, column: i + 1, problem: "empty column name")
            }
            if !seen.insert(name).inserted {
                throw FilmTableError.badHeader(path: source, column: i + 1, problem: "duplicate column name \(name)")
            }
        }
        return FilmTable(columns: columns, rows: rows, source: source)
    }
}
