/// Every setting of speech activity detection and of its training, with defaults and units, in one place
/// (Kaldi style), so a user can see and change what decides "speech" without reading the code.
///
/// The feature layout (cepstra, delta window, normalisation window) is fixed when a model is trained and
/// stored in the model; the detector uses the model's values and ignores those fields here.
public struct SpeechActivityOptions: Equatable, Sendable {
    // MARK: Features (stored in the model at training time)

    /// Cepstra used by the class models: c1…c`cepstra` (c0 is left out so the models ignore loudness).
    /// Default 19.
    public var cepstra: Int = 19
    /// Half-width of the delta regression window, frames. Default 2.
    public var deltaWindow: Int = 2
    /// Sliding window of the cepstral mean normalisation, frames (10 ms each). Default 300 (3 s).
    public var normalizationWindow: Int = 300

    // MARK: Decoding

    /// Frames quieter than this RMS level are silence, dBFS (0 dBFS = full-scale RMS). Default −60.
    public var silenceLevel: Double = -60
    /// Frames more than this far below the recording's loud level (95th percentile of frame levels) are
    /// silence too, dB. Default 50.
    public var silenceRange: Double = 50
    /// Cost of staying in a non-silence class through a silent frame, nats per frame; with `switchPenalty`
    /// it sets the longest pause bridged inside speech (≈ 2·switchPenalty / quietFrameCost frames). Default 2.
    public var quietFrameCost: Double = 2
    /// Log-likelihood cost of changing class between two frames, nats. Default 30.
    public var switchPenalty: Double = 30
    /// Added to the speech class's frame log-likelihood, nats; positive favours speech. Default −3
    /// (chosen on the tuning scenes `out/dev-tune`: about 5 % missed speech and 5 % false alarm; 0 gives 1 % and 16 %).
    public var speechBias: Double = -3
    /// Speech segments shorter than this are dropped, seconds (after gap filling). Default 0.3.
    public var minSpeech: Double = 0.3
    /// Gaps between speech segments shorter than this are filled, seconds. Default 0.3.
    public var minGap: Double = 0.3
    /// Frame shift of the features, seconds. Default 0.01 (the front end's 10 ms hop).
    public var frameShift: Double = 0.01
    /// Frame length of the features, seconds; frame i is reported at the centre 10 ms of its window.
    /// Default 0.025.
    public var frameLength: Double = 0.025
    /// Frames scored per chunk (fixed, so results do not depend on `threads`). Default 6000.
    public var chunkFrames: Int = 6000

    // MARK: Training

    /// Gaussian components per class model (speech, music, noise). Default 32.
    public var componentsPerClass: Int = 32
    /// EM iterations per class model. Default 15.
    public var trainingIterations: Int = 15
    /// Most frames used to train one class model (a seeded random subset). Default 120000.
    public var maxFramesPerClass: Int = 120_000
    /// Lowest speech-to-background ratio of the speech-with-music/noise training mixes, dB. Default 0.
    public var minTrainingSNR: Double = 0
    /// Highest speech-to-background ratio of the speech-with-music/noise training mixes, dB. Default 20.
    public var maxTrainingSNR: Double = 20
    /// Share of the speech-with-music/effects training mixes put in a synthetic reverberant room
    /// (RT60 0.2–0.9 s). Default 0.5.
    public var reverberantFraction: Double = 0.5
    /// Seconds of synthetic effects (impacts, doors, steps, wind, rain, hum, engines, sirens) generated
    /// for the noise class. Default 600.
    public var syntheticNoiseSeconds: Double = 600

    public init() {}

    /// The problem with these options, if any (one line), for validation at the edges.
    public var problem: String? {
        if cepstra < 1 || cepstra > 40 { return "cepstra must be 1…40, got \(cepstra)" }
        if deltaWindow < 1 { return "delta window must be at least 1 frame" }
        if normalizationWindow < 2 { return "normalisation window must be at least 2 frames" }
        if !(switchPenalty >= 0) || !(quietFrameCost >= 0) { return "penalties must be non-negative" }
        if !speechBias.isFinite { return "speech bias must be finite" }
        if !(minSpeech >= 0) || !(minGap >= 0) { return "minimum durations must be non-negative" }
        if !(frameShift > 0) || !(frameLength > 0) { return "frame shift and length must be positive" }
        if chunkFrames < 100 { return "chunk must be at least 100 frames" }
        if componentsPerClass < 1 || trainingIterations < 0 || maxFramesPerClass < componentsPerClass {
            return "training needs ≥ 1 component and at least as many frames as components"
        }
        if !(minTrainingSNR <= maxTrainingSNR) { return "training SNR range is empty" }
        return nil
    }
}
