import XCTest
@testable import BechdelKit

/// Boosting learns a simple synthetic problem, is deterministic for a seed whatever the thread count, and the
/// fast prediction path agrees bit for bit with the reference tree walk.
final class GradientBoostingTests: XCTestCase {
    func options(seed: UInt64 = 1, threads: Int = 1) -> BoostingOptions {
        var o = BoostingOptions()
        o.rounds = 40
        o.learningRate = 0.2
        o.validationFraction = 0.2
        o.earlyStoppingRounds = 10
        o.seed = seed
        o.threads = threads
        return o
    }

    func testLearnsSyntheticProblemIncludingMissingValues() {
        let train = SyntheticFilms.make(rows: 1500, seed: 11)
        let test = SyntheticFilms.make(rows: 500, seed: 12)
        let r = GradientBoosting.train(values: train.values, rows: 1500, cols: train.cols, labels: train.labels,
                                       options: options())
        var correct = 0, correctMissing = 0, missing = 0
        test.values.withUnsafeBufferPointer { v in
            for i in 0..<500 {
                let row = UnsafeBufferPointer(rebasing: v[(i * 5)..<(i * 5 + 5)])
                let p = r.ensemble.probabilities(row)
                let predicted = p.indices.max { p[$0] < p[$1] }!
                if predicted == test.labels[i] { correct += 1 }
                if row[1].isNaN { missing += 1; if predicted == test.labels[i] { correctMissing += 1 } }
            }
        }
        XCTAssertGreaterThan(Double(correct) / 500, 0.93)
        XCTAssertGreaterThan(Double(correctMissing) / Double(missing), 0.85, "missing values must learn a direction")
        XCTAssertNotNil(r.bestRounds)
        XCTAssertFalse(r.validationLogLoss.isEmpty)
    }

    func testDeterministicForSeedAndThreads() {
        let d = SyntheticFilms.make(rows: 800, seed: 5)
        let a = GradientBoosting.train(values: d.values, rows: 800, cols: d.cols, labels: d.labels, options: options(seed: 7))
        let b = GradientBoosting.train(values: d.values, rows: 800, cols: d.cols, labels: d.labels, options: options(seed: 7))
        let c = GradientBoosting.train(values: d.values, rows: 800, cols: d.cols, labels: d.labels, options: options(seed: 7, threads: 3))
        let other = GradientBoosting.train(values: d.values, rows: 800, cols: d.cols, labels: d.labels, options: options(seed: 8))
        XCTAssertEqual(a.ensemble, b.ensemble)
        XCTAssertEqual(a.ensemble, c.ensemble)
        XCTAssertNotEqual(a.ensemble, other.ensemble)
    }

    func testInternalNodesCarryValueAndCover() {
        let model = SyntheticFilms.model()
        for tree in model.ensemble.trees where tree.nodeCount > 1 {
            XCTAssertNil(ModelFile.validate(tree, featureCount: model.schema.featureCount))
            for i in 0..<tree.nodeCount where tree.feature[i] >= 0 {
                let l = Int(tree.left[i]), r = Int(tree.right[i])
                XCTAssertEqual(Double(tree.cover[i]), Double(tree.cover[l] + tree.cover[r]), accuracy: 1e-3 * Double(tree.cover[i]))
                XCTAssertTrue(tree.value[i].isFinite)
            }
        }
    }

    func testCompiledForestMatchesReferenceWalk() {
        let model = SyntheticFilms.model()
        let d = SyntheticFilms.make(rows: 300, seed: 99)
        var values: [Float] = []
        let cols = model.schema.featureCount
        for i in 0..<300 { values += d.values[(i * 5)..<(i * 5 + 5)]; values += [Float](repeating: .nan, count: cols - 5) }
        let fast = CompiledForest(model.ensemble).rawScores(values, rows: 300, cols: cols)
        values.withUnsafeBufferPointer { v in
            for i in 0..<300 {
                let ref = model.ensemble.rawScores(UnsafeBufferPointer(rebasing: v[(i * cols)..<((i + 1) * cols)]))
                XCTAssertEqual(Array(fast[(i * 4)..<(i * 4 + 4)]), ref)
            }
        }
    }

    func testBinningKeepsTrainingOrderAndMissingBin() {
        let values: [Float] = [3, .nan, 1, 2, 2, 5]
        let b = HistogramBinning(values: values, rows: 6, cols: 1, maxBins: 255)
        XCTAssertEqual(b.upperBounds[0], [1.5, 2.5, 4, .infinity])
        XCTAssertEqual(b.binned(values: values, rows: 6, cols: 1), [3, 0, 1, 2, 2, 4])
        let many = (0..<1000).map { Float($0) }
        let q = HistogramBinning(values: many, rows: 1000, cols: 1, maxBins: 10)
        XCTAssertEqual(q.upperBounds[0].count, 10)
    }
}
