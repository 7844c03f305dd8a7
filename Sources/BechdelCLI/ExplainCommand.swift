import ArgumentParser
import BechdelKit
import Foundation

/// `bechdelcli explain`: why the model gives each film its chance of passing the Bechdel test. Exact TreeSHAP
/// contributions to the raw score of rating 3 (passes): per film the features that push it most, or with
/// `--global` the mean |contribution| of every feature over the films.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain the predicted chance of passing the Bechdel test, film by film (TreeSHAP).",
        discussion: """
            Contributions are in raw-score (log-odds-like) units of rating 3 (passes): for every film,
            bias + the sum of all contributions = raw_score, and p_pass = softmax of the four raw scores.
            CSV output is long: one line per film and feature (rank 1 = largest |contribution|), then a line
            with feature "(other features)" holding the sum of the remaining contributions, so each film's
            lines add up: bias + sum(contribution) = raw_score. Missing values print as empty cells.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Option(name: .long, help: "Model file (default: the shipped model).")
    var model: String?

    @Argument(help: "Film table (CSV with a header; same columns as the training table).")
    var csv: String

    @Option(name: .long, help: "Features per film, by decreasing |contribution| (0 = every feature that contributes; with --global: rows of the table).")
    var top: Int?

    @Flag(name: .long, help: "Print the global importance table (mean |contribution| per feature) instead of per-film lines.")
    var global = false

    @Option(name: .long, help: "Output format: csv or json.")
    var format: Format = .csv

    @Option(name: .long, help: "Worker threads (output is identical for any value).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Print the TreeSHAP time and films per second on standard error (for BENCHMARKS.md).")
    var timing = false

    @Flag(name: .long, help: "Treat unreadable numbers as missing (with a warning) instead of failing.")
    var lenient = false

    func validate() throws {
        if let top, top < 0 { throw ValidationError("--top must be 0 or more") }
        try WorkerCount.check(threads, "--threads")
    }

    /// User + system CPU time of the process so far, in seconds (wall time is unreliable on a busy machine).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    func run() throws {
        let input = try ExplainInput.load(modelPath: model, csvPath: csv, lenient: lenient)
        let films = input.films
        let names = input.model.schema.featureNames
        let shap: TreeSHAP
        do {
            shap = try TreeSHAP(model: input.model)
        } catch {
            throw CommandFailure(message: "\(input.modelName): \(error)",
                                 exitCode: model == nil ? ExitStatus.runtimeFailure : ExitStatus.inputError)
        }
        let start = DispatchTime.now().uptimeNanoseconds, startCPU = Self.processCPUSeconds()
        let result = shap.explain(films, threads: threads)
        if timing {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            let cpu = Self.processCPUSeconds() - startCPU
            FileHandle.standardError.write(Data(String(
                format: "treeshap: %d films, %d trees of class %d, %d threads: %.3f s wall (%.0f films/s), %.3f s CPU (%.0f films/s per core)\n",
                films.rows, shap.treeCount, shap.classIndex, threads, seconds, Double(films.rows) / max(seconds, 1e-9),
                cpu, Double(films.rows) / max(cpu, 1e-9)).utf8))
        }
        let F = ExplanationFormatting.self
        var out = ""
        if global {
            let importance = GlobalImportance(result, featureNames: names)
            var entries = importance.entries.filter { $0.meanAbsContribution > 0 }
            if let top, top > 0 { entries = Array(entries.prefix(top)) }
            if format == .csv {
                out += "rank,feature,mean_abs_contribution,mean_contribution\n"
                for (r, e) in entries.enumerated() {
                    out += "\(r + 1),\(F.csv(e.name)),\(F.number(e.meanAbsContribution)),\(F.number(e.meanContribution))\n"
                }
            } else {
                out += "{\"films\": \(importance.rows), \"bias\": \(F.jsonNumber(result.bias, digits: 9)), \"features\": [\n"
                out += entries.enumerated().map { r, e in
                    "  {\"rank\": \(r + 1), \"feature\": \(F.json(e.name)), \"mean_abs_contribution\": \(F.jsonNumber(e.meanAbsContribution)), \"mean_contribution\": \(F.jsonNumber(e.meanContribution))}"
                }.joined(separator: ",\n")
                out += "\n]}\n"
            }
            F.write(out)
            return
        }
        let probabilities = input.model.predict(films)
        let count = top ?? 5
        if format == .csv {
            out += "\(F.csv(input.model.schema.idColumn)),p_pass,raw_score,bias,rank,feature,value,contribution\n"
        } else {
            out += "[\n"
        }
        for i in 0..<films.rows {
            let row = result.row(i)
            let base = row.startIndex
            let chosen = result.topFeatures(row: i, count: count == 0 ? films.cols : count)
            var rest = 0.0
            let chosenSet = Set(chosen)
            for j in 0..<films.cols where !chosenSet.contains(j) { rest += Double(row[base + j]) }
            let id = input.id(i)
            let pPass = Double(probabilities[i][TreeSHAP.passClass])
            let raw = result.rawScores[i]
            if format == .csv {
                let head = "\(F.csv(id)),\(F.fixed(pPass, 6)),\(F.number(raw, digits: 9)),\(F.number(result.bias, digits: 9))"
                for (r, j) in chosen.enumerated() {
                    out += "\(head),\(r + 1),\(F.csv(names[j])),\(F.number(Double(films.values[i * films.cols + j]))),\(F.number(Double(row[base + j])))\n"
                }
                out += "\(head),\(chosen.count + 1),(other features),,\(F.number(rest))\n"
            } else {
                let features = chosen.map { j in
                    "{\"feature\": \(F.json(names[j])), \"value\": \(F.jsonNumber(Double(films.values[i * films.cols + j]))), \"contribution\": \(F.jsonNumber(Double(row[base + j])))}"
                }.joined(separator: ", ")
                out += "  {\(F.json(input.model.schema.idColumn)): \(F.json(id)), \"p_pass\": \(F.fixed(pPass, 6)), \"raw_score\": \(F.jsonNumber(raw, digits: 9)), \"bias\": \(F.jsonNumber(result.bias, digits: 9)), \"features\": [\(features)], \"other_features\": \(F.jsonNumber(rest))}"
                out += i + 1 < films.rows ? ",\n" : "\n"
            }
        }
        if format == .json { out += "]\n" }
        F.write(out)
    }
}
