/// The stretches of speech the speaker embedding sees: speaker-change segments, long ones cut into equal
/// pieces, and (for very long films) adjacent pieces joined so clustering stays within its memory bound.
///
/// Why pieces and not uniform windows: an embedding of a few seconds of one voice separates speakers far
/// better than one of a 1.5 s window (EVALUATION.md), and a segment between two detected speaker changes
/// is the longest stretch that is likely to hold one voice only.
public enum SpeechPieces {
    /// `segments` with every segment longer than `maximumFrames` cut into the fewest equal pieces that fit.
    public static func split(_ segments: [Range<Int>], maximumFrames: Int) -> [Range<Int>] {
        precondition(maximumFrames >= 1)
        var out: [Range<Int>] = []
        out.reserveCapacity(segments.count)
        for s in segments where !s.isEmpty {
            let n = (s.count + maximumFrames - 1) / maximumFrames
            for k in 0..<n {
                out.append((s.lowerBound + k * s.count / n)..<(s.lowerBound + (k + 1) * s.count / n))
            }
        }
        return out
    }

    /// `v` scaled to unit length (all zeros stay zeros).
    public static func unit(_ v: [Float]) -> [Float] {
        var s: Float = 0
        for x in v { s += x * x }
        guard s > 0 else { return v }
        let inv = 1 / s.squareRoot()
        return v.map { $0 * inv }
    }

    /// At most `maximum` pieces: while there are more, the adjacent pairs (contiguous in time) with the most
    /// similar unit embeddings are joined, the joined embedding being the length-weighted mean direction.
    /// Pieces must be in time order; the result is too. Deterministic (ties go to the earlier pair).
    public static func capped(pieces: [Range<Int>], embeddings: [[Float]], maximum: Int) -> ([Range<Int>], [[Float]]) {
        precondition(pieces.count == embeddings.count && maximum >= 1)
        var pieces = pieces, embeddings = embeddings
        while pieces.count > maximum {
            // Candidate pairs (i, i+1) touching in time, most similar first.
            var pairs: [(i: Int, similarity: Float)] = []
            for i in 0..<(pieces.count - 1) where pieces[i].upperBound == pieces[i + 1].lowerBound {
                var s: Float = 0
                for k in 0..<embeddings[i].count { s += embeddings[i][k] * embeddings[i + 1][k] }
                pairs.append((i, s))
            }
            guard !pairs.isEmpty else { break }  // nothing left to join: more regions than the cap
            pairs.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.i < $1.i }
            var join = [Bool](repeating: false, count: pieces.count)
            var taken = [Bool](repeating: false, count: pieces.count)
            var excess = pieces.count - maximum
            for p in pairs where excess > 0 && !taken[p.i] && !taken[p.i + 1] {
                join[p.i] = true
                taken[p.i] = true; taken[p.i + 1] = true
                excess -= 1
            }
            var newPieces: [Range<Int>] = [], newEmbeddings: [[Float]] = []
            var i = 0
            while i < pieces.count {
                if join[i] {
                    let a = pieces[i], b = pieces[i + 1]
                    let mixed = (0..<embeddings[i].count).map {
                        Float(a.count) * embeddings[i][$0] + Float(b.count) * embeddings[i + 1][$0]
                    }
                    newPieces.append(a.lowerBound..<b.upperBound)
                    newEmbeddings.append(unit(mixed))
                    i += 2
                } else {
                    newPieces.append(pieces[i])
                    newEmbeddings.append(embeddings[i])
                    i += 1
                }
            }
            pieces = newPieces
            embeddings = newEmbeddings
        }
        return (pieces, embeddings)
    }
}
