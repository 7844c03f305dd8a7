import XCTest
@testable import DSPKit

/// The same 3 s speech clip in every container, encoding, rate and channel layout gives the same
/// features, within a tolerance that depends on what the encoding loses.
final class FormatConsistencyTests: XCTestCase {
    static let reference = "formats/speech_16k_s16.wav"

    func features(_ name: String) throws -> FrameFeatures {
        try FeatureExtractor.extract(path: Fixtures.path(name))
    }

    /// Mean absolute difference of c0…c19 and of log energy over frames louder than the quietest 30 %
    /// of the reference (silence is dominated by the log floor and quantisation), after shifting `other`
    /// by `lag` frames; fraction of frames voiced in both whose F0 agrees within 2 %; voicing agreement.
    func compare(_ ref: FrameFeatures, _ other: FrameFeatures, lag: Int = 0)
        -> (cepstra: Double, energy: Double, pitchAgreement: Double, voicingAgreement: Double) {
        let energies = (0..<ref.count).map { ref.mfcc[$0, 20] }.sorted()
        let threshold = energies[energies.count * 3 / 10]
        var dc = 0.0, de = 0.0, n = 0, both = 0, agree = 0, sameVoicing = 0, frames = 0
        for i in 0..<ref.count {
            let j = i + lag
            guard j >= 0 && j < other.count else { continue }
            frames += 1
            if (ref.pitch[i] > 0) == (other.pitch[j] > 0) { sameVoicing += 1 }
            if ref.pitch[i] > 0 && other.pitch[j] > 0 {
                both += 1
                if abs(other.pitch[j] - ref.pitch[i]) <= 0.02 * ref.pitch[i] { agree += 1 }
            }
            guard ref.mfcc[i, 20] > threshold else { continue }
            n += 1
            for c in 0..<20 { dc += Double(abs(ref.mfcc[i, c] - other.mfcc[j, c])) }
            de += Double(abs(ref.mfcc[i, 20] - other.mfcc[j, 20]))
        }
        return (dc / Double(20 * max(n, 1)), de / Double(max(n, 1)),
                Double(agree) / Double(max(both, 1)), Double(sameVoicing) / Double(max(frames, 1)))
    }

    func testLosslessEncodingsGiveTheSameFeatures() throws {
        let ref = try features(FormatConsistencyTests.reference)
        XCTAssertEqual(ref.count, 298)
        for name in ["formats/speech_16k_s24.wav", "formats/speech_16k_f32.wav", "formats/speech_16k.flac"] {
            let f = try features(name)
            XCTAssertEqual(f.count, ref.count, name)
            // The same 16-bit samples in another container: differences only from float rounding (none expected).
            for k in 0..<ref.mfcc.data.count { XCTAssertEqual(f.mfcc.data[k], ref.mfcc.data[k], accuracy: 1e-4, name) }
            XCTAssertEqual(f.pitch, ref.pitch, name)
        }
    }

    func testResampledStereoGivesCloseFeatures() throws {
        let ref = try features(FormatConsistencyTests.reference)
        for name in ["formats/speech_44k_stereo.wav", "formats/speech_48k_stereo.wav"] {
            let f = try features(name)
            XCTAssertEqual(f.count, ref.count, name)
            let d = compare(ref, f)
            // Upsampled by sox, then downmixed and resampled back: the band edge near 8 kHz differs slightly.
            XCTAssertLessThan(d.cepstra, 0.3, "\(name) mean |Δc|")
            XCTAssertLessThan(d.energy, 0.05, "\(name) mean |Δ log energy|")
            XCTAssertGreaterThan(d.pitchAgreement, 0.97, name)
            XCTAssertGreaterThan(d.voicingAgreement, 0.97, name)
        }
    }

    func testLossyEncodingsGiveCloseFeatures() throws {
        let ref = try features(FormatConsistencyTests.reference)
        let ogg = try features("formats/speech_16k.ogg")
        XCTAssertEqual(ogg.count, ref.count)
        let d = compare(ref, ogg)
        XCTAssertLessThan(d.cepstra, 0.4, "Vorbis mean |Δc|")
        XCTAssertLessThan(d.energy, 0.1, "Vorbis mean |Δ log energy|")
        XCTAssertGreaterThan(d.pitchAgreement, 0.9)
        XCTAssertGreaterThan(d.voicingAgreement, 0.9)

        // MP3 at 44.1 kHz: libsndfile does not remove the encoder delay (1105 samples ≈ 2.5 frames),
        // so compare at the best whole-frame lag; half a frame (5 ms) of misalignment remains, which is
        // why pitch agreement on moving intonation is looser here than for Vorbis.
        let mp3 = try features("formats/speech_44k.mp3")
        XCTAssertEqual(Double(mp3.count), Double(ref.count), accuracy: 5)
        let best = (-5...5).map { (lag: $0, d: compare(ref, mp3, lag: $0)) }.min { $0.d.energy < $1.d.energy }!
        XCTAssertLessThan(abs(best.lag), 4)
        XCTAssertLessThan(best.d.cepstra, 1.0, "MP3 mean |Δc| at lag \(best.lag)")
        XCTAssertLessThan(best.d.energy, 0.3, "MP3 mean |Δ log energy| at lag \(best.lag)")
        XCTAssertGreaterThan(best.d.pitchAgreement, 0.6)
    }

    func testNarrowbandAudioKeepsPitchAndEnergy() throws {
        // 8 kHz audio has nothing above 4 kHz: upper mel bands sit at the floor, so cepstra differ by design;
        // pitch and frame energy must survive.
        let ref = try features(FormatConsistencyTests.reference)
        let f = try features("formats/speech_8k_s16.wav")
        XCTAssertEqual(f.count, ref.count)
        let d = compare(ref, f)
        XCTAssertLessThan(d.energy, 0.6)
        XCTAssertGreaterThan(d.pitchAgreement, 0.9)
        XCTAssertGreaterThan(d.voicingAgreement, 0.9)
    }
}
