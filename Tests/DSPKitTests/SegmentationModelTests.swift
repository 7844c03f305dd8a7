import Foundation
import XCTest
@testable import DSPKit
import CDSP

/// A damaged or inconsistent segmentation model file is a clean `ModelContainerError` naming the file, never a
/// crash. The damaged models are built here from the shipped file (nothing large is committed).
final class SegmentationModelTests: XCTestCase {
    static let files = DamagedModelFiles(shipped: "segmentation.model") { _ = try SegmentationModel(contentsOf: $0) }

    func testShippedModelLoads() throws {
        let model = try SegmentationModel.shipped()
        XCTAssertEqual(model.sampleRate, 16_000)
        XCTAssertEqual(model.windowSamples, 160_000)
        XCTAssertEqual(model.framesPerWindow, 589)
        XCTAssertEqual(model.classes, 7)
        XCTAssertEqual(model.localSpeakers, 3)
        XCTAssertTrue(model.source.hasSuffix("segmentation.model"))
    }

    func testSincFiltersFollowTheFormula() throws {
        // Band 39 of the shipped model is clamped at the Nyquist frequency; the centre taps are 1 and 0; the
        // filters are exactly even (cosine) and odd (sine).
        let c = try Self.files.shipped().container
        let low = try c.floats("sincnet.filterbank.low_hz").values, band = try c.floats("sincnet.filterbank.band_hz").values
        let bank = SincFilterbank(lowHz: low, bandHz: band, sampleRate: 16_000)
        XCTAssertEqual(bank.edges(39).high, 8_000)
        XCTAssertNil(bank.emptyBand)
        let h = bank.filters(taps: 251)
        XCTAssertEqual(h.count, 80 * 251)
        for f in 0..<80 {
            let row = Array(h[(f * 251)..<((f + 1) * 251)])
            XCTAssertEqual(row[125], f < 40 ? 1 : 0)
            for j in 0..<125 { XCTAssertEqual(row[250 - j], f < 40 ? row[j] : -row[j]) }
        }
        // A single band by hand: low 50 + 100, high 150 + 50 + 200 = 400 Hz, tap 0 of the cosine filter.
        let one = SincFilterbank(lowHz: [-100], bandHz: [200], sampleRate: 16_000).filters(taps: 5)
        let n0 = Double(Float(2 * Double.pi) * (Float(-2) / Float(16_000)))
        let w0 = Double(Float(0.54 - 0.46))
        XCTAssertEqual(Double(one[0]), (sin(400 * n0) - sin(150 * n0)) / (n0 / 2) * w0 / 500, accuracy: 1e-7)
        XCTAssertEqual(SincFilterbank(lowHz: [7_990], bandHz: [10], sampleRate: 16_000).emptyBand, 0)
    }

    func testTruncatedFile() throws { try Self.files.checkTruncatedFile() }

    func testFlippedByte() throws { try Self.files.checkFlippedByte() }

    func testSectionWithWrongShape() throws { try Self.files.checkSectionWithWrongShape("lstm.l2.reverse.weight_hh") }

    func testMissingSection() throws {
        try Self.files.checkMissingSection("classifier.bias")
        try Self.files.checkMissingSection("sincnet.filterbank.band_hz")
        try Self.files.checkMissingSection("segmentation.powerset")
    }

    func testNaNWeight() throws {
        try Self.files.checkNaNWeight("lstm.l0.forward.weight_ih", at: 7)
        try Self.files.checkNaNWeight("sincnet.filterbank.low_hz", at: 7)
    }

