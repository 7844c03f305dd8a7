import CDSP
import Foundation

/// EM sufficient statistics of frames under a diagonal GMM (occupancies, first and second moments),
/// shared by EM training and MAP adaptation.
///
/// Frames are split into fixed chunks of `chunkFrames` whatever the thread count; each chunk is
/// accumulated in order in double precision and the chunks are summed in chunk order, so the result is
/// bit-identical for any number of threads.
public struct GMMStatistics: Sendable {
    /// Frames per chunk (fixed so that results do not depend on the thread count).
    public static let chunkFrames = 8192
    /// Frames scored per call into the C kernels inside a chunk (bounds scratch memory).
    static let blockFrames = 512

    public let components: Int
    public let dimension: Int
    /// Σ_t γ_k(t) (K).
    public var occupancy: [Double]
    /// Σ_t γ_k(t) x_t (K × D).
    public var first: [Double]
    /// Σ_t γ_k(t) x_t² (K × D); empty when not accumulated.
    public var second: [Double]
    /// Σ_t log p(x_t).
    public var logLikelihood: Double
    /// Number of frames accumulated.
    public var frames: Int

    init(components: Int, dimension: Int, withSecond: Bool) {
        self.components = components
        self.dimension = dimension
        occupancy = [Double](repeating: 0, count: components)
        first = [Double](repeating: 0, count: components * dimension)
        second = withSecond ? [Double](repeating: 0, count: components * dimension) : []
        logLikelihood = 0
        frames = 0
    }

    mutating func add(_ o: GMMStatistics) {
        for i in 0..<occupancy.count { occupancy[i] += o.occupancy[i] }
        for i in 0..<first.count { first[i] += o.first[i] }
        for i in 0..<second.count { second[i] += o.second[i] }
        logLikelihood += o.logLikelihood
        frames += o.frames
    }

    /// Accumulates the statistics of `rows` of `frames` (all by default) under `gmm`.
    /// - Parameters:
    ///   - withSecond: also accumulate second moments (needed for variances; not for MAP of means).
    ///   - minPosterior: posteriors at or below this are not accumulated (saves most of the work on
    ///     real data; 0 keeps every non-zero term). Default 1e-6.
    ///   - threads: worker threads (≥ 1); the result does not depend on it.
    public static func accumulate(_ frames: FeatureMatrix, under gmm: DiagonalGMM, rows: Range<Int>? = nil,
                                  withSecond: Bool = true, minPosterior: Float = 1e-6,
                                  threads: Int = 1) -> GMMStatistics {
        let r = rows ?? 0..<frames.rows
        precondition(frames.cols == gmm.dimension, "frames have \(frames.cols) columns, the GMM \(gmm.dimension)")
        precondition(r.lowerBound >= 0 && r.upperBound <= frames.rows, "row range outside the frames")
        let k = gmm.components, d = gmm.dimension
        let chunkCount = (r.count + chunkFrames - 1) / chunkFrames
        var total = GMMStatistics(components: k, dimension: d, withSecond: withSecond)
        if chunkCount == 0 { return total }
        let workers = max(1, min(threads, chunkCount))
        var results = [GMMStatistics?](repeating: nil, count: chunkCount)
        frames.data.withUnsafeBufferPointer { x in
            results.withUnsafeMutableBufferPointer { out in
                let base = x.baseAddress!
                let slots = out.baseAddress!
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var post = [Float](repeating: 0, count: blockFrames * k)
                    var ll = [Float](repeating: 0, count: blockFrames)
                    var c = w
                    while c < chunkCount {
                        let start = r.lowerBound + c * chunkFrames
                        let end = min(r.upperBound, start + chunkFrames)
                        var s = GMMStatistics(components: k, dimension: d, withSecond: withSecond)
                        var t = start
                        while t < end {
                            let n = min(blockFrames, end - t)
                            let px = base + t * d
                            gmm.withParams { p in cdsp_gmm_posteriors(p, px, n, &post, &ll) }
                            s.occupancy.withUnsafeMutableBufferPointer { occ in
                                s.first.withUnsafeMutableBufferPointer { f in
                                    s.second.withUnsafeMutableBufferPointer { sec in
                                        cdsp_gmm_accumulate(px, n, d, post, k, max(0, minPosterior), occ.baseAddress, f.baseAddress,
                                                            withSecond ? sec.baseAddress : nil)
                                    }
                                }
                            }
                            for i in 0..<n { s.logLikelihood += Double(ll[i]) }
                            t += n
                        }
                        s.frames = end - start
                        slots[c] = s
                        c += workers
                    }
                }
            }
        }
        for s in results { total.add(s!) }
        return total
    }
}
