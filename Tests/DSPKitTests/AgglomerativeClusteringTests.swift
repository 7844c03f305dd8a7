import XCTest
@testable import DSPKit
import SeededRandom

/// Average-linkage clustering against a direct O(n³) implementation of its definition, and the cut's properties.
final class AgglomerativeClusteringTests: XCTestCase {
    /// Points around `centres` random unit directions with noise, shuffled; returns vectors and true groups.
    private func blobs(centres: Int, perCentre: Int, dimension d: Int, noise: Float, seed: UInt64) -> ([Float], [Int]) {
        var g = SeededGenerator(state: seed)
        let c = (0..<(centres * d)).map { _ in Float(g.unit() * 2 - 1) }
        var vectors: [Float] = [], truth: [Int] = []
        for i in 0..<(centres * perCentre) {
            let k = (i * 7 + i / 3) % centres
            for j in 0..<d { vectors.append(c[k * d + j] + noise * Float(g.unit() * 2 - 1)) }
            truth.append(k)
        }
        return (vectors, truth)
    }

    /// Textbook average linkage: repeatedly merge the two clusters with the smallest mean pairwise distance.
    private func naive(_ v: [Float], n: Int, d: Int, threshold: Float) -> [Int] {
        func dist(_ i: Int, _ j: Int) -> Double {
            var s = 0.0, a = 0.0, b = 0.0
            for k in 0..<d { s += Double(v[i * d + k] * v[j * d + k]); a += Double(v[i * d + k] * v[i * d + k]); b += Double(v[j * d + k] * v[j * d + k]) }
            return 1 - s / (a * b).squareRoot()
        }
        var clusters = (0..<n).map { [$0] }
        while clusters.count > 1 {
            var best = (0, 1, Double.infinity)
            for i in 0..<clusters.count {
                for j in (i + 1)..<clusters.count {
                    var s = 0.0
                    for a in clusters[i] { for b in clusters[j] { s += dist(a, b) } }
                    s /= Double(clusters[i].count * clusters[j].count)
                    if s < best.2 { best = (i, j, s) }
                }
            }
            if best.2 > Double(threshold) { break }
            clusters[best.0] += clusters[best.1]
            clusters.remove(at: best.1)
        }
        var label = [Int](repeating: 0, count: n)
        let ordered = clusters.map { $0.sorted() }.sorted { $0[0] < $1[0] }
        for (l, members) in ordered.enumerated() { for m in members { label[m] = l } }
        return label
    }

    func testMatchesTheDefinition() {
        for seed in UInt64(1)...4 {
            let (v, _) = blobs(centres: 4, perCentre: 9, dimension: 12, noise: 0.9, seed: seed)
            for threshold: Float in [0.2, 0.4, 0.6, 0.9] {
                let ours = AgglomerativeClustering.averageLinkage(vectors: v, count: 36, dimension: 12, threshold: threshold)
                XCTAssertEqual(ours, naive(v, n: 36, d: 12, threshold: threshold), "seed \(seed), threshold \(threshold)")
            }
        }
    }

    func testRecoversSeparatedGroupsWhateverTheThreads() {
        let (v, truth) = blobs(centres: 5, perCentre: 40, dimension: 192, noise: 0.3, seed: 9)
        let one = AgglomerativeClustering.averageLinkage(vectors: v, count: 200, dimension: 192, threshold: 0.5, threads: 1)
        let three = AgglomerativeClustering.averageLinkage(vectors: v, count: 200, dimension: 192, threshold: 0.5, threads: 3)
        XCTAssertEqual(one, three)
        XCTAssertEqual(Set(one).count, 5)
        // Same partition as the truth (labels may be renamed).
        var map: [Int: Int] = [:]
        for (l, t) in zip(one, truth) { XCTAssertEqual(map[l, default: t], t); map[l] = t }
    }

    func testEdgeCases() {
        XCTAssertEqual(AgglomerativeClustering.averageLinkage(vectors: [], count: 0, dimension: 3, threshold: 0.5), [])
        XCTAssertEqual(AgglomerativeClustering.averageLinkage(vectors: [1, 0, 0], count: 1, dimension: 3, threshold: 0.5), [0])
        // A zero vector is at distance 1 from everything: merged only by thresholds ≥ 1.
        let v: [Float] = [1, 0, 0, 0, 0, 0, 1, 0.01, 0]
        XCTAssertEqual(AgglomerativeClustering.averageLinkage(vectors: v, count: 3, dimension: 3, threshold: 0.5), [0, 1, 0])
        XCTAssertEqual(Set(AgglomerativeClustering.averageLinkage(vectors: v, count: 3, dimension: 3, threshold: 2)).count, 1)
        // A tiny threshold keeps identical directions together and nothing else.
        XCTAssertEqual(AgglomerativeClustering.averageLinkage(vectors: [1, 1, 2, 2, 1, 0], count: 3, dimension: 2, threshold: 1e-5), [0, 0, 1])
    }
}
