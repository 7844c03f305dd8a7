import BechdelKit
import CatalogueKit
import DSPKit
import Foundation
import XCTest

/// Exported tables are RFC 4180 CSV with the documented columns, readable back cell for cell, whatever the
/// characters in paths and errors.
final class ExportTests: XCTestCase {
    func testTablesReadBackWithTheDocumentedColumns() throws {
        let t = try TestCatalogue()
        let odd = try t.write("films/Comma, \"Quotes\" and é.wav", "an odd name")
        let bad = try t.write("films/bad, file.wav", "BAD")
        let films = [CatalogueFilm(path: odd, filmID: "odd", imdbID: "tt7"), CatalogueFilm(path: bad)]
        let store = t.path("s.sqlite")
        try t.run(films, store: store, analyzer: StandInAnalyzer())
        let results = try ResultsStore(path: store, create: false)
        XCTAssertEqual(try results.exportFilms(to: t.path("films.csv")), 2)
        let speakers = try results.exportSpeakers(to: t.path("speakers.csv"))
        let turns = try results.exportTurns(to: t.path("turns.csv"))
        XCTAssertEqual(try results.exportTimings(to: t.path("timings.csv")), 2)
        XCTAssertEqual(try results.exportRTTM(to: t.path("all.rttm")), turns)
        try results.close()

        let filmTable = try FilmTable.read(path: t.path("films.csv"))
        XCTAssertEqual(filmTable.columns, ResultsStore.filmsHeader)
        for column in ["path", "film_id", "status", "error", "duration", "F", "M", "speaking_time_F", "speaking_time_M"] {
            XCTAssertNotNil(filmTable.columnIndex(column), column)
        }
        func cell(_ row: Int, _ column: String) -> String { filmTable.rows[row][filmTable.columnIndex(column)!] }
        XCTAssertEqual(cell(0, "path"), odd, "sorted by path, byte order: C before b")
        XCTAssertEqual(cell(0, "imdb_id"), "tt7")
        XCTAssertEqual(cell(0, "status"), "done")
        XCTAssertEqual(cell(1, "path"), bad)
        XCTAssertEqual(cell(1, "status"), "failed")
        XCTAssertEqual(cell(1, "error"), "\(bad): not a readable audio file (stand-in)")
        XCTAssertEqual(cell(1, "F"), "")
        let speakerTable = try FilmTable.read(path: t.path("speakers.csv"))
        XCTAssertEqual(speakerTable.columns, ResultsStore.speakersHeader)
        XCTAssertEqual(speakerTable.rows.count, speakers)
        let f = Int(cell(0, "F"))!, m = Int(cell(0, "M"))!
        XCTAssertEqual(f + m, speakers)
        XCTAssertEqual(speakerTable.rows.filter { $0[4] == "F" }.count, f)
        let turnTable = try FilmTable.read(path: t.path("turns.csv"))
        XCTAssertEqual(turnTable.columns, ResultsStore.turnsHeader)
        XCTAssertEqual(turnTable.rows.count, turns)
        for row in turnTable.rows {
            XCTAssertEqual(Double(row[5])!, Double(row[4])! - Double(row[3])!, accuracy: 0.0011)
        }
        XCTAssertEqual(try FilmTable.read(path: t.path("timings.csv")).columns, ResultsStore.timingsHeader)
        let rttm = try RTTM.read(path: t.path("all.rttm"))
        XCTAssertEqual(Array(rttm.keys), ["odd"])
        XCTAssertEqual(rttm["odd"]?.count, turns)
    }

    func testConversationColumnsAreThoseOfCountDetails() throws {
        let t = try TestCatalogue()
        let films = try t.films(6)
        let store = t.path("s.sqlite")
        try t.run(films, store: store, analyzer: StandInAnalyzer())
        let results = try ResultsStore(path: store, create: false)
        defer { try? results.close() }
        try results.exportFilms(to: t.path("films.csv"))
        let table = try FilmTable.read(path: t.path("films.csv"))
        func cell(_ row: Int, _ column: String) -> String { table.rows[row][table.columnIndex(column)!] }
        var passes = 0
        for (row, film) in films.enumerated() {
            let c = try XCTUnwrap(try results.result(path: film.path)).conversation
            XCTAssertEqual(cell(row, "path"), film.path)
            XCTAssertEqual(cell(row, "exchanges_FF"), String(c.femaleToFemale))
            XCTAssertEqual(cell(row, "exchanges_FM"), String(c.femaleToMale))
            XCTAssertEqual(cell(row, "exchanges_MF"), String(c.maleToFemale))
            XCTAssertEqual(cell(row, "exchanges_MM"), String(c.maleToMale))
            XCTAssertEqual(cell(row, "women_conversation"), String(format: "%.3f", c.womenConversationSeconds))
            XCTAssertEqual(cell(row, "women_conversations"), String(c.womenConversations))
            passes += c.femaleToFemale + c.femaleToMale + c.maleToFemale + c.maleToMale
        }
        XCTAssertGreaterThan(passes, 0, "the stand-in films have speakers replying to each other")
    }

    func testRTTMNeedsDistinctFilmIDs() throws {
        let t = try TestCatalogue()
        let a = try t.write("one/film.wav", "first"), b = try t.write("two/film.wav", "second")
        let store = t.path("s.sqlite")
        try t.run([CatalogueFilm(path: a), CatalogueFilm(path: b)], store: store, analyzer: StandInAnalyzer())
        let results = try ResultsStore(path: store, create: false)
        defer { try? results.close() }
        XCTAssertThrowsError(try results.exportRTTM(to: t.path("all.rttm"))) { error in
            XCTAssertTrue("\(error)".contains("film_id 'film' names both \(a) and \(b)"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.path("all.rttm")), "no half-written file")
    }
}
