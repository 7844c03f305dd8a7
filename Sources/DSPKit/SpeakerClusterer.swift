import Foundation

/// Groups speech segments into speakers: hierarchical agglomerative clustering of full-covariance
/// Gaussians with the BIC as distance and stopping rule (as LIUM SpkDiarization's first pass).
///
/// The cost is quadratic in the number of segments, never in frames: segment statistics are summed once,
/// and a merge costs one row of Cholesky factorisations (computed in parallel fixed chunks, so the result
/// does not depend on the thread count). Films with very many segments are first reduced by merging the
/// most similar neighbouring segments (`DiarizationOptions.maximumSegments`). Segments too short to
/// estimate a covariance do not seed clusters; they join the closest cluster at the end.
public struct SpeakerClusterer: Sendable {
    public var options: DiarizationOptions

    public init(options: DiarizationOptions = .init()) { self.options = options }

    /// A clustering: one label per input segment, labels numbered 0… in order of first appearance.
    public struct Result: Equatable, Sendable {
        /// Cluster label of each segment (same order as the input segments).
        public var labels: [Int]
        /// Number of clusters.
        public var clusterCount: Int

        public init(labels: [Int], clusterCount: Int) {
            self.labels = labels
            self.clusterCount = clusterCount
        }
    }

    /// Clusters `segments` (frame ranges of the row-major matrix `data`, `stride` floats per row).
    public func cluster(data: [Float], stride: Int, segments: [Range<Int>], threads: Int = 1) -> Result {
        guard !segments.isEmpty else { return Result(labels: [], clusterCount: 0) }
        let columns = options.featureColumns
        let segmentStats = ChunkedParallel.map(count: segments.count, chunkSize: 16, threads: threads,
                                               initial: GaussianStatistics(dimension: columns.count)) { i in
            GaussianStatistics(data: data, stride: stride, rows: segments[i], columns: columns)
        }
        // Seeds: segments long enough to estimate a full covariance (all of them if none is).
        var seeds = segments.indices.filter { segments[$0].count >= options.minimumClusterSegment }
        if seeds.isEmpty { seeds = Array(segments.indices) }
        let seedSet = Set(seeds)

        // Initial clusters in time order, reduced to at most maximumSegments by merging neighbours.
        var clusters: [(members: [Int], stats: GaussianStatistics)] = seeds.map { ([$0], segmentStats[$0]) }
        clusters = reducedByNeighbourMerging(clusters, limit: max(1, options.maximumSegments))

        let merged = agglomerate(clusters, threads: threads)

        // Labels for seeds, then short segments join the cluster that absorbs them at least cost.
        var label = [Int](repeating: -1, count: segments.count)
        for (c, cluster) in merged.enumerated() { for m in cluster.members { label[m] = c } }
        let shorts = segments.indices.filter { !seedSet.contains($0) }
        let assigned = ChunkedParallel.map(count: shorts.count, chunkSize: 16, threads: threads, initial: 0) { k in
            let s = segmentStats[shorts[k]]
            var best = 0, bestCost = Double.infinity
            for (c, cluster) in merged.enumerated() {
                let cost = GaussianStatistics.generalizedLikelihoodRatio(cluster.stats, s, ridge: options.covarianceRidge)
                if cost < bestCost { bestCost = cost; best = c }
            }
            return best
        }
        for (k, i) in shorts.enumerated() { label[i] = assigned[k] }
        return Result(labels: label, clusterCount: merged.count).renumberedByFirstAppearance(segments: segments)
    }

    /// Merges the most similar time-adjacent clusters (smallest ΔBIC) until at most `limit` remain.
    func reducedByNeighbourMerging(_ input: [(members: [Int], stats: GaussianStatistics)], limit: Int)
        -> [(members: [Int], stats: GaussianStatistics)] {
        var clusters = input
        guard clusters.count > limit else { return clusters }
        let lambda = options.linearPenalty, ridge = options.covarianceRidge
        var gaps = (0..<(clusters.count - 1)).map {
            GaussianStatistics.deltaBIC(clusters[$0].stats, clusters[$0 + 1].stats, penalty: lambda, ridge: ridge)
        }
        while clusters.count > limit {
            var best = 0
            for i in 1..<gaps.count where gaps[i] < gaps[best] { best = i }
            clusters[best].members += clusters[best + 1].members
            clusters[best].stats.add(clusters[best + 1].stats)
            clusters.remove(at: best + 1)
            gaps.remove(at: best)
            if best > 0 {
                gaps[best - 1] = GaussianStatistics.deltaBIC(clusters[best - 1].stats, clusters[best].stats, penalty: lambda, ridge: ridge)
            }
            if best < gaps.count {
                gaps[best] = GaussianStatistics.deltaBIC(clusters[best].stats, clusters[best + 1].stats, penalty: lambda, ridge: ridge)
            }
        }
        return clusters
    }

