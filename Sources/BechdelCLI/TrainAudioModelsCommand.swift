import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli train-audio-models`: rebuilds every shipped audio model from a labelled audio manifest,
/// deterministically, by calling each model's trainer. See docs/MODELS.md.
struct TrainAudioModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-audio-models",
        abstract: "Rebuild the shipped audio models (speech activity, sex, diarization background) from a manifest.")

    @Option(help: "Audio manifest (CSV: path,kind,speaker,sex), e.g. training/audio_train.csv.")
    var manifest: String

    @Option(name: .shortAndLong, help: "Directory to write the models to, e.g. Sources/DSPKit/Models.")
    var output: String

    @Option(help: "Worker threads (the models do not depend on it).")
    var threads: Int = 1

    @Flag(help: "Print progress on stderr.")
    var verbose = false

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure.input(output, "output directory does not exist")
        }
        let list = try AudioManifest(contentsOf: manifest)
        let log: (String) -> Void = { line in if verbose { FileHandle.standardError.write(Data((line + "\n").utf8)) } }

        // Diarization background model.
        let options = DiarizationOptions()
        let ubm = try BackgroundModelTrainer.train(manifest: list, options: options, threads: threads, log: log)
        let speakers = Set(list.entries(of: .speech).compactMap(\.speaker)).count
        let notes = "trained by bechdelcli train-audio-models on \(list.entries(of: .speech).count) speech files of \(speakers) speakers"
        let path = URL(fileURLWithPath: output).appendingPathComponent("diarization.model").path
        try BackgroundModelTrainer.container(ubm, options: options, notes: notes).write(to: path)
        log("wrote \(path)")
    }
}
