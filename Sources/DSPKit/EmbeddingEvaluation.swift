import Foundation

/// How well speaker embeddings separate speakers inside one recording, the situation clustering faces:
/// every pair of reference single-speaker stretches of the same scene is scored by cosine similarity, and
/// same-speaker against different-speaker pairs give an equal error rate and its threshold.
public struct EmbeddingEvaluation: Sendable {
    /// Pair scores: cosine similarity and whether the two stretches are the same speaker.
    public var pairs: [(score: Double, same: Bool)] = []

    public init() {}

    /// Adds every pair among `items` (one scene's stretches: speaker label and embedding).
    public mutating func add(scene items: [(speaker: String, embedding: [Double])]) {
        for i in items.indices {
            for j in (i + 1)..<items.count {
                pairs.append((SpeakerEmbedder.similarity(items[i].embedding, items[j].embedding), items[i].speaker == items[j].speaker))
            }
        }
    }

    /// Equal error rate (fraction) and the threshold where misses (same-speaker pairs below it) equal
    /// false alarms (different-speaker pairs above it); nil without both kinds of pairs.
    public var equalErrorRate: (rate: Double, threshold: Double)? {
        let same = pairs.filter(\.same).map(\.score).sorted(), different = pairs.filter { !$0.same }.map(\.score).sorted()
        guard !same.isEmpty, !different.isEmpty else { return nil }
        var best = (gap: Double.infinity, rate: 1.0, threshold: 0.0)
        for t in (same + different).sorted() {
            let miss = Double(same.prefix { $0 < t }.count) / Double(same.count)
            let falseAlarm = Double(different.count - different.prefix { $0 < t }.count) / Double(different.count)
            if abs(miss - falseAlarm) < best.gap { best = (abs(miss - falseAlarm), 0.5 * (miss + falseAlarm), t) }
        }
        return (best.rate, best.threshold)
    }

    /// Mean score of same-speaker and of different-speaker pairs.
    public var means: (same: Double, different: Double) {
        let s = pairs.filter(\.same).map(\.score), d = pairs.filter { !$0.same }.map(\.score)
        return (s.reduce(0, +) / Double(max(1, s.count)), d.reduce(0, +) / Double(max(1, d.count)))
    }
}
