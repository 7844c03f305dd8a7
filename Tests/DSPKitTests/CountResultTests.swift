import XCTest
@testable import DSPKit

/// Labels, uncounted speakers, turns and the JSON outputs of a count.
final class CountResultTests: XCTestCase {
    func result(minimumSpeech: Double = 3) -> CountResult {
        var o = DiarizationOptions()
        o.minimumSpeech = minimumSpeech
        // Cluster 0: male 5 s + 3 s; cluster 1: female 4 s; cluster 2: female 1 s (too little).
        let segments = [0..<500, 500..<900, 900..<1000, 1200..<1500]
        let labels = [0, 1, 2, 0]
        return CountResult(segments: segments, labels: labels,
                           clusterSexes: [(.male, 0.9), (.female, 0.8), (.female, 0.6)], duration: 20, options: o)
    }

    func testCountedAndUncountedSpeakers() {
        let r = result()
        XCTAssertEqual(r.speakers.map(\.label), ["M1", "F1"])
        XCTAssertEqual(r.uncounted.map(\.label), ["uF1"])
        XCTAssertEqual(r.count(.male), 1)
        XCTAssertEqual(r.count(.female), 1)
        XCTAssertEqual(r.speakers[0].speakingTime, 8, accuracy: 1e-9)
        XCTAssertEqual(r.speakers[0].firstAppearance, 0, accuracy: 1e-9)
        XCTAssertEqual(r.speakers[0].lastAppearance, 15, accuracy: 1e-9)
        XCTAssertEqual(r.speakingTime(.female), 5, accuracy: 1e-9)
        XCTAssertEqual(r.turns.map(\.speaker), ["M1", "F1", "uF1", "M1"])
        XCTAssertEqual(result(minimumSpeech: 0.5).count(.female), 2)
    }

    func testJSON() {
        let r = result()
        XCTAssertEqual(r.countsJSON, "{\"M\": 1, \"F\": 1}")
        let details = r.detailsJSON
        XCTAssertTrue(details.contains("\"label\": \"M1\""), details)
        XCTAssertTrue(details.contains("\"uncounted\": [\n    {\"label\": \"uF1\""), details)
        XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(details.utf8)))
    }

    func testAdjacentSegmentsOfOneSpeakerFormOneTurn() {
        let r = CountResult(segments: [0..<300, 300..<700], labels: [0, 0], clusterSexes: [(.female, 0.7)],
                            duration: 7, options: DiarizationOptions())
        XCTAssertEqual(r.turns.count, 1)
        XCTAssertEqual(r.turns[0].end, 7, accuracy: 1e-9)
    }
}
