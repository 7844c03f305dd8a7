import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli models evaluate-sad`: frame-level speech detection errors of the speech detector (the segmentation
/// network with its window step and hysteresis) on a development set, or the speech found in single files,
/// for EVALUATION.md and for choosing the detection settings.
struct EvaluateSADCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-sad",
        abstract: "Measure speech detection: missed speech and false alarm against reference RTTMs.",
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

    @Option(name: .long, help: "Speech segmentation model (default: the shipped Models/segmentation.model).")
    var model: String?

    @Option(name: .long, help: "No-score zone around reference boundaries, seconds on each side.")
    var collar: Double = 0.25

    @Option(name: .long, help: "Step between the network's 10 s windows, seconds.")
    var windowStep: Double = SpeechSegmentationOptions().windowStep

    @Option(name: .long, help: "Speech starts where its probability rises above this.")
    var onset: Double = SpeechSegmentationOptions().onset

    @Option(name: .long, help: "Speech ends where its probability falls below this.")
    var offset: Double = SpeechSegmentationOptions().offset

    @Option(name: .long, help: "Shortest speech region kept, seconds.")
    var minSpeech: Double = SpeechSegmentationOptions().minimumSpeech

    @Option(name: .long, help: "Gaps up to this long are filled, seconds.")
    var minGap: Double = SpeechSegmentationOptions().minimumGap

    @Option(name: .long, help: "Worker threads.")
    var threads: Int = 1

    @Flag(name: .long, help: "Print one line per file.")
    var perFile = false

    func validate() throws {
        guard scenes != nil || !files.isEmpty else { throw ValidationError("give --scenes LIST and/or audio files") }
        try WorkerCount.check(threads, "--threads")
        guard collar >= 0 else { throw ValidationError("--collar must be non-negative") }
    }

    func run() throws {
        var options = SpeechSegmentationOptions()
        options.windowStep = windowStep
        options.onset = onset
        options.offset = offset
        options.minimumSpeech = minSpeech
        options.minimumGap = minGap
        if let problem = options.problem { throw CommandFailure.input("options", problem) }
        let network = SegmentationNetwork(model: try model.map { try SegmentationModel(contentsOf: $0) } ?? SegmentationModel.shipped())
        let extractor = try FeatureExtractor(segmentation: (network, options))

        func detect(_ path: String) throws -> (speech: [TimeSegment], duration: Double) {
            let features = try extractor.features(path: path, threads: threads)
            let scores = features.segmentation!
            return (scores.speechRegions(options: options), Double(features.count) * 0.01 + 0.015)
        }
        if let scenes {
            let list = try SceneList(contentsOf: scenes)
            var total = SpeechActivityScore()
            for scene in list.scenes {
                let (hyp, duration) = try detect(scene.audio)
                let turns = try RTTM.read(path: scene.rttm).values.flatMap { $0 }
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
            let (hyp, duration) = try detect(file)
            let seconds = hyp.reduce(0) { $0 + $1.duration }
            print("\(file): \(fixed(seconds, 2)) s of speech detected in \(fixed(duration, 2)) s")
        }
    }
}
