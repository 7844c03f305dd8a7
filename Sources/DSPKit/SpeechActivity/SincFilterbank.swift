import Foundation

/// The parametrised sinc band-pass filters of SincNet (asteroid-filterbanks' `ParamSincFB`, as pyannote's
/// segmentation network uses them), computed from the learned band edges.
///
/// Why it exists: the model file stores the 2 × 40 learned parameters, not the 80 × 251 filters derived from
/// them; the filters are computed once at load, in double and rounded to float, by asteroid's formula
/// (docs/AUDIO_MODEL_FORMAT.md; scripts/convert_segmentation.py checks it against asteroid). For band b:
/// low = minLow + |lowHz[b]|, high = min(max(low + minBand + |bandHz[b]|, minLow), rate / 2), B = high − low;
/// for the taps j left of the centre, n_j = float32(2π) · float32((j − half) / rate) (float32, as asteroid's
/// buffer `n_`), w_j = float32(0.54 − 0.46 cos(2πj / (taps − 1))) (Hamming):
/// cosine filter h[j] = (sin(high·n_j) − sin(low·n_j)) / (n_j / 2) · w_j / (2B), centre 1, mirrored (even);
/// sine filter h[j] = (cos(low·n_j) − cos(high·n_j)) / (n_j / 2) · w_j / (2B), centre 0, mirrored negated (odd).
public struct SincFilterbank: Equatable, Sendable {
    /// Learned lower edges, Hz (their absolute value is used).
    public let lowHz: [Float]
    /// Learned band widths, Hz (their absolute value is used).
    public let bandHz: [Float]
    /// Samples per second.
    public let sampleRate: Int
    /// Lowest lower edge and narrowest band, Hz (50 and 50 in pyannote).
    public let minLowHz: Double, minBandHz: Double

    public init(lowHz: [Float], bandHz: [Float], sampleRate: Int, minLowHz: Double = 50, minBandHz: Double = 50) {
        precondition(lowHz.count == bandHz.count && sampleRate > 0, "one band width per lower edge, positive rate")
        self.lowHz = lowHz
        self.bandHz = bandHz
        self.sampleRate = sampleRate
        self.minLowHz = minLowHz
        self.minBandHz = minBandHz
    }

    /// Number of bands (the filterbank has twice as many filters: cosine and sine).
    public var bands: Int { lowHz.count }

    /// Lower and upper edge of band `b`, Hz (the upper one clamped to the Nyquist frequency).
    public func edges(_ b: Int) -> (low: Double, high: Double) {
        let low = minLowHz + Double(abs(lowHz[b]))
        let high = min(max(low + minBandHz + Double(abs(bandHz[b])), minLowHz), Double(sampleRate) / 2)
        return (low, high)
    }

    /// The first band whose clamped upper edge is not above its lower edge (no filter exists), or nil.
    public var emptyBand: Int? { (0..<bands).first { b in let e = edges(b); return !(e.high > e.low) } }

    /// The 2·bands × taps filters, row-major: rows 0..<bands cosine (even), rows bands..<2·bands sine (odd), taps
    /// odd. Exactly symmetric (the C forward pass relies on that to halve the filterbank's work).
    public func filters(taps: Int) -> [Float] {
        precondition(taps >= 1 && taps % 2 == 1, "SincNet filters have an odd number of taps")
        let half = taps / 2
        var out = [Float](repeating: 0, count: 2 * bands * taps)
        let twoPi = Float(2 * Double.pi)
        let n: [Double] = (0..<half).map { j in Double(twoPi * (Float(j - half) / Float(sampleRate))) }
        let w: [Double] = (0..<half).map { j in
            Double(Float(0.54 - 0.46 * cos(2 * Double.pi * Double(j) / Double(taps - 1))))
        }
        for b in 0..<bands {
            let (low, high) = edges(b)
            let width = high - low
            let cosRow = b * taps, sinRow = (bands + b) * taps
            for j in 0..<half {
                let c = (sin(high * n[j]) - sin(low * n[j])) / (n[j] / 2) * w[j] / (2 * width)
                let s = (cos(low * n[j]) - cos(high * n[j])) / (n[j] / 2) * w[j] / (2 * width)
                out[cosRow + j] = Float(c)
                out[cosRow + taps - 1 - j] = Float(c)
                out[sinRow + j] = Float(s)
                out[sinRow + taps - 1 - j] = -Float(s)
            }
            out[cosRow + half] = 1
            out[sinRow + half] = 0
        }
        return out
    }
}
