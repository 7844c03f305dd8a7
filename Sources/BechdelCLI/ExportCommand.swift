import ArgumentParser
import CatalogueKit

/// `bechdelcli export`: writes a results store as flat tables (CSV for pandas, R or a spreadsheet; RTTM).
/// Columns are documented in docs/RESULTS_STORE.md; the work is done by CatalogueKit.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a results store as CSV tables (films, speakers, turns, timings) or RTTM.",
        discussion: "'-' writes a table to standard output. Rows are sorted by path; the tables depend only on the results, not on how the store was made.")

    @Argument(help: ArgumentHelp("Results store (SQLite file) written by 'bechdelcli batch' or 'merge'.", valueName: "store"))
    var store: String

    @Option(help: ArgumentHelp("One row per film: path, film_id, imdb_id, status, error, duration, F, M, speaking_time_F, speaking_time_M, ...", valueName: "csv"))
    var films: String?

    @Option(help: ArgumentHelp("One row per speaker: label, sex, counted, confidence, speaking_time, first and last appearance.", valueName: "csv"))
    var speakers: String?

    @Option(help: ArgumentHelp("One row per speech turn: start, end, duration, speaker, sex.", valueName: "csv"))
    var turns: String?

    @Option(help: ArgumentHelp("One row per film: when it was recorded and the wall time of each step (differs between runs).", valueName: "csv"))
    var timings: String?

    @Option(help: ArgumentHelp("Every done film's turns as RTTM, the film_id as file id.", valueName: "rttm"))
    var rttm: String?

    func validate() throws {
        let outputs = [films, speakers, turns, timings, rttm].compactMap { $0 }
        if outputs.isEmpty { throw ValidationError("give at least one of --films, --speakers, --turns, --timings, --rttm") }
        if outputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("only one table can go to standard output ('-')") }
        if Set(outputs).count != outputs.count { throw ValidationError("each table needs its own file") }
    }

    func run() throws {
        let results = try ResultsStore(path: store, create: false)
        var written: [String] = []
        do {
            if let films { written.append("\(try results.exportFilms(to: films)) films to \(films)") }
            if let speakers { written.append("\(try results.exportSpeakers(to: speakers)) speakers to \(speakers)") }
            if let turns { written.append("\(try results.exportTurns(to: turns)) turns to \(turns)") }
            if let timings { written.append("\(try results.exportTimings(to: timings)) films to \(timings)") }
            if let rttm { written.append("\(try results.exportRTTM(to: rttm)) turns to \(rttm)") }
        } catch {
            try? results.close()
            throw error
        }
        try results.close()
        if ![films, speakers, turns, timings, rttm].contains("-") {
            print(TerminalText.oneLine(written.joined(separator: "; ")))
        }
    }
}
