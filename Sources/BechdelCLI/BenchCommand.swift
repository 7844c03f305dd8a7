import ArgumentParser

/// `bechdelcli bench`: throughput measurements of each stage, in-process, for BENCHMARKS.md.
/// Whole-command memory is measured from outside with `/usr/bin/time -v`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of the audio front end, the speaker embedding, the segmentation network and the predictor.",
        subcommands: [
            BenchGMMCommand.self,
            BenchEmbeddingCommand.self,
            BenchSegmentationCommand.self,
            BenchFrontendCommand.self,
            BenchPredictorCommand.self,
        ]
    )
}
