import CDSP
import CSampleRate
import Foundation

/// Streaming mono sample-rate conversion to the front end's rate.
///
/// Exists so a film at any rate reaches the front end at 16 kHz in bounded memory: input is pushed
/// block by block and converted output handed to a callback. Two engines:
/// - polyphase (default for every ratio out/in = L/M with L ≤ `maxPhases`: 48, 44.1, 32, 22.05, 8 kHz...):
///   a Kaiser-windowed sinc with its cutoff at the lower Nyquist frequency, flat to 0.95 × and ≥ 70 dB down
///   beyond 1.05 × of it, evaluated through a table of L phases in C (`cdsp_resample_polyphase`);
/// - libsamplerate for other ratios, with the converter in `quality`.
/// Why not libsamplerate everywhere: on one core its fastest sinc converter runs at ~200× real time for
/// 48 kHz → 16 kHz (its medium one at ~60×), which alone would exceed the front end's whole time budget
/// (≥ 500× for a 48 kHz film); the polyphase table runs ~10× faster at a higher stopband. Measurements in
/// BENCHMARKS.md ("Audio front end").
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

    /// The libsamplerate converter used when the polyphase table would be too large.
    public static let defaultQuality: Quality = .sincMedium
    /// Largest number of phases (L of out/in = L/M) for the polyphase engine.
    public static let maxPhases = 4096

    public let inputRate: Int
    public let outputRate: Int
    /// True when the built-in polyphase engine is used instead of libsamplerate.
    public var usesPolyphase: Bool { phases > 0 }

    private let ratio: Double
    private let path: String
    private var state: OpaquePointer?
    private var output: [Float] = []

    // Polyphase state: ratio L/M = phases/step, table of phases × taps.
    private let phases: Int
    private let step: Int
    private let tapsPerPhase: Int
    private let table: [Float]
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
        var a = inputRate, b = outputRate
        while b != 0 { (a, b) = (b, a % b) }
        if outputRate / a <= Resampler.maxPhases {
            phases = outputRate / a
            step = inputRate / a
            (tapsPerPhase, table) = Resampler.polyphaseTable(phases: phases, step: step)
            return
        }
        phases = 0; step = 0; tapsPerPhase = 0; table = []
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

    /// The polyphase table for out/in = phases/step: phase p, tap k holds g(p/phases + K/2 − 1 − k), where
    /// g is a sinc low-pass with cutoff fc = ½·min(1, phases/step) cycles per input sample, Kaiser-windowed
    /// (β = 6.76, ≈ 70 dB) over ±K/2 input samples, K chosen for a transition band of 0.1·fc; each phase is
    /// normalised to unit gain at DC.
    static func polyphaseTable(phases: Int, step: Int) -> (taps: Int, table: [Float]) {
        let cutoff = 0.5 * min(1, Double(phases) / Double(step))
        let transition = 0.1 * cutoff
        let attenuation = 70.0
        let beta = 0.1102 * (attenuation - 8.7)
        var taps = Int(((attenuation - 8) / (2.285 * 2 * Double.pi * transition)).rounded(.up))
        taps = min((taps + 7) / 8 * 8, Int(CDSP_MAX_RESAMPLE_TAPS))  // a multiple of 8 suits the C dot product
        let half = Double(taps / 2)
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
        var table = [Float](repeating: 0, count: phases * taps)
        for p in 0..<phases {
            var row = [Double](repeating: 0, count: taps)
            for k in 0..<taps {
                let tau = Double(p) / Double(phases) + half - 1 - Double(k)
                let r = tau / half
                guard abs(r) < 1 else { continue }
                let sinc = tau == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * tau) / (Double.pi * tau)
                row[k] = sinc * besselI0(beta * (1 - r * r).squareRoot()) / i0beta
            }
            let sum = row.reduce(0, +)
            for k in 0..<taps { table[p * taps + k] = Float(row[k] / sum) }
        }
        return (taps, table)
    }

    /// Converts `count` input samples; calls `emit` with converted samples (possibly several times,
    /// possibly not at all while the filter fills). Pass `endOfInput: true` once, with the last block
    /// (which may be empty), to flush the filter's tail.
    public func process(_ input: UnsafePointer<Float>?, count: Int, endOfInput: Bool,
                        emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        if phases > 0 {
            try convertPolyphase(input, count: count, endOfInput: endOfInput, emit: emit)
        } else {
            try convertWithLibsamplerate(input, count: count, endOfInput: endOfInput, emit: emit)
        }
    }

    private func convertPolyphase(_ input: UnsafePointer<Float>?, count: Int, endOfInput: Bool,
                                  emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        if let input = input, count > 0 { history.append(contentsOf: UnsafeBufferPointer(start: input, count: count)) }
        let offset = tapsPerPhase / 2 - 1
        let historyEnd = historyFirst + history.count
        let end: Int
        if endOfInput {
            // Every output inside the input's span, with zeros past the last sample.
            end = (historyEnd * phases + step - 1) / step
        } else {
            // Outputs whose whole filter support has arrived: base + (taps − 1 − offset) < historyEnd.
            let maxBase = historyEnd - tapsPerPhase + offset
            end = maxBase < 0 ? nextOutput : max(nextOutput, ((maxBase + 1) * phases + step - 1) / step)
        }
        let n = end - nextOutput
        if n > 0 {
            if output.count < n { output = [Float](repeating: 0, count: n) }
            history.withUnsafeBufferPointer { h in
                output.withUnsafeMutableBufferPointer { o in
                    table.withUnsafeBufferPointer { t in
                        cdsp_resample_polyphase(h.baseAddress, h.count, historyFirst, t.baseAddress, Int32(phases),
                                                Int32(tapsPerPhase), step, nextOutput, n, o.baseAddress)
                    }
                }
            }
            nextOutput = end
            try output.withUnsafeBufferPointer { try emit(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
        // Keep only the input the next outputs still need.
        let keepFrom = max(historyFirst, nextOutput * step / phases - offset)
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
