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

    func threadCounts() throws -> [Int] {
        let list = threads.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 256 }) else {
            throw ValidationError("--threads must be a comma-separated list of counts between 1 and 256")
        }
        return list.map { $0! }
    }

    func kernelList() throws -> [CAMPlusKernels] {
        let list = kernels.split(separator: ",").map { CAMPlusKernels(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--kernels must be a comma-separated list of: \(CAMPlusKernels.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for k in list where !k!.isAvailable {
            throw ValidationError("--kernels \(k!.rawValue) is not available on this machine")
        }
        return list.map { $0! }
    }

    func validate() throws {
        guard windows >= 1, windows <= 100_000, frames >= 1, frames <= 100_000, repetitions >= 1,
              batchWindows >= 1, batchFrames >= 1, batchFrames <= 1_000_000 else {
            throw ValidationError("windows, frames, repetitions and batch limits must be positive (and not huge)")
        }
        _ = try threadCounts()
        _ = try kernelList()
    }

    func run() throws {
        let model = try CAMPlusModel.shipped()
        let options = CAMPlusEmbedderOptions(maxWindowsPerBatch: batchWindows, maxFramesPerBatch: batchFrames)
        let batcher = CAMPlusEmbedder(model: model, options: options)
        // Fbank-like input: -8 + 3 N(0, 1) per value (Box-Muller on the seeded generator).
        var rng = SeededGenerator(seed: seed)
        let f = model.featureDimension
        let input: [[Float]] = (0..<windows).map { _ in
            (0..<(frames * f)).map { _ in
                let u = max(rng.nextUnit(), 1e-300), v = rng.nextUnit()
                return Float(-8 + 3 * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
            }
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
        var ours: [(name: String, threads: Int, seconds: Double)] = []
        for k in try kernelList() {
            var o = options
            o.kernels = k
            let embedder = CAMPlusEmbedder(model: model, options: o)
            let name = "bechdelcli " + (k == .automatic ? "auto → \(k.resolved!.rawValue)" : k.rawValue)
            var reference: [[Float]]? = nil
            var identical = true
            let counts = try threadCounts()
            for n in counts {
                var out = embedder.embed(input, threads: n)  // warm-up
                var best = Double.infinity
                for _ in 0..<repetitions {
                    let start = DispatchTime.now().uptimeNanoseconds
                    out = embedder.embed(input, threads: n)
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                if let r = reference { identical = identical && r == out } else { reference = out }
                ours.append((name, n, best))
                row(name, n, best)
            }
            if counts.count > 1 { print("\(name): output identical for every thread count: \(identical ? "yes" : "NO")") }
        }

        guard let python = torch else { return }
        let rows = try runTorch(python: python)
        for r in rows {
            guard let n = r["threads"] as? Int, let seconds = r["best_seconds"] as? Double else { continue }
            row("pytorch \(r["torch"] as? String ?? "")", n, seconds)
        }
        for r in rows {
            guard let n = r["threads"] as? Int, let seconds = r["best_seconds"] as? Double else { continue }
            for mine in ours where mine.threads == n {
                print(String(format: "%d thread%@: %@ has %.2f× PyTorch's throughput", n, n == 1 ? "" : "s",
                             mine.name, seconds / mine.seconds))
            }
        }
        print("(GFLOP/s of both from the same count; the script's own figure counts the CAM context layers per frame, as PyTorch runs them)")
    }

    /// Runs the PyTorch benchmark with `--json` and returns its rows.
    private func runTorch(python: String) throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: torchScript) else {
            throw CommandFailure.input(torchScript, "PyTorch benchmark script not found (run from the repository root or pass --torch-script)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, torchScript, "--json", "--windows", "\(windows)", "--frames", "\(frames)",
                             "--threads", threads, "--repeats", "\(repetitions)", "--seed", "\(seed)"]
        let stdout = Pipe()
        process.standardOutput = stdout
        do { try process.run() } catch {
            throw CommandFailure.runtime(python, "cannot start the PyTorch benchmark (\(error.localizedDescription))")
        }
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure.runtime(torchScript, "PyTorch benchmark failed (exit status \(process.terminationStatus))")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let rows = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        guard !rows.isEmpty else { throw CommandFailure.runtime(torchScript, "PyTorch benchmark printed no JSON rows") }
        return rows
    }
}
