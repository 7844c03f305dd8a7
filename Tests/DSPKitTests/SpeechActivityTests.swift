import Foundation
import XCTest
@testable import DSPKit

final class SpeechActivityTests: XCTestCase {
    /// A deterministic pseudo-random matrix shaped like the front end's output (c0…c19, log energy).
    private func randomMFCC(rows: Int, seed: UInt64) -> FeatureMatrix {
        var g = SeededGenerator(seed: seed)
        var data = [Float](repeating: 0, count: rows * 21)
        for i in 0..<data.count { data[i] = Float(g.nextUnit() * 4 - 2) }
        return FeatureMatrix(rows: rows, cols: 21, data: data)
    }

    func testClassifierInputDoesNotDependOnChunking() {
        let m = randomMFCC(rows: 1500, seed: 3)
        let whole = SpeechActivityDetector.classifierInput(mfcc: m, rows: 0..<1500, cepstra: 19, deltaWindow: 2, normalizationWindow: 300)
        XCTAssertEqual(whole.cols, 39)
        var pieces: [Float] = []
        for start in stride(from: 0, to: 1500, by: 400) {
            pieces += SpeechActivityDetector.classifierInput(mfcc: m, rows: start..<min(1500, start + 400), cepstra: 19,
                                                             deltaWindow: 2, normalizationWindow: 300).data
        }
        XCTAssertEqual(pieces.count, whole.data.count)
        for i in 0..<pieces.count { XCTAssertEqual(pieces[i], whole.data[i], accuracy: 1e-4) }
    }

    func testClassifierInputValues() {
        // constant cepstra → zero after mean normalisation; a ramp in c0 → delta 1 per frame
        var data = [Float](repeating: 0, count: 50 * 21)
        for r in 0..<50 { for k in 0..<21 { data[r * 21 + k] = k == 0 ? Float(r) : 5 } }
        let x = SpeechActivityDetector.classifierInput(mfcc: FeatureMatrix(rows: 50, cols: 21, data: data), rows: 0..<50,
                                                       cepstra: 19, deltaWindow: 2, normalizationWindow: 10)
        XCTAssertEqual(x.data[10 * 39 + 0], 0, accuracy: 1e-6)
        XCTAssertEqual(x.data[10 * 39 + 19], 1, accuracy: 1e-6, "delta of c0 on a unit ramp")
        XCTAssertEqual(x.data[10 * 39 + 20], 0, accuracy: 1e-6, "delta of a constant")
    }

    private func detector(_ configure: (inout SpeechActivityOptions) -> Void = { _ in }) -> SpeechActivityDetector {
        var o = SpeechActivityOptions()
        configure(&o)
        let g = DiagonalGMM(weights: [1], means: [Float](repeating: 0, count: 39), variances: [Float](repeating: 1, count: 39))
        return SpeechActivityDetector(models: [g, g, g], cepstra: 19, deltaWindow: 2, normalizationWindow: 300, options: o)
    }

    /// Log-likelihood tracks where one class wins per stretch: (class index 0 speech, 1 music, 2 noise, frames).
    private func tracks(_ plan: [(Int, Int)]) -> [[Float]] {
        var ll: [[Float]] = [[], [], []]
        for (cls, frames) in plan { for _ in 0..<frames { for k in 0..<3 { ll[k].append(k == cls ? 0 : -5) } } }
        return ll
    }

    func testViterbiSmoothsShortSwitches() {
        let d = detector { $0.switchPenalty = 30 }
        // 3 frames of music inside speech cost 15 < 2·30: stays speech; 20 frames (100) switch.
        let ll = tracks([(0, 100), (1, 3), (0, 100), (1, 20), (0, 50)])
        let labels = d.decode(logLikelihoods: ll, quiet: [Bool](repeating: false, count: ll[0].count))
        XCTAssertTrue(labels[0..<203].allSatisfy { $0 == SpeechActivityDetector.FrameClass.speech.rawValue })
        XCTAssertTrue(labels[205..<221].allSatisfy { $0 == SpeechActivityDetector.FrameClass.music.rawValue })
        let none = detector { $0.switchPenalty = 0 }.decode(logLikelihoods: ll, quiet: [Bool](repeating: false, count: ll[0].count))
        XCTAssertEqual(none[101], SpeechActivityDetector.FrameClass.music.rawValue, "no penalty: frame decisions")
    }

