import Foundation
import XCTest
@testable import DSPKit

/// A damaged or inconsistent CAM++ model file is a clean `ModelContainerError` naming the file, never a crash.
/// The damaged models are built here from the shipped file (nothing large is committed).
final class CAMPlusModelTests: XCTestCase {
    static let shippedPath = Fixtures.root.deletingLastPathComponent()
        .appendingPathComponent("Sources/DSPKit/Models/campplus.model").path
    static let shippedBytes: [UInt8]? = FileManager.default.contents(atPath: shippedPath).map { [UInt8]($0) }

    private func shipped() throws -> (bytes: [UInt8], container: ModelContainer) {
        let bytes = try XCTUnwrap(Self.shippedBytes, "cannot read \(Self.shippedPath)")
        return (bytes, try ModelContainer(bytes: bytes, source: Self.shippedPath))
    }

    /// Writes `bytes` to a temporary file, loads it as a CAM++ model and checks the error.
    private func expect(_ kind: ModelContainerError.Kind, _ bytes: [UInt8], mentioning words: [String] = [],
                        file: StaticString = #filePath, line: UInt = #line) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("campplus-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)), file: file, line: line)
        XCTAssertThrowsError(try CAMPlusModel(contentsOf: path), file: file, line: line) { error in
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

    func testShippedModelLoads() throws {
        let model = try CAMPlusModel.shipped()
        XCTAssertEqual(model.featureDimension, 80)
        XCTAssertEqual(model.embeddingDimension, 192)
        XCTAssertFalse(model.featuresDescription.isEmpty)
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
        let name = "xvector.block2.tdnnd3.linear1.weight"
        let bytes = try edited { c in
            guard case .float32(let shape, let values)? = c[name] else { return XCTFail("no \(name)") }
            c.set(name, .float32(shape: [shape[1], shape[0]], values: values))
        }
        expect(.wrongSection, bytes, mentioning: [name])
    }

    func testMissingSection() throws {
        let name = "xvector.block3.tdnnd16.cam.linear2.bias"
        let bytes = try edited { c in
            var copy = ModelContainer()
            for n in c.names where n != name { copy.set(n, c[n]!) }
            c = copy
        }
        expect(.missingSection, bytes, mentioning: [name])
    }

    func testNaNWeight() throws {
        let name = "head.layer1.1.conv2.weight"
        let bytes = try edited { c in
            guard case .float32(let shape, var values)? = c[name] else { return XCTFail("no \(name)") }
            values[17] = .nan
            c.set(name, .float32(shape: shape, values: values))
        }
        expect(.invalidModel, bytes, mentioning: [name, "non-finite"])
    }

    func testInconsistentHyperParameters() throws {
        // 81 bands are not divisible by the head's three frequency halvings.
        expect(.invalidModel, try edited { $0.setInts("campplus.feature_dim", [81], shape: [1]) }, mentioning: ["feature_dim 81"])
        // A plausible configuration whose tensors the file does not hold.
        expect(.wrongSection, try edited { $0.setInts("campplus.growth_rate", [16], shape: [1]) })
        expect(.invalidModel, try edited { $0.setString("model", "sex") }, mentioning: ["not a speaker embedding"])
        expect(.wrongSection, try edited { $0.setInts("campplus.block_layers", [12, 24], shape: [2]) }, mentioning: ["block_layers"])
    }
}
