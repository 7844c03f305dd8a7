import Foundation
import XCTest

/// Every command that reads a CSV reads standard input when the file is `-`, with the same output as from the
/// file and errors naming "standard input".
final class StandardInputTests: XCTestCase {
    func testPredictExplainClustersAndTrainReadStandardInput() throws {
        let table = CLIRunner.fixture("movies_sample.csv")
        let csv = try Data(contentsOf: URL(fileURLWithPath: table))
        for arguments in [["predict"], ["explain", "--top", "3"], ["explain", "--global"], ["clusters", "-k", "3", "--format", "json"]] {
            let fromFile = try CLIRunner.run(arguments + [table])
            let fromInput = try CLIRunner.run(arguments + ["-"], input: csv)
            XCTAssertEqual(fromFile.exitCode, 0, fromFile.stderr)
            XCTAssertEqual(fromInput.exitCode, 0, fromInput.stderr)
            XCTAssertEqual(fromInput.stdout, fromFile.stdout, "\(arguments)")
            XCTAssertFalse(fromInput.stdout.isEmpty)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stdin-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("file.bdt").path, b = dir.appendingPathComponent("stdin.bdt").path
        let options = ["--rounds", "5", "--decision-folds", "0", "--validation-fraction", "0"]
        XCTAssertEqual(try CLIRunner.run(["models", "train-predictor", table, "-o", a] + options).exitCode, 0)
        let train = try CLIRunner.run(["models", "train-predictor", "-", "-o", b] + options, input: csv)
        XCTAssertEqual(train.exitCode, 0, train.stderr)
        // The same model (the file's description names its source: the table's name or "standard input").
        let predictA = try CLIRunner.run(["predict", "--model", a, table]), predictB = try CLIRunner.run(["predict", "--model", b, table])
        XCTAssertEqual(predictA.exitCode, 0, predictA.stderr)
        XCTAssertEqual(predictB.stdout, predictA.stdout)
        let fileBytes = try Data(contentsOf: URL(fileURLWithPath: b))
        XCTAssertNotNil(fileBytes.range(of: Data("trained on standard input".utf8)))
    }

    func testErrorsNameStandardInput() throws {
        let ragged = Data("imdb_id,year\ntt1,2001\ntt2,2002,extra\n".utf8)
        for command in ["predict", "explain", "clusters", "train-predictor"] {
            let arguments = command == "train-predictor" ? ["models", command, "-", "-o", "/tmp/never-written.bdt"] : [command, "-"]
            let r = try CLIRunner.run(arguments, input: ragged)
            XCTAssertEqual(r.exitCode, 2, "\(command): \(r.stderr)")
            XCTAssertEqual(r.stderr, "bechdelcli: standard input: row 3 has 3 fields, the header has 2\n", command)
        }
        let empty = try CLIRunner.run(["predict", "-"], input: Data())
        XCTAssertEqual(empty.exitCode, 2)
        XCTAssertEqual(empty.stderr, "bechdelcli: standard input: empty file or no header row\n")
    }
}
