import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli models train-audio`: rebuilds every trained audio model (today the sex model) from a labelled
/// audio manifest, deterministically. The speech segmentation and speaker embedding networks are not trained
/// here: they are converted once from their pretrained weights (scripts/convert_segmentation.py,
/// scripts/convert_campplus.py). See docs/MODELS.md.
struct TrainAudioModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-audio",
        abstract: "Rebuild the shipped trained audio models (sex) from a manifest.")

    @Option(help: "Audio manifest (CSV: path,kind,speaker,sex), e.g. training/audio_train.csv.")
    var manifest: String

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
        try WorkerCount.check(threads, "--threads")
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure.input(output, "output directory does not exist")
        }
        let list = try AudioManifest(contentsOf: manifest)
        let log: (String) -> Void = { line in if verbose { FileHandle.standardError.write(Data((line + "\n").utf8)) } }
        let destination = URL(fileURLWithPath: output).appendingPathComponent("sex.model").path
        log("sex model…")
        let embedding = try embeddingModel.map { try CAMPlusModel(contentsOf: $0) } ?? CAMPlusModel.shipped()
        try SexModelTrainer.train(manifest: list, embedder: CAMPlusEmbedder(model: embedding), threads: threads, log: log)
            .write(to: destination)
        log("wrote \(destination)")
    }
}
