/// Agglomerative clustering driven by a pairwise score, the loop shared by the cross-likelihood and the
/// speaker-embedding passes: merge the highest-scoring pair of groups while its score is above a threshold,
/// then rescore the merged group against the others. Ties go to the lowest indices, so the result never
/// depends on the thread count of the scoring callbacks.
enum GreedyPairMerging {
    /// - Parameters:
    ///   - count: number of initial groups.
    ///   - scores: n × n row-major, only the upper triangle (i < j) is read.
    ///   - merge: called with (kept, absorbed) group indices before rescoring.
    ///   - rescore: scores of the merged group `a` against each of `others` (in that order).
    /// - Returns: for every initial group, the index of the group it ends in.
    static func merge(count n: Int, scores initial: [Double], threshold: Double,
                      merge: (_ a: Int, _ b: Int) -> Void, rescore: (_ a: Int, _ others: [Int]) -> [Double]) -> [Int] {
        precondition(initial.count == n * n, "scores must be n × n")
        var scores = initial
        var active = [Bool](repeating: true, count: n)
        var mapping = Array(0..<n)
        while true {
            var best = (value: -Double.infinity, i: -1, j: -1)
            for i in 0..<n where active[i] {
                for j in (i + 1)..<n where active[j] && scores[i * n + j] > best.value { best = (scores[i * n + j], i, j) }
            }
            guard best.i >= 0, best.value > threshold else { break }
            let (a, b) = (best.i, best.j)
            merge(a, b)
            active[b] = false
            for m in 0..<n where mapping[m] == b { mapping[m] = a }
            let others = (0..<n).filter { active[$0] && $0 != a }
            let row = rescore(a, others)
            for (t, o) in others.enumerated() {
                if o < a { scores[o * n + a] = row[t] } else { scores[a * n + o] = row[t] }
            }
        }
        return mapping
    }
}
