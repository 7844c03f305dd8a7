import Foundation
import XCTest

/// `bechdelcli count` end to end with the shipped models: output format, regressions on the committed
/// fixtures, thread invariance, RTTM output and error reporting.
final class CountCommandTests: XCTestCase {
    func count(_ args: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(["count"] + args)
    }

    func testSilenceAndMusicHaveNoSpeaker() throws {
        for name in ["silence.wav", "music_only.flac"] {
            let r = try count([CLIRunner.fixture(name)])
            XCTAssertEqual(r.exitCode, 0, r.stderr)
            XCTAssertEqual(r.stdout, "{\"M\": 0, \"F\": 0}\n", name)
        }
    }

    func testSingleSpeakerIsOneMan() throws {
        let r = try count([CLIRunner.fixture("single_speaker.flac")])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(r.stdout, "{\"M\": 1, \"F\": 0}\n")
    }

    func testExampleSceneIsIdenticalForAnyThreadCountAndWritesRTTM() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let rttm1 = dir.appendingPathComponent("t1.rttm").path, rttm2 = dir.appendingPathComponent("t2.rttm").path
        let one = try count([CLIRunner.fixture("example_scene.flac"), "--details", "--threads", "1", "--rttm", rttm1])
        let two = try count([CLIRunner.fixture("example_scene.flac"), "--details", "--threads", "2", "--rttm", rttm2])
        XCTAssertEqual(one.exitCode, 0, one.stderr)
        XCTAssertEqual(one.stdout, two.stdout)
        let text1 = try String(contentsOfFile: rttm1), text2 = try String(contentsOfFile: rttm2)
        XCTAssertEqual(text1, text2)
        XCTAssertTrue(text1.hasPrefix("SPEAKER example_scene 1 "), text1)
        let json = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any]
        XCTAssertNotNil(json?["speakers"])
        XCTAssertNotNil(json?["speaking_time"])
        // Every RTTM speaker label carries the sex.
        for line in text1.split(separator: "\n") {
            let label = line.split(separator: " ")[7]
            XCTAssertTrue(label.hasPrefix("F") || label.hasPrefix("M") || label.hasPrefix("uF") || label.hasPrefix("uM"), String(label))
        }
    }

    func testTimingsGoToStderr() throws {
        let r = try count([CLIRunner.fixture("single_speaker.flac"), "--timings"])
        XCTAssertEqual(r.exitCode, 0)
        XCTAssertTrue(r.stderr.contains("total"), r.stderr)
        XCTAssertEqual(r.stdout, "{\"M\": 1, \"F\": 0}\n")
    }

    func testCorruptFileIsOneLineInputError() throws {
        for name in ["bad/text_named.wav", "bad/truncated_header.wav", "bad/empty.wav", "no_such_file.wav"] {
            let r = try count([CLIRunner.fixture(name)])
            XCTAssertEqual(r.exitCode, 2, name)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(name.split(separator: "/").last!), r.stderr)
        }
    }

    func testBadOptionsAreUsageErrors() throws {
        XCTAssertEqual(try count([CLIRunner.fixture("single_speaker.flac"), "--threads", "0"]).exitCode, 2)
        XCTAssertEqual(try count([CLIRunner.fixture("single_speaker.flac"), "--min-speech", "-1"]).exitCode, 2)
        XCTAssertEqual(try count([CLIRunner.fixture("single_speaker.flac"), "--speaker-similarity", "nan"]).exitCode, 2)
        XCTAssertEqual(try count([CLIRunner.fixture("single_speaker.flac"), "--speaker-similarity", "1.5"]).exitCode, 2)
    }

    /// The speaker similarity is the stopping rule: −1 merges everything into one speaker, stricter values
    /// never find fewer speakers, and the default finds the scene's truth.
    func testSpeakerSimilarityControlsTheCount() throws {
        func total(_ similarity: String) throws -> Int {
            let r = try count([CLIRunner.fixture("example_scene.flac"), "--speaker-similarity=\(similarity)", "--min-speech", "0"])
            XCTAssertEqual(r.exitCode, 0, r.stderr)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Int])
            return json.values.reduce(0, +)
        }
        let merged = try total("-1"), loose = try total("0.2"), strict = try total("0.8")
        XCTAssertEqual(merged, 1)
        XCTAssertLessThanOrEqual(merged, loose)
        XCTAssertLessThanOrEqual(loose, strict)
        XCTAssertGreaterThan(strict, merged)
    }

    /// The bundled example of the README prints its truth: two women and a man.
    func testExampleSceneCountsItsTruth() throws {
        let r = try count([CLIRunner.fixture("example_scene.flac")])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(r.stdout, "{\"M\": 1, \"F\": 2}\n")
    }

    func testModelDirectoryIsUsedAndCheckedFileByFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Missing models: a one-line input error naming the file.
        let missing = try count([CLIRunner.fixture("single_speaker.flac"), "--models", dir.path])
        XCTAssertEqual(missing.exitCode, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("sex.model"), missing.stderr)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        // A copy of the shipped models gives the shipped answer.
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/DSPKit/Models")
        for name in ["sex.model"] {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let r = try count([CLIRunner.fixture("example_scene.flac"), "--models", dir.path])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(r.stdout, try count([CLIRunner.fixture("example_scene.flac")]).stdout)
        // A damaged network in the directory (not a model, truncated, one byte changed) is a one-line input
        // error naming it.
        for name in ["campplus.model", "segmentation.model"] {
            let model = try Data(contentsOf: shipped.appendingPathComponent(name))
            var flipped = model
            flipped[model.count / 2] ^= 0x40
            for bad in [Data("not a model".utf8), model.prefix(100_000), flipped] {
                try bad.write(to: dir.appendingPathComponent(name))
                let damaged = try count([CLIRunner.fixture("example_scene.flac"), "--models", dir.path])
                XCTAssertEqual(damaged.exitCode, 2, damaged.stderr)
                XCTAssertTrue(damaged.stderr.contains(name), damaged.stderr)
                XCTAssertEqual(damaged.stderr.split(separator: "\n").count, 1, damaged.stderr)
            }
            try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
        }
    }
}
