import XCTest
@testable import BechdelKit
import SeededRandom

/// The model file round-trips bit for bit, and every corruption or truncation is a clean error.
final class ModelFileTests: XCTestCase {
    func testRoundTripIsBitExact() throws {
        let model = SyntheticFilms.model()
        let path = TestPaths.temporaryFile(".bdt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.write(to: path)
        let loaded = try BechdelModel.load(path: path)
        XCTAssertEqual(loaded, model)
        XCTAssertEqual(ModelFile.encode(loaded), [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        XCTAssertEqual(loaded.classWeights, [1.5, 1, 1.25, 1])
    }

    func testTruncationAtEveryLengthFailsCleanly() {
        let bytes = ModelFile.encode(SyntheticFilms.model(rounds: 3))
        for n in 0..<bytes.count {
            XCTAssertThrowsError(try ModelFile.decode(Array(bytes[0..<n]), path: "m.bdt"), "length \(n)")
        }
        XCTAssertThrowsError(try ModelFile.decode(bytes + [0], path: "m.bdt"))
    }

    func testFlippedBytesAreCaughtByTheChecksum() {
        let bytes = ModelFile.encode(SyntheticFilms.model(rounds: 3))
        for offset in stride(from: 0, to: bytes.count, by: 7) {
            var b = bytes
            b[offset] ^= 0x5A
            XCTAssertThrowsError(try ModelFile.decode(b, path: "m.bdt"), "offset \(offset)")
        }
    }

    /// Corruptions with a recomputed checksum reach the structural validation: it must reject or accept, never crash.
    func testCorruptPayloadWithValidChecksumNeverCrashes() throws {
        let bytes = ModelFile.encode(SyntheticFilms.model(rounds: 3))
        var rng = SeededGenerator(seed: 42)
        var rejected = 0
        for offset in ModelFile.headerSize..<bytes.count {
            for pattern: UInt8 in [0xFF, 0x80, 0x01] {
                var b = bytes
                b[offset] ^= pattern
                if rng.unit() < 0.02 { b[offset] = 0x7F }
                let checksum = FNV1a64.hash(b[ModelFile.headerSize...])
                for k in 0..<8 { b[24 + k] = UInt8((checksum >> (8 * UInt64(k))) & 0xFF) }
                do {
                    let m = try ModelFile.decode(b, path: "m.bdt")
                    // Accepted: then it must be safe to use.
                    let films = EncodedFilms(rows: 1, cols: m.schema.featureCount,
                                             values: [Float](repeating: 0.5, count: m.schema.featureCount), ids: [nil], ratings: [nil])
                    _ = m.predict(films)
                } catch {
                    rejected += 1
                    XCTAssertTrue("\(error)".hasPrefix("m.bdt: "), "\(error)")
                }
            }
        }
        XCTAssertGreaterThan(rejected, 0)
    }

    func testValidationRejectsBadTrees() {
        let leaf = RegressionTree(feature: [-1], threshold: [0], left: [-1], right: [-1], defaultLeft: [false], value: [0.5], cover: [1])
        XCTAssertNil(ModelFile.validate(leaf, featureCount: 1))
        let cycle = RegressionTree(feature: [0, 0, -1], threshold: [0, 0, 0], left: [1, 0, -1], right: [2, 2, -1],
                                   defaultLeft: [true, true, true], value: [0, 0, 0], cover: [1, 1, 1])
        XCTAssertNotNil(ModelFile.validate(cycle, featureCount: 1))
        let badFeature = RegressionTree(feature: [3, -1, -1], threshold: [0, 0, 0], left: [1, -1, -1], right: [2, -1, -1],
                                        defaultLeft: [true, false, false], value: [0, 0, 0], cover: [1, 1, 1])
        XCTAssertNotNil(ModelFile.validate(badFeature, featureCount: 3))
        var nanValue = leaf
        nanValue.value = [.nan]
        XCTAssertNotNil(ModelFile.validate(nanValue, featureCount: 1))
    }

    func testNotAModelAndMissingFile() {
        XCTAssertThrowsError(try ModelFile.decode(Array("imdb_id,title\n".utf8), path: "x.csv")) {
            XCTAssertEqual($0 as? ModelFileError, .badMagic(path: "x.csv"))
        }
        XCTAssertThrowsError(try BechdelModel.load(path: "/nonexistent/m.bdt")) {
            XCTAssertEqual("\($0)", "/nonexistent/m.bdt: cannot read model: no such file")
        }
    }
}
