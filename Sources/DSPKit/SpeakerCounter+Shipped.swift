import Foundation

/// The counting pipeline wired to the models shipped with bechdelcli (speech activity `Models/sad.model`,
/// sex `Models/sex.model`, diarization background model and speaker embedding `Models/diarization.model`),
/// or to the same three files retrained by `bechdelcli train-audio-models` in a directory of the user's.
extension SpeakerCounter {
    /// The pipeline with the shipped models; a missing or damaged model is an error naming the file.
    public static func shipped(options: DiarizationOptions = .init()) throws -> SpeakerCounter {
        let diarization = try BackgroundModelTrainer.shippedWithEmbedder()
        return make(options: options, detector: try SpeechActivityDetector.shipped(), sex: try SexClassifier.shipped(),
                    diarization: diarization)
    }

    /// The pipeline with the models `sad.model`, `sex.model` and `diarization.model` of `directory`
    /// (as written by `train-audio-models --output`); a missing or damaged model is an error naming the file.
    public static func models(in directory: String, options: DiarizationOptions = .init()) throws -> SpeakerCounter {
        func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name).path }
        let detector = try SpeechActivityDetector(container: ModelContainer(contentsOf: path("sad.model")))
        let sex = try SexClassifier(container: ModelContainer(contentsOf: path("sex.model")))
        let diarization = try BackgroundModelTrainer.loadWithEmbedder(path: path("diarization.model"))
        return make(options: options, detector: detector, sex: sex, diarization: diarization)
    }

    static func make(options: DiarizationOptions, detector: SpeechActivityDetector, sex: SexClassifier,
                     diarization: (ubm: DiagonalGMM, features: DiarizationFeatures, embedder: SpeakerEmbedder?)) -> SpeakerCounter {
        SpeakerCounter(options: options, background: (diarization.ubm, diarization.features), embedder: diarization.embedder,
                       detectSpeech: { features, threads in detector.detect(features, threads: threads) },
                       classifySex: { frames, pitch, strength in
                           let d = sex.classify(frames: frames, pitch: pitch, pitchStrength: strength)
                           return (d.sex, d.confidence)
                       })
    }

    /// The contract's entry point: counts the speakers of the file at `path` with the shipped models.
    public static func analyze(path: String, options: DiarizationOptions = .init(), threads: Int = 1) throws -> CountResult {
        var timings = Timings()
        return try shipped(options: options).analyze(path: path, threads: threads, timings: &timings)
    }
}
