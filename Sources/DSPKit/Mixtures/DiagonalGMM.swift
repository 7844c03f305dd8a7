import CDSP
import Foundation

/// A Gaussian mixture with diagonal covariances: the one statistical model behind speech detection,
/// speaker clustering (MAP-adapted speaker models) and sex classification. Scoring runs in the C core
/// on tables precomputed once here (dimension-major means, half precisions, per-component constants).
///
/// Parameters are validated by `init` (precondition); models read from files are validated by
/// `ModelContainer.gmm(prefix:)`, which throws instead.
public struct DiagonalGMM: Equatable, Sendable {
    /// Number of mixture components K.
    public let components: Int
    /// Feature dimension D.
    public let dimension: Int
    /// Mixture weights (K), positive, summing to 1.
    public let weights: [Float]
    /// Component means (K × D, row-major).
    public let means: [Float]
    /// Component variances (K × D, row-major), positive.
    public let variances: [Float]

    /// Dimension-major means (D × K) for the C kernels.
    let meansT: [Float]
    /// Dimension-major 0.5 / variance (D × K).
    let halfPrecisionsT: [Float]
    /// log w_k − ½ (D log 2π + Σ_d log σ²_kd) (K).
    let logConstants: [Float]

    /// Builds a model; weights are renormalised when they do not sum to 1 (within 1e-4).
    /// - Precondition: K ≥ 1, D ≥ 1, sizes K, K×D, K×D, finite values, positive weights and variances.
    public init(weights: [Float], means: [Float], variances: [Float]) {
        let k = weights.count
        precondition(k >= 1, "DiagonalGMM needs at least one component")
        precondition(means.count % k == 0 && means.count >= k, "DiagonalGMM means must be K × D")
        let d = means.count / k
        precondition(variances.count == k * d, "DiagonalGMM variances must be K × D")
        precondition(DiagonalGMM.problem(weights: weights, means: means, variances: variances) == nil,
                     DiagonalGMM.problem(weights: weights, means: means, variances: variances) ?? "")
        components = k
        dimension = d
        // Weights are kept bit-exact when they already sum to 1 (so models round-trip through files).
        let total = weights.reduce(0.0) { $0 + Double($1) }
        let w = abs(total - 1) <= 1e-4 ? weights : weights.map { Float(Double($0) / total) }
        self.weights = w
        self.means = means
        self.variances = variances
        var mt = [Float](repeating: 0, count: k * d)
        var ht = [Float](repeating: 0, count: k * d)
        var lc = [Float](repeating: 0, count: k)
        let log2pi = 1.8378770664093453
        for c in 0..<k {
            var sumLogVar = 0.0
            for j in 0..<d {
                let v = variances[c * d + j]
                mt[j * k + c] = means[c * d + j]
                ht[j * k + c] = Float(0.5 / Double(v))
                sumLogVar += log(Double(v))
            }
            lc[c] = Float(log(Double(w[c])) - 0.5 * (Double(d) * log2pi + sumLogVar))
        }
        meansT = mt
        halfPrecisionsT = ht
        logConstants = lc
    }

    /// Why these parameters do not form a valid model, or nil when they do.
    static func problem(weights: [Float], means: [Float], variances: [Float]) -> String? {
        if weights.isEmpty { return "no components" }
        if means.isEmpty || means.count % weights.count != 0 { return "means are not K × D" }
        if variances.count != means.count { return "variances are not K × D" }
        if !weights.allSatisfy({ $0.isFinite && $0 > 0 }) { return "weights must be finite and positive" }
        if !means.allSatisfy({ $0.isFinite }) { return "means must be finite" }
        if !variances.allSatisfy({ $0.isFinite && $0 > 0 }) { return "variances must be finite and positive" }
        return nil
    }

    /// Equality of the parameters (the scoring tables follow from them).
    public static func == (a: DiagonalGMM, b: DiagonalGMM) -> Bool {
        a.weights == b.weights && a.means == b.means && a.variances == b.variances
    }

    /// Calls `body` with the C view of this model.
    func withParams<R>(_ body: (UnsafePointer<cdsp_gmm_params>) -> R) -> R {
        meansT.withUnsafeBufferPointer { m in
            halfPrecisionsT.withUnsafeBufferPointer { h in
                logConstants.withUnsafeBufferPointer { c in
                    var p = cdsp_gmm_params(components: components, dim: dimension,
                                            means_t: m.baseAddress, half_prec_t: h.baseAddress,
                                            log_consts: c.baseAddress)
                    return withUnsafePointer(to: &p) { body($0) }
                }
            }
        }
    }

    private func checkShape(_ frames: FeatureMatrix, _ rows: Range<Int>) {
        precondition(frames.cols == dimension, "frames have \(frames.cols) columns, the GMM \(dimension)")
        precondition(rows.lowerBound >= 0 && rows.upperBound <= frames.rows && frames.data.count >= frames.rows * frames.cols,
                     "row range \(rows) outside the \(frames.rows) frames")
    }

    /// Mixture log-likelihood of each frame (natural log), for `rows` of `frames` (all by default).
    public func frameLogLikelihoods(_ frames: FeatureMatrix, rows: Range<Int>? = nil) -> [Float] {
        let r = rows ?? 0..<frames.rows
        checkShape(frames, r)
        if r.isEmpty { return [] }
        var out = [Float](repeating: 0, count: r.count)
        var scratch = [Float](repeating: 0, count: Int(CDSP_GMM_BATCH) * components)
        frames.data.withUnsafeBufferPointer { x in
            withParams { p in
                cdsp_gmm_frame_logliks(p, x.baseAddress! + r.lowerBound * dimension, r.count,
                                       &scratch, &out)
            }
        }
        return out
    }

    /// Mean of the frame log-likelihoods over `rows` (all by default); 0 for no frames.
    /// Summed in double precision in frame order.
    public func averageLogLikelihood(_ frames: FeatureMatrix, rows: Range<Int>? = nil) -> Double {
        let l = frameLogLikelihoods(frames, rows: rows)
        if l.isEmpty { return 0 }
        var s = 0.0
        for v in l { s += Double(v) }
        return s / Double(l.count)
    }

    /// Per-component log-likelihoods log w_k + log N(x | k) (rows × K, row-major).
    public func componentLogLikelihoods(_ frames: FeatureMatrix, rows: Range<Int>? = nil) -> [Float] {
        let r = rows ?? 0..<frames.rows
        checkShape(frames, r)
        var out = [Float](repeating: 0, count: r.count * components)
        if r.isEmpty { return out }
        frames.data.withUnsafeBufferPointer { x in
            withParams { p in
                cdsp_gmm_component_logliks(p, x.baseAddress! + r.lowerBound * dimension, r.count, &out)
            }
        }
        return out
    }

    /// Component posteriors (rows × K, each row sums to 1) and the frame log-likelihoods.
    public func posteriors(_ frames: FeatureMatrix, rows: Range<Int>? = nil) -> (posteriors: [Float], logLikelihoods: [Float]) {
        let r = rows ?? 0..<frames.rows
        checkShape(frames, r)
        var post = [Float](repeating: 0, count: r.count * components)
        var ll = [Float](repeating: 0, count: r.count)
        if r.isEmpty { return (post, ll) }
        frames.data.withUnsafeBufferPointer { x in
            withParams { p in
                cdsp_gmm_posteriors(p, x.baseAddress! + r.lowerBound * dimension, r.count, &post, &ll)
            }
        }
        return (post, ll)
    }
}
