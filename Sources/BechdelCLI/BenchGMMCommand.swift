import ArgumentParser
import DSPKit
import Foundation
import SeededRandom

/// `bechdelcli bench gmm`: throughput of diagonal-GMM scoring (the hot loop of speech detection,
/// clustering and sex classification) and of EM statistics accumulation, on seeded random data.
struct BenchGMMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gmm",
        abstract: "Measure GMM scoring and EM-statistics throughput on random data.")

    @Option(help: "Mixture components.") var components = 256
    @Option(help: "Feature dimension.") var dimension = 60
    @Option(help: "Frames scored per repetition.") var frames = 100_000
    @Option(help: "Repetitions (the best is reported).") var repetitions = 3
    @Option(help: "Threads for EM statistics.") var threads = 1

    func validate() throws {
        guard components >= 1, dimension >= 1, frames >= 1, repetitions >= 1 else {
            throw ValidationError("components, dimension, frames and repetitions must be positive")
        }
        try WorkerCount.check(threads, "--threads")
    }

    func run() throws {
        var rng = SeededGenerator(state: 1)
        let gmm = DiagonalGMM(
            weights: (0..<components).map { _ in Float(0.5 + rng.unit()) },
            means: (0..<(components * dimension)).map { _ in Float(rng.unit() * 4 - 2) },
            variances: (0..<(components * dimension)).map { _ in Float(0.5 + rng.unit()) })
        let x = FeatureMatrix(rows: frames, cols: dimension,
                              data: (0..<(frames * dimension)).map { _ in Float(rng.unit() * 4 - 2) })
        func best(_ body: () -> Double) -> Double {
            var t = Double.infinity
            for _ in 0..<repetitions {
                let start = DispatchTime.now().uptimeNanoseconds
                let check = body()
                t = min(t, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                if !check.isFinite { print("warning: non-finite result") }
            }
            return t
        }
        let work = Double(frames) * Double(components) * Double(dimension)
        let score = best { gmm.averageLogLikelihood(x) }
        let stats = best { GMMStatistics.accumulate(x, under: gmm, threads: threads).logLikelihood }
        print("GMM \(components) components × \(dimension) dims, \(frames) frames, best of \(repetitions)")
        print(String(format: "scoring:       %.3f s  %.0f frames/s  %.2f G frame·component·dim/s  (%.0f× real time at 100 frames/s)",
                     score, Double(frames) / score, work / score / 1e9, Double(frames) / score / 100))
        print(String(format: "EM statistics: %.3f s  %.0f frames/s  %.2f G frame·component·dim/s  (threads %d)",
                     stats, Double(frames) / stats, work / stats / 1e9, threads))
    }
}
