import SeededRandom
import XCTest
@testable import BechdelKit

/// k-means: finds well-separated groups, is deterministic for a seed, rejects impossible k.
final class KMeansTests: XCTestCase {
    /// Three tight blobs in 4 dimensions around far-apart centres, rows interleaved.
    static func blobs(perBlob: Int, seed: UInt64) -> (data: [Double], truth: [Int]) {
        var rng = SeededGenerator(state: seed)
        let centres: [[Double]] = [[0, 0, 0, 0], [10, 10, 0, 0], [0, 10, -10, 5]]
        var data: [Double] = [], truth: [Int] = []
        for i in 0..<(perBlob * 3) {
            let b = i % 3
            truth.append(b)
            for j in 0..<4 { data.append(centres[b][j] + rng.unit() - 0.5) }
        }
        return (data, truth)
    }

    func testRecoversSeparatedClusters() throws {
        let (data, truth) = Self.blobs(perBlob: 50, seed: 3)
        let model = try KMeans.fit(data: data, rows: 150, dimension: 4, options: KMeansOptions(k: 3, seed: 11))
        // Same partition up to relabelling: every true blob maps to exactly one cluster and vice versa.
        var mapping: [Int: Int] = [:]
        for (i, c) in model.assignments.enumerated() {
            if let known = mapping[truth[i]] { XCTAssertEqual(known, c) } else { mapping[truth[i]] = c }
        }
        XCTAssertEqual(Set(mapping.values).count, 3)
        // Inertia is small: each point within 0.5 per coordinate of its centre.
        XCTAssertLessThan(model.inertia, 150 * 4 * 0.25)
        let nearest = model.nearest(data[0..<4])
        XCTAssertEqual(nearest.cluster, model.assignments[0])
    }

    func testDeterministicForSeed() throws {
        let (data, _) = Self.blobs(perBlob: 40, seed: 5)
        // Ask for more clusters than blobs so that seeding matters.
        let a = try KMeans.fit(data: data, rows: 120, dimension: 4, options: KMeansOptions(k: 5, restarts: 3, seed: 9))
        let b = try KMeans.fit(data: data, rows: 120, dimension: 4, options: KMeansOptions(k: 5, restarts: 3, seed: 9))
        XCTAssertEqual(a, b)
        // Clusters numbered by decreasing size.
        var sizes = [Int](repeating: 0, count: 5)
        for c in a.assignments { sizes[c] += 1 }
        XCTAssertEqual(sizes, sizes.sorted(by: >))
        XCTAssertTrue(sizes.allSatisfy { $0 > 0 })
    }

    func testMoreRestartsNeverWorse() throws {
        let (data, _) = Self.blobs(perBlob: 30, seed: 8)
        let one = try KMeans.fit(data: data, rows: 90, dimension: 4, options: KMeansOptions(k: 7, restarts: 1, seed: 4))
        let many = try KMeans.fit(data: data, rows: 90, dimension: 4, options: KMeansOptions(k: 7, restarts: 6, seed: 4))
        XCTAssertLessThanOrEqual(many.inertia, one.inertia + 1e-9)
    }

    func testDuplicateRowsAndImpossibleK() throws {
        let data = [Double](repeating: 1, count: 10 * 2)
        let model = try KMeans.fit(data: data, rows: 10, dimension: 2, options: KMeansOptions(k: 3))
        XCTAssertEqual(model.inertia, 0)
        XCTAssertEqual(model.assignments.count, 10)
        XCTAssertThrowsError(try KMeans.fit(data: data, rows: 10, dimension: 2, options: KMeansOptions(k: 11)))
        XCTAssertThrowsError(try KMeans.fit(data: data, rows: 10, dimension: 2, options: KMeansOptions(k: 0)))
    }
}
