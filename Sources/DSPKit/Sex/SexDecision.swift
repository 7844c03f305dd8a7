/// The sex decided for one speaker, with the calibrated probability that it is right, so reports can
/// show how sure the tool is and analysts can set their own threshold.
public struct SexDecision: Equatable, Sendable {
    /// The more probable sex.
    public var sex: Sex
    /// Calibrated probability (0.5…1) of `sex`.
    public var confidence: Double
    /// Calibrated probability that the speaker is female (0…1).
    public var femaleProbability: Double { sex == .female ? confidence : 1 - confidence }

    public init(sex: Sex, confidence: Double) {
        self.sex = sex
        self.confidence = confidence
    }

    /// The decision for a probability of female.
    public init(femaleProbability p: Double) {
        if p >= 0.5 { self.init(sex: .female, confidence: p) } else { self.init(sex: .male, confidence: 1 - p) }
    }
}
