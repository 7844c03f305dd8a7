import XCTest
@testable import DSPKit

/// The audio model container: bit-exact round trips, and every kind of damage is a typed error naming the file.
final class ModelContainerTests: XCTestCase {
    private func sample() -> ModelContainer {
        var c = ModelContainer()
        c.setString("kind", "test model ✓")
        c.setFloats("floats", [1.5, -0.0, .leastNonzeroMagnitude, 3.4e38, -7], shape: [5])
        c.setInts("ints", [1, -2, Int32.max, Int32.min, 0, 9], shape: [2, 3])
        c.store(GMMTestData.threeComponents, prefix: "ubm")
        return c
    }

    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("container-\(UUID().uuidString).model").path
    }

    private func expect(_ kind: ModelContainerError.Kind, bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        XCTAssertThrowsError(try ModelContainer(contentsOf: path), file: file, line: line) { error in
            guard let e = error as? ModelContainerError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.kind, kind, "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.hasPrefix(path + ": "), e.description, file: file, line: line)
            XCTAssertFalse(e.description.contains("\n"), file: file, line: line)
        }
    }

    func testCRC32KnownValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
    }

    func testRoundTripIsBitExact() throws {
        let c = sample()
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try c.write(to: path)
        let back = try ModelContainer(contentsOf: path)
        XCTAssertEqual(back, c)
        XCTAssertEqual(back.names, ["kind", "floats", "ints", "ubm.weights", "ubm.means", "ubm.variances"])
        XCTAssertEqual(back.serialized(), c.serialized())
        let floats = try back.floats("floats").values
        let expected: [Float] = [1.5, -0.0, .leastNonzeroMagnitude, 3.4e38, -7]
        XCTAssertEqual(floats.map(\.bitPattern), expected.map(\.bitPattern))
        XCTAssertEqual(try back.ints("ints", shape: [2, 3]).values, [1, -2, Int32.max, Int32.min, 0, 9])
        XCTAssertEqual(try back.string("kind"), "test model ✓")
        XCTAssertEqual(try back.gmm(prefix: "ubm"), GMMTestData.threeComponents)
        XCTAssertEqual(try back.gmm(prefix: "ubm", dimension: 3).dimension, 3)
    }

    func testEveryCorruptByteIsAnError() {
        let bytes = sample().serialized()
        // Flip one byte in each region: header count, a name, a shape, float data, the checksum itself.
        for position in [13, 30, 60, bytes.count / 2, bytes.count - 10, bytes.count - 1] {
            var damaged = bytes
            damaged[position] ^= 0x41
            expect(.checksumMismatch, bytes: damaged)
        }
    }

    func testTruncatedFileIsAnError() {
        let bytes = sample().serialized()
        for length in [bytes.count - 1, bytes.count / 2, 20, 9] {
            expect(.truncated, bytes: Array(bytes[0..<length]))
        }
        var extended = bytes
        extended.append(0)
        expect(.sizeMismatch, bytes: extended)
    }

    func testBadMagicAndFutureVersionAreErrors() {
        var bytes = sample().serialized()
        var wrong = bytes
        wrong[0] = UInt8(ascii: "X")
        expect(.badMagic, bytes: wrong)
        expect(.badMagic, bytes: [])
        expect(.badMagic, bytes: Array("BDC".utf8))
        bytes[8] = 2
        expect(.unsupportedVersion, bytes: bytes)
    }

    func testMissingFileAndMissingSectionsAreErrors() throws {
        XCTAssertThrowsError(try ModelContainer(contentsOf: "/nonexistent/dir/x.model")) { error in
            XCTAssertEqual((error as? ModelContainerError)?.kind, .unreadable)
            XCTAssertTrue("\(error)".contains("/nonexistent/dir/x.model"))
        }
        let c = sample()
        XCTAssertThrowsError(try c.gmm(prefix: "nope")) { XCTAssertEqual(($0 as? ModelContainerError)?.kind, .missingSection) }
        XCTAssertThrowsError(try c.floats("kind")) { XCTAssertEqual(($0 as? ModelContainerError)?.kind, .wrongSection) }
        XCTAssertThrowsError(try c.ints("ints", shape: [3, 2])) { XCTAssertEqual(($0 as? ModelContainerError)?.kind, .wrongSection) }
        XCTAssertThrowsError(try c.gmm(prefix: "ubm", dimension: 4)) { XCTAssertEqual(($0 as? ModelContainerError)?.kind, .wrongSection) }
    }

    func testInvalidGMMParametersAreRejectedOnLoad() {
        var c = sample()
        c.setFloats("ubm.variances", [1, 1, 1, 1, 0, 1, 1, 1, 1], shape: [3, 3])
        XCTAssertThrowsError(try c.gmm(prefix: "ubm")) { XCTAssertEqual(($0 as? ModelContainerError)?.kind, .invalidModel) }
        c.store(GMMTestData.threeComponents, prefix: "ubm")
        c.setFloats("ubm.weights", [0.5, .nan, 0.5], shape: [3])
        XCTAssertThrowsError(try c.gmm(prefix: "ubm")) { XCTAssertEqual(($0 as? ModelContainerError)?.kind, .invalidModel) }
    }

    func testMalformedSectionWithValidChecksumIsAnErrorNotACrash() {
        // A well-formed header and checksum around a section whose declared size is absurd.
        var bytes: [UInt8] = Array("BDCAUDIO".utf8)
        func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
        func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        u32(1); u32(1); u64(0)
        u32(1); bytes.append(UInt8(ascii: "x")); u32(1); u32(1); u64(1_000_000); u64(4_000_000)
        let total = UInt64(bytes.count + 4)
        for i in 0..<8 { bytes[16 + i] = UInt8(truncatingIfNeeded: total >> (8 * UInt64(i))) }
        u32(CRC32.checksum(bytes))
        expect(.truncated, bytes: bytes)
    }
}
