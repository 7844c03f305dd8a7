import XCTest
@testable import BechdelKit

/// Learning column kinds and vocabularies, and encoding with missing, unknown and garbage columns.
final class FeatureSchemaTests: XCTestCase {
    /// 40 films: a numeric column, a categorical, a list, a free-text column, label and id.
    func trainingTable() -> FilmTable {
        var rows: [[String]] = []
        for i in 0..<40 {
            let lang = i % 3 == 0 ? "fr" : "en"
            let genres = i % 2 == 0 ? "Drama|Romance" : "Action"
            let overview = "A unique story number \(i) about her mother and his brother, told at length."
            rows.append(["tt\(i)", "Title \(i)", "\(1950 + i)", lang, genres, overview, "\(i % 4)"])
        }
        return FilmTable(columns: ["imdb_id", "title", "year", "lang", "genres", "overview", "rating"], rows: rows, source: "train.csv")
    }

    func options() -> FeatureOptions {
        var o = FeatureOptions()
        o.minItemCount = 5
        return o
    }

    func testKindsAndVocabularies() {
        let schema = FeatureSchema.learn(from: trainingTable(), options: options())
        let kinds = Dictionary(uniqueKeysWithValues: schema.columns.map { ($0.name, $0.kind) })
        XCTAssertEqual(kinds, ["year": .numeric, "lang": .categorical, "genres": .list, "overview": .text])
        XCTAssertEqual(schema.columns.first { $0.name == "lang" }?.vocabulary, ["en", "fr"])
        XCTAssertEqual(schema.columns.first { $0.name == "genres" }?.vocabulary, ["Action", "Drama", "Romance"])
        XCTAssertFalse(schema.featureNames.contains { $0.hasPrefix("rating") || $0.hasPrefix("imdb_id") || $0.hasPrefix("title") })
    }

    func testEncodingWithUnknownAndMissingColumns() throws {
        let schema = FeatureSchema.learn(from: trainingTable(), options: options())
        // No `genres` column, an extra column, reordered.
        let t = FilmTable(columns: ["extra", "lang", "imdb_id", "year", "overview"],
                          rows: [["x", "fr", "tt9", "1999", "She and her sister."], ["y", "de", "", "", ""]], source: "p.csv")
        let e = try schema.encode(t)
        XCTAssertEqual(e.rows, 2)
        XCTAssertEqual(e.cols, schema.featureCount)
        let name = { (n: String) in schema.featureNames.firstIndex(of: n)! }
        XCTAssertEqual(e.values[name("year")], 1999)
        XCTAssertEqual(e.values[name("lang=fr")], 1)
        XCTAssertEqual(e.values[name("lang=en")], 0)
        XCTAssertTrue(e.values[name("genres#count")].isNaN)
        XCTAssertEqual(e.values[name("overview#female_words")], 3)
        XCTAssertEqual(e.values[name("overview#male_words")], 0)
        // Second row: unseen category → all indicators 0; empty cells → NaN.
        let c = e.cols
        XCTAssertEqual(e.values[c + name("lang=fr")], 0)
        XCTAssertTrue(e.values[c + name("year")].isNaN)
        XCTAssertEqual(e.ids, ["tt9", nil])
        XCTAssertEqual(e.ratings, [nil, nil])
    }

    func testGarbageNumberIsAnErrorOrAWarning() throws {
        let schema = FeatureSchema.learn(from: trainingTable(), options: options())
        let t = FilmTable(columns: ["year", "lang"], rows: [["2001", "en"], ["two thousand", "en"]], source: "g.csv")
        XCTAssertThrowsError(try schema.encode(t)) { error in
            XCTAssertEqual("\(error)", "g.csv: row 3, column year: not a number: \"two thousand\"")
        }
        let e = try schema.encode(t, lenient: true)
        XCTAssertEqual(e.warningCount, 1)
        XCTAssertTrue(e.values[e.cols + schema.featureNames.firstIndex(of: "year")!].isNaN)
        XCTAssertEqual(e.firstWarning, "g.csv: row 3, column year: not a number: \"two thousand\"")
    }

    func testOnlyDecimalNumbersAreNumbers() {
        for cell in ["12", " -0.5 ", "+3e6", "1E-3", ".5", "-0", "1e-320"] {
            XCTAssertNotNil(FeatureSchema.number(cell), cell)
        }
        // Hexadecimal, infinities, thousands separators, a NUL byte, an escape sequence, underscores.
        for cell in ["0x10", "0x1p3", "inf", "-infinity", "1e400", "1,000", "19\u{0}99", "19\u{1B}[31m", "1_000", "", "e", "."] {
            XCTAssertNil(FeatureSchema.number(cell), cell)
        }
    }

    func testBadRatingIsAnErrorOrAWarning() throws {
        let schema = FeatureSchema.learn(from: trainingTable(), options: options())
        let t = FilmTable(columns: ["year", "rating"], rows: [["2001", "7"]], source: "b.csv")
        XCTAssertThrowsError(try schema.encode(t))
        let e = try schema.encode(t, lenient: true)
        XCTAssertEqual(e.ratings, [nil])
        XCTAssertEqual(e.warningCount, 1)
    }

    func testHeaderWithoutKnownColumnsIsAnError() {
        let schema = FeatureSchema.learn(from: trainingTable(), options: options())
        let t = FilmTable(columns: ["tt1", "1999"], rows: [["tt2", "2000"]], source: "h.csv")
        XCTAssertThrowsError(try schema.encode(t)) { XCTAssertEqual($0 as? FilmTableError, .noKnownColumns(path: "h.csv")) }
    }

    func testSharesAndMissingSpellings() throws {
        let t = FilmTable(columns: ["a", "b", "rating"], rows: (0..<10).map { ["\($0)", "NA", "1"] } + [["1", "3", "2"]], source: "s.csv")
        var o = FeatureOptions()
        o.sharePairs = [SharePair(numerator: "a", other: "b")]
        let schema = FeatureSchema.learn(from: t, options: o)
        XCTAssertEqual(schema.featureNames, ["a", "b", "share(a,b)"])
        let e = try schema.encode(t)
        XCTAssertTrue(e.values[1].isNaN)
        XCTAssertTrue(e.values[2].isNaN)
        XCTAssertEqual(e.values[10 * 3 + 2], 0.25)
    }
}
