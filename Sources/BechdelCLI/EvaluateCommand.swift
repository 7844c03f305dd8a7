import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli evaluate`: diarization error rate of hypothesis RTTMs against reference RTTMs,
/// per file and overall, so every change to the count pipeline can be scored the standard way.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score diarization output (RTTM) against a reference: DER with missed speech, false alarm and confusion.",
        discussion: """
        Files are matched by the RTTM file id (2nd field). A file in the reference that no hypothesis mentions is \
        scored as all missed; a file only in the hypotheses is scored as all false alarm (reference time 0). \
        The collar is the half-width of the no-score zone around each reference boundary (0.25 here = collar=0.5 \
        in pyannote.metrics). The overall DER is the ratio of summed components.
        """
    )

    @Option(name: .long, help: "Reference RTTM file.")
    var reference: String

    @Argument(help: "Hypothesis RTTM file(s).")
    var hypotheses: [String]

    @Option(name: .long, help: "No-score zone around every reference boundary, seconds on each side.")
    var collar: Double = 0.25

    @Flag(name: .long, help: "Do not score regions where reference speakers overlap.")
    var skipOverlap = false

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard collar >= 0, collar.isFinite else { throw ValidationError("--collar must be a non-negative number of seconds") }
        guard !hypotheses.isEmpty else { throw ValidationError("give at least one hypothesis RTTM") }
    }

    func run() throws {
        let ref = try RTTM.read(path: reference)
        var hyp: [String: [SpeechTurn]] = [:]
        for path in hypotheses {
            for (file, turns) in try RTTM.read(path: path) { hyp[file, default: []] += turns }
        }
        let files = Array(Set(ref.keys).union(hyp.keys)).sorted()
        var rows: [(String, DERComponents)] = []
        var overall = DERComponents()
        for file in files {
            let c = DiarizationErrorRate.evaluate(reference: ref[file] ?? [], hypothesis: hyp[file] ?? [],
                                                  collar: collar, skipOverlap: skipOverlap)
            rows.append((file, c))
            overall = overall + c
        }
        print(json ? jsonReport(rows, overall) : tableReport(rows, overall), terminator: "")
    }

    private func percent(_ x: Double, of total: Double) -> String {
        total > 0 ? fixed(100 * x / total, 2) : "-"
    }

    private func tableReport(_ rows: [(String, DERComponents)], _ overall: DERComponents) -> String {
        let width = max(8, rows.map(\.0.count).max() ?? 0)
        func pad(_ s: String, _ w: Int, left: Bool = false) -> String {
            s.count >= w ? s : (left ? s + String(repeating: " ", count: w - s.count) : String(repeating: " ", count: w - s.count) + s)
        }
        var out = pad("file", width, left: true) + "  " + ["DER%", "missed%", "FA%", "confusion%", "total_s"].map { pad($0, 10) }.joined(separator: " ") + "\n"
        for (file, c) in rows + [("OVERALL", overall)] {
            let cells = [c.total > 0 || c.rate > 0 ? fixed(100 * c.rate, 2) : fixed(0, 2),
                         percent(c.missed, of: c.total), percent(c.falseAlarm, of: c.total),
                         percent(c.confusion, of: c.total), fixed(c.total, 3)]
            out += pad(file, width, left: true) + "  " + cells.map { pad($0, 10) }.joined(separator: " ") + "\n"
        }
        return out
    }

    private func jsonReport(_ rows: [(String, DERComponents)], _ overall: DERComponents) -> String {
        func obj(_ c: DERComponents) -> String {
            "\"der\": \(fixed(c.rate, 6)), \"missed\": \(fixed(c.missed, 6)), \"false_alarm\": \(fixed(c.falseAlarm, 6)), " +
            "\"confusion\": \(fixed(c.confusion, 6)), \"total\": \(fixed(c.total, 6))"
        }
        var out = "{\n  \"collar\": \(fixed(collar, 6)),\n  \"skip_overlap\": \(skipOverlap),\n  \"files\": [\n"
        out += rows.map { "    {\"file\": \(jsonString($0.0)), \(obj($0.1))}" }.joined(separator: ",\n")
        out += (rows.isEmpty ? "" : "\n") + "  ],\n  \"overall\": {\(obj(overall))}\n}\n"
        return out
    }
}
