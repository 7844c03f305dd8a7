import XCTest
import DSPKit

/// MAP adaptation moves the means of components that see data toward it, and leaves the others alone.
final class MAPAdaptationTests: XCTestCase {
    private let background = DiagonalGMM(
        weights: [0.5, 0.5],
        means: [0, 0,
                100, 100],
        variances: [1, 1, 1, 1])

    func testMeansMoveTowardTheDataByTheRelevanceFactor() {
        // 64 frames at (2, -1): they all belong to component 0 (component 1 is 100 sd away).
        let n = 64
        let frames = FeatureMatrix(rows: n, cols: 2, data: (0..<n).flatMap { _ in [Float(2), Float(-1)] })
        let adapted = background.mapAdaptingMeans(to: frames, relevance: 16)
        let alpha: Float = 64.0 / (64.0 + 16.0)
        XCTAssertEqual(adapted.means[0], alpha * 2, accuracy: 1e-5)
        XCTAssertEqual(adapted.means[1], alpha * -1, accuracy: 1e-5)
        // No data for component 1: unchanged, bit for bit; weights and variances never change.
        XCTAssertEqual(Array(adapted.means[2...3]), [100, 100])
        XCTAssertEqual(adapted.weights, background.weights)
        XCTAssertEqual(adapted.variances, background.variances)
        // The adapted model explains the data better than the background.
        XCTAssertGreaterThan(adapted.averageLogLikelihood(frames), background.averageLogLikelihood(frames))
    }

    func testLargerRelevanceMovesLessAndNoDataMovesNothing() {
        let frames = FeatureMatrix(rows: 4, cols: 2, data: [1, 1, 1, 1, 1, 1, 1, 1])
        let little = background.mapAdaptingMeans(to: frames, relevance: 100)
        let much = background.mapAdaptingMeans(to: frames, relevance: 1)
        XCTAssertLessThan(little.means[0], much.means[0])
        XCTAssertGreaterThan(little.means[0], 0)
        let none = background.mapAdaptingMeans(to: FeatureMatrix(rows: 0, cols: 2, data: []))
        XCTAssertEqual(none, background)
    }

    func testThreadCountDoesNotChangeTheAdaptedModel() {
        let ubm = GMMTestData.threeComponents
        let frames = GMMTestData.sample(ubm, frames: GMMStatistics.chunkFrames + 500, seed: 3).frames
        XCTAssertEqual(ubm.mapAdaptingMeans(to: frames, threads: 1), ubm.mapAdaptingMeans(to: frames, threads: 2))
    }
}
