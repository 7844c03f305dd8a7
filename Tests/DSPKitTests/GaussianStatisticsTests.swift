import XCTest
@testable import DSPKit

/// Full-covariance statistics and the GLR/BIC between sets of frames.
final class GaussianStatisticsTests: XCTestCase {
    func testMeanCovarianceAndLogDeterminantMatchDirectComputation() {
        // Two columns, four frames: x = (1,2), (3,6), (5,4), (7,8).
        let data: [Float] = [1, 2, 3, 6, 5, 4, 7, 8]
        let s = GaussianStatistics(data: data, stride: 2, rows: 0..<4, columns: 0..<2)
        XCTAssertEqual(s.count, 4)
        XCTAssertEqual(s.mean, [4, 5])
        let c = s.covariance()
        // var x = 5, var y = 5, cov = 4 → det = 25 − 16 = 9
        XCTAssertEqual(c[0], 5 + GaussianStatistics.absoluteVarianceFloor, accuracy: 1e-9)
        XCTAssertEqual(c[1], 4, accuracy: 1e-9)
        XCTAssertEqual(c[2], 4, accuracy: 1e-9)
        XCTAssertEqual(s.logDeterminant(ridge: 0)!, log(9.0), accuracy: 1e-5)
    }

    func testMergedStatisticsEqualStatisticsOfTheUnion() {
        var gen = SyntheticSpeakers(count: 2, seed: 7)
        var data: [Float] = []
        gen.append(speaker: 0, frames: 300, to: &data)
        gen.append(speaker: 1, frames: 200, to: &data)
        let cols = SyntheticSpeakers.columns
        let a = GaussianStatistics(data: data, stride: cols, rows: 0..<300, columns: 1..<13)
        let b = GaussianStatistics(data: data, stride: cols, rows: 300..<500, columns: 1..<13)
        let all = GaussianStatistics(data: data, stride: cols, rows: 0..<500, columns: 1..<13)
        let merged = a + b
        XCTAssertEqual(merged.count, all.count)
        for i in 0..<merged.sum.count { XCTAssertEqual(merged.sum[i], all.sum[i], accuracy: 1e-6 * max(1, abs(all.sum[i]))) }
        XCTAssertEqual(merged.logDeterminant()!, all.logDeterminant()!, accuracy: 1e-9)
        var back = merged
        back.subtract(b)
        XCTAssertEqual(back.logDeterminant()!, a.logDeterminant()!, accuracy: 1e-6)
    }

    func testBICSeparatesDifferentSpeakersAndJoinsTheSame() {
        var gen = SyntheticSpeakers(count: 2, separation: 1.5, seed: 11)
        var data: [Float] = []
        gen.append(speaker: 0, frames: 400, to: &data)
        gen.append(speaker: 0, frames: 400, to: &data)
        gen.append(speaker: 1, frames: 400, to: &data)
        let cols = SyntheticSpeakers.columns
        let a1 = GaussianStatistics(data: data, stride: cols, rows: 0..<400, columns: 1..<13)
        let a2 = GaussianStatistics(data: data, stride: cols, rows: 400..<800, columns: 1..<13)
        let b = GaussianStatistics(data: data, stride: cols, rows: 800..<1200, columns: 1..<13)
        XCTAssertLessThan(GaussianStatistics.deltaBIC(a1, a2, penalty: 1), 0)
        XCTAssertGreaterThan(GaussianStatistics.deltaBIC(a1, b, penalty: 1), 0)
        XCTAssertGreaterThan(GaussianStatistics.generalizedLikelihoodRatio(a1, b), GaussianStatistics.generalizedLikelihoodRatio(a1, a2))
    }

    func testDegenerateFramesStillGiveAFiniteLogDeterminant() {
        let data = [Float](repeating: 0, count: 21 * 50)
        let s = GaussianStatistics(data: data, stride: 21, rows: 0..<50, columns: 1..<13)
        let value = s.logDeterminant()
        XCTAssertNotNil(value)
        XCTAssertTrue(value!.isFinite)
        XCTAssertNil(GaussianStatistics(dimension: 3).logDeterminant())
    }
}
