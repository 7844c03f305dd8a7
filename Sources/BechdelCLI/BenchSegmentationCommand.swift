import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli bench segmentation`: throughput of the speaker segmentation network (our C forward pass) on a
/// seeded random batch of 10 s windows, per thread count, optionally side by side with the PyTorch reference
/// (`scripts/bench_segmentation_torch.py`, same batch shape) for BENCHMARKS.md.
struct BenchSegmentationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segmentation",
        abstract: "Measure segmentation-network throughput on random 10 s windows (windows/s, × real time, GFLOP/s).")

    @Option(help: "Windows in the batch (the default makes two batches of 16, one per thread with 2 threads).")
    var windows = 32
    @Option(help: "Samples per window (16 kHz; default the model's 160000 = 10 s).") var samples: Int?
    @Option(help: "Comma-separated thread counts.") var threads = "1,2"
    @Option(help: "Timed runs per thread count (the best is reported).") var repetitions = 5
    @Option(help: "Seed of the random input.") var seed: UInt64 = 1
    @Option(help: "Most windows per batch of the C forward pass.")
    var batchWindows = SegmentationNetworkOptions().maxWindowsPerBatch
    @Option(help: "Comma-separated matrix kernels to time: automatic, blas, avx512.") var kernels = "automatic"
    @Option(help: "Windows of a film, for the time estimate (2 hours with a window every 5 s: 1440).")
    var filmWindows = 1440
    @Option(help: "Python interpreter with torch: also time the PyTorch reference on the same batch shape.")
    var torch: String?
    @Option(help: "The PyTorch benchmark script.") var torchScript = "scripts/bench_segmentation_torch.py"

    func validate() throws {
        guard windows >= 1, windows <= 4096, repetitions >= 1, batchWindows >= 1, batchWindows <= 1024, filmWindows >= 1 else {
            throw ValidationError("windows (≤ 4096), repetitions, batch windows (≤ 1024) and film windows must be positive")
        }
        if let s = samples, !(s >= 991 && s <= 16_000 * 60) {
            throw ValidationError("--samples must be 991...960000 (at least one frame, at most a minute)")
        }
        _ = try NetworkBenchmark.threadCounts(threads)
        _ = try NetworkBenchmark.kernels(kernels)
    }

    func run() throws {
        let model = try SegmentationModel.shipped()
        let length = samples ?? model.windowSamples
        let options = SegmentationNetworkOptions(maxWindowsPerBatch: batchWindows)
        let batcher = SegmentationNetwork(model: model, windowSamples: length, options: options)
        // Gaussian noise, standard deviation 0.1 (Box-Muller on the seeded generator), as the PyTorch script.
        let input = NetworkBenchmark.randomWindows(count: windows, length: length, seed: seed) { Float(0.1 * $0 * $1) }
        let macs = model.multiplyAccumulates(windows: windows, windowSamples: length)
        let audio = Double(windows * length) / Double(model.sampleRate)
        let batches = batcher.batches(count: windows)
        print(String(format: "segmentation: %d windows × %d samples (%d frames) = %.1f s of audio, %.2f GFLOP (2 × multiply-adds of a direct implementation)",
                     windows, length, batcher.framesPerWindow, audio, 2 * macs / 1e9))
        print("batches: \(batches.count) of ≤ \(batchWindows) windows; best of \(repetitions)")
        if let most = try NetworkBenchmark.threadCounts(threads).max(), batches.count < most {
            print("note: \(batches.count) batch\(batches.count == 1 ? "" : "es") for up to \(most) threads: a batch runs on one "
                + "thread, so some stay idle (more --windows or a smaller --batch-windows)")
        }
        print("implementation              threads    best s    windows/s   × real time    GFLOP/s")
        func row(_ name: String, _ threads: Int, _ seconds: Double) {
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0)
                + String(format: " %8d %9.3f %12.1f %13.1f %10.1f", threads, seconds, Double(windows) / seconds,
                         audio / seconds, 2 * macs / seconds / 1e9))
        }

        // Best time per kernels and thread count.
        let ours = NetworkBenchmark.timeOurs(kernels: try NetworkBenchmark.kernels(kernels),
                                             threadCounts: try NetworkBenchmark.threadCounts(threads),
                                             repetitions: repetitions, row: row) { k, n in
            var o = options
            o.kernels = k
            let network = SegmentationNetwork(model: model, windowSamples: length, options: o)
            let scratch = NetworkScratch()
            return { network.probabilities(input, threads: n, scratch: scratch) }
        }
        for mine in ours {
            let seconds = Double(filmWindows) * mine.seconds / Double(windows)
            print(String(format: "%@, %d thread%@: %d windows (a 2-hour film, one every 5 s) in about %.1f s",
                         mine.name, mine.threads, mine.threads == 1 ? "" : "s", filmWindows, seconds))
        }

        guard let python = torch else { return }
        try NetworkBenchmark.compareWithTorch(python: python, script: torchScript, batch: ["--windows", "\(windows)", "--samples", "\(length)"],
                                              threads: threads, repetitions: repetitions, seed: seed, ours: ours, row: row)
        print("(GFLOP/s of both from the same count of a direct implementation; ours does half of the SincNet filterbank's, "
            + "from the filters' symmetry; PyTorch runs the whole batch with intra-op threads)")
    }
}
