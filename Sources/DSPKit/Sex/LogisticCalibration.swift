import Foundation

/// Logistic regression on a few scores, P(y = 1 | x) = σ(b + w·x), fitted by Newton's method with a small
/// L2 penalty on the weights: turns raw classifier scores (likelihood ratios, log F0) into calibrated
/// probabilities. Deterministic (no randomness, fixed iteration order).
public struct LogisticCalibration: Equatable, Sendable {
    /// Weights, one per score.
    public var weights: [Double]
    /// Bias.
    public var bias: Double

    public init(weights: [Double], bias: Double) {
        self.weights = weights
        self.bias = bias
    }

    /// P(y = 1) for scores `x` (same count as `weights`).
    public func probability(_ x: [Double]) -> Double {
        var z = bias
        for i in 0..<weights.count { z += weights[i] * x[i] }
        return 1 / (1 + exp(-z))
    }

    /// Fits on rows `x` (each with the same number of scores) and labels `y` (true = 1).
    /// - Parameters: l2: penalty on the weights; iterations: Newton steps (converges in a few).
    public static func fit(_ x: [[Double]], _ y: [Bool], l2: Double = 1e-3, iterations: Int = 50) -> LogisticCalibration {
        precondition(!x.isEmpty && x.count == y.count, "logistic fit needs matching, non-empty data")
        let d = x[0].count + 1  // bias last
        var beta = [Double](repeating: 0, count: d)
        for _ in 0..<iterations {
            var grad = [Double](repeating: 0, count: d)
            var hess = [Double](repeating: 0, count: d * d)
            for (row, label) in zip(x, y) {
                let f = row + [1]
                var z = 0.0
                for j in 0..<d { z += beta[j] * f[j] }
                let p = 1 / (1 + exp(-z))
                let r = p - (label ? 1 : 0)
                let w = max(p * (1 - p), 1e-12)
                for j in 0..<d {
                    grad[j] += r * f[j]
                    for k in 0..<d { hess[j * d + k] += w * f[j] * f[k] }
                }
            }
            for j in 0..<(d - 1) {
                grad[j] += l2 * Double(x.count) * beta[j]
                hess[j * d + j] += l2 * Double(x.count)
            }
            hess[(d - 1) * d + (d - 1)] += 1e-9
            guard let step = solve(hess, grad, d) else { break }
            var change = 0.0
            for j in 0..<d { beta[j] -= step[j]; change = max(change, abs(step[j])) }
            if change < 1e-10 { break }
        }
        return LogisticCalibration(weights: Array(beta[0..<(d - 1)]), bias: beta[d - 1])
    }

    /// Solves A x = b (d × d) by Gaussian elimination with partial pivoting; nil if singular.
    private static func solve(_ a0: [Double], _ b0: [Double], _ d: Int) -> [Double]? {
        var a = a0, b = b0
        for col in 0..<d {
            var pivot = col
            for r in (col + 1)..<max(col + 1, d) where abs(a[r * d + col]) > abs(a[pivot * d + col]) { pivot = r }
            if abs(a[pivot * d + col]) < 1e-300 { return nil }
            if pivot != col {
                for k in 0..<d { a.swapAt(col * d + k, pivot * d + k) }
                b.swapAt(col, pivot)
            }
            for r in (col + 1)..<max(col + 1, d) {
                let f = a[r * d + col] / a[col * d + col]
                for k in col..<d { a[r * d + k] -= f * a[col * d + k] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: d)
        for r in stride(from: d - 1, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<max(r + 1, d) { s -= a[r * d + k] * x[k] }
            x[r] = s / a[r * d + r]
        }
        return x
    }
}
