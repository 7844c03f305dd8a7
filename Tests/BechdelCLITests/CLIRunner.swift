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

    /// Runs `bechdelcli arguments`; `input` is given as standard input (else it is empty), `directory` is the
    /// working directory (else the test's).
    static func run(_ arguments: [String], input: Data? = nil, directory: URL? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("bechdelcli")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        // Capture into temporary files: no pipe can fill up and block the child, whatever it prints.
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("bechdelcli-out-\(UUID().uuidString)")
        let errURL = dir.appendingPathComponent("bechdelcli-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        var inURL: URL?
        if let input {
            let url = dir.appendingPathComponent("bechdelcli-in-\(UUID().uuidString)")
            try input.write(to: url)
            inURL = url
            process.standardInput = try FileHandle(forReadingFrom: url)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer { if let inURL { try? FileManager.default.removeItem(at: inURL) } }
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return Result(exitCode: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
