import DSPKit
import Foundation
import XCTest

/// Inputs the fuzz targets found crashing (Fuzz/Regressions/, here with their length and CRC-32 already repaired
/// as the targets repair them: Fixtures/hostile/models/fuzz_*.model), kept as tests of the fixed behaviour.
final class FuzzRegressionTests: XCTestCase {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/hostile/models")

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.models.appendingPathComponent(name)))
    }

    /// A section declaring about 2^62 elements: the error message multiplied the count by 4 and overflowed.
    func testHugeSectionShapeIsASizeMismatchError() throws {
        XCTAssertThrowsError(try ModelContainer(bytes: try bytes("fuzz_section_size_overflow.model"), source: "x.model")) { error in
            guard let failure = error as? ModelContainerError else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.kind, .sizeMismatch, "\(failure)")
        }
    }

    /// A sex model whose GMMs give both sexes a log-likelihood of -inf on ordinary frames: the ratio was NaN and
    /// so was the confidence. Non-finite cues now count as no evidence and the decision stays in [0.5, 1].
    func testSexModelGivingNonFiniteScoresDecidesWithinRange() throws {
        let container = try ModelContainer(bytes: try bytes("fuzz_sex_nan_confidence.model"), source: "sex.model")
        let model = try SexClassifier(container: container)
        let frontEnd = FrontEndOptions()
        let rows = 60, cols = frontEnd.featureDimension
        let mfcc = FeatureMatrix(rows: rows, cols: cols, data: (0..<(rows * cols)).map { i in
            Float((i * 7919) % 200 - 100) / 10 + (i % cols == cols - 1 ? -3 : 0)
        })
        let pitch = (0..<rows).map { $0 % 3 == 0 ? 0 : 180 + Float($0 % 11) }
        let strength = (0..<rows).map { Float($0 % 5) / 4 }
        let embedding = [Float](repeating: 1 / Float(192).squareRoot(), count: 192)
        for decision in [model.classify(frames: mfcc, pitch: pitch, pitchStrength: strength, embedding: embedding),
                         model.classify(frames: mfcc, pitch: pitch)] {
            XCTAssertTrue(decision.confidence >= 0.5 && decision.confidence <= 1, "confidence \(decision.confidence)")
        }
        // A NaN ratio is no evidence: the same decision as without one.
        var nan = model.scores(frames: mfcc, pitch: pitch, pitchStrength: strength, embedding: nil), absent = nan
        nan.logLikelihoodRatio = .nan
        absent.logLikelihoodRatio = nil
        XCTAssertEqual(model.decide(nan).confidence, model.decide(absent).confidence)
    }

    /// A segmentation network whose weights overflow to NaN inside the LSTM: the exponential converted NaN to an
    /// int (undefined behaviour, caught by UBSan under scripts/sanitize and the fuzz targets). NaN now stays NaN.
    func testSegmentationNetworkWithOverflowingWeightsRuns() throws {
        let container = try ModelContainer(bytes: try bytes("fuzz_segmentation_nan.model"), source: "segmentation.model")
        let network = SegmentationNetwork(model: try SegmentationModel(container: container))
        let n = network.windowSamples
        let noise = (0..<n).map { i in Float((i * 7919) % 2001 - 1000) / 1000 }
        for p in network.probabilities([noise, [Float](repeating: 0.25, count: n)]) {
            XCTAssertEqual(p.count, network.framesPerWindow * network.classes)
            XCTAssertFalse(p.contains { $0 < 0 || $0 > 1 }, "probability outside [0, 1]")
        }
    }

    /// A tiny segmentation network with windows of 188 s: cheap per second, but 20 s per fuzz input under ASan
    /// (four windows, 12.5 minutes of audio). Windows are bounded to 60 s when the model is loaded.
    func testSegmentationWindowOf188SecondsIsRefused() throws {
        let container = try ModelContainer(bytes: try bytes("fuzz_segmentation_188s_window.model"), source: "segmentation.model")
        XCTAssertThrowsError(try SegmentationModel(container: container)) { error in
            XCTAssertEqual((error as? ModelContainerError)?.kind, .invalidModel)
            XCTAssertTrue("\(error)".contains("windows of 188.4 s (at most 60)"), "\(error)")
        }
    }

    /// Front-end options whose durations or pitch floor give sample counts beyond an Int (a minimum pitch of
    /// 1e-40 Hz made the longest lag infinite, and Int(inf) trapped) are refused by `validate()`.
    func testFrontEndOptionsBeyondIntegerRangeAreRefused() {
        var changes: [(inout FrontEndOptions) -> Void] = [
            { $0.minPitch = 1e-40 }, { $0.minPitch = .leastNonzeroMagnitude }, { $0.frameLengthMs = .infinity },
            { $0.frameShiftMs = .nan }, { $0.pitchWindowMs = 1e300 }, { $0.frameLengthMs = -25 },
            { $0.sampleRate = Int.max }, { $0.fftSize = 1 << 40 },
        ]
        changes.append { $0.frameShiftMs = 1e-300 }
        for (i, change) in changes.enumerated() {
            var options = FrontEndOptions()
            change(&options)
            XCTAssertThrowsError(try options.validate(), "change \(i)") { error in
                guard case AudioError.invalidOptions = error else { return XCTFail("\(error)") }
            }
        }
        XCTAssertNoThrow(try FrontEndOptions().validate())
    }
}
