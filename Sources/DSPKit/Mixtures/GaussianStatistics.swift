import Foundation

/// Sufficient statistics (count, sum, scatter) of a full-covariance Gaussian over a set of feature frames.
///
/// Speaker segmentation and clustering compare sets of frames by the generalized likelihood ratio (GLR) and
/// the Bayesian information criterion (BIC) of "one Gaussian" against "two Gaussians"; both only need the
/// log-determinant of each set's maximum-likelihood covariance. Statistics of a union are the sum of the
/// statistics, so merging two clusters costs O(d²) instead of a pass over their frames.
/// Accumulation is in double precision and sequential, so results are reproducible bit for bit.
public struct GaussianStatistics: Equatable, Sendable {
    /// Feature dimension d.
    public let dimension: Int
    /// Number of frames accumulated.
    public private(set) var count: Double
    /// Sum of the frames (d values).
    public private(set) var sum: [Double]
    /// Sum of the outer products x·xᵀ (d×d, row-major, symmetric).
    public private(set) var scatter: [Double]

    /// Empty statistics of dimension `dimension`.
    public init(dimension: Int) {
        precondition(dimension > 0, "dimension must be positive")
        self.dimension = dimension
        self.count = 0
        self.sum = [Double](repeating: 0, count: dimension)
        self.scatter = [Double](repeating: 0, count: dimension * dimension)
    }

    /// Statistics of rows `rows` of a row-major matrix with `stride` floats per row, using the
    /// columns `columns` (their count is the dimension).
    public init(data: [Float], stride: Int, rows: Range<Int>, columns: Range<Int>) {
        self.init(dimension: columns.count)
        add(data: data, stride: stride, rows: rows, columns: columns)
    }

    /// Adds rows `rows` of a row-major matrix with `stride` floats per row, columns `columns`.
    public mutating func add(data: [Float], stride: Int, rows: Range<Int>, columns: Range<Int>) {
        precondition(columns.count == dimension, "column count must equal the dimension")
        precondition(columns.lowerBound >= 0 && columns.upperBound <= stride, "columns outside the row")
        precondition(rows.lowerBound >= 0 && rows.upperBound * stride <= data.count, "rows outside the matrix")
        if rows.isEmpty { return }
        let d = dimension
        var x = [Double](repeating: 0, count: d)
        data.withUnsafeBufferPointer { src in
            sum.withUnsafeMutableBufferPointer { s in
                scatter.withUnsafeMutableBufferPointer { sc in
                    x.withUnsafeMutableBufferPointer { xv in
                        for r in rows {
                            let base = r * stride + columns.lowerBound
                            for i in 0..<d { xv[i] = Double(src[base + i]) }
                            for i in 0..<d {
                                let xi = xv[i]
                                s[i] += xi
                                let row = i * d
                                for j in i..<d { sc[row + j] += xi * xv[j] }
                            }
                        }
                    }
                }
            }
        }
        count += Double(rows.count)
        mirrorUpperTriangle()
    }

    /// Adds the statistics of another set (the union of both sets).
    public mutating func add(_ other: GaussianStatistics) {
        precondition(other.dimension == dimension, "dimension mismatch")
        count += other.count
        for i in 0..<dimension { sum[i] += other.sum[i] }
        for i in 0..<(dimension * dimension) { scatter[i] += other.scatter[i] }
    }

    /// Removes the statistics of a subset previously added (for sliding windows).
    public mutating func subtract(_ other: GaussianStatistics) {
        precondition(other.dimension == dimension, "dimension mismatch")
        count -= other.count
        for i in 0..<dimension { sum[i] -= other.sum[i] }
        for i in 0..<(dimension * dimension) { scatter[i] -= other.scatter[i] }
    }

    /// The statistics of the union of `a` and `b`.
    public static func + (a: GaussianStatistics, b: GaussianStatistics) -> GaussianStatistics {
        var c = a
        c.add(b)
        return c
    }

    /// Mean of the frames (zeros when empty).
    public var mean: [Double] {
        guard count > 0 else { return [Double](repeating: 0, count: dimension) }
        return sum.map { $0 / count }
    }

