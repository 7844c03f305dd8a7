import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli evaluate-sad`: frame-level speech detection errors of the speech activity detector on a
/// development set (scenes.csv with reference RTTMs) or on single files, for EVALUATION.md and tuning.
struct EvaluateSADCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-sad",
        abstract: "Measure speech activity detection: missed speech and false alarm against reference RTTMs.",
        discussion: """
        With --scenes, every recording of the list is scored against its RTTM (10 ms frames, no-score collar \
        around reference boundaries). Files given as arguments have no reference: the detected speech \
        time is printed (music-only or silent files should show none).
        """
    )

    @Option(name: .long, help: "Scene list (scenes.csv from scripts/simulate_scenes.py).")
    var scenes: String?

    @Argument(help: "Audio files without reference (prints detected speech time).")
    var files: [String] = []

    @Option(name: .long, help: "Speech activity model (default: the shipped one).")
    var model: String?

    @Option(name: .long, help: "No-score zone around reference boundaries, seconds on each side.")
    var collar: Double = 0.25

    @Option(name: .long, help: "Cost of a class change, nats.")
    var switchPenalty: Double = SpeechActivityOptions().switchPenalty

    @Option(name: .long, parsing: .unconditional, help: "Added to the speech log-likelihood per frame, nats (negative favours non-speech).")
    var speechBias: Double = SpeechActivityOptions().speechBias

    @Option(name: .long, help: "Shortest speech segment kept, seconds.")
    var minSpeech: Double = SpeechActivityOptions().minSpeech

    @Option(name: .long, help: "Gaps shorter than this are filled, seconds.")
    var minGap: Double = SpeechActivityOptions().minGap

    @Option(name: .long, help: "Worker threads.")
    var threads: Int = 1

    @Flag(name: .long, help: "Print one line per file.")
    var perFile = false

    func validate() throws {
        guard scenes != nil || !files.isEmpty else { throw ValidationError("give --scenes LIST and/or audio files") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard collar >= 0 else { throw ValidationError("--collar must be non-negative") }
    }

    func run() throws {
        var options = SpeechActivityOptions()
        options.switchPenalty = switchPenalty
        options.speechBias = speechBias
        options.minSpeech = minSpeech
        options.minGap = minGap
        if let problem = options.problem { throw CommandFailure.input("options", problem) }
        let detector = try model.map { try SpeechActivityDetector(container: ModelContainer(contentsOf: $0), options: options) }
            ?? SpeechActivityDetector.shipped(options: options)
        let extractor = try FeatureExtractor(options: FrontEndOptions())

        if let scenes {
            let list = try SceneList(contentsOf: scenes)
            var total = SpeechActivityScore()
            for scene in list.scenes {
                let features = try extractor.features(path: scene.audio, threads: threads)
                let turns = try RTTM.read(path: scene.rttm).values.flatMap { $0 }
                let duration = Double(features.mfcc.rows) * options.frameShift
                let hyp = detector.detect(features, threads: threads)
                let s = SpeechActivityScore.score(reference: turns.map(\.segment), hypothesis: hyp, duration: duration, collar: collar)
                total = total + s
                if perFile {
                    print("\(scene.id)  miss \(fixed(100 * s.missRate, 2)) %  false alarm \(fixed(100 * s.falseAlarmRate, 2)) %  (speech \(fixed(s.speech, 1)) s, non-speech \(fixed(s.nonSpeech, 1)) s)")
                }
            }
            print("\(scenes): \(list.scenes.count) files, speech \(fixed(total.speech, 1)) s, non-speech \(fixed(total.nonSpeech, 1)) s")
            print("  missed speech \(fixed(100 * total.missRate, 2)) % of speech")
            print("  false alarm   \(fixed(100 * total.falseAlarmRate, 2)) % of non-speech (\(fixed(100 * total.falseAlarm / max(total.speech, 1e-9), 2)) % of speech)")
            print("  detection error rate \(fixed(100 * total.detectionErrorRate, 2)) %")
        }
        for file in files {
            let features = try extractor.features(path: file, threads: threads)
            let hyp = detector.detect(features, threads: threads)
            let seconds = hyp.reduce(0) { $0 + $1.duration }
            print("\(file): \(fixed(seconds, 2)) s of speech detected in \(fixed(Double(features.mfcc.rows) * options.frameShift, 2)) s")
        }
    }
}
