import Foundation

/// Dense symmetric-matrix routines (row-major `[Double]`, n × n) needed by the speaker embedding:
/// Cholesky factorisation and solves, the inverse of a positive-definite matrix, and the eigen-decomposition
/// of a small symmetric matrix (cyclic Jacobi). Sizes are the embedding rank (≤ a few hundred), so plain
/// loops are enough; nothing here is in a per-frame path.
public enum SymmetricMatrix {
    /// Overwrites the lower triangle of `a` with L such that A = L·Lᵀ (upper triangle zeroed).
    /// Returns false if `a` is not positive definite.
    @discardableResult
    public static func choleskyFactor(_ a: inout [Double], n: Int) -> Bool {
        precondition(a.count == n * n, "matrix is not \(n)×\(n)")
        return a.withUnsafeMutableBufferPointer { m -> Bool in
            for j in 0..<n {
                var diagonal = m[j * n + j]
                for k in 0..<j { diagonal -= m[j * n + k] * m[j * n + k] }
                guard diagonal > 0, diagonal.isFinite else { return false }
                let ljj = diagonal.squareRoot()
                m[j * n + j] = ljj
                for i in (j + 1)..<max(j + 1, n) {
                    var s = m[i * n + j]
                    for k in 0..<j { s -= m[i * n + k] * m[j * n + k] }
                    m[i * n + j] = s / ljj
                }
                for k in (j + 1)..<max(j + 1, n) { m[j * n + k] = 0 }
            }
            return true
        }
    }

    /// Solves L·y = b in place (L lower triangular, from `choleskyFactor`).
    public static func solveLower(_ l: [Double], n: Int, _ b: inout [Double]) {
        for i in 0..<n {
            var s = b[i]
            for k in 0..<i { s -= l[i * n + k] * b[k] }
            b[i] = s / l[i * n + i]
        }
    }

    /// Solves Lᵀ·x = y in place (L lower triangular).
    public static func solveUpper(_ l: [Double], n: Int, _ y: inout [Double]) {
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<max(i + 1, n) { s -= l[k * n + i] * y[k] }
            y[i] = s / l[i * n + i]
        }
    }

    /// Solves A·x = b given A's Cholesky factor L.
    public static func solve(factor l: [Double], n: Int, _ b: [Double]) -> [Double] {
        var x = b
        solveLower(l, n: n, &x)
        solveUpper(l, n: n, &x)
        return x
    }

    /// A⁻¹ given A's Cholesky factor L (symmetric, full storage).
    public static func inverse(factor l: [Double], n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        var e = [Double](repeating: 0, count: n)
        for j in 0..<n {
            for i in 0..<n { e[i] = i == j ? 1 : 0 }
            let column = solve(factor: l, n: n, e)
            for i in 0..<n { out[i * n + j] = column[i] }
        }
        // Exact symmetry (the two triangles are computed by different column solves).
        for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { let v = 0.5 * (out[i * n + j] + out[j * n + i]); out[i * n + j] = v; out[j * n + i] = v } }
        return out
    }

    /// Eigenvalues (descending) and eigenvectors (column k of the row-major n × n result belongs to value k)
    /// of the symmetric matrix `a`, by cyclic Jacobi rotations until the off-diagonal mass is negligible.
    public static func eigen(_ a: [Double], n: Int, maximumSweeps: Int = 100) -> (values: [Double], vectors: [Double]) {
        precondition(a.count == n * n, "matrix is not \(n)×\(n)")
        var m = a
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        var scale = 0.0
        for x in m { scale += x * x }
        let tolerance = 1e-22 * max(scale, 1e-300)
        for _ in 0..<maximumSweeps {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where j != i { off += m[i * n + j] * m[i * n + j] } }
            if off <= tolerance { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = m[p * n + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (m[q * n + q] - m[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {  // rows p and q: M ← Jᵀ M
                        let mp = m[p * n + k], mq = m[q * n + k]
                        m[p * n + k] = c * mp - s * mq
                        m[q * n + k] = s * mp + c * mq
                    }
                    for k in 0..<n {  // columns p and q: M ← M J; V ← V J
                        let mp = m[k * n + p], mq = m[k * n + q]
                        m[k * n + p] = c * mp - s * mq
                        m[k * n + q] = s * mp + c * mq
                        let vp = v[k * n + p], vq = v[k * n + q]
                        v[k * n + p] = c * vp - s * vq
                        v[k * n + q] = s * vp + c * vq
                    }
                }
            }
        }
        let order = (0..<n).sorted { m[$0 * n + $0] != m[$1 * n + $1] ? m[$0 * n + $0] > m[$1 * n + $1] : $0 < $1 }
        var vectors = [Double](repeating: 0, count: n * n)
        for (k, j) in order.enumerated() { for i in 0..<n { vectors[i * n + k] = v[i * n + j] } }
        return (order.map { m[$0 * n + $0] }, vectors)
    }
}
