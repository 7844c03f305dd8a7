/// Gives overlapped speech its second speaker. Clustering labels every piece with one speaker, so where two
/// people talk at once the second is missing from the timeline (the largest error on meetings). Where the
/// segmentation network says two voices overlap, the heuristic of Bullock, Bredin & García-Perera (ICASSP
/// 2020) adds the nearest other speaker in time: in conversation the overlapping voice is almost always
/// the one who just spoke or speaks next.
public enum OverlapAssignment {
    /// Extra (frame range, speaker label) pairs on the features' 100 frames/s grid for the overlapped speech
    /// inside `pieces` (sorted in time, one label each). Overlap is where the network's overlap probability
    /// exceeds `threshold` for at least `minimumDuration` seconds.
    public static func secondSpeakers(scores: SegmentationScores, pieces: [Range<Int>], labels: [Int],
                                      threshold: Double, minimumDuration: Double, frameRate: Double) -> [(Range<Int>, Int)] {
        precondition(pieces.count == labels.count)
        guard !pieces.isEmpty, Set(labels).count > 1 else { return [] }
        let half = 0.5 * Double(scores.frameStep) / Double(scores.sampleRate)
        var extra: [(Range<Int>, Int)] = []
        var i = 0
        while i < scores.count {
            guard Double(scores.overlap[i]) > threshold else { i += 1; continue }
            var j = i
            while j < scores.count && Double(scores.overlap[j]) > threshold { j += 1 }
            let region = TimeSegment(start: scores.centre(i) - half, end: scores.centre(j - 1) + half)
            i = j
            guard region.duration >= minimumDuration else { continue }
            let frames = region.frames(rate: frameRate, frameCount: Int.max)
            for (k, piece) in pieces.enumerated() where piece.overlaps(frames) {
                let shared = max(piece.lowerBound, frames.lowerBound)..<min(piece.upperBound, frames.upperBound)
                if let other = nearestOtherSpeaker(to: k, pieces: pieces, labels: labels) { extra.append((shared, other)) }
            }
        }
        return extra
    }

    /// The label of the piece nearest in time to piece `k` whose speaker differs from piece `k`'s (the earlier
    /// one on a tie), or nil when every piece has `k`'s speaker.
    static func nearestOtherSpeaker(to k: Int, pieces: [Range<Int>], labels: [Int]) -> Int? {
        var before: (gap: Int, label: Int)? = nil, after: (gap: Int, label: Int)? = nil
        var b = k - 1
        while b >= 0 && labels[b] == labels[k] { b -= 1 }
        if b >= 0 { before = (max(0, pieces[k].lowerBound - pieces[b].upperBound), labels[b]) }
        var a = k + 1
        while a < pieces.count && labels[a] == labels[k] { a += 1 }
        if a < pieces.count { after = (max(0, pieces[a].lowerBound - pieces[k].upperBound), labels[a]) }
        switch (before, after) {
        case let (x?, y?): return x.gap <= y.gap ? x.label : y.label
        case let (x?, nil): return x.label
        case let (nil, y?): return y.label
        default: return nil
        }
    }
}
