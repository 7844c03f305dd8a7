@testable import BechdelKit
import SeededRandom

/// A small synthetic 4-class problem with missing values: the class is set by two of five features, so a
/// boosted model must find the right splits and learn where missing values go.
enum SyntheticFilms {
    static func make(rows: Int, seed: UInt64) -> (values: [Float], labels: [Int], cols: Int) {
        var rng = SeededGenerator(seed: seed)
        let cols = 5
        var values: [Float] = []
        var labels: [Int] = []
        for _ in 0..<rows {
            let x = (0..<cols).map { _ in Float(rng.unit() * 2 - 1) }
            var label = (x[0] > 0 ? 2 : 0) + (x[1] > 0.3 ? 1 : 0)
            var row = x
            // Feature 1 missing for a tenth of rows: then the class is "no +1".
            if rng.unit() < 0.1 { row[1] = .nan; label = (x[0] > 0 ? 2 : 0) }
            values += row
            labels.append(label)
        }
        return (values, labels, cols)
    }

    /// A model over the synthetic problem, with a schema naming its five numeric features.
    static func model(seed: UInt64 = 3, rounds: Int = 30) -> BechdelModel {
        let d = make(rows: 600, seed: seed)
        var o = BoostingOptions()
        o.rounds = rounds
        o.learningRate = 0.2
        o.validationFraction = 0
        o.seed = seed
        let result = GradientBoosting.train(values: d.values, rows: 600, cols: d.cols, labels: d.labels, options: o)
        let schema = FeatureSchema(columns: (0..<5).map { .init(name: "x\($0)", kind: .numeric) } +
                                   [.init(name: "lang", kind: .categorical, vocabulary: ["en", "fr"])],
                                   shares: [SharePair(numerator: "x0", other: "x1")], idColumn: "imdb_id", labelColumn: "rating")
        // The ensemble reads features 0...4; the schema has extra features after them, which is allowed.
        return BechdelModel(schema: schema, ensemble: result.ensemble, classWeights: [1.5, 1, 1.25, 1], notes: "synthetic")
    }
}
