import ArgumentParser
import BechdelKit
import CatalogueKit
import Foundation
import ReportKit

/// `bechdelcli report`: one self-contained HTML page of a results store (inline SVG and CSS, no script, nothing
/// fetched), with the Bechdel predictions of the films' metadata when a table is given. Built by ReportKit.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report of a results store: who speaks, women's share, per-film timelines.",
        discussion: """
            The overview gives the films counted and failed, women among speakers and their share of speaking time
            (histogram across films, films ranked by it); each film gets a who-speaks-when timeline, speaking time
            per speaker, turn exchanges by sex and women-to-women conversation time. With --films (a metadata CSV
            joined by film_id or imdb_id), each film also gets its predicted Bechdel rating with a TreeSHAP waterfall,
            and the page lists the film clusters with their pass rates. The page opens in any browser and prints.
            """)

    @Argument(help: ArgumentHelp("Results store (SQLite file) written by 'bechdelcli batch' or 'merge'.", valueName: "store"))
    var store: String

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("HTML file to write ('-' = standard output).", valueName: "html"))
    var output: String

    @Option(help: ArgumentHelp("Film metadata table (CSV, '-' = standard input) for predictions and clusters.", valueName: "csv"))
    var films: String?

    @Option(help: ArgumentHelp("Predictor model file for --films (default: the shipped model).", valueName: "file"))
    var model: String?

    @Option(help: "Film sections drawn at most, in path order (0 = every film; the ranking lists them all).")
    var sections: Int = 200

    @Option(help: "Title of the page.")
    var title: String = "Who speaks: catalogue report"

    @Option(help: "Threads for the predictor's explanations.")
    var threads: Int = 1

    @Flag(help: "Treat unreadable numbers in --films as missing (with a warning) instead of failing.")
    var lenient = false

    func validate() throws {
        if sections < 0 { throw ValidationError("--sections must be 0 or more") }
        try WorkerCount.check(threads, "--threads")
        if model != nil && films == nil { throw ValidationError("--model needs --films") }
    }

    func run() throws {
        var predictions: FilmPredictions?
        if let films {
            let input = try ExplainInput.load(modelPath: model, csvPath: films, lenient: lenient)
            do {
                predictions = try FilmPredictions(model: input.model, table: input.table, films: input.films,
                                                  source: films == "-" ? FilmTable.standardInputName : films,
                                                  threads: threads)
            } catch {
                throw CommandFailure(message: "\(input.modelName): \(TerminalText.oneLine(String(describing: error)))",
                                     exitCode: model == nil ? ExitStatus.runtimeFailure : ExitStatus.inputError)
            }
        }
        let results = try ResultsStore(path: store, create: false)
        let html: String
        do {
            html = try CatalogueReport.html(store: results, predictions: predictions,
                                            options: .init(maximumSections: sections, title: title,
                                                           generator: "bechdelcli \(BechdelCLI.configuration.version)"))
        } catch {
            try? results.close()
            if let failure = error as? ReportError { throw CommandFailure(message: failure.description, exitCode: ExitStatus.runtimeFailure) }
            throw error
        }
        try results.close()
        if output == "-" {
            FileHandle.standardOutput.write(Data(html.utf8))
            return
        }
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandFailure.input(output, "cannot write the report: \(error.localizedDescription)")
        }
    }
}
