import Foundation

/// Which models and which version of the tool produced a count: the content hash of every model file the
/// counting pipeline loads (sex, speech segmentation, speaker embedding) and the tool's version.
///
/// A results store keeps it with every film, so that a stored count is reused only when the same models would
/// compute it again: a retrained or re-converted model file (`--models`, or a new release) changes the hash and
/// the film is recomputed. The code's own changes are covered by the tool version only.
public struct ModelIdentity: Equatable, Hashable, Sendable {
    /// Version of the tool (e.g. bechdelcli's `--version`).
    public var toolVersion: String
    /// Content hash of the sex model file (`sex.model`).
    public var sex: ContentHash
    /// Content hash of the speech segmentation network (`segmentation.model`).
    public var segmentation: ContentHash
    /// Content hash of the speaker embedding network (`campplus.model`).
    public var embedding: ContentHash

    public init(toolVersion: String, sex: ContentHash, segmentation: ContentHash, embedding: ContentHash) {
        self.toolVersion = toolVersion
        self.sex = sex
        self.segmentation = segmentation
        self.embedding = embedding
    }

    /// The identity of `SpeakerCounter.shipped`: the model files installed with the tool.
    public static func shipped(toolVersion: String) throws -> ModelIdentity {
        try ModelIdentity(toolVersion: toolVersion, sex: hash(try shippedModelPath("sex")),
                          segmentation: hash(try shippedModelPath("segmentation")),
                          embedding: hash(try shippedModelPath("campplus")))
    }

    /// The identity of `SpeakerCounter.models(in: directory)`: its `sex.model`, and its `segmentation.model` and
    /// `campplus.model` when present, else the shipped ones (the same choice the counter makes).
    public static func models(in directory: String, toolVersion: String) throws -> ModelIdentity {
        func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name + ".model").path }
        func chosen(_ name: String) throws -> String {
            FileManager.default.fileExists(atPath: path(name)) ? path(name) : try shippedModelPath(name)
        }
        return try ModelIdentity(toolVersion: toolVersion, sex: hash(path("sex")), segmentation: hash(try chosen("segmentation")),
                                 embedding: hash(try chosen("campplus")))
    }

    /// One line for messages: the tool version and the first 16 hex digits of each model's hash.
    public var summary: String {
        "\(toolVersion), sex \(sex.hex.prefix(16)), segmentation \(segmentation.hex.prefix(16)), campplus \(embedding.hex.prefix(16))"
    }

    /// Path of a shipped model file (`Models/<name>.model` in DSPKit's resources), as the models' `shipped()` find it.
    static func shippedModelPath(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "model", subdirectory: "Models")
                ?? Bundle.module.url(forResource: name, withExtension: "model") else {
            throw ModelContainerError(path: "Models/\(name).model", kind: .unreadable,
                                      problem: "the shipped \(name) model is missing from the installation")
        }
        return url.path
    }

    static func hash(_ path: String) throws -> ContentHash {
        do {
            return try ContentHash.of(file: path)
        } catch let error as ContentHashError {
            throw ModelContainerError(path: path, kind: .unreadable, problem: "cannot read the model file (\(error.problem))")
        }
    }
}
