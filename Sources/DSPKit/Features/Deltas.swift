/// Time derivatives of features by linear regression over ±`window` frames (HTK/Kaldi formula):
/// d_t = Σ_{n=1..N} n·(c_{t+n} − c_{t−n}) / (2·Σ n²), with the first and last rows repeated at the edges.
///
/// Speech/non-speech and speaker models use MFCC dynamics; apply twice for acceleration (delta-delta).
/// Returns a matrix of the same shape; `window` ≤ 0 gives zeros.
public func deltas(_ m: FeatureMatrix, window: Int = 2) -> FeatureMatrix {
    var out = FeatureMatrix(rows: m.rows, cols: m.cols)
    guard window > 0, m.rows > 0, m.cols > 0 else { return out }
    var denominator: Float = 0
    for n in 1...window { denominator += Float(2 * n * n) }
    let scale = 1 / denominator
    let rows = m.rows, cols = m.cols
    m.data.withUnsafeBufferPointer { src in
        out.data.withUnsafeMutableBufferPointer { dst in
            for t in 0..<rows {
                let o = dst.baseAddress! + t * cols
                for n in 1...window {
                    let ahead = src.baseAddress! + min(rows - 1, t + n) * cols
                    let behind = src.baseAddress! + max(0, t - n) * cols
                    let w = Float(n)
                    for c in 0..<cols { o[c] += w * (ahead[c] - behind[c]) }
                }
                for c in 0..<cols { o[c] *= scale }
            }
        }
    }
    return out
}
