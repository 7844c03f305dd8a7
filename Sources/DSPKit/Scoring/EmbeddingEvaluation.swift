import Foundation

/// How well speaker embeddings separate speakers inside one recording, the situation clustering faces:
/// every pair of reference single-speaker stretches of the same scene is scored by cosine similarity, and
/// same-speaker against different-speaker pairs give an equal error rate and its threshold.
public struct EmbeddingEvaluation: Sendable {
    /// Pair scores: cosine similarity and whether the two stretches are the same speaker.
    public var pairs: [(score: Double, same: Bool)] = []

    public init() {}

    /// One speaker's reference speech to embed: consecutive frames owned by that speaker alone, or (pooled)
    /// all of a speaker's stretches together.
    public struct Stretch: Sendable {
        public var speaker: String
        public var frames: [Range<Int>]
        public var pooled: Bool
        public var frameCount: Int { frames.reduce(0) { $0 + $1.count } }
    }

    /// The reference stretches of a scene: every run of at least `minimumFrames` frames during which exactly
    /// one speaker talks, and, for each speaker whose speech is not already one such run, all of that speaker's
    /// single-speaker frames pooled (if at least `minimumFrames`). Speakers in label order, runs in time order.
    public static func referenceStretches(turns: [SpeechTurn], frameCount rows: Int, frameRate: Double,
                                          minimumFrames: Int) -> [Stretch] {
        let speakers = Array(Set(turns.map(\.speaker))).sorted()
        // Frame owner: speaker index, −1 nobody, −2 overlap.
        var owner = [Int](repeating: -1, count: rows)
        for t in turns {
            guard let s = speakers.firstIndex(of: t.speaker) else { continue }
            for i in t.segment.frames(rate: frameRate, frameCount: rows) { owner[i] = owner[i] == -1 || owner[i] == s ? s : -2 }
        }
        var runs: [(speaker: Int, range: Range<Int>)] = []
        var i = 0
        while i < rows {
            var j = i + 1
            while j < rows && owner[j] == owner[i] { j += 1 }
            if owner[i] >= 0 { runs.append((owner[i], i..<j)) }
            i = j
        }
        var out: [Stretch] = []
        for s in speakers.indices {
            let mine = runs.filter { $0.speaker == s }.map(\.range)
            let long = mine.filter { $0.count >= minimumFrames }
            out += long.map { Stretch(speaker: speakers[s], frames: [$0], pooled: false) }
            let total = mine.reduce(0) { $0 + $1.count }
            if long.count != 1, total >= minimumFrames { out.append(Stretch(speaker: speakers[s], frames: mine, pooled: true)) }
        }
        return out
    }

    /// Adds every pair among `items` (one scene's stretches: speaker label and embedding).
    public mutating func add(scene items: [(speaker: String, embedding: [Float])]) {
        for i in items.indices {
            for j in (i + 1)..<items.count {
                let s = Double(CAMPlusEmbedder.cosineSimilarity(items[i].embedding, items[j].embedding))
                pairs.append((s, items[i].speaker == items[j].speaker))
            }
        }
    }

    /// Equal error rate (fraction) and the threshold where misses (same-speaker pairs below it) equal
    /// false alarms (different-speaker pairs above it); nil without both kinds of pairs.
    public var equalErrorRate: (rate: Double, threshold: Double)? {
        let same = pairs.filter(\.same).map(\.score).sorted(), different = pairs.filter { !$0.same }.map(\.score).sorted()
        guard !same.isEmpty, !different.isEmpty else { return nil }
        var best = (gap: Double.infinity, rate: 1.0, threshold: 0.0)
        var below = 0, differentBelow = 0  // same / different pairs strictly below the candidate threshold
        for t in (same + different).sorted() {
            while below < same.count && same[below] < t { below += 1 }
            while differentBelow < different.count && different[differentBelow] < t { differentBelow += 1 }
            let miss = Double(below) / Double(same.count)
            let falseAlarm = Double(different.count - differentBelow) / Double(different.count)
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
