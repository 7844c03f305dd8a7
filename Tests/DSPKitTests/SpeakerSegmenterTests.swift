import XCTest
@testable import DSPKit

/// Speaker change detection by sliding-window BIC on synthetic Gaussian speakers.
final class SpeakerSegmenterTests: XCTestCase {
    let cols = SyntheticSpeakers.columns

    func testFindsTheChangeAtTheRightPlace() {
        var gen = SyntheticSpeakers(count: 2, separation: 1.5, seed: 3)
        var data: [Float] = []
        gen.append(speaker: 0, frames: 730, to: &data)
        gen.append(speaker: 1, frames: 600, to: &data)
        let segmenter = SpeakerSegmenter()
        let changes = segmenter.changePoints(data: data, stride: cols, region: 0..<1330)
        XCTAssertEqual(changes.count, 1, "\(changes)")
        XCTAssertLessThanOrEqual(abs((changes.first ?? 0) - 730), 20)
        let segments = segmenter.segment(data: data, rows: 1330, stride: cols, regions: [0..<1330])
        XCTAssertEqual(segments.count, 2)
        XCTAssertEqual(segments.first?.lowerBound, 0)
        XCTAssertEqual(segments.last?.upperBound, 1330)
    }

    func testNoChangeOnStationaryData() {
        var gen = SyntheticSpeakers(count: 1, seed: 5)
        var data: [Float] = []
        gen.append(speaker: 0, frames: 3000, to: &data)
        let segmenter = SpeakerSegmenter()
        XCTAssertEqual(segmenter.changePoints(data: data, stride: cols, region: 0..<3000), [])
        XCTAssertEqual(segmenter.segment(data: data, rows: 3000, stride: cols, regions: [0..<1000, 1200..<3000]),
                       [0..<1000, 1200..<3000])
    }

    func testSegmentsCoverEveryRegionExactly() {
        var gen = SyntheticSpeakers(count: 3, seed: 9)
        var data: [Float] = []
        for k in 0..<9 { gen.append(speaker: k % 3, frames: 250 + 37 * k, to: &data) }
        let rows = data.count / cols
        let regions = [0..<40, 100..<1500, 1600..<rows]
        let segments = SpeakerSegmenter().segment(data: data, rows: rows, stride: cols, regions: regions)
        var covered = 0
        for s in segments {
            XCTAssertFalse(s.isEmpty)
            XCTAssertTrue(regions.contains { $0.lowerBound <= s.lowerBound && s.upperBound <= $0.upperBound })
            covered += s.count
        }
        XCTAssertEqual(covered, regions.reduce(0) { $0 + $1.count })
        XCTAssertGreaterThan(segments.count, 3)
    }
}
