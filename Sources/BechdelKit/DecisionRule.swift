/// Turns class probabilities into one predicted class with per-class weights (`argmax_c w_c · p_c`), and
/// learns those weights from out-of-fold probabilities. Plain argmax favours the majority rating (3) on
/// imbalanced data; modest weights on the rare ratings raise macro-F1 at a small cost in accuracy.
public enum DecisionRule {
    /// `argmax_c weights[c] · p[c]`, ties to the lower class.
    public static func decide(_ p: [Float], weights: [Float]) -> Int {
        var best = 0
        var bestScore = -Float.infinity
        for c in 0..<p.count {
            let s = p[c] * (c < weights.count ? weights[c] : 1)
            if s > bestScore { bestScore = s; best = c }
        }
        return best
    }
}

extension DecisionRule {
    /// Learns per-class weights from out-of-fold probabilities: coordinate ascent over a grid (0.5…4 in steps
    /// of 0.05, class 3's weight fixed at 1) maximising macro-F1 while keeping accuracy within `maxAccuracyDrop`
    /// of plain argmax. Deterministic; returns all ones when nothing helps.
    public static func learnWeights(probabilities: [[Float]], truth: [Int], classCount: Int = 4,
                                    maxAccuracyDrop: Double = 0.01, passes: Int = 3) -> [Float] {
        var weights = [Float](repeating: 1, count: classCount)
        let baseAccuracy = Metrics.accuracy(predicted: probabilities.map { decide($0, weights: weights) }, truth: truth)
        func score(_ w: [Float]) -> Double? {
            let predicted = probabilities.map { decide($0, weights: w) }
            if Metrics.accuracy(predicted: predicted, truth: truth) < baseAccuracy - maxAccuracyDrop { return nil }
            return Metrics.macroF1(predicted: predicted, truth: truth, classCount: classCount)
        }
        var best = score(weights) ?? 0
        let grid: [Float] = stride(from: 0.5, through: 4.0, by: 0.05).map { Float($0) }
        for _ in 0..<passes {
            var changed = false
            for c in 0..<(classCount - 1) {
                for g in grid {
                    var w = weights
                    w[c] = g
                    if let s = score(w), s > best + 1e-9 { best = s; weights = w; changed = true }
                }
            }
            if !changed { break }
        }
        return weights
    }
}
