/// Every threshold and penalty of speaker segmentation, clustering and counting, in one place
/// (Kaldi style), so that calibration changes one struct and users can see what decides the count.
///
/// Frame counts are in feature frames (10 ms each at the front end's 100 frames/s).
public struct DiarizationOptions: Equatable, Sendable {
    /// Feature columns (of the front end's MFCC matrix: c0…c19, log energy) that segmentation and
    /// clustering model. Default 1..<13 (c1…c12): c0 and energy follow loudness and mixing, not the speaker.
    public var featureColumns: Range<Int> = 1..<13

    /// Frames per second of the features. Default 100 (10 ms hop).
    public var frameRate: Double = 100

    // MARK: Segmentation (speaker change detection)

    /// Length of each of the two adjacent windows compared by the GLR, in frames. Default 200 (2 s).
    public var changeWindow: Int = 200
    /// Shortest window used when a speech region is too short for `changeWindow`, in frames. Default 75.
    public var minimumChangeWindow: Int = 75
    /// Step between candidate change points, in frames. Default 10 (0.1 s).
    public var changeStep: Int = 10
    /// BIC penalty weight λ for accepting a change point (ΔBIC = GLR − λ·P/2·log n > 0). Default 1.0.
    public var changePenalty: Double = 1.0
    /// Minimum distance between two change points, in frames. Default 100 (1 s).
    public var minimumChangeDistance: Int = 100

    // MARK: Clustering

    /// BIC penalty weight λ for adjacent-segment merging (linear clustering) inside a speech region. Default 1.0.
    public var linearPenalty: Double = 1.0
    /// BIC penalty weight λ of agglomerative clustering: clusters merge while the smallest ΔBIC is below 0.
    /// Set to over-split slightly: the CLR and embedding passes decide the count. Calibrated on simulated
    /// training-speaker scenes. Default 2.5.
    public var clusterPenalty: Double = 2.5
    /// Segments shorter than this (frames) do not seed clusters; after clustering each is given to the
    /// cluster whose Gaussian explains it best. Default 100 (1 s).
    public var minimumClusterSegment: Int = 100
    /// Most segments handed to agglomerative clustering (which is quadratic in segments); beyond this, the
    /// most similar adjacent segments are merged first. Default 1200.
    public var maximumSegments: Int = 1200
    /// Regularisation added to covariance diagonals, relative to the mean variance. Default 1e-3.
    public var covarianceRidge: Double = 1e-3

    // MARK: Cross-likelihood-ratio pass (speaker models MAP-adapted from the background model)

    /// Run the CLR pass after BIC clustering (before the embedding pass). Default true: it needs no training
    /// speakers, so it behaves the same under music and voices the embedding never saw (EVALUATION.md).
    public var useCrossLikelihood: Bool = true
    /// Front-end columns of the background model's features (normalised per file). Default 1..<20 (c1…c19).
    public var backgroundColumns: Range<Int> = 1..<20
    /// Deltas appended to the background model's features (regression half-width in frames; 0 for none). Default 0.
    public var backgroundDeltaWindow: Int = 0
    /// The background model's feature space.
    public var backgroundFeatures: DiarizationFeatures { DiarizationFeatures(columns: backgroundColumns, deltaWindow: backgroundDeltaWindow) }
    /// Components of the diarization background model. Default 128.
    public var backgroundComponents: Int = 128
    /// MAP relevance factor for the speaker models, in frames of occupancy. Default 16.
    public var relevance: Double = 16
    /// Clusters merge while their cross-likelihood ratio (nats per frame, both directions summed) is above
    /// this. Calibrated, without the embedding pass, on simulated training-speaker scenes (out/dev-tune). Default 0.2.
    public var crossLikelihoodThreshold: Double = 0.2

    // MARK: Speaker-embedding pass (i-vector + LDA, PLDA or cosine scoring)

    /// How two clusters' embeddings are compared.
    public enum EmbeddingScoring: String, Equatable, Sendable, CaseIterable {
        /// PLDA log-likelihood ratio, same speaker against different speakers (nats; 0 = even odds).
        case plda
        /// Cosine similarity of the length-normalised embeddings (−1…1).
        case cosine
    }

    /// Run the embedding pass after the other clustering passes when the diarization model has an embedder. Default true.
    public var useEmbedding: Bool = true
    /// Scoring of the embedding pass. Default PLDA, whose threshold has a meaning (log odds) that does not
    /// depend on the training speakers the way a cosine threshold does.
    public var embeddingScoring: EmbeddingScoring = .plda
    /// Clusters merge while their score is above this (PLDA: log-likelihood ratio in nats; cosine: similarity).
    /// Default 4 (PLDA: merge only at odds of about 55 to 1 for "same speaker"), so that after the CLR pass the
    /// embedding only adds confident merges; 0, the even-odds point, was better on scenes of unseen training
    /// speakers with training music but worse under held-out music (EVALUATION.md).
    public var embeddingThreshold: Double = 4

    // MARK: Counting

    /// Speakers with less total speech than this (seconds) are reported apart as uncounted. Default 3 s.
    public var minimumSpeech: Double = 3.0

    public init() {}

    /// Frames → seconds.
    public func seconds(_ frames: Int) -> Double { Double(frames) / frameRate }
}
