import Foundation
import XCTest
@testable import DSPKit

/// Damaged or edited copies of a shipped model file (built here from the shipped file: nothing large is
/// committed), and the check that loading one is a clean `ModelContainerError` naming the file, on one line, never
/// a crash. The scenarios every pretrained network's model must survive (a truncated file, a flipped byte, a
/// section with the wrong shape, a missing section, a NaN weight) are here once for `CAMPlusModelTests` and
/// `SegmentationModelTests`.
struct DamagedModelFiles {
    /// The shipped model file, `Sources/DSPKit/Models/<name>`.
    let shippedPath: String
    let shippedBytes: [UInt8]?
    /// Loads a model file as the type under test.
    let load: (String) throws -> Void

    init(shipped name: String, load: @escaping (String) throws -> Void) {
        shippedPath = Fixtures.root.deletingLastPathComponent().appendingPathComponent("Sources/DSPKit/Models/" + name).path
        shippedBytes = FileManager.default.contents(atPath: shippedPath).map { [UInt8]($0) }
        self.load = load
    }

    func shipped() throws -> (bytes: [UInt8], container: ModelContainer) {
        let bytes = try XCTUnwrap(shippedBytes, "cannot read \(shippedPath)")
        return (bytes, try ModelContainer(bytes: bytes, source: shippedPath))
    }

    /// Writes `bytes` to a temporary file, loads it and checks the error.
    func expect(_ kind: ModelContainerError.Kind, _ bytes: [UInt8], mentioning words: [String] = [],
                file: StaticString = #filePath, line: UInt = #line) {
        let stem = URL(fileURLWithPath: shippedPath).deletingPathExtension().lastPathComponent
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(stem)-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)), file: file, line: line)
        XCTAssertThrowsError(try load(path), file: file, line: line) { error in
            guard let e = error as? ModelContainerError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.kind, kind, e.description, file: file, line: line)
            XCTAssertTrue(e.description.hasPrefix(path + ": "), e.description, file: file, line: line)
            XCTAssertFalse(e.description.contains("\n"), file: file, line: line)
            for w in words { XCTAssertTrue(e.description.contains(w), e.description, file: file, line: line) }
        }
    }

    /// The shipped container with `change` applied, serialised.
    func edited(_ change: (inout ModelContainer) -> Void) throws -> [UInt8] {
        var c = try shipped().container
        change(&c)
        return c.serialized()
    }

    /// The shipped container without section `name`.
    func without(_ name: String) throws -> [UInt8] {
        try edited { c in
            var copy = ModelContainer()
            for n in c.names where n != name { copy.set(n, c[n]!) }
            c = copy
        }
    }

    /// The file cut 1000 bytes short: `.truncated`.
    func checkTruncatedFile(file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = try shipped().bytes
        expect(.truncated, Array(bytes[0..<(bytes.count - 1000)]), file: file, line: line)
    }

    /// One bit of the middle byte flipped: `.checksumMismatch`.
    func checkFlippedByte(file: StaticString = #filePath, line: UInt = #line) throws {
        var bytes = try shipped().bytes
        bytes[bytes.count / 2] ^= 0x10
        expect(.checksumMismatch, bytes, file: file, line: line)
    }

    /// The float32 matrix section `name` stored transposed: `.wrongSection` naming it.
    func checkSectionWithWrongShape(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = try edited { c in
            guard case .float32(let shape, let values)? = c[name] else { return XCTFail("no \(name)", file: file, line: line) }
            c.set(name, .float32(shape: [shape[1], shape[0]], values: values))
        }
        expect(.wrongSection, bytes, mentioning: [name], file: file, line: line)
    }

    /// Section `name` left out: `.missingSection` naming it.
    func checkMissingSection(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        expect(.missingSection, try without(name), mentioning: [name], file: file, line: line)
    }

    /// Value `index` of the float32 section `name` made NaN: `.invalidModel` naming the section.
    func checkNaNWeight(_ name: String, at index: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = try edited { c in
            guard case .float32(let shape, var values)? = c[name] else { return XCTFail("no \(name)", file: file, line: line) }
            values[index] = .nan
            c.set(name, .float32(shape: shape, values: values))
        }
        expect(.invalidModel, bytes, mentioning: [name, "non-finite"], file: file, line: line)
    }
}
