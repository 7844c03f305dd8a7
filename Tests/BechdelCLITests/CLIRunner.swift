import Foundation
import XCTest

/// Runs the built `bechdelcli` executable as a user would, capturing its exit code, stdout and stderr.
/// Every CLI test goes through this so that exit codes and messages are checked end to end.
struct CLIRunner {
    struct Result {
        let exitCode: Int32
        let stdout: String
        let stderr: String
    }

    /// The directory holding the built products (`.build/<config>`), found from the test bundle.
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// The repository root (for `Fixtures/`), found from this source file's location.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func fixture(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    static func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("bechdelcli")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large output cannot block the child.
        var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(exitCode: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
