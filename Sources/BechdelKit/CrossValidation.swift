import SeededRandom

/// Stratified K-fold assignment with a seed: each rating is spread evenly over the folds, so every fold
/// has the table's class balance and scores from different folds are comparable.
public enum CrossValidation {
    /// Fold (0..<k) of every row; rows of each class are shuffled with the seed and dealt round-robin.
    public static func stratifiedFolds(labels: [Int], k: Int, seed: UInt64) -> [Int] {
        precondition(k >= 2)
        var fold = [Int](repeating: 0, count: labels.count)
        var rng = SeededGenerator(seed: seed, stream: 0xF01D)
        var next = 0
        for c in Set(labels).sorted() {
            var members = labels.indices.filter { labels[$0] == c }
            members.shuffle(using: &rng)
            for i in members { fold[i] = next % k; next += 1 }
        }
        return fold
    }

    /// Out-of-fold class probabilities: each row is predicted by a model trained on the other folds.
    /// `train` fits a model on the given row indices and returns a predictor for other rows.
    public static func outOfFold(rows: Int, folds: [Int], k: Int,
                                 train: (_ trainRows: [Int], _ testRows: [Int]) throws -> [[Float]]) rethrows -> [[Float]] {
        var out = [[Float]](repeating: [], count: rows)
        for f in 0..<k {
            let test = (0..<rows).filter { folds[$0] == f }
            let trainRows = (0..<rows).filter { folds[$0] != f }
            let p = try train(trainRows, test)
            for (j, i) in test.enumerated() { out[i] = p[j] }
        }
        return out
    }
}
