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

    func testStoredHalfPrecisionFilterbankStaysWithinRounding() throws {
        let extractor = try FeatureExtractor(filterbank: FilterbankOptions())
        for name in Self.names {
            let (x, reference) = try clip(name)
            let features = extractor.features(samples: x, threads: 2)
            let stored = try XCTUnwrap(features.filterbank)
            XCTAssertEqual(stored.rows, features.count)
            XCTAssertEqual(stored.cols, 80)
            let ours = stored.rows(0..<stored.rows).data
            XCTAssertEqual(ours.count, reference.count, name)
            for (o, r) in zip(ours, reference) {
                // binary16 keeps 11 significant bits: half an ulp is |r|·2⁻¹¹ at most, plus the float path's 1e-3.
                XCTAssertLessThanOrEqual(abs(o - r), abs(r) * 0.00049 + 1e-3, name)
            }
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
