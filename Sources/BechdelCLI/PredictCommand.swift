import ArgumentParser
import BechdelKit
import Foundation

/// `bechdelcli predict`: Bechdel rating probabilities for every film of a CSV, as CSV
/// (imdb_id when present, predicted rating, p0…p3, p_pass), with the shipped model unless `--model` is given.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the Bechdel rating (0–3) and pass probability of films in a CSV.")

    @Option(help: "Model file (default: the shipped model).")
    var model: String?

    @Argument(help: "CSV of films (columns by name; unknown columns are ignored).")
    var table: String

    @Option(name: .shortAndLong, help: "Output CSV (default: standard output).")
    var output: String?

    @Flag(help: "Treat unparseable numeric cells as missing (counted on stderr) instead of failing.")
    var lenient = false

    func run() throws {
        let predictor = try model.map { try BechdelModel.load(path: $0) } ?? BechdelModel.shipped()
        let filmTable = try FilmTable.read(path: table, lenient: lenient)
        let films = try predictor.schema.encode(filmTable, lenient: lenient)
        if films.warningCount > 0 {
            fputs("bechdelcli: warning: \(films.warningCount) unreadable cell(s) treated as missing; first: \(TerminalText.oneLine(films.firstWarning ?? ""))\n", stderr)
        }
        let probabilities = predictor.predict(films)
        let ratings = predictor.predictedRatings(probabilities)
        let withID = filmTable.columnIndex(predictor.schema.idColumn) != nil
        var text = (withID ? "\(predictor.schema.idColumn)," : "") + "predicted_rating,p0,p1,p2,p3,p_pass\n"
        for i in 0..<films.rows {
            if withID { text += csvField(films.ids[i] ?? "") + "," }
            let p = probabilities[i]
            text += "\(ratings[i])," + p.map { String(format: "%.6f", $0) }.joined(separator: ",")
                + "," + String(format: "%.6f", p[3]) + "\n"
        }
        if let output {
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure.runtime(output, "cannot write predictions")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// RFC 4180 quoting when needed.
    private func csvField(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
