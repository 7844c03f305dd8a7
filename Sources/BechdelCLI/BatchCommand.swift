import ArgumentParser
import CatalogueKit
import DSPKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `bechdelcli batch`: counts the speakers of a whole catalogue into a resumable SQLite results store.
/// Prints one summary line; failed films are recorded with their error and named on stderr; exit status 1 when
/// any film of the run is failed. The work is done by CatalogueKit's `CatalogueRun`.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Count the speakers of many films into a resumable SQLite results store.",
        discussion: """
            A second run over the same inputs and store skips every film already done with the same bytes and \
            models; a killed run loses only the films in progress. Exit status: 0 all films done, 1 some failed \
            (their errors are in the store), 2 usage or input error. See docs/RESULTS_STORE.md.
            """)

    @Argument(help: ArgumentHelp("Audio files, folders (searched recursively for audio files) and manifest CSVs (a 'path' column, optional 'film_id' and 'imdb_id'; relative paths are resolved from the manifest's folder; '-' reads a manifest from standard input).",
                                 valueName: "input"))
    var inputs: [String]

    @Option(help: ArgumentHelp("Results store (SQLite file), created if missing.", valueName: "file"))
    var store: String

    @Option(help: "Films analysed at the same time (the results do not depend on it).")
    var jobs: Int = 1

    @Option(help: "Worker threads of each film's analysis, 1–256 (the results do not depend on it).")
    var threads: Int = 1

    @Option(help: ArgumentHelp("Analyse only shard I of N of the inputs sorted by path (film k goes to shard k mod N + 1); each shard writes its own store, combined by 'bechdelcli merge'.",
                               valueName: "I/N"))
    var shard: String?

    @Option(help: "Speakers with less speech than this (seconds) are reported as uncounted.")
    var minSpeech: Double = DiarizationOptions().minimumSpeech

    @Option(help: ArgumentHelp("Use the models of this directory (as 'count --models') instead of the shipped ones.",
                               valueName: "directory"))
    var models: String?

    @Flag(help: "Analyse every film again, even those the store already holds for the same bytes and models.")
    var force = false

    @Flag(help: "Analyse again the films that failed before on the same bytes and models (missing or unreadable files are always retried).")
    var retryFailed = false

    @Flag(help: "Print where the time went on stderr (planning, hashing, analysis, store writes).")
    var timings = false

    func validate() throws {
        try WorkerCount.check(jobs, "--jobs")
        try WorkerCount.check(threads, "--threads")
        if !(minSpeech >= 0) || !minSpeech.isFinite { throw ValidationError("--min-speech must be a non-negative number of seconds") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input ('-') can be read only once") }
    }

    func run() throws {
        let part = try shard.map { try Shard(parsing: $0) } ?? Shard.all
        let catalogue = try CatalogueInputs.films(from: inputs)
        let films = part.select(catalogue)
        let toolVersion = BechdelCLI.configuration.version
        let identity = try models.map { try ModelIdentity.models(in: $0, toolVersion: toolVersion) }
            ?? ModelIdentity.shipped(toolVersion: toolVersion)
        var options = DiarizationOptions()
        options.minimumSpeech = minSpeech
        let configuration = AnalysisConfiguration(models: identity, minimumSpeech: minSpeech)
        let results = try ResultsStore(path: store)
        let models = self.models
        let run = CatalogueRun(store: results, films: films, configuration: configuration,
                               options: BatchOptions(jobs: jobs, threads: threads, force: force, retryFailed: retryFailed)) {
            SpeakerCountingAnalyzer(counter: try models.map { try SpeakerCounter.models(in: $0, options: options) }
                                        ?? SpeakerCounter.shipped(options: options))
        }
        let terminal = isatty(STDERR_FILENO) == 1
        var shown = false
        let summary: BatchSummary
        do {
            summary = try run.run(progress: terminal ? { p in
                fputs("\r\u{1B}[K" + BatchCommand.progressLine(p), stderr)
                shown = true
            } : nil, failure: { failure in
                if shown { fputs("\r\u{1B}[K", stderr); shown = false }
                fputs("bechdelcli: failed: \(TerminalText.oneLine(failure.message))\n", stderr)
            })
        } catch {
            if shown { fputs("\r\u{1B}[K", stderr) }
            try? results.close()
            throw error
        }
        if shown { fputs("\r\u{1B}[K", stderr) }
        try results.close()
        if timings { fputs(BatchCommand.timingLines(summary), stderr) }
        let prefix = part.count > 1 ? "shard \(part): " : ""
        print(prefix + summary.line + "; store \(TerminalText.oneLine(store))")
        if summary.failed > 0 {
            throw CommandFailure(message: "\(summary.failed) of \(summary.total) films failed; their errors are in the store (bechdelcli export \(store) --films FILE)",
                                 exitCode: ExitStatus.runtimeFailure)
        }
    }

    /// `--timings`: one line per step, wall time summed over jobs, and the store's cost per transaction.
    static func timingLines(_ s: BatchSummary) -> String {
        var lines = [("planning", s.planningSeconds), ("hashing", s.hashSeconds), ("analysis", s.analysisSeconds),
                     ("store", s.storeSeconds), ("total (wall)", s.elapsed)]
            .map { $0.0.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: " %10.3f s", $0.1) }
        if s.writes > 0 {
            lines[3] += String(format: "   %.2f ms per transaction, %d transactions", s.storeSeconds / Double(s.writes) * 1000, s.writes)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `[ 37/120] 2 failed · 1 min 20 s · ETA 3 min 10 s · film.wav`
    static func progressLine(_ p: BatchProgress) -> String {
        let width = String(p.total).count
        let done = String(repeating: " ", count: max(0, width - String(p.finished).count)) + String(p.finished)
        var line = "[\(done)/\(p.total)]"
        if p.failed > 0 { line += " \(p.failed) failed ·" }
        line += " \(BatchSummary.duration(p.elapsed))"
        if let remaining = p.remaining, p.finished < p.total { line += " · ETA \(BatchSummary.duration(remaining))" }
        if !p.lastPath.isEmpty {
            let name = URL(fileURLWithPath: p.lastPath).lastPathComponent
            line += " · " + TerminalText.oneLine(name.count > 40 ? String(name.prefix(39)) + "…" : name)
        }
        return line
    }
}
