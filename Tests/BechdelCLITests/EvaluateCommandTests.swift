import Foundation
import XCTest

/// `bechdelcli evaluate` end to end: scores, JSON shape and exit codes.
final class EvaluateCommandTests: XCTestCase {
    private func temp(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString).rttm")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func testReferenceAgainstItselfScoresZero() throws {
        let ref = CLIRunner.fixture("example_scene.rttm")
        let r = try CLIRunner.run(["evaluate", "--reference", ref, ref])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        let overall = r.stdout.split(separator: "\n").first { $0.hasPrefix("OVERALL") }
        XCTAssertNotNil(overall)
        XCTAssertEqual(overall?.split(separator: " ").dropFirst().first, "0.00")
    }

    func testJSONComponents() throws {
        let ref = try temp("SPEAKER f 1 0.000 10.000 <NA> <NA> A <NA> <NA>\n")
        let hyp = try temp("SPEAKER f 1 1.000 9.000 <NA> <NA> x <NA> <NA>\n")
        let r = try CLIRunner.run(["evaluate", "--reference", ref, hyp, "--collar", "0", "--json"])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let overall = json["overall"] as! [String: Double]
        XCTAssertEqual(overall["missed"]!, 1.0, accuracy: 1e-9)
        XCTAssertEqual(overall["total"]!, 10.0, accuracy: 1e-9)
        XCTAssertEqual(overall["der"]!, 0.1, accuracy: 1e-9)
    }

    func testBadRTTMIsAnInputError() throws {
        let bad = try temp("SPEAKER f 1 0.0 oops <NA> <NA> A <NA> <NA>\n")
        let r = try CLIRunner.run(["evaluate", "--reference", bad, bad])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("\(bad):1: duration 'oops' is not a number"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1)
        let missing = try CLIRunner.run(["evaluate", "--reference", "/no/such.rttm", bad])
        XCTAssertEqual(missing.exitCode, 2)
    }
}
