import Foundation

/// A multiclass gradient-boosted ensemble: `classCount` raw scores per row, each the class's base score plus
/// the sum of its trees; probabilities are the softmax of the raw scores. Tree `t` belongs to class
/// `t % classCount` (trees are stored round by round).
public struct TreeEnsemble: Equatable, Sendable {
    /// Number of classes (4 for the Bechdel ratings 0–3).
    public var classCount: Int
    /// Initial raw score of each class.
    public var baseScores: [Float]
    /// Trees, round by round: round r, class c is `trees[r * classCount + c]`.
    public var trees: [RegressionTree]

    public init(classCount: Int, baseScores: [Float], trees: [RegressionTree]) {
        self.classCount = classCount
        self.baseScores = baseScores
        self.trees = trees
    }

    /// Raw scores (one per class) for one row of feature values (NaN = missing).
    public func rawScores(_ row: UnsafeBufferPointer<Float>) -> [Float] {
        var scores = baseScores.map { Double($0) }
        for (t, tree) in trees.enumerated() {
            scores[t % classCount] += Double(tree.predict(row))
        }
        return scores.map { Float($0) }
    }

    /// Class probabilities (softmax of the raw scores) for one row.
    public func probabilities(_ row: UnsafeBufferPointer<Float>) -> [Float] {
        Self.softmax(rawScores(row))
    }

    /// Numerically stable softmax.
    public static func softmax(_ raw: [Float]) -> [Float] {
        let m = raw.max() ?? 0
        let e = raw.map { exp(Double($0 - m)) }
        let s = e.reduce(0, +)
        return e.map { Float($0 / s) }
    }
}
