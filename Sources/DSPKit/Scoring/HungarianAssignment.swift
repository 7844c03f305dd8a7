/// Optimal one-to-one assignment (Kuhn–Munkres / Hungarian algorithm with potentials, O(n²m)):
/// the diarization error rate maps hypothesis speakers to reference speakers so that their shared
/// time is largest, and a greedy mapping can be worse.
public enum HungarianAssignment {
    /// Assigns rows to columns so that the total cost is smallest, each row and column used at most once.
    ///
    /// - Parameters:
    ///   - cost: row-major `rows × cols` costs (finite).
    /// - Returns: for each row the assigned column, or `nil` when there are more rows than columns and the
    ///   row is left out. Deterministic: ties are broken by the lowest index.
    public static func minimumCost(_ cost: [Double], rows: Int, cols: Int) -> [Int?] {
        precondition(cost.count == rows * cols, "cost must have rows × cols entries")
        if rows == 0 { return [] }
        if cols == 0 { return Array(repeating: nil, count: rows) }
        // The algorithm needs n <= m: transpose when there are more rows than columns.
        if rows > cols {
            var t = [Double](repeating: 0, count: rows * cols)
            for r in 0..<rows { for c in 0..<cols { t[c * rows + r] = cost[r * cols + c] } }
            let colToRow = minimumCost(t, rows: cols, cols: rows)
            var out = [Int?](repeating: nil, count: rows)
            for (c, r) in colToRow.enumerated() { if let r { out[r] = c } }
            return out
        }
        let n = rows, m = cols
        // 1-based arrays as in the classical formulation; p[j] = row matched to column j (0 = none).
        var u = [Double](repeating: 0, count: n + 1)
        var v = [Double](repeating: 0, count: m + 1)
        var p = [Int](repeating: 0, count: m + 1)
        var way = [Int](repeating: 0, count: m + 1)
        var minv = [Double](repeating: 0, count: m + 1)
        var used = [Bool](repeating: false, count: m + 1)
        for i in 1...n {
            p[0] = i
            var j0 = 0
            for j in 0...m { minv[j] = .infinity; used[j] = false }
            repeat {
                used[j0] = true
                let i0 = p[j0]
                var delta = Double.infinity
                var j1 = 0
                for j in 1...m where !used[j] {
                    let cur = cost[(i0 - 1) * m + (j - 1)] - u[i0] - v[j]
                    if cur < minv[j] { minv[j] = cur; way[j] = j0 }
                    if minv[j] < delta { delta = minv[j]; j1 = j }
                }
                for j in 0...m {
                    if used[j] { u[p[j]] += delta; v[j] -= delta } else { minv[j] -= delta }
                }
                j0 = j1
            } while p[j0] != 0
            repeat {
                let j1 = way[j0]
                p[j0] = p[j1]
                j0 = j1
            } while j0 != 0
        }
        var out = [Int?](repeating: nil, count: n)
        for j in 1...m where p[j] != 0 { out[p[j] - 1] = j - 1 }
        return out
    }

    /// Assigns rows to columns so that the total weight is largest (e.g. shared speaking time).
    public static func maximumWeight(_ weight: [Double], rows: Int, cols: Int) -> [Int?] {
        minimumCost(weight.map { -$0 }, rows: rows, cols: cols)
    }
}
