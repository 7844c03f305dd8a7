import Foundation
import XCTest

/// `models train-sex` and `models evaluate-sex` end to end: results on real voices, and one-line errors with exit 2.
final class SexCommandsTests: XCTestCase {
    /// A manifest of the two held-out fixture voices (absolute paths).
    private func manifest() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sexcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("m.csv").path
        let text = "path,kind,speaker,sex\n\(CLIRunner.fixture("sex/female_1088.flac")),speech,f1088,F\n"
            + "\(CLIRunner.fixture("sex/male_1594.flac")),speech,m1594,M\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testEvaluateSexWithTheShippedModelGetsBothFixtureVoicesRight() throws {
        let r = try CLIRunner.run(["models", "evaluate-sex", "--manifest", try manifest()])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("| whole recording | 2 | 2 | 100.0 % | 1/1 | 1/1 |"), r.stdout)
    }

    func testMissingModelFileIsAnInputError() throws {
        let r = try CLIRunner.run(["models", "evaluate-sex", "--manifest", try manifest(), "--model", "/nonexistent/sex.model"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("/nonexistent/sex.model"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    }

    func testTooFewTrainingSpeakersIsAnInputError() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sex-\(UUID().uuidString).model").path
        let r = try CLIRunner.run(["models", "train-sex", "--manifest", try manifest(), "-o", out, "--quiet"])
        XCTAssertEqual(r.exitCode, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("need at least 5 speakers of each sex"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
