import Foundation

/// The scores the predictor is judged by: 4-class accuracy, macro-F1 (mean F1 over ratings, so rare ratings
/// count as much as the common "passes"), pass/fail ROC-AUC (pass = rating 3, scored by p3) and multiclass
/// log-loss of the probabilities.
public enum Metrics {
    public static func accuracy(predicted: [Int], truth: [Int]) -> Double {
        precondition(predicted.count == truth.count)
        guard !truth.isEmpty else { return 0 }
        return Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
    }

    /// Mean over classes 0..<classCount of F1; a class never predicted nor present counts as 0.
    public static func macroF1(predicted: [Int], truth: [Int], classCount: Int = 4) -> Double {
        precondition(predicted.count == truth.count)
        var sum = 0.0
        for c in 0..<classCount {
            var tp = 0, fp = 0, fn = 0
            for (p, t) in zip(predicted, truth) {
                if p == c && t == c { tp += 1 } else if p == c { fp += 1 } else if t == c { fn += 1 }
            }
            let denominator = 2 * tp + fp + fn
            sum += denominator == 0 ? 0 : 2 * Double(tp) / Double(denominator)
        }
        return sum / Double(classCount)
    }

    /// Area under the ROC curve of `scores` for `positive` labels (ties count one half): the probability that
    /// a random positive scores above a random negative. NaN when one class is absent.
    public static func rocAUC(scores: [Float], positive: [Bool]) -> Double {
        precondition(scores.count == positive.count)
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let midRank = Double(i + j) / 2 + 1
            for k in i...j where positive[order[k]] { rankSum += midRank }
            i = j + 1
        }
        let nPos = Double(positive.filter { $0 }.count), nNeg = Double(positive.count) - nPos
        guard nPos > 0, nNeg > 0 else { return .nan }
        return (rankSum - nPos * (nPos + 1) / 2) / (nPos * nNeg)
    }

    /// Mean of −log p[truth], probabilities clipped at 1e-15.
    public static func logLoss(probabilities: [[Float]], truth: [Int]) -> Double {
        precondition(probabilities.count == truth.count)
        guard !truth.isEmpty else { return 0 }
        var total = 0.0
        for (p, t) in zip(probabilities, truth) { total -= log(max(Double(p[t]), 1e-15)) }
        return total / Double(truth.count)
    }
}
