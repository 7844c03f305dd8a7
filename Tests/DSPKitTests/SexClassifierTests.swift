import XCTest
@testable import DSPKit
import SeededRandom

/// The per-speaker sex classifier: decisions and calibrated confidence, fallbacks, the model file,
/// deterministic training on tiny synthetic speakers, and the shipped model on real held-out voices.
final class SexClassifierTests: XCTestCase {
    /// Small feature settings for synthetic speakers: 4 cepstra (c1…c4) and deltas.
    private var smallOptions: SexClassifierOptions {
        var o = SexClassifierOptions()
        o.cepstra = 4
        o.components = 4
        o.iterations = 5
        o.folds = 2
        o.normalizationWindow = 50
        o.calibrationPieceSeconds = 0.5
        o.calibrationPiecesPerSpeaker = 2
        o.minVoicedFrames = 5
        return o
    }

    /// A synthetic speaker: 21-column "MFCC" rows whose c1…c4 shape depends on sex (spread around a
    /// sex-specific pattern relative to the per-speaker mean), and F0 around 210 Hz (F) or 115 Hz (M).
    private func speaker(_ index: Int, _ sex: Sex, frames: Int = 150) -> SexModelTrainer.Speaker {
        var rng = SeededGenerator(state: UInt64(1000 + index))
        var data = [Float](repeating: 0, count: frames * 21)
        var pitch = [Float](repeating: 0, count: frames), strength = [Float](repeating: 0, count: frames)
        let offset = Float(rng.unit() * 4 - 2)  // a per-speaker channel offset, removed by normalisation
        for t in 0..<frames {
            let state = t % 2
            for c in 1...4 {
                let pattern: Float = sex == .female ? (state == 0 ? 1.5 : -1.5) * Float(c % 2 == 0 ? 1 : -1) : 0
                let spread: Float = sex == .female ? 0.5 : 1.6
                data[t * 21 + c] = offset + pattern + spread * Float(GMMTestData.normal(&rng))
            }
            data[t * 21] = 10
            data[t * 21 + 20] = -3
            if t % 3 != 0 {
                pitch[t] = Float((sex == .female ? 210 : 115) * (1 + 0.1 * (rng.unit() - 0.5)))
                strength[t] = 0.9
            }
        }
        let rec = SexModelTrainer.Recording(condition: "clean", mfcc: FeatureMatrix(rows: frames, cols: 21, data: data),
                                            pitch: pitch, pitchStrength: strength)
        return SexModelTrainer.Speaker(id: "s\(index)", sex: sex, recordings: [rec])
    }

    private func syntheticSpeakers() -> [SexModelTrainer.Speaker] {
        (0..<8).map { speaker($0, $0 % 2 == 0 ? .female : .male) }
    }

    func testTrainedOnSyntheticSpeakersItTellsNewOnesApart() throws {
        let classifier = try SexModelTrainer.train(speakers: syntheticSpeakers(), options: smallOptions)
        for i in 100..<106 {
            let sex: Sex = i % 2 == 0 ? .female : .male
            let rec = speaker(i, sex).recordings[0]
            let decision = classifier.classify(frames: rec.mfcc, pitch: rec.pitch, pitchStrength: rec.pitchStrength)
            XCTAssertEqual(decision.sex, sex, "speaker \(i)")
            XCTAssertGreaterThan(decision.confidence, 0.8)
            XCTAssertLessThanOrEqual(decision.confidence, 1)
            // Without any voiced frame the GMM score alone still decides.
            let unvoiced = classifier.classify(frames: rec.mfcc, pitch: [Float](repeating: 0, count: rec.pitch.count),
                                               pitchStrength: rec.pitchStrength)
            XCTAssertEqual(unvoiced.sex, sex)
        }
    }

    func testNoFramesGivesAnUncommittedDecision() throws {
        let classifier = try SexModelTrainer.train(speakers: syntheticSpeakers(), options: smallOptions)
        let d = classifier.classify(frames: FeatureMatrix(rows: 0, cols: 21, data: []), pitch: [], pitchStrength: [])
        XCTAssertLessThan(d.confidence, 0.75)
        XCTAssertGreaterThanOrEqual(d.confidence, 0.5)
    }

    func testTrainingIsDeterministicAndTheModelRoundTripsThroughAFile() throws {
        let a = try SexModelTrainer.train(speakers: syntheticSpeakers(), options: smallOptions, threads: 1).container()
        let b = try SexModelTrainer.train(speakers: syntheticSpeakers(), options: smallOptions, threads: 2).container()
        XCTAssertEqual(a.serialized(), b.serialized())
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sex-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.write(to: path)
        let loaded = try SexClassifier(container: ModelContainer(contentsOf: path))
        XCTAssertEqual(loaded.container().serialized(), a.serialized())
        XCTAssertEqual(loaded.options.cepstra, 4)
        let rec = speaker(200, .male).recordings[0]
        let original = try SexClassifier(container: a)
        XCTAssertEqual(loaded.classify(frames: rec.mfcc, pitch: rec.pitch, pitchStrength: rec.pitchStrength),
                       original.classify(frames: rec.mfcc, pitch: rec.pitch, pitchStrength: rec.pitchStrength))
    }

    func testOneSexOnlyIsATrainingError() {
        let onlyFemale = (0..<6).map { speaker($0 * 2, .female) }
        XCTAssertThrowsError(try SexModelTrainer.train(speakers: onlyFemale, options: smallOptions)) { error in
            XCTAssertTrue(error is SexTrainingError, "\(error)")
            XCTAssertTrue("\(error)".contains("0 M"), "\(error)")
        }
    }

    func testAContainerOfAnotherModelIsRejected() {
        var c = ModelContainer()
        c.setString("model", "speech-activity")
        XCTAssertThrowsError(try SexClassifier(container: c)) { error in
            XCTAssertEqual((error as? ModelContainerError)?.kind, .invalidModel)
        }
    }

    func testMedianF0UsesOnlyStronglyVoicedFrames() {
        var o = SexClassifierOptions()
        o.minVoicedFrames = 3
        let (f0, n) = SexClassifier.logMedianF0(pitch: [100, 200, 210, 0, 220, 500], pitchStrength: [0.9, 0.9, 0.9, 0.9, 0.9, 0.1], options: o)
        XCTAssertEqual(n, 4)
        XCTAssertEqual(f0!, log(205), accuracy: 1e-9)
        let (none, _) = SexClassifier.logMedianF0(pitch: [100, 0], pitchStrength: [0.9, 0.9], options: o)
        XCTAssertNil(none)
    }

    /// The shipped model on 4-second excerpts of two speakers it never saw (Fixtures/sex).
    func testShippedModelOnHeldOutVoices() throws {
        let classifier = try SexClassifier.shipped()
        XCTAssertEqual(classifier.female.dimension, classifier.options.featureDimension)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for (file, sex) in [("female_1088.flac", Sex.female), ("male_1594.flac", Sex.male)] {
            let path = root.appendingPathComponent("Fixtures/sex/\(file)").path
            let f = try FeatureExtractor.extract(path: path)
            let rows = SexModelTrainer.energeticFrames(f.mfcc, range: 6.9)
            let (m, p, s) = SexModelTrainer.select(f, rows)
            let d = classifier.classify(frames: m, pitch: p, pitchStrength: s)
            XCTAssertEqual(d.sex, sex, file)
            XCTAssertGreaterThan(d.confidence, 0.9, file)
        }
    }
}
