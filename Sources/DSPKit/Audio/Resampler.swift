import CSampleRate
import CSoxr
import Foundation

/// Streaming mono sample-rate conversion to the front end's rate, through a resampling library.
///
/// Exists so a film at any rate reaches the front end at 16 kHz in bounded memory: input is pushed
/// block by block and converted output handed to a callback. Two library engines:
/// - `soxr` (default): libsoxr, the SoX resampler library, at its high-quality setting (≥ 96 dB stopband)
///   with the passband extended to 95 % of the output Nyquist frequency (7.6 kHz at 16 kHz, the top of the
///   mel range). Single-threaded, deterministic.
/// - `libsamplerate(quality)`: libsamplerate's converters.
/// Why soxr by default: converting 48 kHz to 16 kHz on one core, libsamplerate's fastest sinc converter
/// runs at about 200× real time and its medium one at about 60×, which alone exceeds the front end's whole
/// time budget for a film (≥ 500× real time); libsoxr runs more than ten times faster at a higher stopband.
/// Measurements in BENCHMARKS.md ("Resampling").
public final class Resampler {
    /// libsamplerate converters.
    public enum Quality: Int32, Sendable {
        case sincBest = 0
        case sincMedium = 1
        case sincFastest = 2
        case zeroOrderHold = 3
        case linear = 4
    }

    /// Which library converts the rate.
    public enum Engine: Equatable, Sendable {
        /// libsoxr, high quality, passband to 95 % of the output Nyquist frequency.
        case soxr
        /// libsamplerate with the given converter.
        case libsamplerate(Quality)
    }

    /// The engine used unless the caller asks for another.
    public static let defaultEngine: Engine = .soxr
    /// Fraction of the output Nyquist frequency that soxr keeps flat.
    public static let soxrPassbandEnd = 0.95

    public let inputRate: Int
    public let outputRate: Int
    public let engine: Engine

    private let ratio: Double
    private let path: String
    private var srcState: OpaquePointer?
    private var soxrState: soxr_t?
    private var output: [Float] = []

    /// Creates a converter from `inputRate` to `outputRate` (Hz) for one channel.
    /// `path` only names the file in errors.
    public init(inputRate: Int, outputRate: Int, engine: Engine = Resampler.defaultEngine, path: String = "") throws {
        guard inputRate > 0, outputRate > 0 else {
            throw AudioError.invalidHeader(path: path, problem: "cannot resample \(inputRate) Hz to \(outputRate) Hz")
        }
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.engine = engine
        self.path = path
        ratio = Double(outputRate) / Double(inputRate)
        switch engine {
        case .soxr:
            var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
            var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
            quality.passband_end = Resampler.soxrPassbandEnd
            var runtime = soxr_runtime_spec(1)
            var error: soxr_error_t? = nil
            soxrState = soxr_create(Double(inputRate), Double(outputRate), 1, &error, &io, &quality, &runtime)
            if let error {
                throw AudioError.resampleFailed(path: path, reason: String(cString: error))
            }
        case .libsamplerate(let quality):
            guard src_is_valid_ratio(ratio) != 0 else {
                throw AudioError.resampleFailed(path: path, reason: "ratio \(ratio) out of libsamplerate's range")
            }
            var error: Int32 = 0
            srcState = src_new(quality.rawValue, 1, &error)
            if srcState == nil || error != 0 {
                throw AudioError.resampleFailed(path: path, reason: String(cString: src_strerror(error)))
            }
        }
    }

    deinit {
        if let s = srcState { src_delete(s) }
        if let s = soxrState { soxr_delete(s) }
    }

    /// Converts `count` input samples; calls `emit` with converted samples (possibly several times,
    /// possibly not at all while the filter fills). Pass `endOfInput: true` once, with the last block
    /// (which may be empty), to flush the filter's tail.
    public func process(_ input: UnsafePointer<Float>?, count: Int, endOfInput: Bool,
                        emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        switch engine {
        case .soxr: try convertWithSoxr(input, count: count, endOfInput: endOfInput, emit: emit)
        case .libsamplerate: try convertWithLibsamplerate(input, count: count, endOfInput: endOfInput, emit: emit)
        }
    }

    private func convertWithSoxr(_ input: UnsafePointer<Float>?, count: Int, endOfInput: Bool,
                                 emit: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        let capacity = Int((Double(max(count, 1)) * ratio).rounded(.up)) + 4096
        if output.count < capacity { output = [Float](repeating: 0, count: capacity) }
        if count > 0, let input {
            var consumed = 0
            while consumed < count {
                var used = 0, generated = 0
                let error = output.withUnsafeMutableBufferPointer { out in
                    soxr_process(soxrState, input + consumed, count - consumed, &used, out.baseAddress, out.count, &generated)
                }
                if let error { throw AudioError.resampleFailed(path: path, reason: String(cString: error)) }
                consumed += used
                if generated > 0 {
                    try output.withUnsafeBufferPointer { try emit(UnsafeBufferPointer(rebasing: $0[0..<generated])) }
                }
                if used == 0 && generated == 0 { break }
            }
        }
        guard endOfInput else { return }
        // Flush: a null input tells soxr the input has ended; drain until it gives nothing more.
        while true {
            var generated = 0
            let error = output.withUnsafeMutableBufferPointer { out in
                soxr_process(soxrState, nil, 0, nil, out.baseAddress, out.count, &generated)
            }
            if let error { throw AudioError.resampleFailed(path: path, reason: String(cString: error)) }
            if generated == 0 { break }
            try output.withUnsafeBufferPointer { try emit(UnsafeBufferPointer(rebasing: $0[0..<generated])) }
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
                error = src_process(srcState, &data)
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
