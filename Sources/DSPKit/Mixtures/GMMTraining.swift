import Foundation
import SeededRandom

/// Maximum-likelihood training of diagonal GMMs: seeded k-means++ initialisation on a sample of the
/// frames, Lloyd iterations, then EM with a variance floor over all frames. Deterministic for a seed and
/// independent of the thread count (statistics are summed in fixed chunk order, see `GMMStatistics`).
extension DiagonalGMM {
    /// Trains a model with `components` components (the contract's signature; see `train(_:options:threads:)`).
    public static func train(_ frames: FeatureMatrix, components: Int, iterations: Int = 20,
                             varianceFloor: Float = 1e-3, seed: UInt64 = 1, threads: Int = 1) -> DiagonalGMM {
        train(frames, options: GMMTrainingOptions(components: components, iterations: iterations,
                                                  varianceFloor: varianceFloor, seed: seed), threads: threads)
    }

    /// Trains a model.
    /// - Precondition: `frames.rows ≥ 1`, `options.components ≥ 1`, finite frames.
    /// - Parameter iterationLog: called after each EM iteration with (iteration, average frame
    ///   log-likelihood under the model *before* that iteration's update).
    public static func train(_ frames: FeatureMatrix, options: GMMTrainingOptions, threads: Int = 1,
                             iterationLog: ((Int, Double) -> Void)? = nil) -> DiagonalGMM {
        precondition(frames.rows >= 1 && frames.cols >= 1, "GMM training needs at least one frame")
        precondition(options.components >= 1, "GMM training needs at least one component")
        var gmm = kMeansInitialization(frames, options: options)
        for it in 0..<options.iterations {
            let stats = GMMStatistics.accumulate(frames, under: gmm, withSecond: true, threads: threads)
            iterationLog?(it, stats.logLikelihood / Double(stats.frames))
            gmm = maximization(stats, previous: gmm, options: options)
        }
        return gmm
    }

    /// The M step: new weights, means and floored variances from the statistics.
    static func maximization(_ s: GMMStatistics, previous: DiagonalGMM, options: GMMTrainingOptions) -> DiagonalGMM {
        let k = s.components, d = s.dimension
        let floor = Double(options.varianceFloor)
        var w = [Float](repeating: 0, count: k)
        var m = previous.means, v = previous.variances
        let n = Double(s.frames)
        for c in 0..<k {
            let occ = s.occupancy[c]
            if occ < options.minOccupancy {
                w[c] = Float(max(occ, options.minOccupancy) / n)
                continue
            }
            w[c] = Float(occ / n)
            for j in 0..<d {
                let mean = s.first[c * d + j] / occ
                let variance = s.second[c * d + j] / occ - mean * mean
                m[c * d + j] = Float(mean)
                v[c * d + j] = Float(max(variance, floor))
            }
        }
        return DiagonalGMM(weights: w.map { max($0, Float.leastNormalMagnitude) }, means: m, variances: v)
    }

    /// Seeded k-means++ seeding and Lloyd iterations on a sample; variances from the final clusters.
    static func kMeansInitialization(_ frames: FeatureMatrix, options: GMMTrainingOptions) -> DiagonalGMM {
        var rng = SeededGenerator(state: options.seed)
        let d = frames.cols, k = options.components
        // Seeded sample without replacement (partial Fisher–Yates), kept in frame order.
        let sampleCount = min(frames.rows, max(options.initializationFrames, k))
        var indices = Array(0..<frames.rows)
        if sampleCount < frames.rows {
            for i in 0..<sampleCount {
                let j = i + rng.index(below: frames.rows - i)
                indices.swapAt(i, j)
            }
            indices = Array(indices[0..<sampleCount]).sorted()
        }
        var x = [Float](repeating: 0, count: sampleCount * d)
        for (i, row) in indices.enumerated() {
            for j in 0..<d { x[i * d + j] = frames.data[row * d + j] }
        }
        let n = sampleCount

        // Global variance, used to scale distances and for clusters too small to estimate their own.
        var globalMean = [Double](repeating: 0, count: d), globalVar = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { globalMean[j] += Double(x[i * d + j]) } }
        for j in 0..<d { globalMean[j] /= Double(n) }
        for i in 0..<n { for j in 0..<d { let t = Double(x[i * d + j]) - globalMean[j]; globalVar[j] += t * t } }
        for j in 0..<d { globalVar[j] = max(globalVar[j] / Double(n), Double(options.varianceFloor)) }

        // k-means++ seeding: first centre uniform, then proportional to squared distance.
        var centres = [Float](repeating: 0, count: k * d)
        var dist = [Double](repeating: .infinity, count: n)
        var chosen = rng.index(below: n)
        for c in 0..<k {
            for j in 0..<d { centres[c * d + j] = x[chosen * d + j] }
            var total = 0.0
            for i in 0..<n {
                var s = 0.0
                for j in 0..<d { let t = Double(x[i * d + j] - centres[c * d + j]); s += t * t }
                if s < dist[i] { dist[i] = s }
                total += dist[i]
            }
            if c + 1 == k { break }
            // Fewer distinct frames than components leave no distance to draw by.
            chosen = total > 0 ? rng.index(weights: dist, total: total) : rng.index(below: n)
        }

        // Lloyd iterations, nearest centre by the C kernel (equal weights, unit variances).
        var assignment = [Int](repeating: 0, count: n)
        let sampleMatrix = FeatureMatrix(rows: n, cols: d, data: x)
        for _ in 0...max(0, options.kMeansIterations) {
            let unit = DiagonalGMM(weights: [Float](repeating: 1, count: k), means: centres,
                                   variances: [Float](repeating: 1, count: k * d))
            assignment = nearest(sampleMatrix, unit)
            var sums = [Double](repeating: 0, count: k * d), counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                let c = assignment[i]
                counts[c] += 1
                for j in 0..<d { sums[c * d + j] += Double(x[i * d + j]) }
            }
            for c in 0..<k where counts[c] > 0 {
                for j in 0..<d { centres[c * d + j] = Float(sums[c * d + j] / Double(counts[c])) }
            }
        }

        var counts = [Int](repeating: 0, count: k)
        var sq = [Double](repeating: 0, count: k * d)
        for i in 0..<n {
            let c = assignment[i]
            counts[c] += 1
            for j in 0..<d { let t = Double(x[i * d + j] - centres[c * d + j]); sq[c * d + j] += t * t }
        }
        var weights = [Float](repeating: 0, count: k), variances = [Float](repeating: 0, count: k * d)
        for c in 0..<k {
            weights[c] = Float(max(counts[c], 1)) / Float(n + k)
            for j in 0..<d {
                let v = counts[c] >= 2 ? sq[c * d + j] / Double(counts[c]) : globalVar[j]
                variances[c * d + j] = Float(max(v, Double(options.varianceFloor)))
            }
        }
        return DiagonalGMM(weights: weights, means: centres, variances: variances)
    }

    /// Index of the most likely component of each frame (ties to the lowest index).
    static func nearest(_ frames: FeatureMatrix, _ gmm: DiagonalGMM) -> [Int] {
        let k = gmm.components
        var result = [Int](repeating: 0, count: frames.rows)
        var start = 0
        while start < frames.rows {
            let end = min(frames.rows, start + 4096)
            let ll = gmm.componentLogLikelihoods(frames, rows: start..<end)
            for i in 0..<(end - start) {
                var best = 0
                var bestValue = ll[i * k]
                for c in 1..<max(k, 1) where ll[i * k + c] > bestValue { best = c; bestValue = ll[i * k + c] }
                result[start + i] = best
            }
            start = end
        }
        return result
    }
}
