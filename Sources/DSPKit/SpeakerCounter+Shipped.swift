/// The counting pipeline wired to the models shipped with bechdelcli: speech activity
/// (`Models/sad.model`), sex (`Models/sex.model`) and the diarization background model
/// (`Models/diarization.model`).
extension SpeakerCounter {
    /// The pipeline with the shipped models; a missing or damaged model is an error naming the file.
    public static func shipped(options: DiarizationOptions = .init()) throws -> SpeakerCounter {
        let detector = try SpeechActivityDetector.shipped()
        let sex = try SexClassifier.shipped()
        let background = try BackgroundModelTrainer.shipped()
        return SpeakerCounter(options: options, background: background,
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
