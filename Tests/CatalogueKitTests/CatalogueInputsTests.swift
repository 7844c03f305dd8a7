import BechdelKit
import CatalogueKit
import XCTest

/// Inputs of `batch`: audio files, folders and manifests, resolved to one film per absolute path.
final class CatalogueInputsTests: XCTestCase {
    func testManifestWithRelativePathsAndMissingFiles() throws {
        let t = try TestCatalogue()
        let a = try t.write("audio/a.wav", "a")
        let c = try t.write("elsewhere/c.flac", "c")
        try t.write("lists/manifest.csv", """
            film_id,path,imdb_id,title
            A,../audio/a.wav,tt0000001,"Title, with comma"
            ,missing.wav,,
            C,\(c),tt0000003,
            D, ../audio/./gone.wav ,,

            """)
        let films = try CatalogueInputs.films(from: [t.path("lists/manifest.csv")])
        XCTAssertEqual(films.map(\.path), [a, t.path("audio/gone.wav"), c, t.path("lists/missing.wav")].sorted(by: CatalogueFilm.pathOrder))
        let byPath = Dictionary(uniqueKeysWithValues: films.map { ($0.path, $0) })
        XCTAssertEqual(byPath[a]?.filmID, "A")
        XCTAssertEqual(byPath[a]?.imdbID, "tt0000001")
        XCTAssertEqual(byPath[t.path("lists/missing.wav")]?.filmID, "missing", "no film_id: the file name")
        XCTAssertNil(byPath[t.path("lists/missing.wav")]?.imdbID)
        XCTAssertEqual(byPath[t.path("audio/gone.wav")]?.filmID, "D")
    }

    func testManifestProblemsAreInputErrorsNamingTheFileAndRow() throws {
        let t = try TestCatalogue()
        try t.write("nopath.csv", "film_id,file\nA,a.wav\n")
        XCTAssertThrowsError(try CatalogueInputs.films(from: [t.path("nopath.csv")])) { error in
            XCTAssertEqual(error as? FilmTableError, .missingColumn(path: t.path("nopath.csv"), column: "path"))
        }
        try t.write("empty.csv", "path,film_id\na.wav,A\n,B\n")
        XCTAssertThrowsError(try CatalogueInputs.films(from: [t.path("empty.csv")])) { error in
            XCTAssertEqual("\(error)", "\(t.path("empty.csv")): row 3: empty path")
        }
        try t.write("header-only.csv", "path\n")
        XCTAssertThrowsError(try CatalogueInputs.films(from: [t.path("header-only.csv")]))
        XCTAssertThrowsError(try CatalogueInputs.films(from: [t.path("no-such-folder")])) { error in
            XCTAssertEqual(error as? CatalogueError, .input(t.path("no-such-folder"), "no such file or folder"))
        }
    }

    func testFolderSearchIsRecursiveByExtensionAndSkipsHiddenFiles() throws {
        let t = try TestCatalogue()
        let expected = [
            try t.write("cat/a.wav", "1"), try t.write("cat/B.FLAC", "2"), try t.write("cat/sub/deeper/c.mp3", "3"),
            try t.write("cat/sub/broken.wav", "not audio at all"),
        ]
        try t.write("cat/notes.txt", "x")
        try t.write("cat/list.csv", "path\na.wav\n")
        try t.write("cat/.hidden.wav", "x")
        try t.write("cat/.cache/d.wav", "x")
        // A link back up the tree is followed once, not forever.
        try FileManager.default.createSymbolicLink(atPath: t.path("cat/sub/loop"), withDestinationPath: t.path("cat"))
        let films = try CatalogueInputs.films(from: [t.path("cat")])
        XCTAssertEqual(films.map(\.path), expected.sorted(by: CatalogueFilm.pathOrder))
        XCTAssertEqual(films.map(\.filmID).sorted(), ["B", "a", "broken", "c"])
    }

    func testOnePathOnceWithTheIdentifiersGiven() throws {
        let t = try TestCatalogue()
        let a = try t.write("cat/a.wav", "1")
        try t.write("m.csv", "path,film_id,imdb_id\ncat/a.wav,Alpha,tt1\n")
        // The folder, the file itself and the manifest name the same film.
        let films = try CatalogueInputs.films(from: [t.path("cat"), a, t.path("m.csv"), t.path("cat/../cat/a.wav")])
        XCTAssertEqual(films, [CatalogueFilm(path: a, filmID: "Alpha", imdbID: "tt1")])
        try t.write("other.csv", "path,film_id\ncat/a.wav,Beta\n")
        XCTAssertThrowsError(try CatalogueInputs.films(from: [t.path("m.csv"), t.path("other.csv")])) { error in
            XCTAssertTrue("\(error)".contains("film_id 'Beta' here and 'Alpha'"), "\(error)")
        }
    }

    func testEmptyCatalogueIsAnInputError() throws {
        let t = try TestCatalogue()
        try t.write("cat/readme.txt", "no films here")
        XCTAssertThrowsError(try CatalogueInputs.films(from: [t.path("cat")])) { error in
            XCTAssertTrue("\(error)".hasSuffix("no audio files found"), "\(error)")
        }
    }
}
