import CDSP
import CSampleRate
import Foundation

/// Streaming mono sample-rate conversion to the front end's rate.
///
/// Exists so a film at any rate reaches the front end at 16 kHz in bounded memory: input is pushed
/// block by block and converted output handed to a callback. Two engines, chosen by the ratio:
/// - integer down-sampling (48 kHz, 32 kHz, 96 kHz → 16 kHz): a Kaiser-windowed sinc low-pass
///   (flat to 0.95 × the output Nyquist, ≥ 70 dB beyond 1.05 ×) and decimation in C, about 20× faster
///   than libsamplerate's fastest sinc converter at better quality;
/// - any other ratio (44.1 kHz, 22.05 kHz, 8 kHz…): libsamplerate with the converter in `quality`.
/// Measurements are in BENCHMARKS.md ("Audio front end").
public final class Resampler {
    /// libsamplerate converters. Measured mono 48 kHz → 16 kHz (one core, 600 s of audio): sincBest 10×,
    /// sincMedium 59×, sincFastest 198×, linear 2500× real time. `sincMedium` is the default for the
    /// ratios libsamplerate handles (44.1 kHz and other non-integer ratios): `sincFastest` rolls off from
    /// ~0.9 × the output Nyquist (7.2 kHz), inside the 20–7600 Hz mel range, and moved the cepstra of the
    /// 44.1 kHz test clip by 0.74 on average against the 16 kHz original, `sincMedium` by less than 0.3
    /// (FormatConsistencyTests); `linear` and `zeroOrderHold` alias, which MFCCs would see.
    public enum Quality: Int32, Sendable {
        case sincBest = 0
        case sincMedium = 1
        case sincFastest = 2
        case zeroOrderHold = 3
        case linear = 4
    }

    /// The libsamplerate converter used for non-integer ratios unless told otherwise.
    public static let defaultQuality: Quality = .sincMedium
    /// Largest integer ratio handled by the built-in decimator.
    public static let maxDecimationFactor = 8

    public let inputRate: Int
    public let outputRate: Int
    /// True when the built-in integer decimator is used instead of libsamplerate.
    public var usesIntegerDecimation: Bool { factor > 0 }

    private let ratio: Double
    private let path: String
    private var state: OpaquePointer?
    private var output: [Float] = []

    // Integer decimation state.
    private let factor: Int
    private let taps: [Float]
    private var history: [Float] = []
    private var historyFirst = 0      // absolute input index of history[0]
    private var nextOutput = 0        // absolute index of the next output sample

    /// Creates a converter from `inputRate` to `outputRate` (Hz) for one channel.
    /// `path` only names the file in errors.
    public init(inputRate: Int, outputRate: Int, quality: Quality = Resampler.defaultQuality, path: String = "") throws {
        guard inputRate > 0, outputRate > 0 else {
            throw AudioError.invalidHeader(path: path, problem: "cannot resample \(inputRate) Hz to \(outputRate) Hz")
        }
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.path = path
        ratio = Double(outputRate) / Double(inputRate)
        if inputRate % outputRate == 0 && inputRate / outputRate >= 2 && inputRate / outputRate <= Resampler.maxDecimationFactor {
            factor = inputRate / outputRate
            taps = Resampler.kaiserLowPass(factor: factor)
            return
        }
        factor = 0
        taps = []
        guard src_is_valid_ratio(ratio) != 0 else {
            throw AudioError.resampleFailed(path: path, reason: "ratio \(ratio) out of libsamplerate's range")
        }
        var error: Int32 = 0
        state = src_new(quality.rawValue, 1, &error)
        if state == nil || error != 0 {
            throw AudioError.resampleFailed(path: path, reason: String(cString: src_strerror(error)))
        }
    }

    deinit {
        if let s = state { src_delete(s) }
    }

