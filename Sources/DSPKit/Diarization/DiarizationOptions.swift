/// Every threshold and size of speaker segmentation, embedding, clustering and counting, in one place
/// (Kaldi style), so that calibration changes one struct and users can see what decides the count.
///
/// Frame counts are in feature frames (10 ms each at the front end's 100 frames/s).
public struct DiarizationOptions: Equatable, Sendable {
    /// Feature columns (of the front end's MFCC matrix: c0…c19, log energy) that speaker change detection
    /// models. Default 1..<13 (c1…c12): c0 and energy follow loudness and mixing, not the speaker.
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
    /// BIC penalty weight λ for merging adjacent segments of a speech region back together. Default 1.0.
    public var linearPenalty: Double = 1.0
    /// Regularisation added to covariance diagonals, relative to the mean variance. Default 1e-3.
    public var covarianceRidge: Double = 1e-3

    // MARK: Speaker embedding

    /// Segments longer than this are embedded in equal pieces of at most this many frames (a missed speaker
    /// change then spoils one piece, not the whole segment; it also bounds the embedder's memory).
    /// Default 1000 (10 s).
    public var maximumPieceFrames: Int = 1000
    /// Most pieces handed to agglomerative clustering, whose memory grows with the square of the count
    /// (4,000 pieces: 32 MB). Beyond it, the most similar adjacent pieces of a speech region are joined
    /// first. Default 4000 (a 2-hour film of dialogue has about 3,000).
    public var maximumPieces: Int = 4000

    // MARK: Clustering

    /// Two clusters of pieces are the same speaker while the average cosine similarity between their pieces'
    /// CAM++ embeddings is at least this (average-linkage agglomerative clustering); higher is stricter and
    /// finds more speakers. Calibrated on simulated scenes of unseen training speakers (EVALUATION.md).
    /// Default 0.4.
    public var speakerSimilarity: Double = 0.35
    /// Pieces shorter than this (frames) do not open clusters: each joins the cluster whose length-weighted
    /// mean embedding is most similar to its own. Default 50 (0.5 s).
    public var minimumClusterPieceFrames: Int = 50
    /// Pieces whose mean overlapped-speech probability (segmentation network) exceeds this do not open
    /// clusters either: their embedding mixes two voices. Default 0.5.
    public var maximumSeedOverlap: Double = 0.5

    // MARK: Overlapped speech

    /// Frames whose overlapped-speech probability (segmentation network) exceeds this are given a second
    /// speaker, the nearest other speaker in time (`OverlapAssignment`); 1 turns this off. Default 0.5.
    public var overlapThreshold: Double = 0.5
    /// Shortest overlap given a second speaker, seconds. Default 0.1.
    public var minimumOverlap: Double = 0.1

    // MARK: Counting

    /// Speakers with less total speech than this (seconds) are reported apart as uncounted. Default 3 s.
    public var minimumSpeech: Double = 3.0

    public init() {}

    /// Frames → seconds.
    public func seconds(_ frames: Int) -> Double { Double(frames) / frameRate }
}
