import DSPKit

/// Everything besides the audio that decides a film's stored result: the models and tool version
/// (`ModelIdentity`) and the counting option a batch can change (`--min-speech`).
///
/// A stored film is reused only when its configuration equals the run's; `merge` refuses stores whose films were
/// made with different configurations unless told otherwise.
public struct AnalysisConfiguration: Equatable, Hashable, Sendable {
    public var models: ModelIdentity
    /// Speakers with less speech than this are uncounted, seconds (`DiarizationOptions.minimumSpeech`, default 3).
    public var minimumSpeech: Double

    public init(models: ModelIdentity, minimumSpeech: Double = DiarizationOptions().minimumSpeech) {
        self.models = models
        self.minimumSpeech = minimumSpeech
    }

    /// One line for messages.
    public var summary: String {
        "\(models.summary), min-speech \(minimumSpeech) s"
    }
}
