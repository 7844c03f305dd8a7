import Foundation
import XCTest
@testable import DSPKit

/// Speech detection with the segmentation network: the streaming windows and their aggregation against
/// pyannote's (reference computed by scripts/make_segmentation_scores_fixture.py), hysteresis, the scorer,
/// and the shipped detector on the committed fixtures.
final class SpeechDetectionTests: XCTestCase {
    static let network: SegmentationNetwork? = (try? SegmentationModel.shipped()).map { SegmentationNetwork(model: $0) }

    private func extractor(_ options: SpeechSegmentationOptions = .init()) throws -> FeatureExtractor {
        try FeatureExtractor(segmentation: (try XCTUnwrap(Self.network), options))
    }

    private func speech(_ name: String, threads: Int = 1) throws -> (regions: [TimeSegment], features: FrameFeatures) {
        let features = try extractor().features(path: Fixtures.path(name), threads: threads)
        return (try XCTUnwrap(features.segmentation).speechRegions(options: .init()), features)
    }

    func testStreamedScoresMatchTheReferenceAggregation() throws {
        let raw = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("segmentation/example_scene_scores.f32")))
        let reference = raw.withUnsafeBytes { b in
            (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: b.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        let scores = try XCTUnwrap(try speech("example_scene.flac").features.segmentation)
        XCTAssertEqual(scores.count * 2, reference.count)
        var worst: Float = 0
        for i in 0..<scores.count {
            worst = max(worst, abs(scores.speech[i] - reference[2 * i]), abs(scores.overlap[i] - reference[2 * i + 1]))
        }
        print(String(format: "streamed segmentation scores vs reference aggregation: max abs diff %.2e", worst))
        XCTAssertLessThanOrEqual(worst, 1e-3)
    }

    func testScoresDoNotDependOnThreadsOrBlocks() throws {
        let path = Fixtures.path("example_scene.flac")
        let one = try extractor().features(path: path, threads: 1).segmentation
        let three = try extractor().features(path: path, threads: 3).segmentation
        XCTAssertEqual(one, three)
        // In memory, in one block, the same as streamed.
        let decoder = try AudioDecoder(path: path)
        var samples = [Float](repeating: 0, count: Int(decoder.info.frameCount))
        _ = try samples.withUnsafeMutableBufferPointer { try decoder.read(into: $0.baseAddress!, frames: $0.count) }
        XCTAssertEqual(try extractor().features(samples: samples, threads: 2).segmentation, one)
    }

    func testShortAndEmptyAudio() throws {
        // Shorter than a window: one zero-padded window; empty: one frame of zeros.
        let short = try extractor().features(samples: [Float](repeating: 0.01, count: 16000)).segmentation!
        XCTAssertEqual(short.count, 16000 / 270 + 1)
        XCTAssertTrue(short.speech.allSatisfy { $0.isFinite })
        let empty = try extractor().features(samples: []).segmentation!
        XCTAssertEqual(empty.count, 1)
        XCTAssertEqual(empty.speechRegions(options: .init()), [])
    }

    func testHysteresisFillsGapsAndDropsShortRegions() {
        // 270-sample frames at 16 kHz (16.875 ms): speech at frames 10…49, a dip to 0.6 (kept: above offset) at
        // 30, a 3-frame gap (50.6 ms, filled at 0.1 s) at 50…52, then 53…99; a 5-frame blip at 150…154 (84 ms, dropped).
        var p = [Float](repeating: 0.1, count: 200)
        for i in 10..<100 { p[i] = 0.9 }
        p[30] = 0.6
        for i in 50..<53 { p[i] = 0.2 }
        for i in 150..<155 { p[i] = 0.95 }
        let scores = SegmentationScores(frameStep: 270, frameDuration: 991, sampleRate: 16000, speech: p,
                                        overlap: [Float](repeating: 0, count: 200))
        let regions = scores.speechRegions(options: .init())
        XCTAssertEqual(regions.count, 1)
        XCTAssertEqual(regions[0].start, scores.centre(10), accuracy: 1e-9)
        XCTAssertEqual(regions[0].end, scores.centre(100), accuracy: 1e-9)
        var strict = SpeechSegmentationOptions()
        strict.minimumGap = 0
        XCTAssertEqual(scores.speechRegions(options: strict).count, 2)
    }

    func testScoreCountsMissAndFalseAlarm() {
        let ref = [TimeSegment(start: 1, end: 3)]
        let hyp = [TimeSegment(start: 2, end: 4)]
        let s = SpeechActivityScore.score(reference: ref, hypothesis: hyp, duration: 5, collar: 0)
        XCTAssertEqual(s.speech, 2, accuracy: 1e-9)
        XCTAssertEqual(s.missed, 1, accuracy: 1e-9)
        XCTAssertEqual(s.falseAlarm, 1, accuracy: 1e-9)
        XCTAssertEqual(s.nonSpeech, 3, accuracy: 1e-9)
        let c = SpeechActivityScore.score(reference: ref, hypothesis: hyp, duration: 5, collar: 0.25)
        XCTAssertEqual(c.speech, 1.5, accuracy: 1e-9)
        XCTAssertEqual(c.missed, 0.75, accuracy: 1e-9)
        XCTAssertEqual(c.falseAlarm, 0.75, accuracy: 1e-9)
    }

    func testSceneListResolvesPaths() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scenes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("scenes.csv")
        try "id,audio,rttm,n_female,n_male,duration\na,scenes/a.flac,scenes/a.rttm,2,1,10.0\n".write(to: csv, atomically: true, encoding: .utf8)
        let list = try SceneList(contentsOf: csv.path)
        XCTAssertEqual(list.scenes.first?.audio, dir.appendingPathComponent("scenes/a.flac").standardized.path)
        XCTAssertEqual(list.scenes.first?.females, 2)
        try "id,audio\n".write(to: csv, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SceneList(contentsOf: csv.path)) { XCTAssertTrue("\($0)".contains("missing column 'rttm'")) }
    }

    func testNoSpeechInMusicOrSilence() throws {
        let music = try speech("music_only.flac").regions.reduce(0) { $0 + $1.duration }
        XCTAssertLessThan(music, 0.5, "speech found in 20 s of music")
        XCTAssertEqual(try speech("silence.wav").regions, [], "speech found in silence / −70 dBFS noise")
    }

    func testFindsTheDialogueOfTheExampleScene() throws {
        let (regions, features) = try speech("example_scene.flac")
        let reference = try RTTM.read(path: Fixtures.path("example_scene.rttm")).values.flatMap { $0 }.map(\.segment)
        let score = SpeechActivityScore.score(reference: reference, hypothesis: regions,
                                              duration: Double(features.count) * 0.01, collar: 0.25)
        XCTAssertLessThan(score.missRate, 0.05, "missed speech")
        XCTAssertLessThan(score.falseAlarmRate, 0.15, "false alarm")
        XCTAssertEqual(regions, TimeSegment.union(regions), "sorted and disjoint")
    }

    func testOptionsAreChecked() {
        var o = SpeechSegmentationOptions()
        XCTAssertNil(o.problem)
        o.onset = 0.4
        XCTAssertNotNil(o.problem, "offset above onset")
        o = SpeechSegmentationOptions()
        o.windowStep = 0
        XCTAssertNotNil(o.problem)
        XCTAssertThrowsError(try FeatureExtractor(segmentation: (Self.network!, o)))
    }
}
