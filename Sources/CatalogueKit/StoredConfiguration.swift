/// The configuration columns of a stored film (tool version, model hashes, `--min-speech`) as text and number,
/// so films of any store can be compared with a run's `AnalysisConfiguration` and with each other.
public struct StoredConfiguration: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var toolVersion: String
    public var sexModel: String
    public var segmentationModel: String
    public var embeddingModel: String
    /// Seconds.
    public var minimumSpeech: Double

    public init(toolVersion: String, sexModel: String, segmentationModel: String, embeddingModel: String,
                minimumSpeech: Double) {
        self.toolVersion = toolVersion
        self.sexModel = sexModel
        self.segmentationModel = segmentationModel
        self.embeddingModel = embeddingModel
        self.minimumSpeech = minimumSpeech
    }

    public init(_ configuration: AnalysisConfiguration) {
        self.init(toolVersion: configuration.models.toolVersion, sexModel: configuration.models.sex.hex,
                  segmentationModel: configuration.models.segmentation.hex, embeddingModel: configuration.models.embedding.hex,
                  minimumSpeech: configuration.minimumSpeech)
    }

    /// One line for messages (16 hex digits of each model hash).
    public var description: String {
        "\(toolVersion), sex \(sexModel.prefix(16)), segmentation \(segmentationModel.prefix(16)), "
            + "campplus \(embeddingModel.prefix(16)), min-speech \(minimumSpeech) s"
    }
}
