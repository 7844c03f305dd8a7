import DSPKit
import Foundation
import XCTest

/// The content hash is XXH3-128 as every xxHash tool computes it (so a user can check a stored hash with
/// `xxhsum -H2`), independent of how a file is read in blocks.
final class ContentHashTests: XCTestCase {
    /// Reference values printed by `xxhsum -H2` (xxHash 0.8.1).
    func testMatchesReferenceVectors() {
        XCTAssertEqual(ContentHash.of(bytes: [UInt8]()).hex, "99aa06d3014798d86001c324468d497f")
        XCTAssertEqual(ContentHash.of(bytes: Array("abc".utf8)).hex, "06b05ab6733a618578af5f94892f3950")
        XCTAssertEqual(ContentHash.of(bytes: [UInt8](repeating: UInt8(ascii: "a"), count: 3_000_000)).hex,
                       "9220778898dfe2af488fe7c89469a712")
    }

    func testFileHashDoesNotDependOnBlockSize() throws {
        let bytes = (0..<1_000_003).map { UInt8(($0 * 31 + 7) % 251) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("content-hash-\(UUID().uuidString).bin")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let expected = "aaa535a1dc7aea887b3986442546fd2e"  // xxhsum -H2
        XCTAssertEqual(ContentHash.of(bytes: bytes).hex, expected)
        for block in [1, 7, 4096, 65_537, 1 << 20, 4 << 20] {
            XCTAssertEqual(try ContentHash.of(file: url.path, blockSize: block).hex, expected, "block \(block)")
        }
    }

    func testHexRoundTripAndErrors() throws {
        let h = ContentHash.of(bytes: Array("film".utf8))
        XCTAssertEqual(ContentHash(hex: h.hex), h)
        XCTAssertNil(ContentHash(hex: "xyz"))
        XCTAssertNil(ContentHash(hex: String(h.hex.dropLast())))
        XCTAssertThrowsError(try ContentHash.of(file: "/nonexistent/film.wav")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/film.wav: cannot be read (No such file or directory)")
        }
    }
}
