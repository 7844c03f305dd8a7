import XCTest

/// The exit-code contract of the command line: 0 success, 1 runtime failure, 2 usage or input error.
final class ExitCodeTests: XCTestCase {
    func testHelpSucceeds() throws {
        let result = try CLIRunner.run(["--help"])
        XCTAssertEqual(result.exitCode, 0)
        XCTAssertTrue(result.stdout.contains("USAGE"), result.stdout)
    }

    func testUnknownSubcommandIsUsageError() throws {
        let result = try CLIRunner.run(["no-such-command"])
        XCTAssertEqual(result.exitCode, 2)
        XCTAssertFalse(result.stderr.isEmpty)
    }

    func testUnknownOptionIsUsageError() throws {
        let result = try CLIRunner.run(["--no-such-option"])
        XCTAssertEqual(result.exitCode, 2)
    }
}
