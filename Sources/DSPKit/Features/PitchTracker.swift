import CDSP
import Foundation

/// The pitch (F0) stage: normalised autocorrelation with Boersma's window correction on a signal
/// decimated to `pitchSampleRate` (8 kHz by default), through FFTW.
///
/// Why this method: it is accurate to well under 1 % on voiced speech with parabolic peak
/// interpolation, gives a voicing strength in 0…1 for free, and costs two 512-point FFTs per frame on
/// the decimated signal, which keeps the whole front end above 2000× real time on one core.
final class PitchTracker: @unchecked Sendable {
    /// Per-thread working buffers, aligned for FFTW.
    final class Scratch {
        let frame: AlignedFloatBuffer
        let spectrum: AlignedFloatBuffer
        let acf: AlignedFloatBuffer
        var decimated: [Float] = []
        var centres: [Int] = []

        init(fftSize: Int) {
            frame = AlignedFloatBuffer(count: fftSize)
            spectrum = AlignedFloatBuffer(count: 2 * (fftSize / 2 + 1))
            acf = AlignedFloatBuffer(count: fftSize)
        }

        var c: cdsp_pitch_scratch {
            cdsp_pitch_scratch(frame: frame.pointer,
                               spectrum: UnsafeMutableRawPointer(spectrum.pointer).assumingMemoryBound(to: fftwf_complex.self),
                               acf: acf.pointer)
        }
    }

    let options: FrontEndOptions
    let factor: Int
    let windowLength: Int
    let fftSize: Int
    let forward: FFTPlan
    let backward: FFTPlan
    let taps: AlignedFloatBuffer
    let window: AlignedFloatBuffer
    let inverseWindowACF: AlignedFloatBuffer
    let lagPenalty: AlignedFloatBuffer
    private(set) var tables: cdsp_pitch_tables

    init(options: FrontEndOptions) {
        self.options = options
        factor = options.pitchDecimation
        let rate = Float(options.pitchSampleRate)
        windowLength = options.pitchWindowSamples
        let minLag = max(2, Int((rate / options.maxPitch).rounded(.down)))
        let maxLag = Int((rate / options.minPitch).rounded(.up))
        var size = 64
        while size < windowLength + maxLag + 2 { size *= 2 }
        fftSize = size
        forward = FFTPlan(size: size, kind: .realToComplex)
        backward = FFTPlan(size: size, kind: .complexToReal)
        taps = AlignedFloatBuffer(PitchTracker.lowPassTaps(factor: factor))
        // Hann window, symmetric, non-zero at both ends.
        let n = windowLength
        let w = (0..<n).map { i in 0.5 - 0.5 * cos(2 * Double.pi * (Double(i) + 0.5) / Double(n)) }
        window = AlignedFloatBuffer(w.map { Float($0) })
        var acf = [Float](repeating: 0, count: maxLag + 2)
        var r0 = 0.0
        for i in 0..<n { r0 += w[i] * w[i] }
        for lag in 0..<(maxLag + 2) {
            var r = 0.0
            for i in 0..<(n - lag) { r += w[i] * w[i + lag] }
            acf[lag] = Float(r / r0)
        }
        inverseWindowACF = AlignedFloatBuffer(acf.map { 1 / $0 })
        // Octave cost: candidates at longer lags (lower F0) must be stronger by this much per octave.
        lagPenalty = AlignedFloatBuffer((0..<(maxLag + 2)).map { lag in
            lag < minLag ? 0 : options.octaveCost * Float(log2(Double(lag) / Double(minLag)))
        })
        tables = cdsp_pitch_tables(
            window_length: Int32(n), fft_size: Int32(size), min_lag: Int32(minLag), max_lag: Int32(maxLag),
            sample_rate: rate, min_pitch: options.minPitch, max_pitch: options.maxPitch, voicing_threshold: options.voicingThreshold, silence_rms: options.silenceRMS,
            window: window.pointer, inverse_window_acf: inverseWindowACF.pointer, lag_penalty: lagPenalty.pointer,
            forward: forward.plan, backward: backward.plan)
    }

    /// Windowed-sinc (Hann) low-pass for decimation by `factor`, cutoff at 0.9 × the new Nyquist,
    /// 16·factor + 1 taps (a multiple of 8 plus the centre, which suits the C dot product), unit gain at DC.
    /// Factor 1 gives the identity.
    static func lowPassTaps(factor: Int) -> [Float] {
        if factor <= 1 { return [1] }
        let count = 16 * factor + 1
        let half = (count - 1) / 2
        let cutoff = 0.9 * 0.5 / Double(factor) // cycles per input sample
        var h = (0..<count).map { i -> Double in
            let x = Double(i - half)
            let sinc = x == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * x) / (Double.pi * x)
            let hann = 0.5 + 0.5 * cos(Double.pi * x / Double(half + 1))
            return sinc * hann
        }
        let sum = h.reduce(0, +)
        h = h.map { $0 / sum }
        return h.map { Float($0) }
    }

    func makeScratch() -> Scratch { Scratch(fftSize: fftSize) }

    /// Decimated-sample index of the centre of frame `i`.
    func centre(ofFrame i: Int) -> Int {
        (i * options.hopSamples + options.windowSamples / 2) / factor
    }

    /// First raw sample (absolute) that frame `i`'s pitch analysis may read.
    func firstRawSample(ofFrame i: Int) -> Int {
        (centre(ofFrame: i) - windowLength / 2) * factor - (taps.count - 1) / 2
    }

    /// One past the last raw sample (absolute) that frame `i`'s pitch analysis may read.
    func endRawSample(ofFrame i: Int) -> Int {
        (centre(ofFrame: i) - windowLength / 2 + windowLength - 1) * factor + (taps.count - 1) / 2 + 1
    }

    /// Pitch of frames [first, first + count). `raw` holds the signal's samples from absolute index
    /// `rawFirst`; it must hold every sample of the signal that the frames read (see `firstRawSample`,
    /// `endRawSample`); positions outside it are taken as outside the signal (zero).
    func compute(raw: UnsafePointer<Float>, rawLength: Int, rawFirst: Int, firstFrame: Int, frames count: Int,
                 pitch: UnsafeMutablePointer<Float>, strength: UnsafeMutablePointer<Float>, scratch: Scratch) {
        guard count > 0 else { return }
        let decFirst = centre(ofFrame: firstFrame) - windowLength / 2
        let decEnd = centre(ofFrame: firstFrame + count - 1) - windowLength / 2 + windowLength
        let decLength = decEnd - decFirst
        if scratch.decimated.count < decLength { scratch.decimated = [Float](repeating: 0, count: decLength) }
        if scratch.centres.count < count { scratch.centres = [Int](repeating: 0, count: count) }
        for j in 0..<count { scratch.centres[j] = centre(ofFrame: firstFrame + j) }
        var t = tables
        var s = scratch.c
        scratch.decimated.withUnsafeMutableBufferPointer { dec in
            let status = cdsp_decimate(raw, rawLength, rawFirst, taps.pointer, Int32(taps.count), Int32(factor),
                                       decFirst, decLength, dec.baseAddress!)
            // Taps and factor come from validated options, offsets from a stream shorter than 2^40 samples.
            precondition(status == 0, "cdsp_decimate refused the pitch tracker's call")
            scratch.centres.withUnsafeBufferPointer { c in
                let status = cdsp_pitch_frames(&t, &s, dec.baseAddress!, decLength, decFirst, c.baseAddress!, count, pitch, strength)
                precondition(status == 0, "cdsp_pitch_frames refused the pitch tracker's call")
            }
        }
    }
}
