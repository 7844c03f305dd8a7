import XCTest
@testable import BechdelKit

/// Metrics against values computed by hand (and checked with scikit-learn), folds, and the decision rule.
final class MetricsTests: XCTestCase {
    func testAccuracyAndMacroF1() {
        let truth = [0, 0, 1, 2, 3, 3, 3, 3]
        let predicted = [0, 1, 1, 2, 3, 3, 0, 3]
        XCTAssertEqual(Metrics.accuracy(predicted: predicted, truth: truth), 6.0 / 8)
        // F1: class0 2·1/(2+1+1)=0.5, class1 2/3, class2 1, class3 2·3/(6+0+1)=6/7 (sklearn: 0.7559523…)
        XCTAssertEqual(Metrics.macroF1(predicted: predicted, truth: truth), (0.5 + 2.0 / 3 + 1 + 6.0 / 7) / 4, accuracy: 1e-12)
    }

    func testROCAUCWithTies() {
        XCTAssertEqual(Metrics.rocAUC(scores: [0.1, 0.4, 0.35, 0.8], positive: [false, false, true, true]), 0.75)
        XCTAssertEqual(Metrics.rocAUC(scores: [0.5, 0.5], positive: [false, true]), 0.5)
        XCTAssertTrue(Metrics.rocAUC(scores: [0.5], positive: [true]).isNaN)
    }

    func testLogLoss() {
        XCTAssertEqual(Metrics.logLoss(probabilities: [[0.5, 0.5, 0, 0], [0.1, 0.2, 0.3, 0.4]], truth: [0, 3]),
                       -(log(0.5) + log(Double(Float(0.4)))) / 2, accuracy: 1e-7)
    }

    func testStratifiedFoldsAreBalancedAndSeeded() {
        let labels = (0..<103).map { $0 % 4 == 0 ? 0 : 3 }
        let folds = CrossValidation.stratifiedFolds(labels: labels, k: 5, seed: 1)
        for f in 0..<5 {
            let zeros = labels.indices.filter { folds[$0] == f && labels[$0] == 0 }.count
            XCTAssertTrue((5...6).contains(zeros))
        }
        XCTAssertEqual(folds, CrossValidation.stratifiedFolds(labels: labels, k: 5, seed: 1))
        XCTAssertNotEqual(folds, CrossValidation.stratifiedFolds(labels: labels, k: 5, seed: 2))
    }

    func testDecisionWeightsRaiseMacroF1WithinTheAccuracyBudget() {
        // Class 1 is always second best: argmax never predicts it.
        var probabilities: [[Float]] = [], truth: [Int] = []
        for i in 0..<200 {
            let isOne = i % 4 == 0
            probabilities.append(isOne ? [0.05, 0.4, 0.05, 0.5] : [0.05, 0.2, 0.05, 0.7])
            truth.append(isOne ? 1 : 3)
        }
        let w = DecisionRule.learnWeights(probabilities: probabilities, truth: truth, maxAccuracyDrop: 0.01)
        let predicted = probabilities.map { DecisionRule.decide($0, weights: w) }
        XCTAssertEqual(Metrics.accuracy(predicted: predicted, truth: truth), 1.0)
        XCTAssertEqual(DecisionRule.decide([0.2, 0.3, 0.3, 0.2], weights: [1, 1, 1, 1]), 1)
    }
}
