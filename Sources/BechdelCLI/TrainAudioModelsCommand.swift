import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli train-audio-models`: rebuilds every shipped audio model from a labelled audio manifest,
/// deterministically, by calling each model's trainer. See docs/MODELS.md.
struct TrainAudioModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-audio-models",
        abstract: "Rebuild the shipped audio models (speech activity, sex, diarization background + speaker embedding) from a manifest.")

    @Option(help: "Audio manifest (CSV: path,kind,speaker,sex), e.g. training/audio_train.csv.")
    var manifest: String

    @Option(help: ArgumentHelp("Simulated scenes with reference RTTMs (scenes.csv) that train the speaker embedding, e.g. out/embedding-train/scenes.csv.",
                               discussion: "Build them with: python3 scripts/simulate_scenes.py --set embedding"))
    var embeddingScenes: String?

    @Option(help: "Models to rebuild, comma-separated: sad, sex, diarization.")
    var models: String = "sad,sex,diarization"

    @Option(help: "i-vector dimension of the speaker embedding.")
    var embeddingRank: Int = SpeakerEmbeddingTrainer.Options().rank

    @Option(help: "Dimension of the speaker embedding after LDA (at most the i-vector dimension).")
    var embeddingDimension: Int = SpeakerEmbeddingTrainer.Options().dimension

    @Option(help: "Deltas appended to the diarization features (regression half-width in frames, 0 for none).")
    var backgroundDeltas: Int = DiarizationOptions().backgroundDeltaWindow

    @Flag(help: "Train the diarization background model on the embedding scenes' speech instead of the manifest's clean speech.")
    var backgroundFromScenes = false

    @Flag(help: "Keep the background model of the existing diarization.model in the output directory and retrain only the speaker embedding.")
    var reuseBackground = false

    @Option(name: .shortAndLong, help: "Directory to write the models to, e.g. Sources/DSPKit/Models.")
    var output: String

    @Option(help: "Worker threads (the models do not depend on it).")
    var threads: Int = 1

    @Flag(help: "Print progress on stderr.")
    var verbose = false

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if embeddingRank < 1 || embeddingRank > 1000 { throw ValidationError("--embedding-rank must be 1...1000") }
        if embeddingDimension < 1 || embeddingDimension > embeddingRank { throw ValidationError("--embedding-dimension must be 1...--embedding-rank") }
        let unknown = selectedModels.subtracting(["sad", "sex", "diarization"])
        if !unknown.isEmpty { throw ValidationError("unknown model(s) in --models: \(unknown.sorted().joined(separator: ", "))") }
        if selectedModels.isEmpty { throw ValidationError("--models names no model") }
        if selectedModels.contains("diarization") && embeddingScenes == nil {
            throw ValidationError("--embedding-scenes is required to rebuild the diarization model (make them with: python3 scripts/simulate_scenes.py --set embedding)")
        }
    }

    var selectedModels: Set<String> {
        Set(models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure.input(output, "output directory does not exist")
        }
        let list = try AudioManifest(contentsOf: manifest)
        let log: (String) -> Void = { line in if verbose { FileHandle.standardError.write(Data((line + "\n").utf8)) } }

        func destination(_ name: String) -> String { URL(fileURLWithPath: output).appendingPathComponent(name).path }

        let selected = selectedModels

        // Speech activity detection.
        if selected.contains("sad") {
            log("speech activity model…")
            try SpeechActivityTrainer.train(manifest: list, seed: 1, threads: threads, log: log).write(to: destination("sad.model"))
            log("wrote \(destination("sad.model"))")
        }

        // Sex classifier.
        if selected.contains("sex") {
            log("sex model…")
            try SexModelTrainer.train(manifest: list, threads: threads, log: log).write(to: destination("sex.model"))
            log("wrote \(destination("sex.model"))")
        }

        // Diarization: background model, then the speaker embedding over its statistics.
        if selected.contains("diarization"), let embeddingScenes {
            let scenes = try SceneList(contentsOf: embeddingScenes)
            var options = DiarizationOptions()
            options.backgroundDeltaWindow = backgroundDeltas
            let path = destination("diarization.model")
            let ubm: DiagonalGMM
            if reuseBackground {
                let existing = try BackgroundModelTrainer.load(path: path)
                ubm = existing.ubm
                options.backgroundColumns = existing.features.columns
                options.backgroundDeltaWindow = existing.features.deltaWindow
                log("reusing the background model of \(path)")
            } else if backgroundFromScenes {
                ubm = try BackgroundModelTrainer.train(scenes: scenes, options: options, threads: threads, log: log)
            } else {
                ubm = try BackgroundModelTrainer.train(manifest: list, options: options, threads: threads, log: log)
            }
            var embeddingOptions = SpeakerEmbeddingTrainer.Options()
            embeddingOptions.rank = embeddingRank
            embeddingOptions.dimension = embeddingDimension
            let embedder = try SpeakerEmbeddingTrainer.train(scenes: scenes, ubm: ubm, features: options.backgroundFeatures,
                                                             options: embeddingOptions, threads: threads, log: log)
            let speakers = Set(list.entries(of: .speech).compactMap(\.speaker)).count
            let notes = "trained by bechdelcli train-audio-models: background model on \(list.entries(of: .speech).count) speech files of \(speakers) speakers; "
                + "speaker embedding (rank \(embedder.extractor.rank), \(embedder.projection.dimension) dimensions) on \(scenes.scenes.count) scenes"
            try BackgroundModelTrainer.container(ubm, options: options, embedder: embedder, notes: notes).write(to: path)
            log("wrote \(path)")
        }
    }
}
