import BechdelKit
import Foundation

/// The model and the encoded films that `explain` and `clusters` work on, loaded with every library error
/// turned into one line naming the file: 2 for bad input (CSV, model file given by the user), 1 when the
/// shipped model itself is missing or unreadable.
struct ExplainInput {
    let model: BechdelModel
    let table: FilmTable
    let films: EncodedFilms
    /// Name of the model, for messages: the path given, or "shipped model".
    let modelName: String

    static func load(modelPath: String?, csvPath: String, lenient: Bool) throws -> ExplainInput {
        let model: BechdelModel
        do {
            model = try modelPath.map { try BechdelModel.load(path: $0) } ?? BechdelModel.shipped()
        } catch {
            let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
            if modelPath == nil { throw CommandFailure(message: "shipped model: \(text)", exitCode: ExitStatus.runtimeFailure) }
            throw CommandFailure(message: text.contains(modelPath!) ? text : "\(modelPath!): \(text)",
                                 exitCode: ExitStatus.inputError)
        }
        let table: FilmTable, films: EncodedFilms
        let tableName = csvPath == "-" ? FilmTable.standardInputName : csvPath
        do {
            table = try FilmTable.read(path: csvPath, lenient: lenient)
            films = try model.schema.encode(table, lenient: lenient)
        } catch {
            let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
            throw CommandFailure(message: text.contains(tableName) ? text : "\(tableName): \(text)",
                                 exitCode: ExitStatus.inputError)
        }
        guard films.rows > 0 else { throw CommandFailure.input(tableName, "no films (data rows) in the file") }
        if films.warningCount > 0 {
            let first = films.firstWarning.map { "; first: \(TerminalText.oneLine($0))" } ?? ""
            FileHandle.standardError.write(Data(
                "bechdelcli: warning: \(films.warningCount) cells could not be read and count as missing\(first)\n".utf8))
        }
        return ExplainInput(model: model, table: table, films: films,
                            modelName: modelPath ?? "shipped model")
    }

    /// Identifier of film `i` (the schema's id column), or its spreadsheet row when the id is absent.
    func id(_ i: Int) -> String { films.ids[i] ?? "row \(i + 2)" }

    /// Value of a column of the original table for film `i` (e.g. the title), nil when absent or empty.
    func cell(_ column: String, _ i: Int) -> String? {
        guard let c = table.columnIndex(column), i < table.rows.count else { return nil }
        let v = table.rows[i][c]
        return v.isEmpty ? nil : v
    }
}
