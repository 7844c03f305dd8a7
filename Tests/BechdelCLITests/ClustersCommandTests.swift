import Foundation
import XCTest

/// `bechdelcli clusters` end to end with the shipped model: the report adds up, JSON is valid and
/// deterministic, bad k exits 2.
final class ClustersCommandTests: XCTestCase {
    static var sample: String { ExplainFixture.table }
    static var model: String { ExplainFixture.model }

    func testJSONSummariesAddUp() throws {
        let result = try CLIRunner.run(["clusters", "--model", Self.model, Self.sample, "-k", "3", "--format", "json"])
        XCTAssertEqual(result.exitCode, 0, result.stderr)
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(root["films"] as? Int, ExplainFixture.films)
        let clusters = try XCTUnwrap(root["clusters"] as? [[String: Any]])
        XCTAssertEqual(clusters.count, 3)
        let sizes = clusters.map { $0["size"] as! Int }
        XCTAssertEqual(sizes.reduce(0, +), ExplainFixture.films)
        XCTAssertEqual(sizes, sizes.sorted(by: >))
        var ids: [String] = []
        for c in clusters {
            let counts = c["rating_counts"] as! [Int]
            XCTAssertEqual(counts.reduce(0, +), c["labelled"] as! Int)
            let films = c["films"] as! [String]
            XCTAssertEqual(films.count, c["size"] as! Int)
            ids += films
        }
        XCTAssertEqual(Set(ids).count, ExplainFixture.films)
        let again = try CLIRunner.run(["clusters", "--model", Self.model, Self.sample, "-k", "3", "--format", "json"])
        XCTAssertEqual(again.stdout, result.stdout)
    }

    func testTextReport() throws {
        let result = try CLIRunner.run(["clusters", "--model", Self.model, Self.sample, "-k", "2", "--seed", "7"])
        XCTAssertEqual(result.exitCode, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("2 clusters of \(ExplainFixture.films) films"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Cluster 0:"))
        XCTAssertTrue(result.stdout.contains("Cluster 1:"))
        XCTAssertTrue(result.stdout.contains("typical films:"))
    }

    func testAssignmentsFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("clusters-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CLIRunner.run(["clusters", "--model", Self.model, Self.sample, "-k", "2", "--assignments", path])
        XCTAssertEqual(result.exitCode, 0, result.stderr)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "imdb_id,cluster")
        XCTAssertEqual(lines.count, ExplainFixture.films + 1)
    }

    func testBadKExitsTwo() throws {
        let tooMany = try CLIRunner.run(["clusters", "--model", Self.model, Self.sample, "-k", "100000"])
        XCTAssertEqual(tooMany.exitCode, 2)
        XCTAssertTrue(tooMany.stderr.contains(Self.sample), tooMany.stderr)
        XCTAssertEqual(tooMany.stderr.split(separator: "\n").count, 1, tooMany.stderr)
        let zero = try CLIRunner.run(["clusters", "--model", Self.model, Self.sample, "-k", "0"])
        XCTAssertEqual(zero.exitCode, 2)
        let missing = try CLIRunner.run(["clusters", "--model", Self.model, "/nonexistent.csv"])
        XCTAssertEqual(missing.exitCode, 2)
    }
}
