import Foundation
import XCTest
@testable import DSPKit

/// F0 accuracy of the normalised-autocorrelation pitch tracker on synthetic harmonic tones and on
/// real speech against a pYIN reference.
final class PitchTests: XCTestCase {
    /// A harmonic tone: F0 with 8 harmonics of falling amplitude (1/h) and mixed phases, like a voiced vowel.
    static func harmonicTone(f0: Double, seconds: Double = 1, rate: Double = 16000) -> [Float] {
        (0..<Int(seconds * rate)).map { i in
            let t = Double(i) / rate
            var v = 0.0
            for h in 1...8 where Double(h) * f0 < rate / 2 { v += sin(2 * .pi * Double(h) * f0 * t + 0.7 * Double(h)) / Double(h) }
            return Float(0.25 * v)
        }
    }

    func testHarmonicTonesWithinTwoPercent() throws {
        let extractor = try FeatureExtractor()
        for f0 in [80.0, 97.0, 123.0, 150.0, 185.0, 220.0, 264.0, 300.0, 350.0] {
            let f = extractor.features(samples: PitchTests.harmonicTone(f0: f0))
            // Skip the first and last 5 frames (pitch window reaches past the signal's edges).
            let inner = Array(f.pitch[5..<(f.count - 5)])
            XCTAssertTrue(inner.allSatisfy { $0 > 0 }, "\(f0) Hz: every inner frame voiced")
            for p in inner { XCTAssertEqual(Double(p), f0, accuracy: 0.02 * f0, "\(f0) Hz") }
            let strength = f.pitchStrength[5..<(f.count - 5)]
            XCTAssertGreaterThan(strength.min()!, 0.9, "\(f0) Hz: a stationary tone is strongly periodic")
        }
    }

    func testMissingFundamentalIsStillFound() throws {
        // Harmonics 2…8 only: the period, not the strongest component, defines F0.
        let f0 = 140.0
        let x: [Float] = (0..<16000).map { i in
            let t = Double(i) / 16000
            var v = 0.0
            for h in 2...8 { v += sin(2 * .pi * Double(h) * f0 * t) / Double(h) }
            return Float(0.3 * v)
        }
        let f = try FeatureExtractor.extract(samples: x)
        let inner = f.pitch[5..<(f.count - 5)]
        for p in inner { XCTAssertEqual(Double(p), f0, accuracy: 0.02 * f0) }
    }

    func testNoiseAndSilenceAreUnvoiced() throws {
        var state: UInt64 = 42
        let noise: [Float] = (0..<16000).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2000) / 4000
        }
        let f = try FeatureExtractor.extract(samples: noise + [Float](repeating: 0, count: 8000))
        let noiseFrames = f.pitch[5..<90]
        let voicedNoise = noiseFrames.filter { $0 > 0 }.count
        XCTAssertLessThan(voicedNoise, noiseFrames.count / 10, "white noise is mostly unvoiced")
        for i in 110..<f.count {
            XCTAssertEqual(f.pitch[i], 0, "silence is unvoiced")
            XCTAssertEqual(f.pitchStrength[i], 0)
        }
        XCTAssertTrue(f.pitchStrength.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    /// Reference F0 of Fixtures/formats/speech_16k_s16.wav (LibriSpeech speaker 163, male): librosa 0.11.0
    /// `pyin(x, fmin=50, fmax=400, sr=16000, frame_length=640, hop_length=160, center=True)`, interpolated
    /// to our frame centres (i·160 + 200 samples), keeping frames where pYIN is voiced on both neighbouring
    /// hops and its F0 changes by less than 1 % between them (stable voicing), and F0 ≥ 70 Hz (the frames
    /// below are creaky voice at the edge of both trackers' ranges).
    static let pyinReference: [(frame: Int, f0: Double)] = [
        (87, 104.13), (90, 104.28), (91, 104.73), (93, 105.79), (94, 105.49), (95, 105.95), (96, 106.1),
        (97, 106.56), (98, 106.41), (106, 88.19), (108, 82.17), (114, 95.07), (115, 95.62), (129, 122.58),
        (136, 144.52), (175, 99.86), (176, 99.28), (181, 93.3), (182, 93.17), (183, 92.63), (185, 88.45),
        (201, 126.17), (202, 126.72), (210, 145.78), (223, 91.7), (226, 88.96), (227, 88.58), (228, 88.58),
        (229, 88.58), (230, 88.58), (243, 91.3), (244, 91.7), (246, 90.52), (247, 90.0), (253, 78.57),
        (254, 79.03), (262, 121.88), (265, 126.17), (266, 126.91), (297, 75.79),
    ]

    func testRealSpeechAgreesWithPYIN() throws {
        let f = try FeatureExtractor.extract(path: Fixtures.path("formats/speech_16k_s16.wav"))
        var voiced = 0, within = 0
        var errors: [Double] = []
        for (frame, ref) in PitchTests.pyinReference {
            let p = Double(f.pitch[frame])
            guard p > 0 else { continue }
            voiced += 1
            let e = abs(p - ref) / ref
            errors.append(e)
            if e <= 0.02 { within += 1 }
        }
        let n = PitchTests.pyinReference.count
        XCTAssertGreaterThanOrEqual(voiced, n * 95 / 100, "frames pYIN finds stably voiced are voiced here too")
        XCTAssertGreaterThanOrEqual(within, n * 90 / 100, "at least 90 % of reference frames within 2 %")
        errors.sort()
        XCTAssertLessThan(errors[errors.count / 2], 0.01, "median relative error below 1 %")
    }
}
