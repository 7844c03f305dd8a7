import Foundation

/// Film-like degradations of clean speech for evaluating how the audio models generalise: music mixed
/// under the speech at a chosen signal-to-noise ratio, and a telephone-band filter (300–3400 Hz).
public enum SpeechDegradation {
    /// `speech` with `music` (looped from `offset` samples if shorter) added at `snr` dB, both measured
    /// as RMS over the whole speech signal and the music segment used.
    public static func mixMusic(_ speech: [Float], music: [Float], snr: Double, offset: Int = 0) -> [Float] {
        guard !speech.isEmpty, !music.isEmpty else { return speech }
        var segment = [Float](repeating: 0, count: speech.count)
        for i in 0..<speech.count { segment[i] = music[(offset + i) % music.count] }
        let ps = rms(speech), pm = rms(segment)
        guard ps > 0, pm > 0 else { return speech }
        let gain = Float(ps / (pm * pow(10, snr / 20)))
        var out = speech
        for i in 0..<out.count { out[i] += gain * segment[i] }
        // Keep the mix inside [-1, 1] as a real recording would be (scale, never clip).
        let peak = out.reduce(0) { max($0, abs($1)) }
        if peak > 1 { for i in 0..<out.count { out[i] /= peak } }
        return out
    }

    /// Band-limits to the telephone band: 4th-order Butterworth high-pass at 300 Hz and low-pass at
    /// 3400 Hz (two biquads each, RBJ cookbook), at `sampleRate`.
    public static func telephoneBand(_ x: [Float], sampleRate: Double = 16000) -> [Float] {
        var y = x
        for q in [0.5411961, 1.3065630] {
            y = biquad(y, highPass: true, frequency: 300, q: q, sampleRate: sampleRate)
            y = biquad(y, highPass: false, frequency: 3400, q: q, sampleRate: sampleRate)
        }
        return y
    }

    static func rms(_ x: [Float]) -> Double {
        var s = 0.0
        for v in x { s += Double(v) * Double(v) }
        return (s / Double(max(1, x.count))).squareRoot()
    }

    static func biquad(_ x: [Float], highPass: Bool, frequency: Double, q: Double, sampleRate: Double) -> [Float] {
        let w0 = 2 * Double.pi * frequency / sampleRate
        let alpha = sin(w0) / (2 * q), c = cos(w0)
        let b0 = highPass ? (1 + c) / 2 : (1 - c) / 2
        let b1 = highPass ? -(1 + c) : 1 - c
        let a0 = 1 + alpha, a1 = -2 * c, a2 = 1 - alpha
        let (nb0, nb1, nb2, na1, na2) = (b0 / a0, b1 / a0, b0 / a0, a1 / a0, a2 / a0)
        var out = [Float](repeating: 0, count: x.count)
        var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
        for i in 0..<x.count {
            let xi = Double(x[i])
            let yi = nb0 * xi + nb1 * x1 + nb2 * x2 - na1 * y1 - na2 * y2
            x2 = x1; x1 = xi; y2 = y1; y1 = yi
            out[i] = Float(yi)
        }
        return out
    }
}