    /// Agglomerative BIC clustering: merge the pair with the smallest ΔBIC while it is negative.
    func agglomerate(_ input: [(members: [Int], stats: GaussianStatistics)], threads: Int)
        -> [(members: [Int], stats: GaussianStatistics)] {
        var clusters = input
        let n = clusters.count
        guard n > 1 else { return clusters }
        let d = clusters[0].stats.dimension
        let ridge = options.covarianceRidge
        let halfP = 0.5 * GaussianStatistics.parameterCount(dimension: d) * options.clusterPenalty
        var logDet = clusters.map { $0.stats.logDeterminant(ridge: ridge) ?? 0 }
        var active = [Bool](repeating: true, count: n)

        func distance(_ i: Int, _ j: Int) -> Double {
            let a = clusters[i].stats, b = clusters[j].stats
            let union = a + b
            let lu = union.logDeterminant(ridge: ridge) ?? 0
            return 0.5 * (union.count * lu - a.count * logDet[i] - b.count * logDet[j]) - halfP * log(union.count)
        }

        // Full distance matrix (upper triangle computed row by row in parallel, then mirrored).
        var dist = [Double](repeating: .infinity, count: n * n)
        dist.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            ChunkedParallel.forEachChunk(count: n, chunkSize: 8, threads: threads) { rows in
                for i in rows { for j in (i + 1)..<n { slots[i * n + j] = distance(i, j) } }
            }
        }
        for i in 0..<n { for j in (i + 1)..<n { dist[j * n + i] = dist[i * n + j] } }

        // Nearest neighbour of every row (ties: lowest index).
        func scanRow(_ i: Int) -> (value: Double, index: Int) {
            var best = (value: Double.infinity, index: -1)
            for j in 0..<n where j != i && active[j] && dist[i * n + j] < best.value { best = (dist[i * n + j], j) }
            return best
        }
        var nearest = (0..<n).map { scanRow($0) }

        while true {
            var i = -1
            for k in 0..<n where active[k] && nearest[k].index >= 0 && (i < 0 || nearest[k].value < nearest[i].value) { i = k }
            guard i >= 0, nearest[i].value < 0 else { break }
            var a = i, b = nearest[i].index
            if b < a { swap(&a, &b) }
            clusters[a].members += clusters[b].members
            clusters[a].stats.add(clusters[b].stats)
            logDet[a] = clusters[a].stats.logDeterminant(ridge: ridge) ?? 0
            active[b] = false
            let others = (0..<n).filter { active[$0] && $0 != a }
            let row = ChunkedParallel.map(count: others.count, chunkSize: 8, threads: threads, initial: 0.0) { k in distance(a, others[k]) }
            for j in 0..<n { dist[a * n + j] = .infinity; dist[j * n + a] = .infinity }
            for (k, j) in others.enumerated() { dist[a * n + j] = row[k]; dist[j * n + a] = row[k] }
            for k in others {
                if nearest[k].index == a || nearest[k].index == b {
                    nearest[k] = scanRow(k)
                } else if dist[k * n + a] < nearest[k].value || (dist[k * n + a] == nearest[k].value && a < nearest[k].index) {
                    nearest[k] = (dist[k * n + a], a)
                }
            }
            nearest[a] = scanRow(a)
            nearest[b] = (.infinity, -1)
        }
        return (0..<n).filter { active[$0] }.map { clusters[$0] }
    }
}

extension SpeakerClusterer.Result {
    /// The same partition with labels numbered by the first segment (in time) of each cluster.
    func renumberedByFirstAppearance(segments: [Range<Int>]) -> SpeakerClusterer.Result {
        let order = segments.indices.sorted { segments[$0].lowerBound != segments[$1].lowerBound ? segments[$0].lowerBound < segments[$1].lowerBound : $0 < $1 }
        var mapping: [Int: Int] = [:]
        for i in order where mapping[labels[i]] == nil { mapping[labels[i]] = mapping.count }
        return SpeakerClusterer.Result(labels: labels.map { mapping[$0]! }, clusterCount: mapping.count)
    }
}

