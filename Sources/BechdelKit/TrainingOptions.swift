/// Options of the whole training pipeline (table → model): features, boosting, and the decision rule.
public struct TrainingOptions: Equatable, Sendable {
    /// How the feature schema is learned.
    public var features = FeatureOptions()
    /// Gradient boosting hyper-parameters.
    public var boosting = BoostingOptions()
    /// Folds of the internal cross-validation whose out-of-fold probabilities set the decision weights
    /// (`DecisionRule`); 0 keeps plain argmax. Default 5 folds.
    public var decisionFolds: Int = 5
    /// Largest accuracy loss (fraction, 0–1) the decision weights may cost, relative to argmax on the same
    /// out-of-fold probabilities. Default 0.01.
    public var maxAccuracyDrop: Double = 0.01

    public init() {}
}
