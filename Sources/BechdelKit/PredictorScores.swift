/// The four judged scores of one set of predictions, computed together so that cross-validation, the
/// evaluation script and the CLI all report the same numbers.
public struct PredictorScores: Equatable, Sendable {
    public var accuracy: Double
    public var macroF1: Double
    /// Pass (rating 3) vs fail ROC-AUC of p3.
    public var passAUC: Double
    public var logLoss: Double

    public init(probabilities: [[Float]], predicted: [Int], truth: [Int]) {
        accuracy = Metrics.accuracy(predicted: predicted, truth: truth)
        macroF1 = Metrics.macroF1(predicted: predicted, truth: truth)
        passAUC = Metrics.rocAUC(scores: probabilities.map { $0[3] }, positive: truth.map { $0 == 3 })
        logLoss = Metrics.logLoss(probabilities: probabilities, truth: truth)
    }

    public init(accuracy: Double, macroF1: Double, passAUC: Double, logLoss: Double) {
        self.accuracy = accuracy
        self.macroF1 = macroF1
        self.passAUC = passAUC
        self.logLoss = logLoss
    }
}
