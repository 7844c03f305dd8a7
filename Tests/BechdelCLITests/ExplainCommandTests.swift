import Foundation
import XCTest

/// `bechdelcli explain` end to end with the shipped model: per-film lines add up to the raw score, JSON and
/// CSV agree, the global table is sorted, the thread count does not change the output, bad input exits 2.
final class ExplainCommandTests: XCTestCase {
    static var sample: String { ExplainFixture.table }
    static var model: String { ExplainFixture.model }

    /// Splits one CSV line (RFC 4180 quotes, no embedded line breaks).
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var chars = Array(line)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" {
                    if chars.first == "\"" { cur.append("\""); chars.removeFirst() } else { quoted = false }
                } else { cur.append(ch) }
            } else if ch == "\"" { quoted = true } else if ch == "," { out.append(cur); cur = "" } else { cur.append(ch) }
        }
        out.append(cur)
        return out
    }

    func testPerFilmLinesAddUpToRawScore() throws {
        let result = try CLIRunner.run(["explain", "--model", Self.model, Self.sample, "--top", "4"])
        XCTAssertEqual(result.exitCode, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "imdb_id,p_pass,raw_score,bias,rank,feature,value,contribution")
        var sums: [String: (raw: Double, total: Double, lines: Int)] = [:]
        for line in lines.dropFirst() {
            let f = Self.fields(line)
            XCTAssertEqual(f.count, 8, line)
            let p = try XCTUnwrap(Double(f[1]))
            XCTAssertTrue((0...1).contains(p))
            let raw = try XCTUnwrap(Double(f[2])), bias = try XCTUnwrap(Double(f[3]))
            let contribution = try XCTUnwrap(Double(f[7]))
            let entry = sums[f[0]] ?? (raw, bias, 0)
            sums[f[0]] = (raw, entry.total + contribution, entry.lines + 1)
        }
        XCTAssertEqual(sums.count, ExplainFixture.films)
        for (id, s) in sums {
            XCTAssertEqual(s.total, s.raw, accuracy: 1e-4 * max(1, abs(s.raw)), id)
            XCTAssertLessThanOrEqual(s.lines, 5, id)
        }
    }

    func testJSONAgreesAndAddsUp() throws {
        let result = try CLIRunner.run(["explain", "--model", Self.model, Self.sample, "--format", "json", "--top", "0"])
        XCTAssertEqual(result.exitCode, 0, result.stderr)
        let films = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(films.count, ExplainFixture.films)
        for film in films {
            let raw = try XCTUnwrap(film["raw_score"] as? Double), bias = try XCTUnwrap(film["bias"] as? Double)
            let features = try XCTUnwrap(film["features"] as? [[String: Any]])
            let total = features.reduce(bias) { $0 + ($1["contribution"] as! Double) }
            // --top 0 lists every contributing feature: nothing left over.
            XCTAssertEqual(film["other_features"] as? Double, 0)
            XCTAssertEqual(total, raw, accuracy: 1e-4 * max(1, abs(raw)))
            let magnitudes = features.map { abs($0["contribution"] as! Double) }
            XCTAssertEqual(magnitudes, magnitudes.sorted(by: >))
        }
    }

    func testGlobalImportanceIsSorted() throws {
        let result = try CLIRunner.run(["explain", "--model", Self.model, Self.sample, "--global"])
        XCTAssertEqual(result.exitCode, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "rank,feature,mean_abs_contribution,mean_contribution")
        let values = lines.dropFirst().map { Double(Self.fields($0)[2])! }
        XCTAssertFalse(values.isEmpty)
        XCTAssertEqual(values, values.sorted(by: >))
        XCTAssertTrue(values.allSatisfy { $0 > 0 })
    }

    func testSameOutputForAnyThreadCount() throws {
        let one = try CLIRunner.run(["explain", "--model", Self.model, Self.sample, "--threads", "1", "--top", "0"])
        let two = try CLIRunner.run(["explain", "--model", Self.model, Self.sample, "--threads", "2", "--top", "0"])
        XCTAssertEqual(one.exitCode, 0)
        XCTAssertEqual(one.stdout, two.stdout)
    }

    func testWorksWithShippedModel() throws {
        let result = try CLIRunner.run(["explain", Self.sample, "--top", "1"])
        if result.stderr.contains("shipped model missing") {
            throw XCTSkip("no shipped model in this build (Sources/BechdelKit/Models/bechdel.bdt)")
        }
        XCTAssertEqual(result.exitCode, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 1 + 2 * ExplainFixture.films)
        let clusters = try CLIRunner.run(["clusters", Self.sample, "-k", "2"])
        XCTAssertEqual(clusters.exitCode, 0, clusters.stderr)
    }

    func testBadInputExitsTwoWithOneLine() throws {
        let missing = try CLIRunner.run(["explain", "--model", Self.model, "/nonexistent/films.csv"])
        XCTAssertEqual(missing.exitCode, 2)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/films.csv"), missing.stderr)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)

        let notAModel = try CLIRunner.run(["explain", "--model", Self.sample, Self.sample])
        XCTAssertEqual(notAModel.exitCode, 2)
        XCTAssertEqual(notAModel.stderr.split(separator: "\n").count, 1, notAModel.stderr)

        let badTop = try CLIRunner.run(["explain", "--model", Self.model, Self.sample, "--top", "-1"])
        XCTAssertEqual(badTop.exitCode, 2)
    }
}
