import ArgumentParser
import DSPKit
import Foundation
import SeededRandom

/// What `bench embedding` and `bench segmentation` share: the lists of thread counts and kernels to time, the
/// seeded random input, timing our C forward pass per kernels and thread count (one warm-up, the best of the
/// repetitions, a check that every thread count gives the same output), and the PyTorch reference script run
/// side by side.
///
/// Why it exists: both pretrained networks are measured the same way, so that their rows in BENCHMARKS.md
/// compare and a change to the method reaches both.
enum NetworkBenchmark {
    /// One timed configuration of ours: implementation name, thread count, best wall seconds.
    typealias Timing = (name: String, threads: Int, seconds: Double)

    /// `--threads`: comma-separated counts between 1 and 256.
    static func threadCounts(_ text: String) throws -> [Int] {
        let list = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ WorkerCount.range.contains($0 ?? 0) }) else {
            throw ValidationError("--threads must be a comma-separated list of counts between \(WorkerCount.range.lowerBound) and \(WorkerCount.range.upperBound)")
        }
        return list.map { $0! }
    }

    /// `--kernels`: comma-separated `MatrixKernels` names, each available on this machine.
    static func kernels(_ text: String) throws -> [MatrixKernels] {
        let list = text.split(separator: ",").map { MatrixKernels(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--kernels must be a comma-separated list of: \(MatrixKernels.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for k in list where !k!.isAvailable {
            throw ValidationError("--kernels \(k!.rawValue) is not available on this machine")
        }
        return list.map { $0! }
    }

    /// `count` windows of `length` values from the seeded generator: `value(r, c)` of a Box-Muller pair, where
    /// r · c is a standard normal sample (r = √(−2 ln u), c = cos 2πv).
    static func randomWindows(count: Int, length: Int, seed: UInt64, _ value: (Double, Double) -> Float) -> [[Float]] {
        var rng = SeededGenerator(state: seed)
        return (0..<count).map { _ in
            (0..<length).map { _ in
                let u = max(rng.unit(), 1e-300), v = rng.unit()
                return value((-2 * log(u)).squareRoot(), cos(2 * Double.pi * v))
            }
        }
    }

    /// Times our forward pass for every kernels and thread count: `prepare(kernels, threads)` returns the call to
    /// time (made once, untimed), which is run once to warm up and then `repetitions` times. Prints a `row` per
    /// configuration and, for several thread counts, whether their outputs were identical. Returns the best times.
    static func timeOurs(kernels: [MatrixKernels], threadCounts: [Int], repetitions: Int,
                         row: (String, Int, Double) -> Void,
                         prepare: (MatrixKernels, Int) -> () -> [[Float]]) -> [Timing] {
        var ours: [Timing] = []
        for k in kernels {
            let name = "bechdelcli " + (k == .automatic ? "auto → \(k.resolved!.rawValue)" : k.rawValue)
            var reference: [[Float]]? = nil
            var identical = true
            for n in threadCounts {
                let run = prepare(k, n)
                var out = run()  // warm-up
                var best = Double.infinity
                for _ in 0..<repetitions {
                    let start = DispatchTime.now().uptimeNanoseconds
                    out = run()
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                if let r = reference { identical = identical && r == out } else { reference = out }
                ours.append((name, n, best))
                row(name, n, best)
            }
            if threadCounts.count > 1 { print("\(name): output identical for every thread count: \(identical ? "yes" : "NO")") }
        }
        return ours
    }

    /// Runs the PyTorch benchmark `script` under `python` on the same batch (`batch`: its shape arguments, e.g.
    /// `--windows 64 --frames 150`), thread counts, repetitions and seed; prints a `row` per thread count it
    /// measured, then how our throughput compares with PyTorch's at the same thread count.
    static func compareWithTorch(python: String, script: String, batch: [String], threads: String, repetitions: Int,
                                 seed: UInt64, ours: [Timing], row: (String, Int, Double) -> Void) throws {
        let arguments = batch + ["--threads", threads, "--repeats", "\(repetitions)", "--seed", "\(seed)"]
        let rows = try runTorch(python: python, script: script, arguments: arguments)
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
    }

    /// Runs the PyTorch benchmark with `--json` and returns its rows.
    private static func runTorch(python: String, script: String, arguments: [String]) throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: script) else {
            throw CommandFailure.input(script, "PyTorch benchmark script not found (run from the repository root or pass --torch-script)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--json"] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        do { try process.run() } catch {
            throw CommandFailure.runtime(python, "cannot start the PyTorch benchmark (\(error.localizedDescription))")
        }
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure.runtime(script, "PyTorch benchmark failed (exit status \(process.terminationStatus))")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let rows = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        guard !rows.isEmpty else { throw CommandFailure.runtime(script, "PyTorch benchmark printed no JSON rows") }
        return rows
    }
}
