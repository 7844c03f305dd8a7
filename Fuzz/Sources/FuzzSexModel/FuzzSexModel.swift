import DSPKit
import FuzzSupport

/// `SexClassifier(container:)` on any container (length and CRC-32 repaired), then, if it loads and the
/// counting pipeline accepts it (`SpeakerCounter.checkCompatible`), one decision as `count` makes it: a speaker's
/// rows of the front end's MFCC, F0 and voicing strength, and a unit-length CAM++ embedding.
@_cdecl("FuzzSexModel_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let frontEnd = FrontEndOptions()
    let rows = 60, cols = frontEnd.featureDimension, embeddingDimension = 192
    // A fixed, plausible speaker: cepstra of moderate size, log energy, a voiced stretch at 180 Hz.
    let mfcc = FeatureMatrix(rows: rows, cols: cols, data: (0..<(rows * cols)).map { i in
        Float((i * 7919) % 200 - 100) / 10 + (i % cols == cols - 1 ? -3 : 0)
    })
    let pitch = (0..<rows).map { $0 % 3 == 0 ? 0 : 180 + Float($0 % 11) }
    let strength = (0..<rows).map { Float($0 % 5) / 4 }
    let norm = Float(embeddingDimension).squareRoot()
    let embedding = [Float](repeating: 1 / norm, count: embeddingDimension)
    return FuzzDriver.run(argc, argv) { data in
        let bytes = ChecksumRepair.modelContainer(Array(data))
        guard let container = try? ModelContainer(bytes: bytes, source: "sex.model"),
              let model = try? SexClassifier(container: container),
              (try? SpeakerCounter.checkCompatible(sex: model, sexModelPath: "sex.model", embeddingDimension: embeddingDimension,
                                                   frontEnd: frontEnd)) != nil else { return }
        let decision = model.classify(frames: mfcc, pitch: pitch, pitchStrength: strength, embedding: embedding)
        precondition(decision.confidence >= 0.5 && decision.confidence <= 1, "confidence \(decision.confidence) outside [0.5, 1]")
        _ = model.classify(frames: FeatureMatrix(rows: 0, cols: cols, data: []), pitch: [], pitchStrength: [], embedding: nil)
        _ = model.classify(frames: mfcc, pitch: pitch)
    }
}
