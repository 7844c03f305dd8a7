import Foundation

/// Trains the total-variability matrix of `IVectorExtractor` by expectation-maximisation over many
/// segments' Baum-Welch statistics (Kenny's EM for eigenvoices, as in Dehak et al. 2011), from a seeded
/// random start. Deterministic for a given seed, whatever the thread count: segments are processed in
/// fixed chunks whose accumulators are summed in chunk order.
public enum IVectorTrainer {
    /// Segments per accumulation chunk (fixed so the result does not depend on the thread count).
    static let chunkSize = 128
    /// Chunks whose accumulators are held at once (bounds memory to a few times K·R² doubles).
    static let chunksPerWave = 8

    /// Trains an extractor of rank `rank` on `segments` (statistics under `ubm`).
    public static func train(segments: [BaumWelchStatistics], ubm: DiagonalGMM, rank: Int, iterations: Int = 10,
                             seed: UInt64 = 1, threads: Int = 1, log: ((String) -> Void)? = nil) -> IVectorExtractor {
        precondition(!segments.isEmpty, "no training segments")
        let k = ubm.components, d = ubm.dimension, r = rank
        // Random start, N(0, 0.1²) per entry (Box-Muller on the seeded stream).
        var rng = SeededGenerator(seed: seed)
        var t = [Double](repeating: 0, count: k * d * r)
        for i in 0..<t.count {
            let u1 = max(rng.nextUnit(), 1e-300), u2 = rng.nextUnit()
            t[i] = 0.1 * (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        let placeholder = IVectorExtractor(ubm: ubm, rank: r, matrix: t)
        let whitened = ChunkedParallel.map(count: segments.count, chunkSize: 64, threads: threads, initial: [Double]()) {
            placeholder.whitenedFirstOrder(segments[$0])
        }
        var extractor = placeholder
        for iteration in 0..<iterations {
            var a = [Double](repeating: 0, count: k * r * r)   // Σ_u N_c(u)·E[wwᵀ]
            var c = [Double](repeating: 0, count: k * d * r)   // Σ_u f̃(u)·E[w]ᵀ
            var objective = 0.0
            let chunkCount = (segments.count + chunkSize - 1) / chunkSize
            var wave = 0
            while wave < chunkCount {
                let chunks = wave..<min(chunkCount, wave + chunksPerWave)
                let current = extractor
                let partial = ChunkedParallel.map(count: chunks.count, chunkSize: 1, threads: threads,
                                                  initial: (a: [Double](), c: [Double](), objective: 0.0)) { index in
                    let chunk = chunks.lowerBound + index
                    var pa = [Double](repeating: 0, count: k * r * r), pc = [Double](repeating: 0, count: k * d * r)
                    var po = 0.0
                    for u in (chunk * chunkSize)..<min(segments.count, (chunk + 1) * chunkSize) {
                        let n = segments[u].occupancy, f = whitened[u]
                        let post = current.posterior(occupancy: n, whitened: f)
                        let w = post.mean
                        var expectation = SymmetricMatrix.inverse(factor: post.factor, n: r)
                        for i in 0..<r { for j in 0..<r { expectation[i * r + j] += w[i] * w[j] } }
                        for i in 0..<r { po += w[i] * w[i] }
                        expectation.withUnsafeBufferPointer { e in
                            pa.withUnsafeMutableBufferPointer { pa in
                                for comp in 0..<k where n[comp] > 1e-10 {
                                    let base = comp * r * r, occ = n[comp]
                                    for i in 0..<(r * r) { pa[base + i] += occ * e[i] }
                                }
                            }
                        }
                        pc.withUnsafeMutableBufferPointer { pc in
                            for row in 0..<(k * d) {
                                let v = f[row]
                                if v == 0 { continue }
                                let base = row * r
                                for i in 0..<r { pc[base + i] += v * w[i] }
                            }
                        }
                    }
                    return (pa, pc, po)
                }
                for p in partial {
                    for i in 0..<a.count { a[i] += p.a[i] }
                    for i in 0..<c.count { c[i] += p.c[i] }
                    objective += p.objective
                }
                wave = chunks.upperBound
            }
            // M-step: T̃_c = C_c·A_c⁻¹, row by row (A_c symmetric positive definite).
            var next = [Double](repeating: 0, count: k * d * r)
            for comp in 0..<k {
                var factor = Array(a[(comp * r * r)..<((comp + 1) * r * r)])
                for i in 0..<r { factor[i * r + i] += 1e-6 }
                guard SymmetricMatrix.choleskyFactor(&factor, n: r) else {
                    for row in 0..<d { for i in 0..<r { next[(comp * d + row) * r + i] = extractor.matrix[(comp * d + row) * r + i] } }
                    continue
                }
                for row in 0..<d {
                    let base = (comp * d + row) * r
                    let solved = SymmetricMatrix.solve(factor: factor, n: r, Array(c[base..<(base + r)]))
                    for i in 0..<r { next[base + i] = solved[i] }
                }
            }
            extractor = IVectorExtractor(ubm: ubm, rank: r, matrix: next)
            log?("i-vector EM iteration \(iteration + 1)/\(iterations): mean |w|² \(String(format: "%.3f", objective / Double(segments.count)))")
        }
        return extractor
    }
}
