/// Groups the embedded pieces of a film into speakers: average-linkage clustering of the pieces long
/// enough to carry a reliable embedding of one voice, then every other piece (too short, or mostly
/// overlapped speech) joins the cluster whose mean embedding it is most similar to.
///
/// Why short pieces do not open clusters: the embedding of less than half a second of speech is mostly
/// noise, and clustered on its own it becomes a spurious "speaker" of a fraction of a second. Assigning it
/// afterwards keeps its time with a real speaker (measured: fewer confusion errors on every development
/// set, EVALUATION.md).
public struct PieceClustering: Sendable {
    public var options: DiarizationOptions

    public init(options: DiarizationOptions = .init()) { self.options = options }

    /// One cluster label per piece (0, 1, … in order of each cluster's first seeding piece). `embeddings`
    /// are unit length, `dimension` values each, one per piece; `overlap` (optional) is each piece's mean
    /// probability of overlapped speech.
    public func labels(pieces: [Range<Int>], embeddings: [[Float]], dimension: Int, overlap: [Double]? = nil,
                       threads: Int = 1) -> [Int] {
        precondition(pieces.count == embeddings.count && (overlap == nil || overlap!.count == pieces.count))
        let n = pieces.count
        if n == 0 { return [] }
        var seeds = (0..<n).filter {
            pieces[$0].count >= options.minimumClusterPieceFrames && (overlap?[$0] ?? 0) <= options.maximumSeedOverlap
        }
        if seeds.isEmpty { seeds = Array(0..<n) }
        let seedLabels = AgglomerativeClustering.averageLinkage(vectors: seeds.flatMap { embeddings[$0] }, count: seeds.count,
                                                               dimension: dimension,
                                                               threshold: Float(1 - options.speakerSimilarity), threads: threads)
        var labels = [Int](repeating: -1, count: n)
        for (k, i) in seeds.enumerated() { labels[i] = seedLabels[k] }
        guard seeds.count < n else { return labels }
        // Mean direction of each cluster, weighted by piece length.
        let clusters = (seedLabels.max() ?? -1) + 1
        var centroids = [[Float]](repeating: [Float](repeating: 0, count: dimension), count: clusters)
        for i in seeds {
            let w = Float(pieces[i].count)
            for k in 0..<dimension { centroids[labels[i]][k] += w * embeddings[i][k] }
        }
        centroids = centroids.map(SpeechPieces.unit)
        for i in 0..<n where labels[i] < 0 {
            var best = 0, bestSimilarity = -Float.infinity
            for c in 0..<clusters {
                var s: Float = 0
                for k in 0..<dimension { s += embeddings[i][k] * centroids[c][k] }
                if s > bestSimilarity { best = c; bestSimilarity = s }
            }
            labels[i] = best
        }
        return labels
    }
}