    /// Low-pass for decimation by `factor`: cutoff at the output Nyquist (0.5 / factor cycles per
    /// input sample), transition ±5 % of it, Kaiser window with β = 6.76 (≈ 70 dB stopband).
    static func kaiserLowPass(factor: Int) -> [Float] {
        let cutoff = 0.5 / Double(factor)
        let transition = 0.1 * cutoff                           // full width, cycles per sample
        let attenuation = 70.0
        let beta = 0.1102 * (attenuation - 8.7)
        var count = Int(((attenuation - 8) / (2.285 * 2 * Double.pi * transition)).rounded(.up))
        count = min(count | 1, Int(CDSP_MAX_TAPS) - 1)
        let half = (count - 1) / 2
        func besselI0(_ x: Double) -> Double {
            var sum = 1.0, term = 1.0, k = 1.0
            while term > 1e-12 * sum {
                term *= (x / (2 * k)) * (x / (2 * k))
                sum += term
                k += 1
            }
            return sum
        }
        let i0beta = besselI0(beta)
        var h = (0..<count).map { i -> Double in
            let n = Double(i - half)
            let sinc = n == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * n) / (Double.pi * n)
            let r = n / Double(half)
            return sinc * besselI0(beta * (1 - r * r).squareRoot()) / i0beta
        }
        let sum = h.reduce(0, +)
        h = h.map { $0 / sum }
        return h.map { Float($0) }
    }

    /// Converts `count` input samples; calls `emit` with converted samples (possibly several times,
    /// possibly not at all while the filter fills). Pass `endOfInput: true` once, with the last block
    /// (which may be empty), to flush the filter's tail.
    public func process(_ input: UnsafePointer<Float>?, count: Int, endOfInput: Bool,
                        emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        if factor > 0 {
            try decimate(input, count: count, endOfInput: endOfInput, emit: emit)
        } else {
            try convertWithLibsamplerate(input, count: count, endOfInput: endOfInput, emit: emit)
        }
    }

    private func decimate(_ input: UnsafePointer<Float>?, count: Int, endOfInput: Bool,
                          emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        if let input = input, count > 0 { history.append(contentsOf: UnsafeBufferPointer(start: input, count: count)) }
        let half = (taps.count - 1) / 2
        let historyEnd = historyFirst + history.count
        // Outputs whose whole filter support has arrived; at the end, every output of the input
        // (ceil(n / factor) in all) with zeros past the last sample.
        let end = endOfInput ? (historyEnd + factor - 1) / factor : max(nextOutput, (historyEnd - half - 1) / factor + 1)
        let n = end - nextOutput
        if n > 0 {
            if output.count < n { output = [Float](repeating: 0, count: n) }
            history.withUnsafeBufferPointer { h in
                output.withUnsafeMutableBufferPointer { o in
                    taps.withUnsafeBufferPointer { t in
                        cdsp_decimate(h.baseAddress, h.count, historyFirst, t.baseAddress, Int32(t.count), Int32(factor),
                                      nextOutput, n, o.baseAddress)
                    }
                }
            }
            nextOutput = end
            try output.withUnsafeBufferPointer { try emit(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
        // Keep only the input the next outputs still need.
        let keepFrom = max(historyFirst, nextOutput * factor - half)
        let drop = min(history.count, keepFrom - historyFirst)
        if drop > 0 {
            history.removeSubrange(0..<drop)
            historyFirst += drop
        }
    }

    private func convertWithLibsamplerate(_ input: UnsafePointer<Float>?, count: Int, endOfInput: Bool,
                                          emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        let capacity = Int((Double(count) * ratio).rounded(.up)) + 1024
        if output.count < capacity { output = [Float](repeating: 0, count: capacity) }
        var consumed = 0
        while true {
            var data = SRC_DATA()
            var error: Int32 = 0
            let (generated, used) = output.withUnsafeMutableBufferPointer { out -> (Int, Int) in
                data.data_in = input.map { $0 + consumed }
                data.input_frames = count - consumed
                data.data_out = out.baseAddress
                data.output_frames = out.count
                data.src_ratio = ratio
                data.end_of_input = endOfInput ? 1 : 0
                error = src_process(state, &data)
                return (data.output_frames_gen, data.input_frames_used)
            }
            if error != 0 {
                throw AudioError.resampleFailed(path: path, reason: String(cString: src_strerror(error)))
            }
            consumed += used
            if generated > 0 {
                try output.withUnsafeBufferPointer { try emit(UnsafeBufferPointer(rebasing: $0[0..<generated])) }
            }
            if consumed >= count && (!endOfInput || generated == 0) { break }
            if used == 0 && generated == 0 && !endOfInput { break }
        }
    }
}