extension SpeakerClusterer {
    /// Second pass (LIUM style): every cluster gets a speaker model MAP-adapted (means) from the background
    /// model, and the pair with the largest cross-likelihood ratio
    /// CLR(i, j) = (1/n_i)·log p(X_i | M_j)/p(X_i | UBM) + (1/n_j)·log p(X_j | M_i)/p(X_j | UBM)
    /// merges while CLR exceeds `crossLikelihoodThreshold`.
    ///
    /// Likelihoods use linear scoring (Glembek et al. 2009): frame alignments to the background model's
    /// components are kept fixed, so a score needs only the clusters' Baum-Welch statistics and the cost is
    /// one pass over the speech frames (`BaumWelchStatistics.ofSegments`) plus O(K·D) per pair, never
    /// quadratic in frames.
    /// - Parameters:
    ///   - segmentStatistics: statistics of each segment under `ubm`.
    ///   - segments: the segments clustered by `cluster`, with `initial` their clustering.
    public func refineByCrossLikelihood(segmentStatistics: [BaumWelchStatistics], segments: [Range<Int>], initial: Result,
                                        background ubm: DiagonalGMM, threads: Int = 1) -> Result {
        guard initial.clusterCount > 1 else { return initial }
        precondition(segmentStatistics.count == segments.count, "one statistics per segment")
        let k = ubm.components, d = ubm.dimension
        let segmentStats = segmentStatistics.map { $0.occupancy + $0.first }
        // Cluster statistics: occupancy N (K) followed by first moments F (K×D), in double precision.
        var stats = [[Double]](repeating: [Double](repeating: 0, count: k + k * d), count: initial.clusterCount)
        for (i, label) in initial.labels.enumerated() {
            for j in 0..<(k + k * d) { stats[label][j] += segmentStats[i][j] }
        }
        let mu = ubm.means.map(Double.init)
        let inverseVariance = ubm.variances.map { 1 / Double($0) }
        let relevance = options.relevance

        /// Model of a cluster: MAP mean offsets divided by the variances (K×D) and per-component q_k = Σ_d offset²/σ².
        func model(_ s: [Double]) -> (scaled: [Double], q: [Double], centred: [Double], n: Double) {
            var scaled = [Double](repeating: 0, count: k * d), q = [Double](repeating: 0, count: k)
            var centred = [Double](repeating: 0, count: k * d)
            var n = 0.0
            for c in 0..<k {
                let occ = s[c]
                n += occ
                var qc = 0.0
                for j in 0..<d {
                    let f = s[k + c * d + j] - occ * mu[c * d + j]
                    centred[c * d + j] = f
                    let offset = f / (occ + relevance)
                    scaled[c * d + j] = offset * inverseVariance[c * d + j]
                    qc += offset * offset * inverseVariance[c * d + j]
                }
                q[c] = qc
            }
            return (scaled, q, centred, n)
        }
        var models = stats.map(model)
        /// Average log-likelihood ratio of cluster a's frames under b's model against the background.
        func score(_ a: Int, _ b: Int) -> Double {
            let x = models[a], m = models[b]
            guard x.n > 0 else { return 0 }
            var linear = 0.0, quadratic = 0.0
            for i in 0..<(k * d) { linear += m.scaled[i] * x.centred[i] }
            for c in 0..<k { quadratic += stats[a][c] * m.q[c] }
            return (linear - 0.5 * quadratic) / x.n
        }
        let n = initial.clusterCount
        var clr = [Double](repeating: -.infinity, count: n * n)
        clr.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            ChunkedParallel.forEachChunk(count: n, chunkSize: 4, threads: threads) { rows in
                for i in rows { for j in (i + 1)..<n { slots[i * n + j] = score(i, j) + score(j, i) } }
            }
        }
        let mapping = GreedyPairMerging.merge(count: n, scores: clr, threshold: options.crossLikelihoodThreshold,
                                              merge: { a, b in
                                                  for j in 0..<(k + k * d) { stats[a][j] += stats[b][j] }
                                                  models[a] = model(stats[a])
                                              },
                                              rescore: { a, others in
                                                  ChunkedParallel.map(count: others.count, chunkSize: 8, threads: threads, initial: 0.0) { t in
                                                      score(a, others[t]) + score(others[t], a)
                                                  }
                                              })
        let labels = initial.labels.map { mapping[$0] }
        return Result(labels: labels, clusterCount: Set(labels).count).renumberedByFirstAppearance(segments: segments)
    }
}
