import Foundation
import XCTest

/// The cluster recipes of deploy/, simulated on one machine: N shard tasks started at once as a Slurm array or a
/// Kubernetes Indexed Job would start them, one task killed (with everything it started) and started again, then
/// the merge step. Every film must end in the merged store exactly once, with the results of one unsharded run.
final class DeploySimulationTests: XCTestCase {
    static var deploy: URL { CLIRunner.repositoryRoot.appendingPathComponent("deploy") }
    static var binary: String { CLIRunner.productsDirectory.appendingPathComponent("bechdelcli").path }

    func testSlurmArrayWithAKilledTaskThenMerge() throws {
        let catalogue = try CatalogueFolder()
        let manifest = try catalogue.manifest()
        let stores = catalogue.path("stores")
        let shards = 3
        let common = ["CATALOGUE": manifest, "STORE_DIR": stores, "BECHDELCLI": Self.binary,
                      "DEPLOY_DIR": Self.deploy.path, "SLURM_CPUS_PER_TASK": "1"]
        func task(_ id: Int) throws -> BackgroundProcess {
            // An array declared --array=1-3: Slurm sets the task id, the array's size and its first id.
            try BackgroundProcess("/bin/bash", [Self.deploy.appendingPathComponent("slurm/batch-array.sbatch").path],
                                  environment: common.merging(["SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_COUNT": "\(shards)",
                                                               "SLURM_ARRAY_TASK_MIN": "1", "SLURM_JOB_ID": "42"]) { $1 })
        }
        try simulate(catalogue: catalogue, stores: stores, shards: shards, task: task, merge: {
            try BackgroundProcess("/bin/bash", [Self.deploy.appendingPathComponent("slurm/merge.sbatch").path],
                                  environment: common.merging(["SHARDS": "\(shards)"]) { $1 })
        })
    }

    func testKubernetesIndexedJobWithAKilledPodThenMerge() throws {
        let catalogue = try CatalogueFolder()
        let manifest = try catalogue.manifest()
        let stores = catalogue.path("stores")
        let shards = 4
        let common = ["CATALOGUE": manifest, "STORE_DIR": stores, "BECHDELCLI": Self.binary, "SHARDS": "\(shards)",
                      "THREADS": "1"]
        func task(_ id: Int) throws -> BackgroundProcess {
            // Kubernetes numbers completion indexes from 0.
            try BackgroundProcess("/bin/bash", [Self.deploy.appendingPathComponent("shard-task.sh").path],
                                  environment: common.merging(["JOB_COMPLETION_INDEX": "\(id - 1)"]) { $1 })
        }
        try simulate(catalogue: catalogue, stores: stores, shards: shards, task: task, merge: {
            try BackgroundProcess("/bin/bash", [Self.deploy.appendingPathComponent("merge-task.sh").path], environment: common)
        })
        // The manifests run those scripts, with as many shards as completions.
        let job = try String(contentsOf: Self.deploy.appendingPathComponent("kubernetes/shards-job.yaml"), encoding: .utf8)
        XCTAssertTrue(job.contains("completionMode: Indexed"))
        XCTAssertTrue(job.contains("command: [\"/opt/bechdelcli/deploy/shard-task.sh\"]"))
        let completions = try XCTUnwrap(Self.value(of: "completions", in: job))
        XCTAssertEqual(Self.value(of: "parallelism", in: job), completions)
        XCTAssertTrue(job.contains("- name: SHARDS\n              value: \"\(completions)\""))
        let merge = try String(contentsOf: Self.deploy.appendingPathComponent("kubernetes/merge-job.yaml"), encoding: .utf8)
        XCTAssertTrue(merge.contains("command: [\"/opt/bechdelcli/deploy/merge-task.sh\"]"))
        XCTAssertTrue(merge.contains("- name: SHARDS\n              value: \"\(completions)\""))
    }

    /// Starts the shard tasks together, kills one mid-way and starts it again, merges, and compares with one run.
    func simulate(catalogue: CatalogueFolder, stores: String, shards: Int, task: (Int) throws -> BackgroundProcess,
                  merge: () throws -> BackgroundProcess) throws {
        let reference = catalogue.path("reference.sqlite")
        XCTAssertEqual(try CLIRunner.run(["batch", try catalogue.manifest(), "--store", reference]).exitCode, 1)
        var tasks = try (1...shards).map(task)
        let victim = shards / 2 + 1
        Thread.sleep(forTimeInterval: 0.6)
        XCTAssertTrue(tasks[victim - 1].process.isRunning, "the task is killed mid-way")
        tasks[victim - 1].kill()
        tasks[victim - 1] = try task(victim)  // the scheduler starts it again
        for (i, t) in tasks.enumerated() {
            XCTAssertEqual(t.wait(), 0, "task \(i + 1) maps 'some films failed' to success")
        }
        for i in 1...shards {
            let check = try CatalogueFolder.check("\(stores)/shard-\(i)-of-\(shards).sqlite")
            XCTAssertEqual(check.integrity, "ok")
            XCTAssertGreaterThan(check.done + check.failed, 0, "shard \(i) did its part")
        }
        XCTAssertEqual(try merge().wait(), 1, "the final batch reports the failed films")
        let merged = "\(stores)/catalogue.sqlite"
        let check = try CatalogueFolder.check(merged)
        XCTAssertEqual(check.done + check.failed, CatalogueFolder.contents.count, "every film exactly once")
        XCTAssertEqual(try catalogue.exported(merged), try catalogue.exported(reference))
    }

    /// The number after `key:` in a YAML text (first occurrence).
    static func value(of key: String, in yaml: String) -> Int? {
        for line in yaml.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(key + ":") {
                return Int(t.dropFirst(key.count + 1).split(separator: "#")[0].trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }
}
