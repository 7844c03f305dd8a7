import XCTest

/// Bad audio inputs through the built binary: exit code 2, exactly one line on stderr naming the file, no crash.
final class AudioInputErrorTests: XCTestCase {
    func assertInputError(_ arguments: [String], names path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try CLIRunner.run(arguments)
        XCTAssertEqual(result.exitCode, 2, "\(arguments): \(result.stderr)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.count, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(path), result.stderr, file: file, line: line)
    }

    func testBadFilesAreInputErrorsForInfoAndFeatures() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).npy").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let bad = [
            CLIRunner.fixture("bad/text_named.wav"),
            CLIRunner.fixture("bad/truncated_header.wav"),
            CLIRunner.fixture("bad/truncated_data.wav"),
            CLIRunner.fixture("bad/empty.wav"),
            CLIRunner.fixture("bad"),
            CLIRunner.fixture("bad/does_not_exist.wav"),
        ]
        for path in bad {
            try assertInputError(["info", path], names: path)
            try assertInputError(["features", path, "-o", out], names: path)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no output written for bad input")
    }

    func testCountNamesALinkLoopAndAMissingFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let loop = dir.appendingPathComponent("loop.wav").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        try assertInputError(["count", loop], names: loop)
        XCTAssertTrue(try CLIRunner.run(["count", loop]).stderr.lowercased().contains("symbolic links"))
        let missing = dir.appendingPathComponent("absent.wav").path
        XCTAssertEqual(try CLIRunner.run(["count", missing]).stderr, "bechdelcli: \(missing): no such file\n")
    }

    func testBenchRejectsBadFileCleanly() throws {
        let path = CLIRunner.fixture("bad/text_named.wav")
        try assertInputError(["bench", "frontend", path], names: path)
    }
}
