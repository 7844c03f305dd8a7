import Foundation

extension SpeakerClusterer {
    /// Final pass: every cluster gets a speaker embedding (`SpeakerEmbedder`) from its pooled Baum-Welch
    /// statistics, and the two most similar clusters (PLDA log-likelihood ratio or cosine,
    /// `DiarizationOptions.embeddingScoring`) merge while their score is above
    /// `DiarizationOptions.embeddingThreshold`; a merged cluster's embedding is recomputed from the summed
    /// statistics. This is what decides the number of speakers.
    ///
    /// Cost: one embedding per cluster and per merge, and O(clusters²) scores; the segments' statistics
    /// (`BaumWelchStatistics.ofSegments`, one pass over the speech frames) are shared with the CLR pass.
    /// - Parameters:
    ///   - segmentStatistics: statistics of each segment under the embedder's background model.
    ///   - segments: the segments clustered by `cluster`, with `initial` their clustering.
    public func refineByEmbedding(segmentStatistics segmentStats: [BaumWelchStatistics], segments: [Range<Int>],
                                  initial: Result, embedder: SpeakerEmbedder, threads: Int = 1) -> Result {
        guard initial.clusterCount > 1 else { return initial }
        precondition(segmentStats.count == segments.count, "one statistics per segment")
        let ubm = embedder.extractor.ubm
        let n = initial.clusterCount
        var stats = [BaumWelchStatistics](repeating: BaumWelchStatistics(components: ubm.components, dimension: ubm.dimension), count: n)
        for (i, label) in initial.labels.enumerated() { stats[label].add(segmentStats[i]) }
        let plda = options.embeddingScoring == .plda
        let embed: (BaumWelchStatistics) -> [Double] = { plda ? embedder.vector($0) : embedder.embed($0) }
        let score: ([Double], [Double]) -> Double = { plda ? embedder.score($0, $1) : SpeakerEmbedder.similarity($0, $1) }
        var embeddings = ChunkedParallel.map(count: n, chunkSize: 1, threads: threads, initial: [Double]()) { embed(stats[$0]) }
        var similarity = [Double](repeating: -.infinity, count: n * n)
        for i in 0..<n { for j in (i + 1)..<n { similarity[i * n + j] = score(embeddings[i], embeddings[j]) } }
        let mapping = GreedyPairMerging.merge(count: n, scores: similarity, threshold: options.embeddingThreshold,
                                              merge: { a, b in
                                                  stats[a].add(stats[b])
                                                  embeddings[a] = embed(stats[a])
                                              },
                                              rescore: { a, others in others.map { score(embeddings[a], embeddings[$0]) } })
        let labels = initial.labels.map { mapping[$0] }
        return Result(labels: labels, clusterCount: Set(labels).count).renumberedByFirstAppearance(segments: segments)
    }
}
