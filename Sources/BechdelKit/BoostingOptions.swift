/// Every hyper-parameter of gradient boosting, with its default and meaning. Defaults were chosen by 5-fold
/// cross-validation on the shared Bechdel table (see EVALUATION.md).
public struct BoostingOptions: Equatable, Sendable {
    /// Maximum number of boosting rounds (each round adds one tree per class). Default 600.
    public var rounds: Int = 600
    /// Shrinkage applied to every leaf value. Default 0.03.
    public var learningRate: Double = 0.03
    /// Maximum number of leaves per tree (trees grow leaf-wise, best gain first). Default 15.
    public var maxLeaves: Int = 15
    /// Maximum depth of a leaf (root = 0); 0 means no limit. Default 6.
    public var maxDepth: Int = 6
    /// Minimum number of training rows in a leaf. Default 20 rows.
    public var minDataInLeaf: Int = 20
    /// Minimum sum of hessians in a leaf ("min child weight"). Default 1.0.
    public var minChildWeight: Double = 1.0
    /// L2 regularisation on leaf values (λ). Default 1.0.
    public var l2: Double = 1.0
    /// Minimum loss reduction for a split (γ), in loss units. Default 0.
    public var minGain: Double = 0
    /// Fraction (0–1] of rows sampled, without replacement, for each round. Default 0.8.
    public var rowSubsample: Double = 0.8
    /// Fraction (0–1] of features offered to each tree. Default 0.5.
    public var featureSubsample: Double = 0.5
    /// Value bins per feature (quantiles of the training values; one more bin holds missing values), 2…255.
    /// Default 255.
    public var maxBins: Int = 255
    /// Fraction of training rows held out (stratified) to choose the number of rounds; 0 disables early
    /// stopping and trains exactly `rounds` rounds. Default 0.15.
    public var validationFraction: Double = 0.15
    /// Stop when the validation log-loss has not improved for this many rounds. Default 60 rounds.
    public var earlyStoppingRounds: Int = 60
    /// After early stopping, train again on all rows for the chosen number of rounds (scaled by
    /// 1 / (1 − validationFraction)), so that no row is wasted. Default true.
    public var refitOnAllRows: Bool = true
    /// Seed of every random choice (validation split, row and feature sampling). Default 1.
    public var seed: UInt64 = 1
    /// Worker threads for histogram construction; results do not depend on it. Default 1.
    public var threads: Int = 1

    public init() {}
}
