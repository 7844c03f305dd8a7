import Foundation

/// Settings of the log mel filterbank features (Kaldi `compute-fbank-feats`) that the speaker embedding
/// reads, with their defaults and units. Framing (25 ms window, 10 ms hop, 512-point FFT, pre-emphasis
/// 0.97, DC removal) comes from `FrontEndOptions`, so filterbank frame i is MFCC frame i.
///
/// The defaults are what the shipped CAM++ embedding was trained with (Kaldi defaults, dither 0); change
/// them only with a model trained on the changed features.
public struct FilterbankOptions: Equatable, Sendable {
    /// Analysis window shapes.
    public enum Window: String, Equatable, Sendable, CaseIterable {
        /// Kaldi's default: (0.5 − 0.5·cos(2πn/(N−1)))^0.85.
        case povey
        /// 0.54 − 0.46·cos(2πn/(N−1)).
        case hamming
        /// 0.5 − 0.5·cos(2πn/(N−1)).
        case hann

        /// The window's `count` values.
        public func values(count n: Int) -> [Float] {
            (0..<n).map { i in
                let c = cos(2 * Double.pi * Double(i) / Double(max(1, n - 1)))
                switch self {
                case .povey: return Float(pow(0.5 - 0.5 * c, 0.85))
                case .hamming: return Float(0.54 - 0.46 * c)
                case .hann: return Float(0.5 - 0.5 * c)
                }
            }
        }
    }

    /// Triangular mel bands (mel = 1127·ln(1 + f/700)). Default 80.
    public var bands: Int = 80
    /// Lower edge of the first band, Hz. Default 20.
    public var lowFrequency: Float = 20
    /// Upper edge of the last band, Hz; 0 or less means that much below the Nyquist frequency (Kaldi's
    /// convention). Default 0 (the Nyquist frequency, 8000 Hz at 16 kHz).
    public var highFrequency: Float = 0
    /// Analysis window. Default povey.
    public var window: Window = .povey
    /// Floor applied to band energies before the natural log (samples in [-1, 1]). Default FLT_EPSILON
    /// (1.19e-7), Kaldi's.
    public var logFloor: Float = .ulpOfOne

    public init() {}

    /// The upper band edge in Hz at `sampleRate`.
    public func highFrequency(sampleRate: Int) -> Float {
        highFrequency > 0 ? highFrequency : Float(sampleRate) / 2 + highFrequency
    }

    /// Throws `AudioError.invalidOptions` when the settings cannot work with the front end's `framing`.
    public func validate(framing: FrontEndOptions) throws {
        func fail(_ s: String) throws -> Never { throw AudioError.invalidOptions(problem: s) }
        let high = highFrequency(sampleRate: framing.sampleRate)
        if bands < 2 || bands > 256 { try fail("\(bands) filterbank bands; need 2…256") }
        if !(lowFrequency >= 0 && lowFrequency < high && high <= Float(framing.sampleRate) / 2) {
            try fail("filterbank range \(lowFrequency)–\(high) Hz is not inside 0–\(framing.sampleRate / 2) Hz")
        }
        if !(logFloor > 0) { try fail("filterbank log floor must be positive") }
    }
}