    func testQuietFramesAreSilenceAndShortPausesAreBridged() {
        let d = detector { $0.switchPenalty = 30; $0.quietFrameCost = 2 }
        let ll = tracks([(0, 300)])
        var quiet = [Bool](repeating: false, count: 300)
        for i in 100..<110 { quiet[i] = true }     // 0.1 s pause: bridged (20 < 60)
        for i in 200..<260 { quiet[i] = true }     // 0.6 s pause: silence (120 > 60)
        let labels = d.decode(logLikelihoods: ll, quiet: quiet)
        XCTAssertTrue(labels[100..<110].allSatisfy { $0 == 1 })
        XCTAssertTrue(labels[200..<260].allSatisfy { $0 == 0 })
        XCTAssertEqual(labels[199], 1)
    }

    func testQuietFramesByLevel() {
        // log energy column: ln(400 · rms²); rows 0…9 at −80 dBFS, 10…19 at −20 dBFS
        var data = [Float](repeating: 0, count: 20 * 21)
        for r in 0..<20 {
            let db = r < 10 ? -80.0 : -20.0
            data[r * 21 + 20] = Float(log(400.0) + db / 10 * log(10.0))
        }
        let q = detector().quietFrames(FeatureMatrix(rows: 20, cols: 21, data: data))
        XCTAssertEqual(q, [Bool](repeating: true, count: 10) + [Bool](repeating: false, count: 10))
    }

    func testSegmentsFillGapsAndDropShortSpeech() {
        let d = detector { $0.minGap = 0.3; $0.minSpeech = 0.3 }
        var labels = [UInt8](repeating: 0, count: 400)
        for i in 10..<60 { labels[i] = 1 }      // 0.5 s
        for i in 80..<120 { labels[i] = 1 }     // gap 0.2 s → merged
        for i in 200..<220 { labels[i] = 1 }    // 0.2 s alone → dropped
        for i in 300..<340 { labels[i] = 1 }    // gap 0.8 s → separate
        let s = d.segments(fromLabels: labels)
        XCTAssertEqual(s.count, 2)
        XCTAssertEqual(s[0].start, 0.1075, accuracy: 1e-9)
        XCTAssertEqual(s[0].end, 1.2075, accuracy: 1e-9)
        XCTAssertEqual(s[1].start, 3.0075, accuracy: 1e-9)
    }

    func testModelRoundTripsThroughContainer() throws {
        let d = detector()
        let bytes = d.container.serialized()
        let back = try SpeechActivityDetector(container: ModelContainer(bytes: bytes, source: "mem"))
        XCTAssertEqual(back.models, d.models)
        XCTAssertEqual(back.cepstra, 19)
        var broken = d.container
        broken.setInts("sad.features", [0, 2, 300], shape: [3])
        XCTAssertThrowsError(try SpeechActivityDetector(container: broken))
    }

    func testScoreCountsMissAndFalseAlarm() {
        let ref = [TimeSegment(start: 1, end: 3)]
        let hyp = [TimeSegment(start: 2, end: 4)]
        let s = SpeechActivityScore.score(reference: ref, hypothesis: hyp, duration: 5, collar: 0)
        XCTAssertEqual(s.speech, 2, accuracy: 1e-9)
        XCTAssertEqual(s.missed, 1, accuracy: 1e-9)
        XCTAssertEqual(s.falseAlarm, 1, accuracy: 1e-9)
        XCTAssertEqual(s.nonSpeech, 3, accuracy: 1e-9)
        let c = SpeechActivityScore.score(reference: ref, hypothesis: hyp, duration: 5, collar: 0.25)
        XCTAssertEqual(c.speech, 1.5, accuracy: 1e-9)
        XCTAssertEqual(c.missed, 0.75, accuracy: 1e-9)
        XCTAssertEqual(c.falseAlarm, 0.75, accuracy: 1e-9)
    }

