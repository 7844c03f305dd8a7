import Foundation

/// Zeroth- and first-order Baum-Welch statistics of some frames under the diarization background model
/// (occupancy N_c and Σ_t γ_c(t)·x_t per component). They add up, so a cluster's statistics are the sum
/// of its segments' and an embedding of a merged cluster costs no pass over frames.
public struct BaumWelchStatistics: Equatable, Sendable {
    /// N_c (K).
    public var occupancy: [Double]
    /// F_c = Σ_t γ_c(t)·x_t (K × D, row-major).
    public var first: [Double]

    public init(occupancy: [Double], first: [Double]) {
        self.occupancy = occupancy
        self.first = first
    }

    /// Zero statistics for `components` × `dimension`.
    public init(components: Int, dimension: Int) {
        occupancy = [Double](repeating: 0, count: components)
        first = [Double](repeating: 0, count: components * dimension)
    }

    /// Statistics of `rows` of `frames` (in the background model's feature space) under `ubm`.
    public init(_ frames: FeatureMatrix, under ubm: DiagonalGMM, rows: Range<Int>) {
        let s = GMMStatistics.accumulate(frames, under: ubm, rows: rows, withSecond: false, threads: 1)
        self.init(occupancy: s.occupancy, first: s.first)
    }

    /// The statistics of every segment (frame ranges of `frames`), in parallel fixed chunks (same result for
    /// any `threads`).
    public static func ofSegments(_ frames: FeatureMatrix, under ubm: DiagonalGMM, segments: [Range<Int>],
                                  threads: Int = 1) -> [BaumWelchStatistics] {
        ChunkedParallel.map(count: segments.count, chunkSize: 8, threads: threads, initial: BaumWelchStatistics(occupancy: [], first: [])) {
            BaumWelchStatistics(frames, under: ubm, rows: segments[$0])
        }
    }

    /// Total occupancy (≈ frames).
    public var frames: Double { occupancy.reduce(0, +) }

    public mutating func add(_ o: BaumWelchStatistics) {
        for i in 0..<occupancy.count { occupancy[i] += o.occupancy[i] }
        for i in 0..<first.count { first[i] += o.first[i] }
    }
}

/// The total-variability ("i-vector") model of Dehak et al. (2011): a speech segment's GMM mean
/// supervector is m + T·w with w ~ N(0, I) of low rank R, and the segment's i-vector is the posterior
/// mean of w given its Baum-Welch statistics under the background model.
///
/// It turns a variable-length cluster of frames into a fixed-length vector in which speakers (and, before
/// `SpeakerEmbeddingProjection` removes them, recording conditions) are the main directions of variation.
/// T is stored already whitened by the background model's standard deviations (T̃ = Σ^{-1/2}·T), so
/// extraction needs only centred, whitened first-order statistics.
public struct IVectorExtractor: Sendable {
    /// The background model whose statistics the extractor consumes.
    public let ubm: DiagonalGMM
    /// R, the i-vector dimension.
    public let rank: Int
    /// T̃, (K·D) × R row-major.
    public let matrix: [Double]
    /// T̃_cᵀ·T̃_c for every component, K × R × R.
    let gram: [Double]

    public init(ubm: DiagonalGMM, rank: Int, matrix: [Double]) {
        precondition(rank > 0 && matrix.count == ubm.components * ubm.dimension * rank, "T must be (K·D) × R")
        self.ubm = ubm
        self.rank = rank
        self.matrix = matrix
        gram = Self.componentGrams(matrix, components: ubm.components, dimension: ubm.dimension, rank: rank)
    }

    static func componentGrams(_ t: [Double], components k: Int, dimension d: Int, rank r: Int) -> [Double] {
        var g = [Double](repeating: 0, count: k * r * r)
        t.withUnsafeBufferPointer { t in
            g.withUnsafeMutableBufferPointer { g in
                for c in 0..<k {
                    for row in 0..<d {
                        let base = (c * d + row) * r
                        for i in 0..<r {
                            let ti = t[base + i]
                            if ti == 0 { continue }
                            let out = c * r * r + i * r
                            for j in 0..<r { g[out + j] += ti * t[base + j] }
                        }
                    }
                }
            }
        }
        return g
    }

    /// Σ_c^{-1/2}·(F_c − N_c·μ_c): the statistics the model works with (K × D).
    public func whitenedFirstOrder(_ s: BaumWelchStatistics) -> [Double] {
        let k = ubm.components, d = ubm.dimension
        precondition(s.occupancy.count == k && s.first.count == k * d, "statistics do not match the background model")
        var f = [Double](repeating: 0, count: k * d)
        for c in 0..<k {
            for j in 0..<d {
                let i = c * d + j
                f[i] = (s.first[i] - s.occupancy[c] * Double(ubm.means[i])) / Double(ubm.variances[i]).squareRoot()
            }
        }
        return f
    }

    /// Posterior of w: precision L = I + Σ_c N_c·T̃_cᵀT̃_c (returned as its Cholesky factor) and mean L⁻¹·T̃ᵀf̃.
    func posterior(occupancy: [Double], whitened f: [Double]) -> (mean: [Double], factor: [Double]) {
        let k = ubm.components, d = ubm.dimension, r = rank
        var precision = [Double](repeating: 0, count: r * r)
        var linear = [Double](repeating: 0, count: r)
        gram.withUnsafeBufferPointer { g in
            precision.withUnsafeMutableBufferPointer { p in
                for c in 0..<k {
                    let n = occupancy[c]
                    if n < 1e-10 { continue }
                    let base = c * r * r
                    for i in 0..<(r * r) { p[i] += n * g[base + i] }
                }
                for i in 0..<r { p[i * r + i] += 1 }
            }
        }
        matrix.withUnsafeBufferPointer { t in
            linear.withUnsafeMutableBufferPointer { b in
                for row in 0..<(k * d) {
                    let v = f[row]
                    if v == 0 { continue }
                    let base = row * r
                    for i in 0..<r { b[i] += v * t[base + i] }
                }
            }
        }
        if !SymmetricMatrix.choleskyFactor(&precision, n: r) {
            // Only possible with non-finite statistics; fall back to the prior.
            precision = [Double](repeating: 0, count: r * r)
            for i in 0..<r { precision[i * r + i] = 1 }
            return ([Double](repeating: 0, count: r), precision)
        }
        return (SymmetricMatrix.solve(factor: precision, n: r, linear), precision)
    }

    /// The i-vector (posterior mean of w) of `statistics`.
    public func extract(_ statistics: BaumWelchStatistics) -> [Double] {
        posterior(occupancy: statistics.occupancy, whitened: whitenedFirstOrder(statistics)).mean
    }
}