    func testInconsistentHyperParameters() throws {
        let files = Self.files
        // An even number of taps has no centre; a window shorter than the receptive field gives no frame.
        files.expect(.invalidModel, try files.edited { $0.setInts("segmentation.sinc_taps", [250], shape: [1]) },
                     mentioning: ["sinc_taps 250"])
        files.expect(.invalidModel, try files.edited { $0.setInts("segmentation.window_samples", [900], shape: [1]) },
                     mentioning: ["window_samples 900"])
        files.expect(.invalidModel, try files.edited { $0.setInts("segmentation.lstm_layers", [-3], shape: [1]) },
                     mentioning: ["lstm_layers -3"])
        // A plausible configuration whose tensors the file does not hold.
        files.expect(.wrongSection, try files.edited { $0.setInts("segmentation.lstm_hidden", [64], shape: [1]) })
        files.expect(.missingSection, try files.edited { $0.setInts("segmentation.lstm_layers", [5], shape: [1]) }, mentioning: ["lstm.l4"])
        files.expect(.invalidModel, try files.edited { $0.setString("model", "speaker-embedding") },
                     mentioning: ["not a speech segmentation"])
        files.expect(.invalidModel, try files.edited { $0.setString("segmentation.architecture", "ssm") }, mentioning: ["ssm"])
        files.expect(.wrongSection, try files.edited { $0.setInts("segmentation.pool", [3, 3], shape: [2]) },
                     mentioning: ["segmentation.pool"])
    }

    func testCostBounds() throws {
        // The shipped model is well inside every bound.
        var cfg = try SegmentationModel.shipped().config
        XCTAssertLessThan(cdsp_segmentation_macs(&cfg, 1) / 10 * 10, SegmentationModel.maxMultiplyAccumulatesPerSecond)
        XCTAssertLessThan(cdsp_segmentation_workspace_floats(&cfg, 1) * 4 * 8, SegmentationModel.maxWorkspaceBytesPerWindow)
        // Refused before the weights are read (the configurations below do not match the file's tensors, so a
        // file that passed the bounds would fail on its sections instead): a 17-minute window (536 MB of SincNet
        // outputs per window), LSTMs of 2048 units (2e10 multiply-accumulates per second), 96 kHz audio.
        let files = Self.files
        files.expect(.invalidModel, try files.edited { $0.setInts("segmentation.window_samples", [1 << 24], shape: [1]) },
                     mentioning: ["too costly", "MiB of workspace per window (at most 64)"])
        files.expect(.invalidModel, try files.edited { $0.setInts("segmentation.lstm_hidden", [2048], shape: [1]) },
                     mentioning: ["too costly", "per second of audio (at most 2.0e+09)"])
        files.expect(.invalidModel, try files.edited { $0.setInts("segmentation.sample_rate", [96_000], shape: [1]) },
                     mentioning: ["too costly", "sample_rate 96000 (at most 48000)"])
        // Windows longer than 60 s are refused (the fuzzer's 188 s windows took 20 s per input under ASan).
        files.expect(.invalidModel, try files.edited {
            $0.setInts("segmentation.window_samples", [70 * 16_000], shape: [1])
            $0.setInts("segmentation.lstm_hidden", [64], shape: [1])
        }, mentioning: ["windows of 70.0 s (at most 60)"])
        // Longer windows of the shipped network stay accepted up to 60 s.
        files.expect(.wrongSection, try files.edited {
            $0.setInts("segmentation.window_samples", [960_000], shape: [1])
            $0.setInts("segmentation.lstm_hidden", [64], shape: [1])
        })
    }

    func testBadPowersetAndBands() throws {
        let files = Self.files
        files.expect(.invalidModel, try files.edited { c in
            c.setInts("segmentation.powerset", [1, 0, 0] + [0, 0, 0] + Array(repeating: 1, count: 15), shape: [7, 3])
        }, mentioning: ["empty class"])
        files.expect(.invalidModel, try files.edited { c in
            c.setInts("segmentation.powerset", [Int32](repeating: 2, count: 21), shape: [7, 3])
        }, mentioning: ["0 or 1"])
        files.expect(.wrongSection, try files.edited { $0.setInts("segmentation.powerset", [Int32](repeating: 0, count: 18), shape: [6, 3]) })
        files.expect(.invalidModel, try files.edited { c in
            guard case .float32(let shape, var values)? = c["sincnet.filterbank.low_hz"] else { return XCTFail("no low_hz") }
            values[3] = 9_000
            c.set("sincnet.filterbank.low_hz", .float32(shape: shape, values: values))
        }, mentioning: ["band 3"])
    }
}