    /// Maximum-likelihood covariance (d×d, row-major), with `ridge` times the mean variance added to the
    /// diagonal so that short or degenerate sets still give a positive-definite matrix.
    public func covariance(ridge: Double = 0) -> [Double] {
        let d = dimension
        guard count > 0 else { return [Double](repeating: 0, count: d * d) }
        let m = mean
        var c = [Double](repeating: 0, count: d * d)
        var trace = 0.0
        for i in 0..<d {
            for j in 0..<d { c[i * d + j] = scatter[i * d + j] / count - m[i] * m[j] }
            trace += c[i * d + i]
        }
        let floor = max(ridge * max(trace / Double(d), 0), GaussianStatistics.absoluteVarianceFloor)
        for i in 0..<d { c[i * d + i] += floor }
        return c
    }

    /// Smallest variance added to the diagonal, whatever the data (digital silence has zero variance).
    public static let absoluteVarianceFloor = 1e-6

    /// log|Σ| of the maximum-likelihood covariance regularised by `ridge` (see `covariance(ridge:)`),
    /// by Cholesky factorisation. Returns nil only for empty statistics.
    public func logDeterminant(ridge: Double = 1e-4) -> Double? {
        guard count > 0 else { return nil }
        var c = covariance(ridge: ridge)
        let d = dimension
        // The covariance is positive semi-definite up to rounding; if rounding breaks the factorisation,
        // retry with a larger ridge (deterministic sequence).
        var extra = 0.0
        for _ in 0..<8 {
            if let value = GaussianStatistics.choleskyLogDeterminant(&c, dimension: d) { return value }
            c = covariance(ridge: ridge)
            extra = extra == 0 ? 1e-6 : extra * 100
            var trace = 0.0
            for i in 0..<d { trace += c[i * d + i] }
            for i in 0..<d { c[i * d + i] += extra * max(trace / Double(d), 1) }
        }
        return nil
    }

    /// log-determinant of a symmetric positive-definite matrix (overwritten by its Cholesky factor);
    /// nil if the matrix is not positive definite.
    static func choleskyLogDeterminant(_ a: inout [Double], dimension d: Int) -> Double? {
        var logDet = 0.0
        let ok: Bool = a.withUnsafeMutableBufferPointer { m in
            for j in 0..<d {
                var diag = m[j * d + j]
                for k in 0..<j { diag -= m[j * d + k] * m[j * d + k] }
                if !(diag > 0) || !diag.isFinite { return false }
                let l = diag.squareRoot()
                m[j * d + j] = l
                logDet += 2 * Foundation.log(l)
                let inv = 1 / l
                for i in (j + 1)..<d {
                    var v = m[i * d + j]
                    for k in 0..<j { v -= m[i * d + k] * m[j * d + k] }
                    m[i * d + j] = v * inv
                }
            }
            return true
        }
        return ok ? logDet : nil
    }

    /// Number of free parameters of a full-covariance Gaussian of dimension d: d + d(d+1)/2.
    public static func parameterCount(dimension d: Int) -> Double { Double(d + d * (d + 1) / 2) }

    /// Generalized likelihood ratio of modelling `a` and `b` by two Gaussians instead of one:
    /// (n/2)·log|Σ| − (na/2)·log|Σa| − (nb/2)·log|Σb|, with n = na + nb (Chen & Gopalakrishnan 1998).
    /// Large values mean the sets differ.
    public static func generalizedLikelihoodRatio(_ a: GaussianStatistics, _ b: GaussianStatistics, ridge: Double = 1e-4) -> Double {
        let union = a + b
        guard let lu = union.logDeterminant(ridge: ridge),
              let la = a.logDeterminant(ridge: ridge),
              let lb = b.logDeterminant(ridge: ridge) else { return 0 }
        return 0.5 * (union.count * lu - a.count * la - b.count * lb)
    }

    /// ΔBIC of "two Gaussians" over "one Gaussian": GLR − λ·(P/2)·log n with P = d + d(d+1)/2 and
    /// n = na + nb. Positive means the two sets are better explained by two models (different speakers).
    public static func deltaBIC(_ a: GaussianStatistics, _ b: GaussianStatistics, penalty lambda: Double, ridge: Double = 1e-4) -> Double {
        let n = a.count + b.count
        guard n > 1 else { return 0 }
        let p = parameterCount(dimension: a.dimension)
        return generalizedLikelihoodRatio(a, b, ridge: ridge) - lambda * 0.5 * p * Foundation.log(n)
    }

    private mutating func mirrorUpperTriangle() {
        let d = dimension
        for i in 0..<d { for j in (i + 1)..<d { scatter[j * d + i] = scatter[i * d + j] } }
    }
}
