import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli bench embedding`: throughput of the CAM++ speaker embedding (our C forward pass) on a seeded
/// random batch of fbank windows, per thread count, optionally side by side with the PyTorch reference
/// (`scripts/bench_campplus_torch.py`, same batch shape) for BENCHMARKS.md.
struct BenchEmbeddingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embedding",
        abstract: "Measure CAM++ speaker-embedding throughput on random fbank windows (× real time, GFLOP/s).")

    @Option(help: "Windows in the batch.") var windows = 64
    @Option(help: "Fbank frames per window (10 ms each).") var frames = 150
    @Option(help: "Comma-separated thread counts.") var threads = "1,2"
    @Option(help: "Timed runs per thread count (the best is reported).") var repetitions = 5
    @Option(help: "Seed of the random input.") var seed: UInt64 = 1
    @Option(help: "Most windows per batch of the C forward pass.") var batchWindows = CAMPlusEmbedderOptions().maxWindowsPerBatch
    @Option(help: "Most frames per batch of the C forward pass.") var batchFrames = CAMPlusEmbedderOptions().maxFramesPerBatch
    @Option(help: "Comma-separated matrix kernels to time: automatic, blas, avx512.") var kernels = "automatic"
    @Option(help: "Python interpreter with torch: also time the PyTorch reference on the same batch shape.")
    var torch: String?
    @Option(help: "The PyTorch benchmark script.") var torchScript = "scripts/bench_campplus_torch.py"

    func validate() throws {
        guard windows >= 1, windows <= 100_000, frames >= 1, frames <= 100_000, repetitions >= 1,
              batchWindows >= 1, batchFrames >= 1, batchFrames <= 1_000_000 else {
            throw ValidationError("windows, frames, repetitions and batch limits must be positive (and not huge)")
        }
        _ = try NetworkBenchmark.threadCounts(threads)
        _ = try NetworkBenchmark.kernels(kernels)
    }

    func run() throws {
        let model = try CAMPlusModel.shipped()
        let options = CAMPlusEmbedderOptions(maxWindowsPerBatch: batchWindows, maxFramesPerBatch: batchFrames)
        let batcher = CAMPlusEmbedder(model: model, options: options)
        // Fbank-like input: -8 + 3 N(0, 1) per value (Box-Muller on the seeded generator).
        let input = NetworkBenchmark.randomWindows(count: windows, length: frames * model.featureDimension, seed: seed) {
            Float(-8 + 3 * $0 * $1)
        }
        let lengths = [Int](repeating: frames, count: windows)
        let macs = model.multiplyAccumulates(frames: lengths)
        let audio = Double(windows * frames) * 0.01
        let batches = batcher.batches(frames: lengths)
        print(String(format: "CAM++: %d windows × %d frames = %.1f s of audio, %.2f GFLOP (2 × multiply-adds, CAM context per segment)",
                     windows, frames, audio, 2 * macs / 1e9))
        print("batches: \(batches.count) of ≤ \(batchWindows) windows and ≤ \(batchFrames) frames; best of \(repetitions)")
        print("implementation              threads    best s   × real time    GFLOP/s")
        func row(_ name: String, _ threads: Int, _ seconds: Double) {
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0)
                + String(format: " %8d %9.3f %12.1f %10.1f", threads, seconds, audio / seconds, 2 * macs / seconds / 1e9))
        }

        // Best time per kernels and thread count.
        let ours = NetworkBenchmark.timeOurs(kernels: try NetworkBenchmark.kernels(kernels),
                                             threadCounts: try NetworkBenchmark.threadCounts(threads),
                                             repetitions: repetitions, row: row) { k, n in
            var o = options
            o.kernels = k
            let embedder = CAMPlusEmbedder(model: model, options: o)
            return { embedder.embed(input, threads: n) }
        }

        guard let python = torch else { return }
        try NetworkBenchmark.compareWithTorch(python: python, script: torchScript, batch: ["--windows", "\(windows)", "--frames", "\(frames)"],
                                              threads: threads, repetitions: repetitions, seed: seed, ours: ours, row: row)
        print("(GFLOP/s of both from the same count; the script's own figure counts the CAM context layers per frame, as PyTorch runs them)")
    }
}
