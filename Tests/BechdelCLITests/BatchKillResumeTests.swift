import Foundation
import SeededRandom
import XCTest

/// `kill -9` at any moment of a batch loses at most the films in progress: the store passes SQLite's integrity
/// check, holds only whole films, and the next run finishes with every film exactly once and the same results as
/// a run that was never interrupted. Killing a `--force` rerun (which replaces films) never loses a film either.
final class BatchKillResumeTests: XCTestCase {
    func testKillAtRandomPointsThenResume() throws {
        let catalogue = try CatalogueFolder()
        let total = CatalogueFolder.contents.count
        let reference = catalogue.path("reference.sqlite")
        let start = Date()
        XCTAssertEqual(try CLIRunner.run(["batch", catalogue.films, "--store", reference]).exitCode, 1)
        let cleanSeconds = Date().timeIntervalSince(start)
        let expected = try catalogue.exported(reference)

        // A new kill schedule each run; the seed is printed so that a failing run can be replayed.
        let seed = UInt64(Date().timeIntervalSince1970)
        print("kill schedule seed: \(seed)")
        var generator = SeededGenerator(state: seed)
        let store = catalogue.path("killed.sqlite")
        var kills = 0, interruptedFresh = 0
        // Kill fresh runs at random moments, let one run finish the job, then kill --force reruns.
        for round in 0..<12 {
            let force = round >= 6
            if round == 6 {
                XCTAssertGreaterThan(interruptedFresh, 0, "some kill left films undone, for the next run to finish")
                XCTAssertEqual(try CLIRunner.run(["batch", catalogue.films, "--store", store]).exitCode, 1)
                XCTAssertEqual(try catalogue.exported(store), expected, "resumed: the same as a run that was never killed")
            }
            // Fresh rounds are killed early, each in its own twelfth of the clean run's time (so the store is still
            // incomplete when the first ones strike, whatever the machine's load); --force rounds anywhere in it.
            let delay = force ? Double.random(in: 0.05...max(0.1, cleanSeconds), using: &generator)
                              : max(0.05, cleanSeconds * (Double(round) + generator.unit()) / 12)
            let arguments = ["batch", catalogue.films, "--store", store, "--jobs", round % 2 == 0 ? "1" : "2"] + (force ? ["--force"] : [])
            let run = try BackgroundProcess.bechdelcli(arguments)
            Thread.sleep(forTimeInterval: delay)
            if run.process.isRunning { kills += 1 }
            run.kill()
            guard FileManager.default.fileExists(atPath: store) else { continue }
            let check = try CatalogueFolder.check(store)
            if !force, check.done + check.failed < total { interruptedFresh += 1 }
            XCTAssertEqual(check.integrity, "ok", "after a kill at \(delay) s")
            XCTAssertEqual(try CatalogueFolder.partialFilms(store), [], "only whole films after a kill at \(delay) s")
            XCTAssertLessThanOrEqual(check.done + check.failed, total)
            if force {
                XCTAssertEqual(check.done + check.failed, total, "a killed --force run keeps every film (old or new)")
                XCTAssertEqual(try catalogue.exported(store), expected)
            }
        }
        // Fresh rounds strike early and --force rounds re-analyse every film, so nearly every kill hits a running
        // batch. At least a few, whatever the machine's speed.
        XCTAssertGreaterThanOrEqual(kills, 4, "kills hit a running batch")
        let resume = try CLIRunner.run(["batch", catalogue.films, "--store", store])
        XCTAssertEqual(resume.exitCode, 1, resume.stderr)
        let check = try CatalogueFolder.check(store)
        XCTAssertEqual(check.integrity, "ok")
        XCTAssertEqual([check.done, check.failed], [total - CatalogueFolder.failedCount, CatalogueFolder.failedCount])
        XCTAssertEqual(try catalogue.exported(store), expected, "the same as a run that was never killed")
    }
}
