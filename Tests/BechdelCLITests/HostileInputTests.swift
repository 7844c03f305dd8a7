import Foundation
import XCTest

/// The committed corpus of odd, damaged and hostile inputs (Fixtures/hostile, scripts/make_hostile_fixtures.py)
/// through the command line, and damaged copies of every shipped model: each case ends in a correct result
/// (exit 0, the expected output) or one clean line on stderr naming the file and exit 2 — never a signal,
/// never exit 1 for bad input, never a control character that could cut or garble the message.
final class HostileInputTests: XCTestCase {
    /// Checks the error contract on a result: one line, no control characters, names `file`.
    private func assertCleanInputError(_ r: CLIRunner.Result, naming file: String, _ context: String) {
        XCTAssertEqual(r.exitCode, 2, "\(context): \(r.stderr)")
        XCTAssertTrue(r.stderr.hasSuffix("\n"), "\(context): message must end with a newline")
        XCTAssertEqual(r.stderr.split(separator: "\n", omittingEmptySubsequences: false).count, 2, "\(context): \(r.stderr)")
        XCTAssertFalse(r.stderr.dropLast().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                       "\(context): control character in \(r.stderr.debugDescription)")
        XCTAssertTrue(r.stderr.contains(file), "\(context): the message must name \(file): \(r.stderr)")
    }

    func testEveryCaseOfTheCorpus() throws {
        let list = try String(contentsOfFile: CLIRunner.fixture("hostile/expected.csv"), encoding: .utf8)
        var cases = 0
        for line in list.split(separator: "\n").dropFirst() {
            // file,command,exit,expect — expect may hold commas and is the rest of the line (quoted by the writer).
            let parts = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(parts.count, 4, String(line))
            var expect = parts[3]
            if expect.hasPrefix("\"") && expect.hasSuffix("\"") {
                expect = String(expect.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            }
            let path = CLIRunner.fixture("hostile/" + parts[0])
            let r = try CLIRunner.run([parts[1], path])
            let context = "\(parts[1]) \(parts[0])"
            if parts[2] == "0" {
                XCTAssertEqual(r.exitCode, 0, "\(context): \(r.stderr)")
                XCTAssertEqual(r.stdout.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init), expect, context)
            } else {
                assertCleanInputError(r, naming: (parts[0] as NSString).lastPathComponent, context)
                XCTAssertTrue(r.stderr.contains(expect), "\(context): expected \(expect.debugDescription) in \(r.stderr.debugDescription)")
            }
            cases += 1
        }
        XCTAssertGreaterThanOrEqual(cases, 25)
    }

    func testADirectoryIsAnInputError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("film-\(UUID().uuidString).wav")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        assertCleanInputError(try CLIRunner.run(["count", dir.path]), naming: dir.lastPathComponent, "directory")
    }

    /// Byte flips and truncations at many offsets of every shipped audio model, passed with --models:
    /// always a clean exit 2 naming the file.
    func testDamagedCopiesOfEveryShippedModel() throws {
        let shipped = CLIRunner.repositoryRoot.appendingPathComponent("Sources/DSPKit/Models")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let clip = CLIRunner.fixture("hostile/audio/tone_0.1s.wav")
        for name in ["sex.model", "segmentation.model", "campplus.model"] {
            let original = try Data(contentsOf: shipped.appendingPathComponent(name))
            try? FileManager.default.removeItem(at: dir.appendingPathComponent("sex.model"))
            try FileManager.default.copyItem(at: shipped.appendingPathComponent("sex.model"), to: dir.appendingPathComponent("sex.model"))
            // Offsets in the header, in the first section, and spread over the whole file.
            let offsets = [0, 5, 9, 13, 17, 25, 40, 100] + (1..<6).map { original.count * $0 / 6 } + [original.count - 1]
            for offset in offsets {
                var flipped = original
                flipped[offset] ^= 0x5A
                try flipped.write(to: dir.appendingPathComponent(name))
                assertCleanInputError(try CLIRunner.run(["count", clip, "--models", dir.path]), naming: name, "\(name) flipped at \(offset)")
                try original.prefix(offset).write(to: dir.appendingPathComponent(name))
                assertCleanInputError(try CLIRunner.run(["count", clip, "--models", dir.path]), naming: name, "\(name) cut at \(offset)")
            }
            try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
        }
    }

    /// The predictor's model file, flipped and truncated at many offsets: a clean exit 2 from `predict`.
    func testDamagedCopiesOfThePredictorModel() throws {
        let original = try Data(contentsOf: CLIRunner.repositoryRoot.appendingPathComponent("Sources/BechdelKit/Models/bechdel.bdt"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString).bdt")
        defer { try? FileManager.default.removeItem(at: path) }
        let films = CLIRunner.fixture("movies_sample.csv")
        for offset in [0, 3, 8, 12, 20, 31, 64] + (1..<8).map({ original.count * $0 / 8 }) {
            var flipped = original
            flipped[offset] ^= 0x5A
            try flipped.write(to: path)
            assertCleanInputError(try CLIRunner.run(["predict", films, "--model", path.path]), naming: path.lastPathComponent, "flipped at \(offset)")
            try original.prefix(offset).write(to: path)
            assertCleanInputError(try CLIRunner.run(["predict", films, "--model", path.path]), naming: path.lastPathComponent, "cut at \(offset)")
        }
    }
}
