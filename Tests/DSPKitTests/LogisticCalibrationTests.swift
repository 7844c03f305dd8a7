import XCTest
import DSPKit
import SeededRandom

/// Logistic calibration recovers the parameters that generated the labels.
final class LogisticCalibrationTests: XCTestCase {
    func testRecoversKnownWeights() {
        var rng = SeededGenerator(state: 3)
        let truth = LogisticCalibration(weights: [2, -1], bias: 0.5)
        var x: [[Double]] = [], y: [Bool] = []
        for _ in 0..<20000 {
            let row = [rng.unit() * 4 - 2, rng.unit() * 4 - 2]
            x.append(row)
            y.append(rng.unit() < truth.probability(row))
        }
        let fit = LogisticCalibration.fit(x, y, l2: 0)
        XCTAssertEqual(fit.weights[0], 2, accuracy: 0.15)
        XCTAssertEqual(fit.weights[1], -1, accuracy: 0.1)
        XCTAssertEqual(fit.bias, 0.5, accuracy: 0.1)
    }

    func testSeparableDataStaysFiniteWithThePenalty() {
        let fit = LogisticCalibration.fit([[-2], [-1], [1], [2]], [false, false, true, true], l2: 1e-3)
        XCTAssertTrue(fit.weights[0].isFinite && fit.weights[0] > 0)
        XCTAssertGreaterThan(fit.probability([1]), 0.9)
    }
}
