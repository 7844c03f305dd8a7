/// Reynolds-style MAP adaptation of the means of a background GMM to a speaker's or class's frames
/// (Reynolds, Quatieri & Dunn 2000): weights and variances stay those of the background model, each
/// mean moves toward the data mean of its component by α_k = n_k / (n_k + r). Components that see no
/// data keep their background mean exactly, which is what makes likelihood ratios against the
/// background model meaningful with little data.
extension DiagonalGMM {
    /// Returns the model with MAP-adapted means.
    /// - Parameters:
    ///   - frames: adaptation data (D columns); no frames gives the model unchanged.
    ///   - relevance: relevance factor r, in frames of soft occupancy. Default 16.
    ///   - rows: rows of `frames` to use (all by default).
    ///   - threads: worker threads; the result does not depend on it.
    public func mapAdaptingMeans(to frames: FeatureMatrix, relevance: Float = 16, rows: Range<Int>? = nil,
                                 threads: Int = 1) -> DiagonalGMM {
        precondition(relevance >= 0, "relevance factor must be non-negative")
        let stats = GMMStatistics.accumulate(frames, under: self, rows: rows, withSecond: false, threads: threads)
        return mapAdaptingMeans(with: stats, relevance: relevance)
    }

    /// MAP adaptation of the means from already accumulated statistics.
    public func mapAdaptingMeans(with stats: GMMStatistics, relevance: Float = 16) -> DiagonalGMM {
        precondition(stats.components == components && stats.dimension == dimension, "statistics of another model")
        let d = dimension
        var m = means
        let r = Double(relevance)
        for c in 0..<components {
            let n = stats.occupancy[c]
            if !(n > 0) { continue }
            let alpha = n / (n + r)
            for j in 0..<d {
                let dataMean = stats.first[c * d + j] / n
                m[c * d + j] = Float(alpha * dataMean + (1 - alpha) * Double(means[c * d + j]))
            }
        }
        return DiagonalGMM(weights: weights, means: m, variances: variances)
    }
}
