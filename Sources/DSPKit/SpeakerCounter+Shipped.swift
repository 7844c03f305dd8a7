import Foundation

/// The counting pipeline wired to the models shipped with bechdelcli (speech activity `Models/sad.model`,
/// sex `Models/sex.model`, speaker embedding `Models/campplus.model`), or to models of a directory of the
/// user's (`sad.model` and `sex.model` as retrained by `bechdelcli train-audio-models`, and optionally a
/// `campplus.model`).
extension SpeakerCounter {
    /// The pipeline with the shipped models; a missing or damaged model is an error naming the file.
    public static func shipped(options: DiarizationOptions = .init()) throws -> SpeakerCounter {
        try make(options: options, detector: try SpeechActivityDetector.shipped(), sex: try SexClassifier.shipped(),
                 embedding: try CAMPlusModel.shipped(), sexModelPath: "Models/sex.model")
    }

    /// The pipeline with the models `sad.model` and `sex.model` of `directory` (as written by
    /// `train-audio-models --output`) and its `campplus.model` if there is one (else the shipped embedding);
    /// a missing or damaged model is an error naming the file.
    public static func models(in directory: String, options: DiarizationOptions = .init()) throws -> SpeakerCounter {
        func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name).path }
        let detector = try SpeechActivityDetector(container: ModelContainer(contentsOf: path("sad.model")))
        let sex = try SexClassifier(container: ModelContainer(contentsOf: path("sex.model")))
        let embedding = FileManager.default.fileExists(atPath: path("campplus.model"))
            ? try CAMPlusModel(container: ModelContainer(contentsOf: path("campplus.model"))) : try CAMPlusModel.shipped()
        return try make(options: options, detector: detector, sex: sex, embedding: embedding, sexModelPath: path("sex.model"))
    }

    static func make(options: DiarizationOptions, detector: SpeechActivityDetector, sex: SexClassifier,
                     embedding: CAMPlusModel, sexModelPath: String) throws -> SpeakerCounter {
        if let cue = sex.embeddingCue, cue.dimension != embedding.embeddingDimension {
            throw ModelContainerError(path: sexModelPath, kind: .invalidModel,
                                      problem: "the sex model expects \(cue.dimension)-value speaker embeddings, the speaker embedding gives \(embedding.embeddingDimension)")
        }
        return SpeakerCounter(options: options, embedder: CAMPlusEmbedder(model: embedding),
                              detectSpeech: { features, threads in detector.detect(features, threads: threads) },
                              classifySex: { frames, pitch, strength, embedding in
                                  let d = sex.classify(frames: frames, pitch: pitch, pitchStrength: strength, embedding: embedding)
                                  return (d.sex, d.confidence)
                              })
    }

    /// The contract's entry point: counts the speakers of the file at `path` with the shipped models.
    public static func analyze(path: String, options: DiarizationOptions = .init(), threads: Int = 1) throws -> CountResult {
        var timings = Timings()
        return try shipped(options: options).analyze(path: path, threads: threads, timings: &timings)
    }
}
