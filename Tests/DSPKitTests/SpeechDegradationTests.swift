import XCTest
import DSPKit

/// The evaluation degradations do what they claim: music at the asked SNR, telephone band limits.
final class SpeechDegradationTests: XCTestCase {
    private func sine(_ f: Double, _ n: Int = 16000) -> [Float] {
        (0..<n).map { Float(0.1 * sin(2 * Double.pi * f * Double($0) / 16000)) }
    }

    private func rms(_ x: ArraySlice<Float>) -> Double {
        (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count)).squareRoot()
    }

    func testTelephoneBandKeepsSpeechBandAndRemovesLowAndHigh() {
        let pass = rms(SpeechDegradation.telephoneBand(sine(1000))[4000...])
        let low = rms(SpeechDegradation.telephoneBand(sine(80))[4000...])
        let high = rms(SpeechDegradation.telephoneBand(sine(6000))[4000...])
        XCTAssertEqual(pass, 0.1 / 2.0.squareRoot(), accuracy: 0.01)
        XCTAssertLessThan(low, 0.01 * pass * 10)
        XCTAssertLessThan(high, 0.01 * pass * 10)
    }

    func testMusicIsMixedAtTheRequestedSNR() {
        let speech = sine(200), music = sine(700, 5000)
        let mixed = SpeechDegradation.mixMusic(speech, music: music, snr: 10)
        let noise = zip(mixed, speech).map { $0 - $1 }
        let snr = 20 * log10(rms(speech[...]) / rms(noise[...]))
        XCTAssertEqual(snr, 10, accuracy: 0.1)
    }
}
