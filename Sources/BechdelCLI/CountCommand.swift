import ArgumentParser
import BoundedFiles
import DSPKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `bechdelcli count`: how many distinct women and men speak in a soundtrack.
/// Prints `{"M": 5, "F": 2}`; `--details` prints per-speaker JSON; `--rttm` writes the speech turns.
struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count the distinct male and female speakers in a soundtrack.")

    @Argument(help: "Audio file (WAV, FLAC, OGG, Opus, MP3; any rate, any channels).")
    var file: String

    @Option(help: "Worker threads, 1–256 (the output does not depend on it).")
    var threads: Int = 1

    @Option(help: "Write the speech turns as RTTM to this file (speaker labels carry the sex: F1, M3).")
    var rttm: String?

    @Flag(help: "Print per-speaker details as JSON instead of the counts.")
    var details = false

    @Option(help: "Speakers with less speech than this (seconds) are reported as uncounted.")
    var minSpeech: Double = DiarizationOptions().minimumSpeech

    @Flag(help: "Print the wall time of each stage on stderr.")
    var timings = false

    @Option(help: ArgumentHelp("Use the models of this directory (sex.model from models train-audio, and segmentation.model and campplus.model if present) instead of the shipped ones.",
                               valueName: "directory"))
    var models: String?

    @Option(help: ArgumentHelp("Two clusters of speech are one speaker while the average cosine similarity of their speaker embeddings is at least this (higher: stricter, more speakers).",
                               valueName: "cosine"))
    var speakerSimilarity: Double = DiarizationOptions().speakerSimilarity

    @Option(help: ArgumentHelp("Take the speech regions from this RTTM instead of the speech detector (measures the clustering alone).",
                               valueName: "rttm"))
    var referenceSpeech: String?

    func validate() throws {
        try WorkerCount.check(threads, "--threads")
        if !(minSpeech >= 0) || !minSpeech.isFinite { throw ValidationError("--min-speech must be a non-negative number of seconds") }
        if !(speakerSimilarity >= -1 && speakerSimilarity <= 1) { throw ValidationError("--speaker-similarity must be between -1 and 1") }
        if rttm == "-" { throw ValidationError("--rttm needs a file name (standard output carries the counts)") }
    }

    func run() throws {
        // Before the models load; every other problem with the path is the decoder's to name (a link loop, say).
        if FileKind.of(file) == .missing { throw CommandFailure.input(file, "no such file") }
        var options = DiarizationOptions()
        options.minimumSpeech = minSpeech
        options.speakerSimilarity = speakerSimilarity
        var counter = try models.map { try SpeakerCounter.models(in: $0, options: options) } ?? SpeakerCounter.shipped(options: options)
        if let referenceSpeech {
            let turns = try RTTM.read(path: referenceSpeech).values.flatMap { $0 }
            let regions = TimeSegment.union(turns.map(\.segment))
            counter.detectSpeech = { _, _ in regions }
        }
        let showProgress = isatty(STDERR_FILENO) == 1
        var lastShown = -1
        var lastStage = ""
        let progress: ((String, Double) -> Void)? = showProgress ? { stage, fraction in
            let percent = Int(fraction * 100)
            if percent != lastShown || stage != lastStage {
                lastShown = percent; lastStage = stage
                fputs("\r\u{1B}[K\(stage) \(percent)%", stderr)
            }
        } : nil
        var stageTimes = SpeakerCounter.Timings()
        let result = try counter.analyze(path: file, threads: threads, progress: progress, timings: &stageTimes)
        if showProgress { fputs("\r\u{1B}[K", stderr) }
        if let rttm {
            let fileID = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let turns = result.turns.map { SpeechTurn(start: $0.start, duration: $0.duration, speaker: $0.speaker) }
            do {
                try RTTM.format(turns: turns, fileID: fileID).write(toFile: rttm, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure.runtime(rttm, "cannot write the RTTM file")
            }
        }
        print(details ? result.detailsJSON : result.countsJSON)
        if timings {
            let t = stageTimes
            let lines = [("features", t.features), ("speech detection", t.speech), ("speaker changes", t.segmentation),
                         ("embedding", t.embedding), ("clustering", t.clustering), ("sex", t.sex), ("total", t.total)]
            for (name, seconds) in lines {
                fputs(name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: " %8.3f s\n", seconds), stderr)
            }
        }
    }
}
