import Foundation
import XCTest
@testable import DSPKit

/// The C MFCC path (float, FFTW) against an independent double-precision reference written here:
/// direct DFT, textbook HTK mel triangles, DCT-II by definition.
final class MFCCReferenceTests: XCTestCase {
    /// A deterministic test signal: two tones, a chirp-like component and pseudo-random noise.
    static func testSignal(count: Int, seed: UInt64 = 7) -> [Float] {
        var state = seed
        return (0..<count).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(Int64(bitPattern: state >> 11) % 1000) / 1000.0 - 0.5
            let t = Double(i) / 16000
            let v = 0.3 * sin(2 * .pi * 220 * t) + 0.2 * sin(2 * .pi * 1375 * t + 0.3) + 0.1 * sin(2 * .pi * (300 + 2000 * t) * t) + 0.05 * noise
            return Float(v)
        }
    }

    static func melHz(_ f: Double) -> Double { 2595 * log10(1 + f / 700) }

    /// Reference features of frame `i`: c0…c19 then log energy, all in Double.
    static func referenceFrame(_ x: [Float], frame i: Int, o: FrontEndOptions) -> [Double] {
        let w = o.windowSamples, n = o.fftSize, bands = o.melBands
        var frame = (0..<w).map { Double(x[i * o.hopSamples + $0]) }
        let mean = frame.reduce(0, +) / Double(w)
        frame = frame.map { $0 - mean }
        let energy = frame.reduce(0) { $0 + $1 * $1 }
        var emphasised = [Double](repeating: 0, count: w)
        for j in 0..<w { emphasised[j] = frame[j] - Double(o.preEmphasis) * frame[max(0, j - 1)] }
        let windowed = (0..<w).map { emphasised[$0] * (0.54 - 0.46 * cos(2 * Double.pi * Double($0) / Double(w - 1))) }
        // Direct DFT power spectrum.
        let bins = n / 2 + 1
        var power = [Double](repeating: 0, count: bins)
        for k in 0..<bins {
            var re = 0.0, im = 0.0
            for j in 0..<w {
                let a = -2 * Double.pi * Double(k) * Double(j) / Double(n)
                re += windowed[j] * cos(a); im += windowed[j] * sin(a)
            }
            power[k] = re * re + im * im
        }
        // Textbook mel triangles.
        let lo = melHz(Double(o.lowFrequency)), hi = melHz(Double(o.highFrequency))
        var logMel = [Double](repeating: 0, count: bands)
        for b in 0..<bands {
            let l = lo + Double(b) * (hi - lo) / Double(bands + 1)
            let c = lo + Double(b + 1) * (hi - lo) / Double(bands + 1)
            let r = lo + Double(b + 2) * (hi - lo) / Double(bands + 1)
            var e = 0.0
            for k in 0..<bins {
                let m = melHz(Double(k) * Double(o.sampleRate) / Double(n))
                if m > l && m <= c { e += power[k] * (m - l) / (c - l) }
                else if m > c && m < r { e += power[k] * (r - m) / (r - c) }
            }
            logMel[b] = log(max(e, Double(o.logFloor)))
        }
        // DCT-II by definition, orthonormal.
        var out = (0..<o.cepstra).map { k -> Double in
            var s = 0.0
            for m in 0..<bands { s += logMel[m] * cos(Double.pi * Double(k) * (Double(m) + 0.5) / Double(bands)) }
            return s * (k == 0 ? (1 / Double(bands)).squareRoot() : (2 / Double(bands)).squareRoot())
        }
        out.append(log(max(energy, Double(o.logFloor))))
        return out
    }

    func testMFCCMatchesDoublePrecisionReference() throws {
        let o = FrontEndOptions()
        let x = MFCCReferenceTests.testSignal(count: 16000)
        let f = try FeatureExtractor.extract(samples: x, options: o)
        XCTAssertEqual(f.count, o.frameCount(samples: x.count))
        XCTAssertEqual(f.mfcc.cols, 21)
        var worst = 0.0
        for i in stride(from: 0, to: f.count, by: 7) {
            let ref = MFCCReferenceTests.referenceFrame(x, frame: i, o: o)
            for c in 0..<21 { worst = max(worst, abs(Double(f.mfcc[i, c]) - ref[c])) }
        }
        // Float32 FFT and accumulation against Double: cepstra are O(1–100); 2e-3 absolute is ~1e-5 relative.
        XCTAssertLessThan(worst, 2e-3, "largest deviation from the double-precision reference")
    }

    func testNonDefaultBandsAndCepstraMatchReference() throws {
        var o = FrontEndOptions()
        o.melBands = 64
        o.cepstra = 13
        o.lowFrequency = 60
        o.highFrequency = 6000
        o.preEmphasis = 0
        let x = MFCCReferenceTests.testSignal(count: 8000, seed: 3)
        let f = try FeatureExtractor.extract(samples: x, options: o)
        XCTAssertEqual(f.mfcc.cols, 14)
        for i in stride(from: 0, to: f.count, by: 11) {
            let ref = MFCCReferenceTests.referenceFrame(x, frame: i, o: o)
            for c in 0..<14 { XCTAssertEqual(Double(f.mfcc[i, c]), ref[c], accuracy: 2e-3, "frame \(i) coefficient \(c)") }
        }
    }

    func testPowerSpectrumMatchesDirectDFT() throws {
        let o = FrontEndOptions()
        let computer = MelSpectrumComputer(options: o)
        let frame = Array(MFCCReferenceTests.testSignal(count: 400, seed: 11))
        let (power, logEnergy) = computer.powerSpectrum(frame: frame, scratch: computer.makeScratch())
        // Reference: same preparation, direct DFT in Double.
        let mean = frame.reduce(0.0) { $0 + Double($1) } / 400
        let centred = frame.map { Double($0) - mean }
        XCTAssertEqual(Double(logEnergy), log(centred.reduce(0) { $0 + $1 * $1 }), accuracy: 1e-5)
        var emphasised = centred
        for j in stride(from: 399, through: 1, by: -1) { emphasised[j] = centred[j] - 0.97 * centred[j - 1] }
        emphasised[0] = centred[0] * 0.03
        let windowed = (0..<400).map { emphasised[$0] * (0.54 - 0.46 * cos(2 * Double.pi * Double($0) / 399)) }
        let peak = power.max()!
        for k in 0..<257 {
            var re = 0.0, im = 0.0
            for j in 0..<400 {
                let a = -2 * Double.pi * Double(k * j) / 512
                re += windowed[j] * cos(a); im += windowed[j] * sin(a)
            }
            XCTAssertEqual(Double(power[k]), re * re + im * im, accuracy: 1e-5 * Double(peak), "bin \(k)")
        }
    }

    func testMelFilterbankIsTextbookHTK() {
        let fb = MelFilterbank(bands: 40, fftSize: 512, sampleRate: 16000, lowFrequency: 20, highFrequency: 7600)
        XCTAssertEqual(fb.firstBin.count, 40)
        // Adjacent triangles overlap so that their weights sum to 1 between the first and last centres.
        var sums = [Double](repeating: 0, count: 257)
        for b in 0..<40 {
            for j in 0..<Int(fb.binCount[b]) { sums[Int(fb.firstBin[b]) + j] += Double(fb.weights[Int(fb.offset[b]) + j]) }
        }
        let firstCentreHz = 700 * (pow(10, (MFCCReferenceTests.melHz(20) + (MFCCReferenceTests.melHz(7600) - MFCCReferenceTests.melHz(20)) / 41) / 2595) - 1)
        for k in 0..<257 {
            let hz = Double(k) * 16000 / 512
            if hz > firstCentreHz + 1 && hz < 7000 { XCTAssertEqual(sums[k], 1, accuracy: 1e-5, "bin \(k)") }
            if hz >= 7600 || hz <= 20 { XCTAssertEqual(sums[k], 0, "bin \(k) is outside 20–7600 Hz") }
        }
    }

    func testSilenceGivesFlooredFeaturesNotNaN() throws {
        let f = try FeatureExtractor.extract(samples: [Float](repeating: 0, count: 4000))
        XCTAssertEqual(f.count, 23)
        XCTAssertTrue(f.mfcc.data.allSatisfy { $0.isFinite })
        XCTAssertEqual(f.mfcc[0, 20], log(1e-10), accuracy: 1e-4)
        XCTAssertTrue(f.pitch.allSatisfy { $0 == 0 })
    }

    func testShortSignalGivesNoFrames() throws {
        let f = try FeatureExtractor.extract(samples: [Float](repeating: 0.1, count: 399))
        XCTAssertEqual(f.count, 0)
        XCTAssertEqual(f.pitch.count, 0)
    }

    func testInvalidOptionsAreRejected() {
        var o = FrontEndOptions()
        o.fftSize = 256
        XCTAssertThrowsError(try FeatureExtractor(options: o)) { error in
            XCTAssertTrue("\(error)".contains("FFT size 256"), "\(error)")
        }
        o = FrontEndOptions()
        o.highFrequency = 9000
        XCTAssertThrowsError(try FeatureExtractor(options: o))
    }
}
