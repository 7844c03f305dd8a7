import XCTest
@testable import DSPKit

/// Regression deltas: exact on linear ramps, edge rows replicated, same shape.
final class DeltasTests: XCTestCase {
    func testLinearRampHasConstantSlope() {
        // Column 0 rises by 2 per frame, column 1 is constant.
        let m = FeatureMatrix(rows: 10, cols: 2, data: (0..<10).flatMap { [Float(2 * $0), 5] })
        let d = deltas(m, window: 2)
        XCTAssertEqual(d.rows, 10)
        XCTAssertEqual(d.cols, 2)
        for t in 2..<8 {
            XCTAssertEqual(d[t, 0], 2, accuracy: 1e-6)
            XCTAssertEqual(d[t, 1], 0)
        }
        // At the first frame the earlier neighbours are the first row itself: (1·(2−0) + 2·(4−0)) / 10 = 1.
        XCTAssertEqual(d[0, 0], 1, accuracy: 1e-6)
    }

    func testWindowOneMatchesCentralDifference() {
        let values: [Float] = [0, 1, 4, 9, 16]
        let d = deltas(FeatureMatrix(rows: 5, cols: 1, data: values), window: 1)
        XCTAssertEqual(d[2, 0], (9 - 1) / 2, accuracy: 1e-6)
        XCTAssertEqual(d[4, 0], (16 - 9) / 2, accuracy: 1e-6)
    }

    func testEmptyMatrix() {
        XCTAssertEqual(deltas(FeatureMatrix(rows: 0, cols: 3)).rows, 0)
    }
}
