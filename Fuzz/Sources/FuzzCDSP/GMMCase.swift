import CDSP
import DSPKit
import FuzzSupport

/// GMM scoring and accumulation (`cdsp_gmm_*` through `DiagonalGMM` and `GMMStatistics`) with hostile frames
/// (NaN, ±Inf, denormals, huge) and any parameters a model file may hold (finite, positive weights and variances,
/// however tiny or huge), and `cdsp_gmm_accumulate` directly with hostile posteriors and thresholds. Posteriors
/// of a frame with a finite likelihood must sum to 1.
enum GMMCase {
    static func hostileScoring(_ input: inout FuzzInput) {
        let k = input.int(in: 1...40), d = input.int(in: 1...24), n = input.int(in: 0...40)
        func positive(_ input: inout FuzzInput) -> Float {
            let v = abs(input.hostileFloat())
            return v.isFinite && v > 0 ? v : 1
        }
        let weights = (0..<k).map { _ in positive(&input) }
        let means = (0..<(k * d)).map { _ -> Float in let v = input.hostileFloat(); return v.isFinite ? v : 0 }
        let variances = (0..<(k * d)).map { _ in positive(&input) }
        let gmm = DiagonalGMM(weights: weights, means: means, variances: variances)
        let frames = FeatureMatrix(rows: n, cols: d, data: input.hostileFloats(n * d))
        let logLikelihoods = gmm.frameLogLikelihoods(frames)
        _ = gmm.componentLogLikelihoods(frames)
        let (posteriors, _) = gmm.posteriors(frames)
        for i in 0..<n where logLikelihoods[i].isFinite {
            let row = posteriors[(i * k)..<((i + 1) * k)]
            let sum = row.reduce(0.0) { $0 + Double($1) }
            precondition(row.allSatisfy { $0 >= 0 && $0 <= 1 } && abs(sum - 1) < 1e-3, "posteriors of frame \(i) sum to \(sum)")
        }
        _ = gmm.averageLogLikelihood(frames)
        _ = GMMStatistics.accumulate(frames, under: gmm, withSecond: true, minPosterior: abs(input.hostileFloat()))

        // The accumulation loop on its own, with posteriors that no GMM would give.
        let post = input.hostileFloats(n * k)
        var occupancy = [Double](repeating: 0, count: k), first = [Double](repeating: 0, count: k * d)
        var second = [Double](repeating: 0, count: k * d)
        let minimum = abs(input.hostileFloat()), useSecond = input.bool()
        frames.data.withUnsafeBufferPointer { x in
            post.withUnsafeBufferPointer { p in
                second.withUnsafeMutableBufferPointer { s in
                    cdsp_gmm_accumulate(x.baseAddress, n, d, p.baseAddress, k, minimum.isNaN ? 0 : minimum,
                                        &occupancy, &first, useSecond ? s.baseAddress : nil)
                }
            }
        }
    }
}
