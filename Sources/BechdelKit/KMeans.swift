import SeededRandom

/// k-means on a dense row-major matrix: k-means++ seeding (Arthur & Vassilvitskii 2007) from an explicit seed,
/// Lloyd iterations, best inertia over several restarts. Groups films by their standardised features
/// (`FilmClusters`); deterministic for a given matrix and options.
public struct KMeans: Equatable, Sendable {
    /// Number of clusters.
    public var k: Int
    /// Number of columns.
    public var dimension: Int
    /// `k × dimension` centroids, row-major. Clusters are numbered by decreasing size (ties: lowest first member).
    public var centroids: [Double]
    /// Cluster of each row.
    public var assignments: [Int]
    /// Sum over rows of the squared distance to the row's centroid.
    public var inertia: Double
    /// Lloyd iterations of the kept restart.
    public var iterations: Int

    /// Clusters `rows` rows of `data` (`rows × dimension`, row-major, no NaN).
    public static func fit(data: [Double], rows: Int, dimension: Int, options: KMeansOptions = .init()) throws -> KMeans {
        guard options.k >= 1, options.k <= rows else { throw ClusteringError.invalidK(k: options.k, rows: rows) }
        guard data.count == rows * dimension else {
            throw ClusteringError.shapeMismatch("\(data.count) values for \(rows) rows of \(dimension)")
        }
        var best: KMeans?
        for restart in 0..<max(1, options.restarts) {
            var rng = SeededGenerator(seed: options.seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(restart))
            let candidate = data.withUnsafeBufferPointer { x in
                lloyd(x, rows: rows, dimension: dimension, k: options.k, maxIterations: options.maxIterations,
                      rng: &rng)
            }
            if best == nil || candidate.inertia < best!.inertia { best = candidate }
        }
        return best!.orderedBySize()
    }

    /// Index of the nearest centroid to a row (ties: lowest index), and the squared distance.
    public func nearest(_ row: ArraySlice<Double>) -> (cluster: Int, distance: Double) {
        precondition(row.count == dimension)
        var bestC = 0, bestD = Double.infinity
        let base = row.startIndex
        for c in 0..<k {
            var d = 0.0
            for j in 0..<dimension {
                let t = row[base + j] - centroids[c * dimension + j]
                d += t * t
            }
            if d < bestD { bestD = d; bestC = c }
        }
        return (bestC, bestD)
    }

    @inline(__always)
    private static func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s = 0.0
        for j in 0..<n {
            let t = a[j] - b[j]
            s += t * t
        }
        return s
    }

    private static func lloyd(_ x: UnsafeBufferPointer<Double>, rows n: Int, dimension d: Int, k: Int,
                              maxIterations: Int, rng: inout SeededGenerator) -> KMeans {
        let base = x.baseAddress!
        var centroids = [Double](repeating: 0, count: k * d)
        var nearestD = [Double](repeating: .infinity, count: n)
        var assignment = [Int](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: k)
        var iterations = 0
        centroids.withUnsafeMutableBufferPointer { cb in
            let cen = cb.baseAddress!
            // k-means++ seeding.
            var chosen = rng.below(n)
            for c in 0..<k {
                if c > 0 {
                    let total = nearestD.reduce(0, +)
                    chosen = total > 0 ? rng.index(weights: nearestD, total: total) : rng.below(n)
                }
                (cen + c * d).update(from: base + chosen * d, count: d)
                for i in 0..<n {
                    let dist = squaredDistance(base + i * d, cen + c * d, d)
                    if dist < nearestD[i] { nearestD[i] = dist; assignment[i] = c }
                }
            }
            // Lloyd iterations.
            var sums = [Double](repeating: 0, count: k * d)
            var first = true
            while iterations < maxIterations {
                iterations += 1
                var changed = first
                first = false
                if iterations > 1 {
                    for i in 0..<n {
                        let p = base + i * d
                        var bestC = 0, bestD = Double.infinity
                        for c in 0..<k {
                            let dist = squaredDistance(p, cen + c * d, d)
                            if dist < bestD { bestD = dist; bestC = c }
                        }
                        nearestD[i] = bestD
                        if assignment[i] != bestC { assignment[i] = bestC; changed = true }
                    }
                }
                if !changed { break }
                // Empty clusters take the row farthest from its centroid (lowest index on ties).
                for c in 0..<k { counts[c] = 0 }
                for i in 0..<n { counts[assignment[i]] += 1 }
                for c in 0..<k where counts[c] == 0 {
                    var far = -1, farD = -1.0
                    for i in 0..<n where counts[assignment[i]] > 1 && nearestD[i] > farD { far = i; farD = nearestD[i] }
                    if far < 0 { continue }
                    counts[assignment[far]] -= 1
                    assignment[far] = c
                    counts[c] = 1
                    nearestD[far] = 0
                }
                for j in 0..<(k * d) { sums[j] = 0 }
                for i in 0..<n {
                    let c = assignment[i], p = base + i * d
                    for j in 0..<d { sums[c * d + j] += p[j] }
                }
                for c in 0..<k where counts[c] > 0 {
                    let inv = 1.0 / Double(counts[c])
                    for j in 0..<d { cen[c * d + j] = sums[c * d + j] * inv }
                }
            }
        }
        // Final inertia against the final centroids (and assignments consistent with them).
        var inertia = 0.0
        centroids.withUnsafeBufferPointer { cb in
            let cen = cb.baseAddress!
            for i in 0..<n {
                inertia += squaredDistance(base + i * d, cen + assignment[i] * d, d)
            }
        }
        return KMeans(k: k, dimension: d, centroids: centroids, assignments: assignment, inertia: inertia,
                      iterations: iterations)
    }

    /// Renumbers clusters by decreasing size, ties broken by the lowest row index in the cluster.
    private func orderedBySize() -> KMeans {
        var size = [Int](repeating: 0, count: k), firstRow = [Int](repeating: Int.max, count: k)
        for (i, c) in assignments.enumerated() {
            size[c] += 1
            firstRow[c] = min(firstRow[c], i)
        }
        let order = (0..<k).sorted { size[$0] != size[$1] ? size[$0] > size[$1] : firstRow[$0] < firstRow[$1] }
        var newIndex = [Int](repeating: 0, count: k)
        for (new, old) in order.enumerated() { newIndex[old] = new }
        var result = self
        result.assignments = assignments.map { newIndex[$0] }
        for (new, old) in order.enumerated() {
            for j in 0..<dimension { result.centroids[new * dimension + j] = centroids[old * dimension + j] }
        }
        return result
    }
}
