/// Every setting of the audio front end (framing, MFCC, pitch), with its default and unit.
///
/// One struct per stage, Kaldi style: the defaults are what the shipped models were trained with,
/// so change them only together with retraining. Frame i covers samples [i·hop, i·hop + window)
/// of the 16 kHz signal; only frames that fit entirely inside the audio are produced.
public struct FrontEndOptions: Equatable, Sendable {
    /// Rate the audio is converted to before analysis, Hz. Default 16000.
    public var sampleRate: Int = 16000
    /// Analysis window length, milliseconds. Default 25 (400 samples at 16 kHz).
    public var frameLengthMs: Double = 25
    /// Hop between frames, milliseconds. Default 10 (160 samples, 100 frames per second).
    public var frameShiftMs: Double = 10
    /// Pre-emphasis coefficient applied per frame (y[i] = x[i] − p·x[i−1], y[0] = x[0] − p·x[0]); 0 disables. Default 0.97.
    public var preEmphasis: Float = 0.97
    /// Subtract each frame's mean before energy and pre-emphasis (Kaldi `remove_dc_offset`). Default true.
    public var removeDCOffset: Bool = true
    /// Real FFT length, samples; must be ≥ the window. Default 512.
    public var fftSize: Int = 512
    /// Triangular mel bands (HTK mel scale, 2595·log10(1 + f/700)). Default 40.
    public var melBands: Int = 40
    /// Lower edge of the first mel band, Hz. Default 20.
    public var lowFrequency: Float = 20
    /// Upper edge of the last mel band, Hz. Default 7600.
    public var highFrequency: Float = 7600
    /// Cepstral coefficients c0…c(n−1) from the orthonormal DCT-II of the log mel energies. Default 20.
    /// Each feature row holds these followed by the log frame energy (`cepstra + 1` columns).
    public var cepstra: Int = 20
    /// Floor applied to mel and frame energies before the natural log (samples in [-1, 1]). Default 1e-10.
    public var logFloor: Float = 1e-10

    /// Lowest F0 searched, Hz. Default 60.
    public var minPitch: Float = 60
    /// Highest F0 searched, Hz. Default 400.
    public var maxPitch: Float = 400
    /// Pitch analysis window, milliseconds, centred on the MFCC frame's centre. Default 40.
    public var pitchWindowMs: Double = 40
    /// Rate of the decimated signal the pitch tracker works on, Hz (must divide `sampleRate`). Default 8000.
    public var pitchSampleRate: Int = 8000
    /// Normalised-autocorrelation peak (0…1) below which a frame is unvoiced (F0 reported as 0 Hz). Default 0.45.
    public var voicingThreshold: Float = 0.45
    /// Frames whose RMS (samples in [-1, 1]) is below this are unvoiced with strength 0. Default 3e-4 (about −70 dBFS).
    public var silenceRMS: Float = 3e-4
    /// Strength subtracted per octave below `maxPitch` when choosing among autocorrelation peaks,
    /// which avoids reporting half the true F0 (Boersma's "octave cost"). Default 0.02 per octave.
    public var octaveCost: Float = 0.02

    public init() {}

    /// Window length in samples at `sampleRate`.
    public var windowSamples: Int { Int((frameLengthMs * Double(sampleRate) / 1000).rounded()) }
    /// Hop in samples at `sampleRate`.
    public var hopSamples: Int { Int((frameShiftMs * Double(sampleRate) / 1000).rounded()) }
    /// Columns of `FrameFeatures.mfcc`: c0…c(cepstra−1) then log energy.
    public var featureDimension: Int { cepstra + 1 }
    /// Frames per second.
    public var framesPerSecond: Double { Double(sampleRate) / Double(hopSamples) }
    /// Time of the centre of frame `i`, seconds.
    public func frameCentre(_ i: Int) -> Double {
        (Double(i * hopSamples) + Double(windowSamples) / 2) / Double(sampleRate)
    }
    /// Number of frames produced from `samples` samples: frames must fit entirely in the audio.
    public func frameCount(samples: Int) -> Int {
        samples < windowSamples ? 0 : (samples - windowSamples) / hopSamples + 1
    }

    /// Decimation factor from `sampleRate` to `pitchSampleRate`.
    var pitchDecimation: Int { sampleRate / pitchSampleRate }
    /// Pitch window in decimated samples.
    var pitchWindowSamples: Int { Int((pitchWindowMs * Double(pitchSampleRate) / 1000).rounded()) }

    /// Throws `AudioError.invalidOptions` when the settings cannot work together.
    public func validate() throws {
        func fail(_ s: String) throws -> Never { throw AudioError.invalidOptions(problem: s) }
        if sampleRate < 1000 || sampleRate > 768_000 { try fail("sample rate \(sampleRate) Hz is outside 1000–768000 Hz") }
        // Durations first: the sample counts below are computed from them and must fit an Int.
        for (name, ms) in [("frame length", frameLengthMs), ("frame shift", frameShiftMs), ("pitch window", pitchWindowMs)] {
            if !(ms > 0 && ms <= 10_000) { try fail("\(name) of \(ms) ms is outside (0, 10000] ms") }
        }
        if windowSamples < 16 { try fail("window of \(frameLengthMs) ms is shorter than 16 samples") }
        if hopSamples < 1 { try fail("hop of \(frameShiftMs) ms is shorter than one sample") }
        if fftSize < windowSamples { try fail("FFT size \(fftSize) is smaller than the window (\(windowSamples) samples)") }
        if fftSize & (fftSize - 1) != 0 { try fail("FFT size \(fftSize) is not a power of two") }
        if fftSize > 1 << 24 { try fail("FFT size \(fftSize) is larger than 2^24") }
        if !(preEmphasis >= 0 && preEmphasis < 1) { try fail("pre-emphasis \(preEmphasis) is outside [0, 1)") }
        if melBands < 2 { try fail("\(melBands) mel bands; need at least 2") }
        if cepstra < 1 || cepstra > melBands { try fail("\(cepstra) cepstra for \(melBands) mel bands") }
        if !(lowFrequency >= 0 && lowFrequency < highFrequency && highFrequency <= Float(sampleRate) / 2) {
            try fail("mel range \(lowFrequency)–\(highFrequency) Hz is not inside 0–\(sampleRate / 2) Hz")
        }
        if !(logFloor > 0) { try fail("log floor must be positive") }
        if pitchSampleRate < 1000 || pitchSampleRate > sampleRate || sampleRate % pitchSampleRate != 0 {
            try fail("pitch rate \(pitchSampleRate) Hz must divide the sample rate \(sampleRate) Hz")
        }
        if !(minPitch >= 1 && minPitch < maxPitch && maxPitch < Float(pitchSampleRate) / 4) {
            try fail("pitch range \(minPitch)–\(maxPitch) Hz must satisfy 1 ≤ min < max < \(pitchSampleRate / 4) Hz")
        }
        let maxLag = Int((Float(pitchSampleRate) / minPitch).rounded(.up))
        if pitchWindowSamples <= maxLag {
            try fail("pitch window \(pitchWindowMs) ms is shorter than one period at \(minPitch) Hz")
        }
        if !(voicingThreshold >= 0 && voicingThreshold <= 1) { try fail("voicing threshold \(voicingThreshold) is outside [0, 1]") }
        if !(silenceRMS >= 0) || !(octaveCost >= 0) { try fail("silence RMS and octave cost must be non-negative") }
    }
}
