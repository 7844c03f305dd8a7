import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli train-audio-models`: rebuilds every shipped audio model from a labelled audio manifest,
/// deterministically, by calling each model's trainer. The speaker embedding is not trained here: it is
/// converted once from its pretrained weights (scripts/convert_campplus.py). See docs/MODELS.md.
struct TrainAudioModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-audio-models",
        abstract: "Rebuild the shipped audio models (speech activity, sex) from a manifest.")

    @Option(help: "Audio manifest (CSV: path,kind,speaker,sex), e.g. training/audio_train.csv.")
    var manifest: String

    @Option(help: "Models to rebuild, comma-separated: sad, sex.")
    var models: String = "sad,sex"

    @Option(help: ArgumentHelp("Speaker embedding whose embeddings the sex model learns from (default: the shipped Models/campplus.model).",
                               valueName: "file"))
    var embeddingModel: String?

    @Option(name: .shortAndLong, help: "Directory to write the models to, e.g. Sources/DSPKit/Models.")
    var output: String

    @Option(help: "Worker threads (the models do not depend on it).")
    var threads: Int = 1

    @Flag(help: "Print progress on stderr.")
    var verbose = false

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        let unknown = selectedModels.subtracting(["sad", "sex"])
        if !unknown.isEmpty { throw ValidationError("unknown model(s) in --models: \(unknown.sorted().joined(separator: ", "))") }
        if selectedModels.isEmpty { throw ValidationError("--models names no model") }
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
            let embedding = try embeddingModel.map { try CAMPlusModel(contentsOf: $0) } ?? CAMPlusModel.shipped()
            try SexModelTrainer.train(manifest: list, embedder: CAMPlusEmbedder(model: embedding), threads: threads, log: log)
                .write(to: destination("sex.model"))
            log("wrote \(destination("sex.model"))")
        }

    }
}
