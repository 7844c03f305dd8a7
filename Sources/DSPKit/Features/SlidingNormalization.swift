/// Short-term cepstral mean (and variance) normalisation over a sliding window of frames, centred on
/// each frame (Kaldi `apply-cmvn-sliding --center=true`): the window of `window` frames is shifted,
/// not shrunk, at the edges; files shorter than the window use all their frames.
///
/// Removes the recording channel (microphone, room, codec) from features where the task wants channel
/// independence (speech detection, sex), at the cost of some speaker information. Statistics are
/// accumulated in Double and recomputed from scratch at a fixed stride, so the result does not drift
/// on a 2-hour film and is deterministic. Variances are floored at 1e-10.
public func slidingNormalized(_ m: FeatureMatrix, window: Int = 300, normalizeVariance: Bool = true) -> FeatureMatrix {
    let rows = m.rows, cols = m.cols
    var out = FeatureMatrix(rows: rows, cols: cols)
    guard rows > 0, cols > 0 else { return out }
    let w = max(1, min(window, rows))
    var sum = [Double](repeating: 0, count: cols)
    var sumSq = [Double](repeating: 0, count: cols)
    var lo = 0, hi = 0   // current statistics cover rows [lo, hi)
    let refresh = 4096   // recompute sums exactly every `refresh` window moves
    var moves = 0

    m.data.withUnsafeBufferPointer { src in
        out.data.withUnsafeMutableBufferPointer { dst in
            let x = src.baseAddress!, y = dst.baseAddress!
            func add(_ r: Int, _ sign: Double) {
                let row = x + r * cols
                for c in 0..<cols {
                    let v = Double(row[c])
                    sum[c] += sign * v
                    sumSq[c] += sign * v * v
                }
            }
            for t in 0..<rows {
                var start = t - w / 2
                if start < 0 { start = 0 }
                if start + w > rows { start = rows - w }
                let end = start + w
                if moves >= refresh || start >= hi || end <= lo {
                    for c in 0..<cols { sum[c] = 0; sumSq[c] = 0 }
                    for r in start..<end { add(r, 1) }
                    moves = 0
                } else {
                    while lo < start { add(lo, -1); lo += 1; moves += 1 }
                    while hi < end { add(hi, 1); hi += 1 }
                }
                lo = start; hi = end
                let n = Double(w)
                let row = x + t * cols, o = y + t * cols
                for c in 0..<cols {
                    let mean = sum[c] / n
                    var v = Double(row[c]) - mean
                    if normalizeVariance {
                        let variance = max(1e-10, sumSq[c] / n - mean * mean)
                        v /= variance.squareRoot()
                    }
                    o[c] = Float(v)
                }
            }
        }
    }
    return out
}
