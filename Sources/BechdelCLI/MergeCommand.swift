import ArgumentParser
import CatalogueKit
import Foundation

/// `bechdelcli merge`: combines results stores (the shards of a cluster run, or any overlapping stores) into one.
/// Prints one summary line. The work is done by CatalogueKit's `ResultsStore.merge`.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine results stores (e.g. the shards of a cluster run) into one.",
        discussion: """
            A film present in several stores is kept once (a done copy over a failed one, else the most recently \
            recorded). Stores whose films were made with different models or options are refused unless \
            --allow-mixed-models. Each store is merged in one transaction: an interrupted merge can be run again.
            """)

    @Argument(help: ArgumentHelp("Store to merge into (created if missing).", valueName: "out.sqlite"))
    var output: String

    @Argument(help: ArgumentHelp("Stores to merge.", valueName: "store"))
    var stores: [String]

    @Flag(help: "Merge stores made with different models, tool versions or --min-speech.")
    var allowMixedModels = false

    func validate() throws {
        if stores.isEmpty { throw ValidationError("give at least one store to merge") }
    }

    func run() throws {
        let existed = FileManager.default.fileExists(atPath: output)
        let out = try ResultsStore(path: output)
        let summary: MergeSummary
        do {
            summary = try out.merge(sources: stores, allowMixedConfigurations: allowMixedModels)
        } catch {
            // A store this command created and could not fill is not left behind.
            let empty = (try? out.statusCounts().isEmpty) ?? false
            try? out.close()
            if !existed && empty { try? FileManager.default.removeItem(atPath: output) }
            throw error
        }
        try out.close()
        print(summary.line + "; store \(TerminalText.oneLine(output))")
    }
}
