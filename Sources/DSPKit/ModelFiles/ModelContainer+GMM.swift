/// Storing diagonal GMMs in a model container under a name prefix: sections `<prefix>.weights` [K],
/// `<prefix>.means` [K, D] and `<prefix>.variances` [K, D] (float32).
extension ModelContainer {
    /// Stores `gmm` under `prefix` (replacing any previous one).
    public mutating func store(_ gmm: DiagonalGMM, prefix: String) {
        setFloats("\(prefix).weights", gmm.weights, shape: [gmm.components])
        setFloats("\(prefix).means", gmm.means, shape: [gmm.components, gmm.dimension])
        setFloats("\(prefix).variances", gmm.variances, shape: [gmm.components, gmm.dimension])
    }

    /// Loads and validates the GMM stored under `prefix` (shapes consistent, weights and variances
    /// positive, all values finite); a bad model is an error naming the file, never a crash.
    public func gmm(prefix: String, dimension: Int? = nil) throws -> DiagonalGMM {
        let w = try floats("\(prefix).weights")
        guard w.shape.count == 1, w.shape[0] >= 1 else { throw error(.invalidModel, "GMM '\(prefix)' has no components") }
        let k = w.shape[0]
        let m = try floats("\(prefix).means", shape: [k, dimension ?? -1])
        let d = m.shape[1]
        guard d >= 1 else { throw error(.invalidModel, "GMM '\(prefix)' has dimension 0") }
        let v = try floats("\(prefix).variances", shape: [k, d])
        if let problem = DiagonalGMM.problem(weights: w.values, means: m.values, variances: v.values) {
            throw error(.invalidModel, "GMM '\(prefix)': \(problem)")
        }
        return DiagonalGMM(weights: w.values, means: m.values, variances: v.values)
    }
}
