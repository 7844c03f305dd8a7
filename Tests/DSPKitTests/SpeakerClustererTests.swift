import XCTest
@testable import DSPKit

/// Agglomerative BIC clustering on synthetic well-separated speakers.
final class SpeakerClustererTests: XCTestCase {
    let cols = SyntheticSpeakers.columns

    /// `speakers` synthetic speakers taking turns of 1.5–4 s; returns data, segments and true speakers.
    func conversation(speakers: Int, turns: Int, seed: UInt64) -> (data: [Float], segments: [Range<Int>], truth: [Int]) {
        var gen = SyntheticSpeakers(count: speakers, separation: 1.5, seed: seed)
        var data: [Float] = [], segments: [Range<Int>] = [], truth: [Int] = []
        var start = 0
        for t in 0..<turns {
            let who = t < speakers ? t : Int(gen.nextUniform() * Double(speakers))
            let length = 150 + Int(gen.nextUniform() * 250)
            gen.append(speaker: who, frames: length, to: &data)
            segments.append(start..<(start + length))
            truth.append(who)
            start += length
        }
        return (data, segments, truth)
    }

    /// True if the two labelings describe the same partition.
    func samePartition(_ a: [Int], _ b: [Int]) -> Bool {
        var ab: [Int: Int] = [:], ba: [Int: Int] = [:]
        for (x, y) in zip(a, b) {
            if let m = ab[x], m != y { return false }
            if let m = ba[y], m != x { return false }
            ab[x] = y
            ba[y] = x
        }
        return true
    }

    func testCountsWellSeparatedSpeakers() {
        for (speakers, seed) in [(1, UInt64(1)), (2, 2), (4, 3), (6, 4)] {
            let c = conversation(speakers: speakers, turns: 30, seed: seed)
            let result = SpeakerClusterer().cluster(data: c.data, stride: cols, segments: c.segments)
            XCTAssertEqual(result.clusterCount, speakers, "seed \(seed)")
            XCTAssertTrue(samePartition(result.labels, c.truth), "seed \(seed)")
            XCTAssertEqual(result.labels.first, 0)
        }
    }

    func testShortSegmentsJoinTheirSpeaker() {
        var c = conversation(speakers: 3, turns: 20, seed: 8)
        var gen = SyntheticSpeakers(count: 3, separation: 1.5, seed: 8)
        // Same speakers (same seed) speaking 0.4 s each, appended at the end.
        for who in [2, 0, 1] {
            let start = c.data.count / cols
            gen.append(speaker: who, frames: 40, to: &c.data)
            c.segments.append(start..<(start + 40))
            c.truth.append(who)
        }
        let result = SpeakerClusterer().cluster(data: c.data, stride: cols, segments: c.segments)
        XCTAssertEqual(result.clusterCount, 3)
        XCTAssertTrue(samePartition(result.labels, c.truth))
    }

    func testSegmentCapKeepsTheCount() {
        // Each turn over-segmented into three pieces: the cap merges same-speaker neighbours first.
        let c = conversation(speakers: 3, turns: 20, seed: 21)
        var pieces: [Range<Int>] = [], truth: [Int] = []
        for (s, who) in zip(c.segments, c.truth) {
            let third = s.count / 3
            pieces += [s.lowerBound..<(s.lowerBound + third), (s.lowerBound + third)..<(s.lowerBound + 2 * third), (s.lowerBound + 2 * third)..<s.upperBound]
            truth += [who, who, who]
        }
        var options = DiarizationOptions()
        options.minimumClusterSegment = 40
        options.maximumSegments = 25
        let result = SpeakerClusterer(options: options).cluster(data: c.data, stride: cols, segments: pieces)
        XCTAssertEqual(result.clusterCount, 3)
        XCTAssertTrue(samePartition(result.labels, truth))
    }

    func testSameResultForAnyThreadCount() {
        let c = conversation(speakers: 5, turns: 80, seed: 13)
        let one = SpeakerClusterer().cluster(data: c.data, stride: cols, segments: c.segments, threads: 1)
        for threads in [2, 3, 8] {
            XCTAssertEqual(SpeakerClusterer().cluster(data: c.data, stride: cols, segments: c.segments, threads: threads), one)
        }
    }

    func testEmptyInput() {
        XCTAssertEqual(SpeakerClusterer().cluster(data: [], stride: cols, segments: []).clusterCount, 0)
    }
}
