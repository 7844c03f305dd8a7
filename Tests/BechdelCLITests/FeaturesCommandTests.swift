import Foundation
import XCTest

/// `bechdelcli features` writes a valid .npy (or raw f32) matrix with the documented layout,
/// identical for any --threads; `bechdelcli info` reports the header.
final class FeaturesCommandTests: XCTestCase {
    func temp(_ ext: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("features-\(UUID().uuidString).\(ext)").path
    }

    /// Parses a numpy 1.0 header; returns (shape, data offset).
    func parseNPY(_ data: Data) throws -> (rows: Int, cols: Int, offset: Int) {
        XCTAssertEqual(Array(data.prefix(8)), [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0, "header padded to 64 bytes")
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.contains("'descr': '<f4'"), header)
        XCTAssertTrue(header.contains("'fortran_order': False"), header)
        let shape = header.split(separator: "(")[1].split(separator: ")")[0].split(separator: ",")
            .map { Int($0.trimmingCharacters(in: .whitespaces))! }
        return (shape[0], shape[1], 10 + headerLength)
    }

    func testNPYLayoutAndThreadInvariance() throws {
        let input = CLIRunner.fixture("formats/speech_16k.flac")
        let one = temp("npy"), two = temp("npy")
        defer { try? FileManager.default.removeItem(atPath: one); try? FileManager.default.removeItem(atPath: two) }
        let r1 = try CLIRunner.run(["features", input, "-o", one])
        XCTAssertEqual(r1.exitCode, 0, r1.stderr)
        let r2 = try CLIRunner.run(["features", input, "-o", two, "--threads", "2"])
        XCTAssertEqual(r2.exitCode, 0, r2.stderr)
        let d1 = try Data(contentsOf: URL(fileURLWithPath: one)), d2 = try Data(contentsOf: URL(fileURLWithPath: two))
        XCTAssertEqual(d1, d2, "byte-identical output for 1 and 2 threads")
        let (rows, cols, offset) = try parseNPY(d1)
        XCTAssertEqual(rows, 298)
        XCTAssertEqual(cols, 23)
        XCTAssertEqual(d1.count, offset + rows * cols * 4)
        let values: [Float] = d1[offset...].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let pitch = stride(from: 21, to: values.count, by: 23).map { values[$0] }
        let strength = stride(from: 22, to: values.count, by: 23).map { values[$0] }
        XCTAssertTrue(pitch.allSatisfy { $0 == 0 || ($0 >= 60 && $0 <= 400) })
        XCTAssertTrue(strength.allSatisfy { $0 >= 0 && $0 <= 1 })
        XCTAssertGreaterThan(pitch.filter { $0 > 0 }.count, 100, "speech fixture is largely voiced")
    }

    func testRawF32MatchesNPYPayload() throws {
        let input = CLIRunner.fixture("formats/speech_16k_s16.wav")
        let npy = temp("npy"), raw = temp("f32")
        defer { try? FileManager.default.removeItem(atPath: npy); try? FileManager.default.removeItem(atPath: raw) }
        XCTAssertEqual(try CLIRunner.run(["features", input, "-o", npy]).exitCode, 0)
        XCTAssertEqual(try CLIRunner.run(["features", input, "-o", raw, "--format", "f32"]).exitCode, 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: npy)), b = try Data(contentsOf: URL(fileURLWithPath: raw))
        let (_, _, offset) = try parseNPY(a)
        XCTAssertEqual(a[offset...], b[...])
    }

    func testUnwritableOutputIsAnError() throws {
        let r = try CLIRunner.run(["features", CLIRunner.fixture("formats/speech_16k.flac"), "-o", "/nonexistent-dir/x.npy"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("/nonexistent-dir/x.npy"), r.stderr)
    }

    func testInfoJSON() throws {
        let r = try CLIRunner.run(["info", CLIRunner.fixture("formats/speech_48k_stereo.wav"), "--json"])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["sample_rate"] as? Int, 48000)
        XCTAssertEqual(object["channels"] as? Int, 2)
        XCTAssertEqual(object["frames"] as? Int, 144000)
        XCTAssertEqual(object["duration_s"] as? Double, 3.0)
        XCTAssertEqual(object["subtype"] as? String, "Signed 16 bit PCM")
    }

    func testBenchFrontendRuns() throws {
        let r = try CLIRunner.run(["bench", "frontend", CLIRunner.fixture("formats/speech_48k_stereo.wav"), "--threads", "2"])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        for stage in ["decode", "resample", "MFCC", "pitch", "total"] { XCTAssertTrue(r.stdout.contains(stage), r.stdout) }
    }
}
