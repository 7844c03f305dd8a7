import CatalogueKit
import DSPKit
import Foundation
import XCTest

/// `bechdelcli batch`, `merge` and `export` end to end on real soundtracks: the store agrees with `count` film by
/// film, does not depend on --jobs or --threads, a rerun writes nothing, failures are
/// recorded and reflected in the exit status, shards merged equal one run.
final class BatchCommandTests: XCTestCase {
    func testStoreAgreesWithCountFilmByFilm() throws {
        let catalogue = try CatalogueFolder()
        let store = catalogue.path("store.sqlite")
        let run = try CLIRunner.run(["batch", catalogue.films, "--store", store])
        XCTAssertEqual(run.exitCode, 1, "some films failed: \(run.stderr)")
        let total = CatalogueFolder.contents.count, failed = CatalogueFolder.failedCount
        XCTAssertEqual(run.stdout, "\(total) films: \(total - failed) done (\(total - failed) analysed), \(failed) failed; "
                       + run.stdout.split(separator: ";")[1].trimmingCharacters(in: .whitespaces) + "; store \(store)\n")
        XCTAssertTrue(run.stderr.hasSuffix("bechdelcli: \(failed) of \(total) films failed; their errors are in the store (bechdelcli export \(store) --films FILE)\n"), run.stderr)
        let rttm = try RTTM.parse(text: try String(contentsOfFile: exportRTTM(store, catalogue), encoding: .utf8))
        let results = try ResultsStore(path: store, create: false)
        defer { try? results.close() }
        let stored = try results.storedFilms()
        XCTAssertEqual(stored.count, total)
        for path in catalogue.filmPaths {
            let rttmPath = catalogue.path("count.rttm")
            let count = try CLIRunner.run(["count", "--details", "--rttm", rttmPath, path])
            let film = try XCTUnwrap(stored[CatalogueFilm.key(path: path)], path)
            if count.exitCode == 0 {
                XCTAssertEqual(film.status, .done, path)
                let result = try XCTUnwrap(try results.result(path: path))
                XCTAssertEqual(result.detailsJSON + "\n", count.stdout, "details of \(path)")
                let expected = try RTTM.read(path: rttmPath)
                let id = CatalogueFilm.defaultID(path)
                XCTAssertEqual(rttm[id] ?? [], expected[id] ?? [], "turns of \(path)")
                try? FileManager.default.removeItem(atPath: rttmPath)
            } else {
                XCTAssertEqual(count.exitCode, 2, path)
                XCTAssertEqual(film.status, .failed, path)
                XCTAssertEqual("bechdelcli: \(film.error ?? "")\n", count.stderr, "the store keeps count's one-line error")
                XCTAssertTrue(run.stderr.contains("bechdelcli: failed: \(film.error ?? "")\n"), run.stderr)
            }
        }
    }

    func testJobsAndThreadsDoNotChangeTheStoreAndARerunDoesNothing() throws {
        let catalogue = try CatalogueFolder()
        let one = catalogue.path("one.sqlite"), four = catalogue.path("four.sqlite")
        XCTAssertEqual(try CLIRunner.run(["batch", catalogue.films, "--store", one]).exitCode, 1)
        let parallel = try CLIRunner.run(["batch", catalogue.films, "--store", four, "--jobs", "2", "--threads", "2"])
        XCTAssertEqual(parallel.exitCode, 1, parallel.stderr)
        let reference = try catalogue.exported(one)
        XCTAssertEqual(try catalogue.exported(four), reference)

        let timings = catalogue.path("timings-before.csv")
        XCTAssertEqual(try CLIRunner.run(["export", one, "--timings", timings]).exitCode, 0)
        let rerun = try CLIRunner.run(["batch", catalogue.films, "--store", one, "--jobs", "2"])
        XCTAssertEqual(rerun.exitCode, 1, "the broken files are still failed")
        let total = CatalogueFolder.contents.count, failed = CatalogueFolder.failedCount
        XCTAssertTrue(rerun.stdout.hasPrefix("\(total) films: \(total - failed) done (\(total - failed) already in the store), \(failed) failed (\(failed) as before);"), rerun.stdout)
        XCTAssertFalse(rerun.stderr.contains("failed: "), "failures already recorded are not reported again")
        // How long such a rerun takes (30-50 ms for 100 films) is measured in BENCHMARKS.md, not asserted here.
        XCTAssertEqual(try catalogue.exported(one), reference)
        let after = catalogue.path("timings-after.csv")
        XCTAssertEqual(try CLIRunner.run(["export", one, "--timings", after]).exitCode, 0)
        XCTAssertEqual(try String(contentsOfFile: after, encoding: .utf8), try String(contentsOfFile: timings, encoding: .utf8),
                       "no film was written again")
    }