    func testEffectSynthesizerIsDeterministic() {
        var a = EffectSynthesizer(seed: 9), b = EffectSynthesizer(seed: 9), c = EffectSynthesizer(seed: 10)
        let x = a.scene(seconds: 2), y = b.scene(seconds: 2), z = c.scene(seconds: 2)
        XCTAssertEqual(x, y)
        XCTAssertNotEqual(x, z)
        XCTAssertEqual(x.count, 32000)
        XCTAssertTrue(x.allSatisfy { $0.isFinite })
        for kind in EffectSynthesizer.Kind.allCases {
            let s = a.make(kind, seconds: 1)
            XCTAssertFalse(s.isEmpty)
            XCTAssertTrue(s.allSatisfy { $0.isFinite }, "\(kind)")
        }
    }

    func testSceneListResolvesPaths() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scenes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("scenes.csv")
        try "id,audio,rttm,n_female,n_male,duration\na,scenes/a.flac,scenes/a.rttm,2,1,10.0\n".write(to: csv, atomically: true, encoding: .utf8)
        let list = try SceneList(contentsOf: csv.path)
        XCTAssertEqual(list.scenes.first?.audio, dir.appendingPathComponent("scenes/a.flac").standardized.path)
        XCTAssertEqual(list.scenes.first?.females, 2)
        try "id,audio\n".write(to: csv, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SceneList(contentsOf: csv.path)) { XCTAssertTrue("\($0)".contains("missing column 'rttm'")) }
    }

    // MARK: - Shipped model on the committed fixtures

    private func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    private func detectedSpeech(_ name: String) throws -> (segments: [TimeSegment], features: FrameFeatures) {
        let features = try FeatureExtractor.extract(path: fixture(name))
        return (try SpeechActivityDetector.shipped().detect(features), features)
    }

    func testShippedModelFindsNoSpeechInMusicOrSilence() throws {
        let music = try detectedSpeech("music_only.flac").segments.reduce(0) { $0 + $1.duration }
        XCTAssertLessThan(music, 0.5, "speech found in 20 s of music")
        let silence = try detectedSpeech("silence.wav").segments
        XCTAssertEqual(silence, [], "speech found in silence / −70 dBFS noise")
    }

    func testShippedModelFindsTheDialogueOfTheExampleScene() throws {
        let (segments, features) = try detectedSpeech("example_scene.flac")
        let reference = try RTTM.read(path: fixture("example_scene.rttm")).values.flatMap { $0 }.map(\.segment)
        let score = SpeechActivityScore.score(reference: reference, hypothesis: segments,
                                              duration: Double(features.mfcc.rows) * 0.01, collar: 0.25)
        XCTAssertLessThan(score.missRate, 0.15, "missed speech")
        XCTAssertLessThan(score.falseAlarmRate, 0.25, "false alarm")
        XCTAssertEqual(segments, TimeSegment.union(segments), "sorted and disjoint")
    }

    func testDetectionDoesNotDependOnThreads() throws {
        let features = try FeatureExtractor.extract(path: fixture("example_scene.flac"))
        let d = try SpeechActivityDetector.shipped()
        XCTAssertEqual(d.frameLabels(features, threads: 1), d.frameLabels(features, threads: 2))
    }

    func testTrainerRejectsAManifestWithoutMusic() throws {
        let manifest = AudioManifest(entries: [AudioManifest.Entry(path: fixture("single_speaker.flac"), kind: .speech,
                                                                   speaker: "x", sex: .male)])
        XCTAssertThrowsError(try SpeechActivityTrainer.train(manifest: manifest)) { XCTAssertTrue("\($0)".contains("no music")) }
    }

    func testTinyTrainingRunIsDeterministic() throws {
        var o = SpeechActivityOptions()
        o.componentsPerClass = 2
        o.trainingIterations = 2
        o.syntheticNoiseSeconds = 15
        o.maxFramesPerClass = 2000
        let manifest = AudioManifest(entries: [
            AudioManifest.Entry(path: fixture("single_speaker.flac"), kind: .speech, speaker: "x", sex: .male),
            AudioManifest.Entry(path: fixture("music_only.flac"), kind: .music),
        ])
        let a = try SpeechActivityTrainer.train(manifest: manifest, options: o, seed: 5, threads: 1)
        let b = try SpeechActivityTrainer.train(manifest: manifest, options: o, seed: 5, threads: 2)
        XCTAssertEqual(a.serialized(), b.serialized())
        let d = try SpeechActivityDetector(container: a)
        XCTAssertEqual(d.models.map(\.components), [2, 2, 2])
    }
}
