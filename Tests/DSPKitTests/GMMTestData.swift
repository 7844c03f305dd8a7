import Foundation
import DSPKit
import SeededRandom

/// Synthetic mixtures for the GMM tests: frames drawn from a known diagonal GMM with a seeded generator.
enum GMMTestData {
    /// Standard normal deviate by Box–Muller.
    static func normal(_ rng: inout SeededGenerator) -> Double {
        let u1 = max(rng.unit(), 1e-300), u2 = rng.unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// `n` frames from `gmm`, and the component each came from.
    static func sample(_ gmm: DiagonalGMM, frames n: Int, seed: UInt64) -> (frames: FeatureMatrix, labels: [Int]) {
        var rng = SeededGenerator(state: seed)
        let d = gmm.dimension
        var data = [Float](repeating: 0, count: n * d)
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n {
            var u = rng.unit(), c = 0
            while c < gmm.components - 1 && u >= Double(gmm.weights[c]) { u -= Double(gmm.weights[c]); c += 1 }
            labels[i] = c
            for j in 0..<d {
                data[i * d + j] = Float(Double(gmm.means[c * d + j]) + normal(&rng) * Double(gmm.variances[c * d + j]).squareRoot())
            }
        }
        return (FeatureMatrix(rows: n, cols: d, data: data), labels)
    }

    /// A well-separated three-component mixture in 3 dimensions.
    static let threeComponents = DiagonalGMM(
        weights: [0.5, 0.3, 0.2],
        means: [0, 0, 0,
                6, -4, 2,
                -5, 5, 8],
        variances: [1, 2, 0.5,
                    0.5, 1, 1,
                    2, 0.25, 1])

    /// Direct double-precision log-likelihood of one frame, the reference for the C kernels.
    static func referenceLogLikelihood(_ gmm: DiagonalGMM, _ x: [Float]) -> (total: Double, components: [Double]) {
        let d = gmm.dimension
        var comps: [Double] = []
        for c in 0..<gmm.components {
            var s = log(Double(gmm.weights[c]))
            for j in 0..<d {
                let v = Double(gmm.variances[c * d + j])
                let t = Double(x[j]) - Double(gmm.means[c * d + j])
                s += -0.5 * log(2 * Double.pi * v) - 0.5 * t * t / v
            }
            comps.append(s)
        }
        let m = comps.max()!
        return (m + log(comps.reduce(0) { $0 + exp($1 - m) }), comps)
    }
}
