import Foundation

/// Average-linkage agglomerative clustering on cosine distance, cut at a distance threshold: the
/// clustering that decides how many speakers a film has, from the speaker embeddings of its speech pieces.
///
/// Why average linkage: the distance between two clusters is the mean distance between their members,
/// so one noisy embedding can neither chain two speakers together (single linkage) nor keep a speaker
/// apart (complete linkage), and a threshold on it means the same thing whatever the clusters' sizes.
/// Runs the nearest-neighbour-chain algorithm (exact for average linkage, which has no inversions) over
/// a condensed Float distance matrix: O(n²) time and n(n−1)/2 floats of memory; the cut then keeps every
/// merge whose height is at most the threshold. Deterministic: ties go to the lowest index.
public enum AgglomerativeClustering {
    /// One merge of the dendrogram: clusters represented by the lowest member index of each side.
    public struct Merge: Equatable, Sendable {
        public var a: Int
        public var b: Int
        /// Average cosine distance between the two clusters' members (0…2).
        public var distance: Float
    }

    /// Cluster labels (0, 1, … numbered in order of each cluster's first member) of `count` vectors of
    /// `dimension` floats (row-major in `vectors`, any length; they are normalised here), merging while the
    /// average cosine distance of two clusters is at most `threshold`.
    public static func averageLinkage(vectors: [Float], count n: Int, dimension d: Int, threshold: Float,
                                      threads: Int = 1) -> [Int] {
        precondition(n >= 0 && d >= 1 && vectors.count == n * d, "AgglomerativeClustering: \(vectors.count) values for \(n)×\(d)")
        if n == 0 { return [] }
        let merges = dendrogram(vectors: vectors, count: n, dimension: d, threads: threads)
        return labels(count: n, merges: merges, threshold: threshold)
    }

    /// The whole dendrogram (n − 1 merges, in the order the algorithm made them, which is not sorted by height).
    public static func dendrogram(vectors: [Float], count n: Int, dimension d: Int, threads: Int = 1) -> [Merge] {
        precondition(n >= 0 && d >= 1 && vectors.count == n * d)
        if n < 2 { return [] }
        var distance = condensedCosineDistances(vectors: vectors, count: n, dimension: d, threads: threads)
        var size = [Int](repeating: 1, count: n)
        var active = [Bool](repeating: true, count: n)
        var chain: [Int] = []
        chain.reserveCapacity(n)
        var merges: [Merge] = []
        merges.reserveCapacity(n - 1)
        var nextStart = 0
        distance.withUnsafeMutableBufferPointer { dist in
            @inline(__always) func at(_ i: Int, _ j: Int) -> Int {
                let (a, b) = i < j ? (i, j) : (j, i)
                return a * (2 * n - a - 1) / 2 + (b - a - 1)
            }
            while merges.count < n - 1 {
                if chain.isEmpty {
                    while !active[nextStart] { nextStart += 1 }
                    chain.append(nextStart)
                }
                let a = chain[chain.count - 1]
                var best = -1
                var bestDistance = Float.infinity
                if chain.count >= 2 {
                    best = chain[chain.count - 2]
                    bestDistance = dist[at(a, best)]
                }
                for k in 0..<n where active[k] && k != a {
                    let v = dist[at(a, k)]
                    if v < bestDistance { best = k; bestDistance = v }
                }
                if chain.count >= 2 && best == chain[chain.count - 2] {
                    chain.removeLast(2)
                    // The merged cluster lives in the lower slot; Lance–Williams update for average linkage.
                    let (keep, drop) = a < best ? (a, best) : (best, a)
                    let wk = Float(size[keep]), wd = Float(size[drop]), total = wk + wd
                    for k in 0..<n where active[k] && k != keep && k != drop {
                        let i = at(k, keep)
                        dist[i] = (wk * dist[i] + wd * dist[at(k, drop)]) / total
                    }
                    active[drop] = false
                    size[keep] += size[drop]
                    merges.append(Merge(a: keep, b: drop, distance: bestDistance))
                } else {
                    chain.append(best)
                }
            }
        }
        return merges
    }

    /// Labels of the clustering that keeps the merges of height ≤ `threshold` (numbered by first member).
    public static func labels(count n: Int, merges: [Merge], threshold: Float) -> [Int] {
        var parent = Array(0..<n)
        func root(_ i: Int) -> Int {
            var r = i
            while parent[r] != r { r = parent[r] }
            var j = i
            while parent[j] != r { let next = parent[j]; parent[j] = r; j = next }
            return r
        }
        for m in merges where m.distance <= threshold {
            let (ra, rb) = (root(m.a), root(m.b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var label = [Int](repeating: -1, count: n)
        var byRoot: [Int: Int] = [:]
        for i in 0..<n {
            let r = root(i)
            if let l = byRoot[r] { label[i] = l } else { byRoot[r] = byRoot.count; label[i] = byRoot[r]! }
        }
        return label
    }

    /// Condensed upper-triangle cosine distances 1 − cos(x_i, x_j), i < j, row after row. Rows are
    /// normalised first (a zero row is at distance 1 from everything); row blocks on up to `threads` threads.
    static func condensedCosineDistances(vectors: [Float], count n: Int, dimension d: Int, threads: Int) -> [Float] {
        var unit = vectors
        for i in 0..<n {
            var s: Float = 0
            for k in 0..<d { s += unit[i * d + k] * unit[i * d + k] }
            let inv: Float = s > 0 ? 1 / s.squareRoot() : 0
            for k in 0..<d { unit[i * d + k] *= inv }
        }
        var out = [Float](repeating: 0, count: n * (n - 1) / 2)
        out.withUnsafeMutableBufferPointer { o in
            unit.withUnsafeBufferPointer { u in
                let base = o.baseAddress!, x = u.baseAddress!
                ChunkedParallel.forEachChunk(count: n, chunkSize: 64, threads: threads) { rows in
                    for i in rows where i < n - 1 {
                        let row = base + i * (2 * n - i - 1) / 2
                        let xi = x + i * d
                        for j in (i + 1)..<n {
                            let xj = x + j * d
                            row[j - i - 1] = 1 - dot(xi, xj, d)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Dot product in eight lanes combined in a fixed order (vectorises; same result on every run).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: Int) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        var k = 0
        while k + 8 <= d {
            let va = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
            let vb = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            acc += va * vb
            k += 8
        }
        var s = acc.sum()
        while k < d { s += a[k] * b[k]; k += 1 }
        return s
    }
}
