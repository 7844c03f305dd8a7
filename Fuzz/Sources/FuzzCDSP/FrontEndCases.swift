import CDSP
import DSPKit
import FuzzSupport

/// The front end's C loops (MFCC, log mel, decimation, pitch) through DSPKit on hostile samples and options,
/// and `cdsp_mfcc_frames` / `cdsp_log_mel_frames` called directly with hostile sizes.
enum FrontEndCases {
    /// The features `count` computes (MFCC, pitch, 80-band filterbank) of up to 0.25 s of hostile samples.
    static let extractor = try! FeatureExtractor(options: FrontEndOptions(), filterbank: FilterbankOptions())

    static func hostileSamples(_ input: inout FuzzInput) {
        let count = input.int(in: 0...4000)
        let samples = input.hostileFloats(min(count, input.remaining))
        let features = extractor.features(samples: samples)
        precondition(features.mfcc.rows == FrontEndOptions().frameCount(samples: samples.count))
        precondition(features.pitch.allSatisfy { !($0 < 0) }, "negative F0")
    }

    static func hostileOptions(_ input: inout FuzzInput) {
        var o = FrontEndOptions()
        o.sampleRate = [1000, 4000, 8000, 11025, 16000, 22050, 44100, 48000][Int(input.byte()) % 8]
        o.frameLengthMs = Double(input.int(in: 1...200)) / 4
        o.frameShiftMs = Double(input.int(in: 0...200)) / 4
        o.preEmphasis = input.hostileFloat()
        o.removeDCOffset = input.bool()
        o.fftSize = 1 << input.int(in: 3...13)
        o.melBands = input.int(in: 0...90)
        o.cepstra = input.int(in: 0...90)
        o.lowFrequency = input.hostileFloat()
        o.highFrequency = input.hostileFloat()
        o.logFloor = input.hostileFloat()
        o.minPitch = input.hostileFloat()
        o.maxPitch = input.hostileFloat()
        o.pitchWindowMs = Double(input.int(in: 1...400)) / 4
        o.pitchSampleRate = [1000, 2000, 4000, 8000, 16000][Int(input.byte()) % 5]
        o.voicingThreshold = input.hostileFloat()
        o.silenceRMS = input.hostileFloat()
        o.octaveCost = input.hostileFloat()
        var filterbank = FilterbankOptions()
        filterbank.bands = input.int(in: 0...130)
        filterbank.lowFrequency = input.hostileFloat()
        filterbank.highFrequency = input.hostileFloat()
        filterbank.logFloor = input.hostileFloat()
        guard let extractor = try? FeatureExtractor(options: o, filterbank: input.bool() ? filterbank : nil) else { return }
        let samples = input.hostileFloats(min(input.int(in: 0...3000), input.remaining))
        let features = extractor.features(samples: samples)
        precondition(features.mfcc.rows == o.frameCount(samples: samples.count))
        precondition(features.mfcc.cols == o.featureDimension)
    }

    /// Tables of the default MFCC front end (25 ms Hamming window, 512-point FFT, 40 bands, 20 cepstra) built
    /// here with FFTW, so the C functions can be called with any sizes.
    static let tables = MFCCTables()

    static func hostileFrameSizes(_ input: inout FuzzInput) {
        let t = tables
        let actual = input.int(in: 0...2000)
        let signal = input.hostileFloats(min(actual, input.remaining))
        let candidates = [0, 1, -1, 160, 400, Int.max, Int.min, Int.max / 2, 1 << 40, -(1 << 40)]
        func hostileLong(_ input: inout FuzzInput) -> Int {
            let s = input.byte()
            return s < 160 ? candidates[Int(s) % candidates.count] : Int(Int32(bitPattern: input.u32()))
        }
        // The declared signal length may be shorter than the buffer, never longer (that would be the caller's bug).
        let declared = input.bool() ? signal.count : min(signal.count, hostileLong(&input))
        let hop = hostileLong(&input), frames = hostileLong(&input), stride = hostileLong(&input)
        let logMel = input.bool()
        let width = logMel ? t.bands : t.cepstra + 1
        // Whether the call is valid: every frame inside the declared signal, rows wide enough.
        var valid = frames <= 0
        if frames > 0, hop > 0, stride >= width, declared >= t.window {
            valid = frames - 1 <= (declared - t.window) / hop
        }
        let outputFloats = valid && frames > 0 ? (frames - 1) * stride + width : 16
        let out = UnsafeMutablePointer<Float>.allocate(capacity: max(outputFloats, 1))
        defer { out.deallocate() }
        out.initialize(repeating: -7, count: max(outputFloats, 1))
        let rc = signal.withUnsafeBufferPointer { s in
            t.call(logMel: logMel, signal: s.baseAddress, length: declared, hop: hop, frames: frames, out: out, stride: stride)
        }
        if valid {
            precondition(rc == 0, "valid call refused")
        } else {
            precondition(rc == -1, "invalid call (length \(declared), hop \(hop), frames \(frames), stride \(stride)) accepted")
            precondition(out[0] == -7, "refused call wrote its output")
        }
    }
}
