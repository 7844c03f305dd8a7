import Foundation
import XCTest
@testable import DSPKit

/// A damaged or inconsistent segmentation model file is a clean `ModelContainerError` naming the file, never a
/// crash. The damaged models are built here from the shipped file (nothing large is committed).
final class SegmentationModelTests: XCTestCase {
    static let shippedPath = Fixtures.root.deletingLastPathComponent()
        .appendingPathComponent("Sources/DSPKit/Models/segmentation.model").path
    static let shippedBytes: [UInt8]? = FileManager.default.contents(atPath: shippedPath).map { [UInt8]($0) }

    private func shipped() throws -> (bytes: [UInt8], container: ModelContainer) {
        let bytes = try XCTUnwrap(Self.shippedBytes, "cannot read \(Self.shippedPath)")
        return (bytes, try ModelContainer(bytes: bytes, source: Self.shippedPath))
    }

    /// Writes `bytes` to a temporary file, loads it as a segmentation model and checks the error.
    private func expect(_ kind: ModelContainerError.Kind, _ bytes: [UInt8], mentioning words: [String] = [],
                        file: StaticString = #filePath, line: UInt = #line) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("segmentation-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)), file: file, line: line)
        XCTAssertThrowsError(try SegmentationModel(contentsOf: path), file: file, line: line) { error in
            guard let e = error as? ModelContainerError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.kind, kind, e.description, file: file, line: line)
            XCTAssertTrue(e.description.hasPrefix(path + ": "), e.description, file: file, line: line)
            XCTAssertFalse(e.description.contains("\n"), file: file, line: line)
            for w in words { XCTAssertTrue(e.description.contains(w), e.description, file: file, line: line) }
        }
    }

    /// The shipped container with `change` applied, serialised.
    private func edited(_ change: (inout ModelContainer) -> Void) throws -> [UInt8] {
        var c = try shipped().container
        change(&c)
        return c.serialized()
    }

    /// The shipped container without section `name`.
    private func without(_ name: String) throws -> [UInt8] {
        try edited { c in
            var copy = ModelContainer()
            for n in c.names where n != name { copy.set(n, c[n]!) }
            c = copy
        }
    }

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
        let c = try shipped().container
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

    func testTruncatedFile() throws {
        let bytes = try shipped().bytes
        expect(.truncated, Array(bytes[0..<(bytes.count - 1000)]))
    }

    func testFlippedByte() throws {
        var bytes = try shipped().bytes
        bytes[bytes.count / 2] ^= 0x10
        expect(.checksumMismatch, bytes)
    }

    func testSectionWithWrongShape() throws {
        let name = "lstm.l2.reverse.weight_hh"
        let bytes = try edited { c in
            guard case .float32(let shape, let values)? = c[name] else { return XCTFail("no \(name)") }
            c.set(name, .float32(shape: [shape[1], shape[0]], values: values))
        }
        expect(.wrongSection, bytes, mentioning: [name])
    }

    func testMissingSection() throws {
        expect(.missingSection, try without("classifier.bias"), mentioning: ["classifier.bias"])
        expect(.missingSection, try without("sincnet.filterbank.band_hz"), mentioning: ["sincnet.filterbank.band_hz"])
        expect(.missingSection, try without("segmentation.powerset"), mentioning: ["segmentation.powerset"])
    }

    func testNaNWeight() throws {
        for name in ["lstm.l0.forward.weight_ih", "sincnet.filterbank.low_hz"] {
            let bytes = try edited { c in
                guard case .float32(let shape, var values)? = c[name] else { return XCTFail("no \(name)") }
                values[7] = .nan
                c.set(name, .float32(shape: shape, values: values))
            }
            expect(.invalidModel, bytes, mentioning: [name, "non-finite"])
        }
    }

    func testInconsistentHyperParameters() throws {
        // An even number of taps has no centre; a window shorter than the receptive field gives no frame.
        expect(.invalidModel, try edited { $0.setInts("segmentation.sinc_taps", [250], shape: [1]) }, mentioning: ["sinc_taps 250"])
        expect(.invalidModel, try edited { $0.setInts("segmentation.window_samples", [900], shape: [1]) }, mentioning: ["window_samples 900"])
        expect(.invalidModel, try edited { $0.setInts("segmentation.lstm_layers", [-3], shape: [1]) }, mentioning: ["lstm_layers -3"])
        // A plausible configuration whose tensors the file does not hold.
        expect(.wrongSection, try edited { $0.setInts("segmentation.lstm_hidden", [64], shape: [1]) })
        expect(.missingSection, try edited { $0.setInts("segmentation.lstm_layers", [5], shape: [1]) }, mentioning: ["lstm.l4"])
        expect(.invalidModel, try edited { $0.setString("model", "speaker-embedding") }, mentioning: ["not a speech segmentation"])
        expect(.invalidModel, try edited { $0.setString("segmentation.architecture", "ssm") }, mentioning: ["ssm"])
        expect(.wrongSection, try edited { $0.setInts("segmentation.pool", [3, 3], shape: [2]) }, mentioning: ["segmentation.pool"])
    }

    func testBadPowersetAndBands() throws {
        expect(.invalidModel, try edited { c in
            c.setInts("segmentation.powerset", [1, 0, 0] + [0, 0, 0] + Array(repeating: 1, count: 15), shape: [7, 3])
        }, mentioning: ["empty class"])
        expect(.invalidModel, try edited { c in
            c.setInts("segmentation.powerset", [Int32](repeating: 2, count: 21), shape: [7, 3])
        }, mentioning: ["0 or 1"])
        expect(.wrongSection, try edited { $0.setInts("segmentation.powerset", [Int32](repeating: 0, count: 18), shape: [6, 3]) })
        expect(.invalidModel, try edited { c in
            guard case .float32(let shape, var values)? = c["sincnet.filterbank.low_hz"] else { return XCTFail("no low_hz") }
            values[3] = 9_000
            c.set("sincnet.filterbank.low_hz", .float32(shape: shape, values: values))
        }, mentioning: ["band 3"])
    }
}
