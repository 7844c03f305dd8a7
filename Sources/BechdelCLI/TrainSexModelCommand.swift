import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli models train-sex`: rebuilds the sex model (`Sources/DSPKit/Models/sex.model`) from a manifest
/// of labelled speech, deterministically (see docs/MODELS.md).
struct TrainSexModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-sex",
        abstract: "Train the per-speaker sex classifier from a manifest of labelled speech.")

    @Option(help: "Manifest CSV (path,kind,speaker,sex); its speech entries are used.") var manifest: String
    @Option(name: [.short, .customLong("output")], help: "Model file to write.") var output: String
    @Option(help: "Components of the GMMs.") var components = SexClassifierOptions().components
    @Option(name: .customLong("augmentation-snr"), help: "SNR (dB) of the music-mixed training copies, cycling over files (repeatable).")
    var augmentationSNRs: [Double] = SexClassifierOptions().augmentationSNRs
    @Option(help: ArgumentHelp("Speaker embedding whose embeddings the model also learns from (default: the shipped Models/campplus.model).",
                               valueName: "file"))
    var embeddingModel: String?
    @Flag(help: "Train without the speaker-embedding cue (GMM and F0 only).") var noEmbedding = false
    @Option(help: "Random seed.") var seed: UInt64 = SexClassifierOptions().seed
    @Option(help: "Worker threads (the model does not depend on it).") var threads = 1
    @Flag(help: "Do not print progress.") var quiet = false

    func validate() throws {
        guard components >= 1 else { throw ValidationError("--components must be positive") }
        try WorkerCount.check(threads, "--threads")
    }

    func run() throws {
        let list: AudioManifest
        do { list = try AudioManifest(contentsOf: manifest) } catch let e as TextFileError {
            throw CommandFailure(message: e.description, exitCode: ExitStatus.inputError)
        }
        var options = SexClassifierOptions()
        options.components = components
        options.seed = seed
        options.augmentationSNRs = augmentationSNRs
        let log: ((String) -> Void)? = quiet ? nil : { fputs($0 + "\n", stderr) }
        let embedder = noEmbedding ? nil
            : CAMPlusEmbedder(model: try embeddingModel.map { try CAMPlusModel(contentsOf: $0) } ?? CAMPlusModel.shipped())
        let container = try SexModelTrainer.train(manifest: list, options: options, embedder: embedder, threads: threads, log: log)
        try container.write(to: output)
        if !quiet { fputs("wrote \(output)\n", stderr) }
    }
}
