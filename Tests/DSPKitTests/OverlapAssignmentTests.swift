import XCTest
@testable import DSPKit

/// The second speaker of overlapped speech: the nearest other speaker in time, and what it changes in the result.
final class OverlapAssignmentTests: XCTestCase {
    /// Scores on the network's grid with overlap probability `p` over [start, end) seconds.
    private func scores(seconds: Double, overlap: [(Double, Double, Float)]) -> SegmentationScores {
        let n = Int(seconds * 16000 / 270) + 1
        var o = [Float](repeating: 0, count: n)
        let s = SegmentationScores(frameStep: 270, frameDuration: 991, sampleRate: 16000,
                                   speech: [Float](repeating: 1, count: n), overlap: o)
        for (a, b, p) in overlap { for i in 0..<n where s.centre(i) >= a && s.centre(i) < b { o[i] = p } }
        return SegmentationScores(frameStep: 270, frameDuration: 991, sampleRate: 16000,
                                  speech: [Float](repeating: 1, count: n), overlap: o)
    }

    func testNearestOtherSpeakerIsChosen() {
        let pieces = [0..<300, 300..<500, 500..<900, 950..<1200]
        let labels = [0, 1, 1, 2]
        XCTAssertEqual(OverlapAssignment.nearestOtherSpeaker(to: 0, pieces: pieces, labels: labels), 1)
        XCTAssertEqual(OverlapAssignment.nearestOtherSpeaker(to: 2, pieces: pieces, labels: labels), 2, "gap 200 before, 50 after")
        XCTAssertEqual(OverlapAssignment.nearestOtherSpeaker(to: 3, pieces: pieces, labels: labels), 1)
        XCTAssertNil(OverlapAssignment.nearestOtherSpeaker(to: 0, pieces: [0..<10], labels: [0]))
    }

    func testOverlapRegionsGetTheNeighbouringSpeaker() {
        // Speaker 0 until 3 s, speaker 1 from 3 s; the network hears two voices in 2.5–3.5 s and a 50 ms blip at 8 s.
        let s = scores(seconds: 10, overlap: [(2.5, 3.5, 0.9), (8.0, 8.05, 0.9)])
        let extra = OverlapAssignment.secondSpeakers(scores: s, pieces: [0..<300, 300..<1000], labels: [0, 1],
                                                     threshold: 0.5, minimumDuration: 0.1, frameRate: 100)
        XCTAssertEqual(extra.count, 2)
        XCTAssertEqual(extra[0].1, 1, "inside speaker 0's piece the other voice is speaker 1")
        XCTAssertEqual(extra[1].1, 0)
        XCTAssertTrue(extra[0].0.lowerBound >= 249 && extra[0].0.upperBound == 300, "\(extra[0].0)")
        XCTAssertTrue(extra[1].0.lowerBound == 300 && extra[1].0.upperBound <= 352, "\(extra[1].0)")
        // One speaker only, or no overlap: nothing to add.
        XCTAssertTrue(OverlapAssignment.secondSpeakers(scores: s, pieces: [0..<1000], labels: [0], threshold: 0.5,
                                                       minimumDuration: 0.1, frameRate: 100).isEmpty)
    }

    func testOverlapTimeCountsAsSpeechButNotForCounting() {
        var o = DiarizationOptions()
        o.minimumSpeech = 3
        // Speaker 1 has 2 s of its own and 2 s of overlap: it speaks 4 s but stays uncounted.
        let r = CountResult(segments: [0..<1000, 1000..<1200], labels: [0, 1], overlapSegments: [(400..<600, 1)],
                            clusterSexes: [(.female, 0.9), (.male, 0.9)], duration: 12, options: o)
        XCTAssertEqual(r.speakers.map(\.label), ["F1"])
        XCTAssertEqual(r.uncounted.map(\.label), ["uM1"])
        XCTAssertEqual(r.uncounted[0].speakingTime, 4, accuracy: 1e-9)
        XCTAssertEqual(r.uncounted[0].firstAppearance, 4, accuracy: 1e-9)
        XCTAssertEqual(r.turns.filter { $0.speaker == "uM1" }.count, 2)
    }
}
