import XCTest
@testable import DSPKit

/// The diarization feature space: per-file normalisation over speech frames, optional deltas.
final class DiarizationFeaturesTests: XCTestCase {
    /// 50 frames × 21 columns: column j of frame t is j·t + 3 (a ramp per column).
    let mfcc = FeatureMatrix(rows: 50, cols: 21, data: (0..<50).flatMap { t in (0..<21).map { j in Float(j * t + 3) } })

    func testNormalisesOverTheSpeechFramesOnly() {
        let space = DiarizationFeatures(columns: 1..<4)
        XCTAssertEqual(space.dimension, 3)
        let x = space.transform(mfcc, speech: [10..<30])
        XCTAssertEqual(x.cols, 3)
        XCTAssertEqual(x.rows, 50)
        for j in 0..<3 {
            let values = (10..<30).map { Double(x[$0, j]) }
            let mean = values.reduce(0, +) / 20
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20
            XCTAssertEqual(mean, 0, accuracy: 1e-5)
            XCTAssertEqual(variance, 1, accuracy: 1e-4)
        }
    }

    func testDeltasFollowTheStatics() {
        let space = DiarizationFeatures(columns: 1..<4, deltaWindow: 2)
        XCTAssertEqual(space.dimension, 6)
        let x = space.transform(mfcc, speech: [])
        XCTAssertEqual(x.cols, 6)
        // Each static column is a normalised ramp: its slope per frame is 1/std; away from the edges the delta equals it.
        for j in 0..<3 {
            let slope = x[21, j] - x[20, j]
            XCTAssertEqual(x[20, 3 + j], slope, accuracy: 1e-4)
            XCTAssertEqual(x[35, 3 + j], slope, accuracy: 1e-4)
            XCTAssertEqual(x[20, j], DiarizationFeatures(columns: 1..<4).transform(mfcc, speech: [])[20, j])
        }
    }
}

/// Seconds to feature frames, as every diarization stage converts speech regions and turns.
final class TimeSegmentFramesTests: XCTestCase {
    func testFramesRoundAndClamp() {
        XCTAssertEqual(TimeSegment(start: 0.064, end: 1.236).frames(rate: 100, frameCount: 500), 6..<124)
        XCTAssertEqual(TimeSegment(start: 4.5, end: 9).frames(rate: 100, frameCount: 500), 450..<500)
        XCTAssertTrue(TimeSegment(start: 6, end: 7).frames(rate: 100, frameCount: 500).isEmpty)
        XCTAssertTrue(TimeSegment(start: 1.001, end: 1.004).frames(rate: 100, frameCount: 500).isEmpty)
    }
}
