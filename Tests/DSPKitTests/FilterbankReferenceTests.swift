import Foundation
import XCTest
@testable import DSPKit

/// The log mel filterbank (the speaker embedding's input) against Kaldi's definition, as computed by
/// kaldi-native-fbank on the committed clips of Fixtures/campplus (scripts/make_campplus_fixtures.py).
final class FilterbankReferenceTests: XCTestCase {
    /// The clip's samples as the test decodes them, and the reference filterbank rows.
    private func clip(_ name: String) throws -> (samples: [Float], reference: [Float]) {
        let clips = try CAMPlusEmbedderTests.referenceClips()
        let reference = try XCTUnwrap(clips.first { $0.name == name }).fbank
        let decoder = try AudioDecoder(path: Fixtures.path("campplus/\(name).wav"))
        XCTAssertEqual(decoder.info.sampleRate, 16000)
        var samples = [Float](repeating: 0, count: Int(decoder.info.frameCount))
        let read = try samples.withUnsafeMutableBufferPointer { try decoder.read(into: $0.baseAddress!, frames: $0.count) }
        XCTAssertEqual(read, samples.count)
        return (samples, reference)
    }

    private static let names = ["speech_1s0", "female_2s37", "scene_music_4s1", "male_35ms"]

    func testFloatFilterbankMatchesKaldiWithin1e3() throws {
        let options = FrontEndOptions()
        let computer = MelSpectrumComputer(options: options, filterbank: FilterbankOptions())
        for name in Self.names {
            let (x, reference) = try clip(name)
            let frames = options.frameCount(samples: x.count)
            XCTAssertEqual(frames * 80, reference.count, name)
            var ours = [Float](repeating: 0, count: frames * 80)
            x.withUnsafeBufferPointer { s in
                ours.withUnsafeMutableBufferPointer { o in
                    computer.logMel(signal: s.baseAddress!, length: s.count, frames: frames, out: o.baseAddress!, stride: 80,
                                    scratch: computer.makeScratch())
                }
            }
            let worst = zip(ours, reference).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, 1e-3, "\(name): largest |ours − Kaldi| = \(worst)")
        }
    }

    func testExtractorFilterbankMatchesKaldiWithin1e3() throws {
        let extractor = try FeatureExtractor(filterbank: FilterbankOptions())
        for name in Self.names {
            let (x, reference) = try clip(name)
            let features = extractor.features(samples: x, threads: 2)
            let stored = try XCTUnwrap(features.filterbank)
            XCTAssertEqual(stored.rows, features.count)
            XCTAssertEqual(stored.cols, 80)
            XCTAssertEqual(stored.data.count, reference.count, name)
            let worst = zip(stored.data, reference).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, 1e-3, "\(name): largest |ours − Kaldi| = \(worst)")
        }
    }

    /// The counter's second pass (filterbank rows of chosen ranges while the file is streamed again) gives
    /// exactly the rows of the first pass, for any grouping and thread count.
    func testSecondPassRowsEqualFirstPassRows() throws {
        let path = Fixtures.path("example_scene.flac")
        let extractor = try FeatureExtractor(filterbank: FilterbankOptions())
        let whole = try XCTUnwrap(try extractor.features(path: path, threads: 1).filterbank)
        // Ranges everywhere: the very first frame, across audio blocks (4000 frames each), the very last frame.
        let ranges = [0..<3, 10..<250, 251..<252, 3990..<4100, 4200..<4203, (whole.rows - 120)..<whole.rows]
        for (groupFrames, threads) in [(1, 1), (200, 2), (100_000, 3)] {
            var seen: [Int] = []
            try extractor.filterbankGroups(path: path, ranges: ranges, groupFrames: groupFrames, threads: threads) { group, rows in
                var at = 0
                for i in group {
                    XCTAssertEqual(Array(rows.data[(at * 80)..<((at + ranges[i].count) * 80)]), whole.rows(ranges[i]).data, "range \(i)")
                    at += ranges[i].count
                    seen.append(i)
                }
                XCTAssertEqual(at, rows.rows)
            }
            XCTAssertEqual(seen, Array(ranges.indices), "groups of \(groupFrames) frames")
        }
    }

    func testFilterbankIsIndependentOfThreadsAndStreaming() throws {
        let path = Fixtures.path("example_scene.flac")
        let extractor = try FeatureExtractor(filterbank: FilterbankOptions())
        let one = try extractor.features(path: path, threads: 1)
        let three = try extractor.features(path: path, threads: 3)
        XCTAssertEqual(one, three)
        XCTAssertEqual(one.filterbank?.rows, one.count)
        // Without the option no filterbank is computed, and the other features do not change.
        let plain = try FeatureExtractor().features(path: path, threads: 2)
        XCTAssertNil(plain.filterbank)
        XCTAssertEqual(plain.mfcc, one.mfcc)
        XCTAssertEqual(plain.pitch, one.pitch)
    }

    func testPoveyWindowAndKaldiEdges() {
        let w = FilterbankOptions.Window.povey.values(count: 400)
        XCTAssertEqual(w[0], 0)
        XCTAssertEqual(Double(w[200]), pow(0.5 - 0.5 * cos(2 * Double.pi * 200 / 399), 0.85), accuracy: 1e-6)
        var o = FilterbankOptions()
        XCTAssertEqual(o.highFrequency(sampleRate: 16000), 8000)
        o.highFrequency = -400
        XCTAssertEqual(o.highFrequency(sampleRate: 16000), 7600)
        o.bands = 1
        XCTAssertThrowsError(try o.validate(framing: FrontEndOptions()))
    }
}