    func testThreeShardsMergedEqualOneRun() throws {
        let catalogue = try CatalogueFolder()
        let whole = catalogue.path("whole.sqlite")
        XCTAssertEqual(try CLIRunner.run(["batch", catalogue.films, "--store", whole]).exitCode, 1)
        var shards: [String] = []
        var seen = 0
        for i in 1...3 {
            let shard = catalogue.path("shard\(i).sqlite")
            let r = try CLIRunner.run(["batch", catalogue.films, "--store", shard, "--shard", "\(i)/3"])
            XCTAssertTrue([0, 1].contains(r.exitCode), r.stderr)
            XCTAssertTrue(r.stdout.hasPrefix("shard \(i)/3: 3 films:"), r.stdout)
            let check = try CatalogueFolder.check(shard)
            seen += check.done + check.failed
            shards.append(shard)
        }
        XCTAssertEqual(seen, CatalogueFolder.contents.count, "every film in exactly one shard")
        let merged = catalogue.path("merged.sqlite")
        let merge = try CLIRunner.run(["merge", merged] + shards + [whole])
        XCTAssertEqual(merge.exitCode, 0, merge.stderr)
        XCTAssertTrue(merge.stdout.hasPrefix("4 stores merged: 9 films (7 done, 2 failed); 9 added, 0 replaced, 9 present more than once kept once"), merge.stdout)
        XCTAssertEqual(try catalogue.exported(merged), try catalogue.exported(whole))
    }

    func testManifestOnStandardInputWithRelativePathsAndMissingFiles() throws {
        let catalogue = try CatalogueFolder()
        let manifest = "film_id,path,imdb_id\nFM,films/female_male.flac,tt0000001\nGone,films/missing.flac,\n"
        let store = catalogue.path("store.sqlite")
        let run = try CLIRunner.run(["batch", "-", "--store", store], input: Data(manifest.utf8), directory: catalogue.root)
        XCTAssertEqual(run.exitCode, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("bechdelcli: failed: \(catalogue.films)/missing.flac: no such file\n"), run.stderr)
        let films = try CLIRunner.run(["export", store, "--films", "-"])
        XCTAssertEqual(films.exitCode, 0)
        let lines = films.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[1].hasPrefix("\(catalogue.films)/female_male.flac,FM,tt0000001,done,,29.120,1,1,"), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("\(catalogue.films)/missing.flac,Gone,,failed,\(catalogue.films)/missing.flac: no such file,,"), lines[2])
    }

    func testUsageAndInputErrorsExitTwo() throws {
        let catalogue = try CatalogueFolder()
        let store = catalogue.path("store.sqlite")
        func expect(_ arguments: [String], _ message: String, line: UInt = #line) throws {
            let r = try CLIRunner.run(arguments)
            XCTAssertEqual(r.exitCode, 2, r.stderr, line: line)
            XCTAssertTrue(r.stderr.contains(message), r.stderr, line: line)
            XCTAssertEqual(r.stderr.split(separator: "\n").filter { $0.hasPrefix("bechdelcli:") || $0.hasPrefix("Error:") }.count, 1, r.stderr, line: line)
        }
        try expect(["batch", catalogue.path("nowhere"), "--store", store], "bechdelcli: \(catalogue.path("nowhere")): no such file or folder")
        try expect(["batch", catalogue.films, "--store", store, "--shard", "4/3"], "--shard: 4/3: the shard must be I/N with 1 ≤ I ≤ N")
        try expect(["batch", catalogue.films, "--store", store, "--jobs", "0"], "--jobs must be between 1 and 256")
        try expect(["batch", catalogue.films, "--store", store, "--threads", "100000"], "--threads must be between 1 and 256")
        try expect(["batch", catalogue.films, "--store", CLIRunner.fixture("movies_sample.csv")], "not a results store (not an SQLite database)")
        try expect(["export", catalogue.path("none.sqlite"), "--films", "-"], "no such results store")
        try expect(["export", store], "give at least one of --films")
        XCTAssertFalse(FileManager.default.fileExists(atPath: store), "nothing was created")
        // Stores of other options are not merged silently.
        let a = catalogue.path("a.sqlite"), b = catalogue.path("b.sqlite")
        _ = try CLIRunner.run(["batch", catalogue.films + "/one_female.flac", "--store", a])
        _ = try CLIRunner.run(["batch", catalogue.films + "/female_male.flac", "--store", b, "--min-speech", "5"])
        try expect(["merge", catalogue.path("m.sqlite"), a, b], "made with other models or options than")
        XCTAssertFalse(FileManager.default.fileExists(atPath: catalogue.path("m.sqlite")), "no empty store left behind")
        let mixed = try CLIRunner.run(["merge", catalogue.path("m.sqlite"), a, b, "--allow-mixed-models"])
        XCTAssertEqual(mixed.exitCode, 0, mixed.stderr)
    }

    /// Exports the store's RTTM to a file in the catalogue; returns its path.
    func exportRTTM(_ store: String, _ catalogue: CatalogueFolder) throws -> String {
        let path = catalogue.path("all.rttm")
        let r = try CLIRunner.run(["export", store, "--rttm", path])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        return path
    }
}
