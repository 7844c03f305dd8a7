import XCTest
@testable import BechdelKit

/// RFC 4180 parsing and structural errors of film tables.
final class FilmTableTests: XCTestCase {
    func testQuotedFieldsWithCommasQuotesAndNewlines() throws {
        let text = "imdb_id,title,year\r\ntt1,\"Hello, World\",2001\ntt2,\"She said \"\"hi\"\"\",2002\ntt3,\"two\nlines\",2003\n"
        let t = try FilmTable.parse(text: text, source: "t.csv")
        XCTAssertEqual(t.columns, ["imdb_id", "title", "year"])
        XCTAssertEqual(t.rows.count, 3)
        XCTAssertEqual(t.rows[0][1], "Hello, World")
        XCTAssertEqual(t.rows[1][1], "She said \"hi\"")
        XCTAssertEqual(t.rows[2][1], "two\nlines")
        XCTAssertEqual(t.rows[2][2], "2003")
    }

    func testUTF8ByteOrderMarkAndBlankLinesAndNoTrailingNewline() throws {
        let t = try FilmTable.parse(text: "\u{FEFF}a,b\n1,Amélie\n\n2,東京物語", source: "t.csv")
        XCTAssertEqual(t.columns, ["a", "b"])
        XCTAssertEqual(t.rows, [["1", "Amélie"], ["2", "東京物語"]])
    }

    func testEmptyFileHasNoHeader() {
        XCTAssertThrowsError(try FilmTable.parse(text: "", source: "empty.csv")) { error in
            XCTAssertEqual(error as? FilmTableError, .noHeader(path: "empty.csv"))
            XCTAssertTrue("\(error)".hasPrefix("empty.csv:"))
        }
    }

    func testRaggedRowNamesTheRow() {
        XCTAssertThrowsError(try FilmTable.parse(text: "a,b\n1,2\n3\n", source: "r.csv")) { error in
            XCTAssertEqual(error as? FilmTableError, .raggedRow(path: "r.csv", row: 3, expected: 2, found: 1))
            XCTAssertEqual("\(error)", "r.csv: row 3 has 1 fields, the header has 2")
        }
    }

    func testDuplicateAndEmptyHeaderNames() {
        XCTAssertThrowsError(try FilmTable.parse(text: "a,a\n1,2\n", source: "d.csv"))
        XCTAssertThrowsError(try FilmTable.parse(text: "a,,b\n1,2,3\n", source: "d.csv"))
    }

    func testMissingFileAndInvalidUTF8() throws {
        XCTAssertThrowsError(try FilmTable.read(path: "/nonexistent/films.csv")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/films.csv: cannot read: no such file")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).csv").path
        try Data([0x61, 0x2C, 0x62, 0x0A, 0xFF, 0xFE, 0x2C, 0x31, 0x0A]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try FilmTable.read(path: path)) { XCTAssertEqual($0 as? FilmTableError, .notUTF8(path: path)) }
    }

    func testCommittedSampleReads() throws {
        let t = try FilmTable.read(path: TestPaths.fixture("movies_sample.csv"))
        XCTAssertEqual(t.rows.count, 32)
        XCTAssertEqual(t.columns.first, "imdb_id")
        XCTAssertTrue(t.rows.contains { $0[t.columnIndex("tmdb_overview")!].contains("\"") })
    }
}
