import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli train-sad-model`: rebuilds the speech activity model from an audio manifest.
struct TrainSADCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-sad-model",
        abstract: "Train the speech/music/noise models of speech activity detection from an audio manifest.",
        discussion: "The shipped model is rebuilt with: bechdelcli train-sad-model --manifest training/audio_train.csv -o Sources/DSPKit/Models/sad.model"
    )

    @Option(name: .long, help: "Audio manifest (CSV path,kind,speaker,sex).")
    var manifest: String

    @Option(name: .shortAndLong, help: "Output model file.")
    var output: String

    @Option(name: .long, help: "Random seed of the training mixes and of EM.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Worker threads (the model does not depend on it).")
    var threads: Int = 1

    @Option(name: .long, help: "Gaussian components per class.")
    var components: Int = SpeechActivityOptions().componentsPerClass

    @Option(name: .long, help: "Most frames per class model.")
    var maxFrames: Int = SpeechActivityOptions().maxFramesPerClass

    @Flag(name: .long, help: "Print progress on stderr.")
    var verbose = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        // an absolute path, so the manifest's relative entries resolve against its own directory
        let path = manifest.hasPrefix("/") ? manifest : FileManager.default.currentDirectoryPath + "/" + manifest
        let list = try AudioManifest(contentsOf: path)
        var options = SpeechActivityOptions()
        options.componentsPerClass = components
        options.maxFramesPerClass = maxFrames
        if let problem = options.problem { throw CommandFailure.input(manifest, problem) }
        let model = try SpeechActivityTrainer.train(manifest: list, options: options, seed: seed, threads: threads,
                                                    log: verbose ? { fputs("train-sad-model: \($0)\n", stderr) } : nil)
        try model.write(to: output)
        print("wrote \(output)")
    }
}

extension SpeechActivityTrainer.TrainingError: ReportableError {
    var message: String { description }
    var exitCode: Int32 { ExitStatus.inputError }
}
