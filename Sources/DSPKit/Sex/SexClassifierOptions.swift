/// Settings of the per-speaker sex classifier and of its training, one struct for the stage.
///
/// The feature settings are stored in the model file at training time and read back by
/// `SexClassifier`, so the classifier always computes the features its GMMs were trained on.
public struct SexClassifierOptions: Equatable, Sendable {
    // Features (stored in the model)
    /// First cepstral coefficient used (c0 and the log energy depend on loudness, not on the voice). Default 1.
    public var firstCepstrum: Int = 1
    /// Number of consecutive cepstra used from `firstCepstrum` (c1…c19). Default 19.
    public var cepstra: Int = 19
    /// Delta regression half-window, frames (0 = no deltas). Default 2.
    public var deltaWindow: Int = 2
    /// Sliding cepstral mean normalisation window over the speaker's frames, frames (10 ms). Default 300.
    public var normalizationWindow: Int = 300
    /// Also normalise the variance in the sliding window (removes more speaker information). Default false.
    public var normalizeVariance: Bool = false
    /// Minimum voicing strength (0…1) of a frame whose F0 enters the median. Default 0.5.
    public var minVoicingStrength: Float = 0.5
    /// Fewer voiced frames than this and the F0 cue is ignored (the decision uses the GMMs only). Default 20.
    public var minVoicedFrames: Int = 20

    // Training only
    /// Components of the background GMM (and of the MAP-adapted female and male GMMs). Default 128.
    public var components: Int = 128
    /// EM iterations of the background GMM. Default 15.
    public var iterations: Int = 15
    /// Variance floor of the GMMs, squared feature units. Default 1e-3.
    public var varianceFloor: Float = 1e-3
    /// MAP relevance factor for the female and male models, frames. Default 16.
    public var relevance: Float = 16
    /// Cross-validation folds (by speaker) giving the out-of-fold scores the calibration is fitted on. Default 5.
    public var folds: Int = 5
    /// Length of the extra speech pieces per speaker scored for calibration, seconds of speech
    /// (so the calibration also sees short turns). Default 3.
    public var calibrationPieceSeconds: Double = 3
    /// Pieces of that length taken per speaker for calibration. Default 3.
    public var calibrationPiecesPerSpeaker: Int = 3
    /// Training frames kept: log energy within this many nats of the file's 95th percentile (6.9 ≈ 30 dB). Default 6.9.
    public var trainingEnergyRange: Float = 6.9
    /// Also train on a copy of every recording with one of the manifest's music pieces mixed under it
    /// (piece i mod count, at SNR `augmentationSNRs[i mod count]`), so music under dialogue does not
    /// shift the decision. Default true (ignored when the manifest has no music).
    public var augmentWithMusic: Bool = true
    /// SNRs of the music copies, dB. Default 0, 5, 10, 15, 20 (including 0 dB raised held-out accuracy
    /// on 2 s turns under 0 dB music from 82.6 % to 91.5 % without loss elsewhere; see EVALUATION.md).
    public var augmentationSNRs: [Double] = [0, 5, 10, 15, 20]
    /// Also train on a telephone-band copy (300–3400 Hz) of every recording. Default true.
    public var augmentWithTelephone: Bool = true
    /// L2 penalty of the logistic calibration (on the weights, not the bias). Default 1e-3.
    public var calibrationL2: Double = 1e-3
    /// L2 penalty of the logistic regression on speaker embeddings (per training example, on the weights):
    /// about scikit-learn's C = 1 for the ~2,000 training recordings and pieces. Default 5e-4.
    public var embeddingL2: Double = 5e-4
    /// Seed of every random choice in training. Default 1.
    public var seed: UInt64 = 1

    public init() {}

    /// Feature dimension of the GMMs (statics and deltas).
    public var featureDimension: Int { cepstra * (deltaWindow > 0 ? 2 : 1) }
}
