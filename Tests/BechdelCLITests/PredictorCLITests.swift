import Foundation
import XCTest

/// `train` and `predict` end to end: the shipped model's predictions on the committed sample are stable, and
/// bad input (missing file, no header, bad number, corrupt or truncated model) is one line and exit 2.
final class PredictorCLITests: XCTestCase {
    func temporary(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bechdelcli-\(UUID().uuidString)\(suffix)").path
    }

    func write(_ text: String, suffix: String = ".csv") throws -> String {
        let path = temporary(suffix)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testShippedModelPredictionsOnSampleAreStable() throws {
        let result = try CLIRunner.run(["predict", CLIRunner.fixture("movies_sample.csv")])
        XCTAssertEqual(result.exitCode, 0, result.stderr)
        let expected = try String(contentsOfFile: CLIRunner.fixture("movies_sample_expected.csv"), encoding: .utf8)
        XCTAssertEqual(result.stdout, expected,
                       "shipped model changed? regenerate with scripts/make_predictor_fixtures.py (see its doc)")
        XCTAssertTrue(result.stdout.hasPrefix("imdb_id,predicted_rating,p0,p1,p2,p3,p_pass\n"))
    }

    func testMissingFile() throws {
        let result = try CLIRunner.run(["predict", "/nonexistent/films.csv"])
        XCTAssertEqual(result.exitCode, 2)
        XCTAssertEqual(result.stderr, "bechdelcli: /nonexistent/films.csv: cannot read: no such file\n")
    }

    func testEmptyFileHasNoHeader() throws {
        let path = try write("")
        let result = try CLIRunner.run(["predict", path])
        XCTAssertEqual(result.exitCode, 2)
        XCTAssertTrue(result.stderr.contains("no header"), result.stderr)
    }

    func testBadNumberStrictAndLenient() throws {
        let path = try write("imdb_id,year,tmdb_runtime\ntt1,1999,100\ntt2,1999,long\n")
        let strict = try CLIRunner.run(["predict", path])
        XCTAssertEqual(strict.exitCode, 2)
        XCTAssertEqual(strict.stderr, "bechdelcli: \(path): row 3, column tmdb_runtime: not a number: \"long\"\n")
        let lenient = try CLIRunner.run(["predict", "--lenient", path])
        XCTAssertEqual(lenient.exitCode, 0, lenient.stderr)
        XCTAssertTrue(lenient.stderr.contains("1 unreadable cell"), lenient.stderr)
        XCTAssertEqual(lenient.stdout.split(separator: "\n").count, 3)
    }

    func testTrainThenPredictAndCorruptOrTruncatedModels() throws {
        let model = temporary(".bdt")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: model) }
        let train = try CLIRunner.run(["models", "train-predictor", CLIRunner.fixture("movies_sample.csv"), "-o", model, "--rounds", "5",
                                       "--validation-fraction", "0", "--decision-folds", "0"])
        XCTAssertEqual(train.exitCode, 0, train.stderr)
        let out = temporary(".csv")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: out) }
        let predict = try CLIRunner.run(["predict", "--model", model, CLIRunner.fixture("movies_sample.csv"), "-o", out])
        XCTAssertEqual(predict.exitCode, 0, predict.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count, 33)

        let bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        let truncated = temporary(".bdt"), corrupt = temporary(".bdt")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: truncated); try? FileManager.default.removeItem(atPath: corrupt) }
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        var flipped = bytes
        flipped[bytes.count - 40] ^= 0xFF
        try flipped.write(to: URL(fileURLWithPath: corrupt))
        for (path, words) in [(truncated, "truncated"), (corrupt, "checksum")] {
            let r = try CLIRunner.run(["predict", "--model", path, CLIRunner.fixture("movies_sample.csv")])
            XCTAssertEqual(r.exitCode, 2)
            XCTAssertTrue(r.stderr.contains(words) && r.stderr.hasSuffix("\n") && r.stderr.split(separator: "\n").count == 1, r.stderr)
        }
        let csvAsModel = try CLIRunner.run(["predict", "--model", CLIRunner.fixture("movies_sample.csv"), CLIRunner.fixture("movies_sample.csv")])
        XCTAssertEqual(csvAsModel.exitCode, 2)
        XCTAssertTrue(csvAsModel.stderr.contains("not a bechdelcli model file"), csvAsModel.stderr)
    }

    func testTrainWithoutRatingColumnIsAnInputError() throws {
        let path = try write("imdb_id,year\ntt1,1999\n")
        let result = try CLIRunner.run(["models", "train-predictor", path, "-o", temporary(".bdt")])
        XCTAssertEqual(result.exitCode, 2)
        XCTAssertTrue(result.stderr.contains("no column named rating"), result.stderr)
    }

    func testTrainOptionValidation() throws {
        let result = try CLIRunner.run(["models", "train-predictor", CLIRunner.fixture("movies_sample.csv"), "-o", temporary(".bdt"), "--cv", "1"])
        XCTAssertEqual(result.exitCode, 2)
    }
}
