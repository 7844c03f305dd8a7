import Foundation

/// Linear discriminant analysis of i-vectors: keeps the directions along which speakers differ and drops
/// those along which one speaker's segments differ (music under the voice, reverb, effects, loudness),
/// learnt from many segments of known speakers recorded under varied conditions.
///
/// An embedding is: centre by the training mean, length-normalise, project on the P leading
/// discriminant directions (scaled so that the within-speaker covariance is the identity), length-normalise
/// again. Two embeddings are then compared by their dot product (cosine similarity).
public struct SpeakerEmbeddingProjection: Equatable, Sendable {
    /// Mean i-vector of the training segments (R).
    public let mean: [Double]
    /// Projection, R × P row-major.
    public let matrix: [Double]
    /// Output dimension P.
    public let dimension: Int
    /// Between-speaker variance of each output direction (the LDA eigenvalues; within-speaker variance is 1),
    /// which PLDA scoring weighs the directions by.
    public let betweenVariances: [Double]

    public init(mean: [Double], matrix: [Double], dimension: Int, betweenVariances: [Double]) {
        precondition(dimension > 0 && matrix.count == mean.count * dimension && betweenVariances.count == dimension,
                     "projection must be R × P with P between-speaker variances")
        self.mean = mean
        self.matrix = matrix
        self.dimension = dimension
        self.betweenVariances = betweenVariances
    }

    /// R, the i-vector dimension the projection expects.
    public var inputDimension: Int { mean.count }

    /// The unit-length embedding of an i-vector.
    public func embed(_ ivector: [Double]) -> [Double] { Self.unit(project(ivector)) }

    /// The i-vector centred, length-normalised and projected (within-speaker covariance ≈ identity).
    public func project(_ ivector: [Double]) -> [Double] {
        let r = inputDimension, p = dimension
        precondition(ivector.count == r, "i-vector has \(ivector.count) values, the projection expects \(r)")
        let x = Self.unit(zip(ivector, mean).map { $0 - $1 })
        var y = [Double](repeating: 0, count: p)
        for i in 0..<r where x[i] != 0 {
            for j in 0..<p { y[j] += x[i] * matrix[i * p + j] }
        }
        return y
    }

    /// PLDA log-likelihood ratio (two-covariance model, diagonal in the projected space) that the projected
    /// vectors `a` and `b` come from one speaker rather than two: 0 is the Bayes threshold at even odds.
    public func pldaScore(_ a: [Double], _ b: [Double]) -> Double {
        var llr = 0.0
        for k in 0..<dimension {
            let l = max(betweenVariances[k], 1e-9)
            let q = l * l / ((2 * l + 1) * (l + 1))
            llr += l / (2 * l + 1) * a[k] * b[k] - 0.5 * q * (a[k] * a[k] + b[k] * b[k]) + 0.5 * Foundation.log((l + 1) * (l + 1) / (2 * l + 1))
        }
        return llr
    }

    /// `v` scaled to unit length (unchanged if zero).
    static func unit(_ v: [Double]) -> [Double] {
        var s = 0.0
        for x in v { s += x * x }
        guard s > 0 else { return v }
        let inv = 1 / s.squareRoot()
        return v.map { $0 * inv }
    }

    /// Fits the projection to i-vectors with speaker labels (`labels[i]` is the speaker of `ivectors[i]`).
    /// Speakers with a single segment contribute to the between-speaker scatter only.
    public static func train(ivectors: [[Double]], labels: [Int], dimension: Int) -> SpeakerEmbeddingProjection {
        precondition(!ivectors.isEmpty && ivectors.count == labels.count, "one label per i-vector")
        let r = ivectors[0].count
        let p = min(dimension, r)
        var mean = [Double](repeating: 0, count: r)
        for v in ivectors { for i in 0..<r { mean[i] += v[i] } }
        for i in 0..<r { mean[i] /= Double(ivectors.count) }
        let xs = ivectors.map { unit(zip($0, mean).map { $0 - $1 }) }
        let speakers = Array(Set(labels)).sorted()
        var index: [Int: Int] = [:]
        for (i, s) in speakers.enumerated() { index[s] = i }
        var sums = [[Double]](repeating: [Double](repeating: 0, count: r), count: speakers.count)
        var counts = [Double](repeating: 0, count: speakers.count)
        for (x, label) in zip(xs, labels) {
            let s = index[label]!
            counts[s] += 1
            for i in 0..<r { sums[s][i] += x[i] }
        }
        var overall = [Double](repeating: 0, count: r)
        for x in xs { for i in 0..<r { overall[i] += x[i] } }
        for i in 0..<r { overall[i] /= Double(xs.count) }
        var within = [Double](repeating: 0, count: r * r), between = [Double](repeating: 0, count: r * r)
        for (x, label) in zip(xs, labels) {
            let s = index[label]!
            let centred = (0..<r).map { x[$0] - sums[s][$0] / counts[s] }
            for i in 0..<r { for j in 0..<r { within[i * r + j] += centred[i] * centred[j] } }
        }
        for s in 0..<speakers.count {
            let centred = (0..<r).map { sums[s][$0] / counts[s] - overall[$0] }
            for i in 0..<r { for j in 0..<r { between[i * r + j] += counts[s] * centred[i] * centred[j] } }
        }
        let n = Double(xs.count)
        var trace = 0.0
        for i in 0..<r { trace += within[i * r + i] }
        for i in 0..<(r * r) { within[i] /= n; between[i] /= n }
        for i in 0..<r { within[i * r + i] += 1e-4 * trace / n / Double(r) + 1e-12 }
        // Generalised eigenproblem S_b·v = λ·S_w·v through S_w = L·Lᵀ: eig(L⁻¹·S_b·L⁻ᵀ), v = L⁻ᵀ·u.
        var l = within
        guard SymmetricMatrix.choleskyFactor(&l, n: r) else {
            preconditionFailure("within-speaker scatter is not positive definite")
        }
        var y = [Double](repeating: 0, count: r * r)   // L⁻¹·S_b, column by column
        for j in 0..<r {
            var column = (0..<r).map { between[$0 * r + j] }
            SymmetricMatrix.solveLower(l, n: r, &column)
            for i in 0..<r { y[i * r + j] = column[i] }
        }
        var m = [Double](repeating: 0, count: r * r)   // L⁻¹·(L⁻¹·S_b)ᵀ = L⁻¹·S_b·L⁻ᵀ
        for j in 0..<r {
            var column = (0..<r).map { y[j * r + $0] }
            SymmetricMatrix.solveLower(l, n: r, &column)
            for i in 0..<r { m[i * r + j] = column[i] }
        }
        for i in 0..<r { for j in (i + 1)..<max(i + 1, r) { let v = 0.5 * (m[i * r + j] + m[j * r + i]); m[i * r + j] = v; m[j * r + i] = v } }
        let (values, u) = SymmetricMatrix.eigen(m, n: r)
        var projection = [Double](repeating: 0, count: r * p)
        for k in 0..<p {
            var column = (0..<r).map { u[$0 * r + k] }
            SymmetricMatrix.solveUpper(l, n: r, &column)
            // Fix the sign so the model does not depend on the eigen solver's choice.
            var largest = 0
            for i in 1..<r where abs(column[i]) > abs(column[largest]) { largest = i }
            let sign = column[largest] < 0 ? -1.0 : 1.0
            for i in 0..<r { projection[i * p + k] = sign * column[i] }
        }
        return SpeakerEmbeddingProjection(mean: mean, matrix: projection, dimension: p, betweenVariances: Array(values.prefix(p)).map { max($0, 0) })
    }
}
