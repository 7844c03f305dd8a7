/// Why a film table (CSV) could not be read or encoded. Every description is one line naming the file,
/// and where it applies the row (spreadsheet numbering: the header is row 1) and the column.
public enum FilmTableError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file does not exist or cannot be read.
    case cannotRead(path: String, reason: String)
    /// The bytes are not valid UTF-8.
    case notUTF8(path: String)
    /// The file is empty or has no header row.
    case noHeader(path: String)
    /// A header cell is empty or repeated.
    case badHeader(path: String, column: Int, problem: String)
    /// A row has a different number of fields than the header.
    case raggedRow(path: String, row: Int, expected: Int, found: Int)
    /// A value in a numeric column is not a number (strict mode).
    case badNumber(path: String, row: Int, column: String, value: String)
    /// A rating (label) is not one of 0, 1, 2, 3 (strict mode).
    case badRating(path: String, row: Int, column: String, value: String)
    /// The table has no data rows where some are needed (training).
    case noRows(path: String)
    /// A column needed for training is absent.
    case missingColumn(path: String, column: String)
    /// None of the model's feature columns is in the header (often: the file has no header row).
    case noKnownColumns(path: String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason): return "\(path): cannot read: \(reason)"
        case let .notUTF8(path): return "\(path): not valid UTF-8 text"
        case let .noHeader(path): return "\(path): empty file or no header row"
        case let .badHeader(path, column, problem): return "\(path): header column \(column): \(problem)"
        case let .raggedRow(path, row, expected, found):
            return "\(path): row \(row) has \(found) fields, the header has \(expected)"
        case let .badNumber(path, row, column, value):
            return "\(path): row \(row), column \(column): not a number: \(FilmTableError.quoted(value))"
        case let .badRating(path, row, column, value):
            return "\(path): row \(row), column \(column): rating must be 0, 1, 2 or 3, found \(FilmTableError.quoted(value))"
        case let .noRows(path): return "\(path): no data rows"
        case let .missingColumn(path, column): return "\(path): no column named \(column)"
        case let .noKnownColumns(path):
            return "\(path): the header names none of the model's feature columns (missing header row?)"
        }
    }

    /// A value shortened and put on one line, for messages.
    static func quoted(_ value: String) -> String {
        var v = value.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        if v.count > 40 { v = String(v.prefix(40)) + "…" }
        return "\"\(v)\""
    }
}
