import Foundation

/// The counting pipeline wired to the models shipped with bechdelcli (speech segmentation
/// `Models/segmentation.model`, speaker embedding `Models/campplus.model`, sex `Models/sex.model`), or to the
/// models of a directory of the user's (`sex.model` as retrained by `bechdelcli models train-audio`, and
/// optionally `segmentation.model` and `campplus.model`).
extension SpeakerCounter {
    /// The pipeline with the shipped models; a missing or damaged model is an error naming the file.
    public static func shipped(options: DiarizationOptions = .init(),
                               speech: SpeechSegmentationOptions = .init()) throws -> SpeakerCounter {
        try make(options: options, speech: speech, segmentation: try SegmentationModel.shipped(),
                 sex: try SexClassifier.shipped(), embedding: try CAMPlusModel.shipped(), sexModelPath: "Models/sex.model",
                 embeddingModelPath: "Models/campplus.model")
    }

    /// The pipeline with the `sex.model` of `directory` (as written by `models train-audio --output`) and its
    /// `segmentation.model` and `campplus.model` if it has them (else the shipped ones); a missing or damaged
    /// model is an error naming the file.
    public static func models(in directory: String, options: DiarizationOptions = .init(),
                              speech: SpeechSegmentationOptions = .init()) throws -> SpeakerCounter {
        func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name).path }
        func present(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
        let sex = try SexClassifier(container: ModelContainer(contentsOf: path("sex.model")))
        let segmentation = present("segmentation.model") ? try SegmentationModel(contentsOf: path("segmentation.model"))
                                                         : try SegmentationModel.shipped()
        let embedding = present("campplus.model") ? try CAMPlusModel(contentsOf: path("campplus.model")) : try CAMPlusModel.shipped()
        return try make(options: options, speech: speech, segmentation: segmentation, sex: sex, embedding: embedding,
                        sexModelPath: path("sex.model"),
                        embeddingModelPath: present("campplus.model") ? path("campplus.model") : "Models/campplus.model")
    }

    /// Throws a `ModelContainerError` naming `sexModelPath` when a sex model that loads cannot work in this
    /// pipeline: it reads more MFCC columns than the front end gives, or expects speaker embeddings of another
    /// size than the embedding network's. (Each model file is valid on its own; only together can they clash.)
    public static func checkCompatible(sex: SexClassifier, sexModelPath: String, embeddingDimension: Int,
                                       frontEnd: FrontEndOptions = .init()) throws {
        if sex.requiredInputColumns > frontEnd.featureDimension {
            let o = sex.options
            throw ModelContainerError(path: sexModelPath, kind: .invalidModel,
                                      problem: "the sex model reads cepstra c\(o.firstCepstrum)…c\(o.firstCepstrum + o.cepstra - 1), the front end gives c0…c\(frontEnd.cepstra - 1)")
        }
        if let cue = sex.embeddingCue, cue.dimension != embeddingDimension {
            throw ModelContainerError(path: sexModelPath, kind: .invalidModel,
                                      problem: "the sex model expects \(cue.dimension)-value speaker embeddings, the speaker embedding gives \(embeddingDimension)")
        }
    }

    /// Throws a `ModelContainerError` naming `embeddingModelPath` when a speaker embedding network that loads
    /// cannot read the filterbank rows this pipeline computes.
    public static func checkCompatible(embedding: CAMPlusModel, embeddingModelPath: String,
                                       filterbank: FilterbankOptions = .init()) throws {
        if embedding.featureDimension != filterbank.bands {
            throw ModelContainerError(path: embeddingModelPath, kind: .invalidModel,
                                      problem: "the speaker embedding reads \(embedding.featureDimension) log mel bands, the front end gives \(filterbank.bands)")
        }
    }

    static func make(options: DiarizationOptions, speech: SpeechSegmentationOptions, segmentation: SegmentationModel,
                     sex: SexClassifier, embedding: CAMPlusModel, sexModelPath: String,
                     embeddingModelPath: String) throws -> SpeakerCounter {
        try checkCompatible(embedding: embedding, embeddingModelPath: embeddingModelPath)
        try checkCompatible(sex: sex, sexModelPath: sexModelPath, embeddingDimension: embedding.embeddingDimension)
        return SpeakerCounter(options: options, segmentation: (SegmentationNetwork(model: segmentation), speech),
                              embedder: CAMPlusEmbedder(model: embedding),
                              detectSpeech: { features, _ in features.segmentation?.speechRegions(options: speech) ?? [] },
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
