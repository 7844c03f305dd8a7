/// A dense row-major matrix of Float features, one row per frame.
///
/// The common currency between the front end, normalisation, GMMs and clustering: flat storage so
/// C loops and file writers can use it without copying.
public struct FeatureMatrix: Equatable, Sendable {
    /// Number of rows (frames).
    public var rows: Int
    /// Number of columns (feature dimensions).
    public var cols: Int
    /// rows × cols values, row-major.
    public var data: [Float]

    /// Wraps `data` (must hold rows × cols values).
    public init(rows: Int, cols: Int, data: [Float]) {
        precondition(rows >= 0 && cols >= 0 && data.count == rows * cols, "FeatureMatrix: data size does not match \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.data = data
    }

    /// A rows × cols matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        self.init(rows: rows, cols: cols, data: [Float](repeating: value, count: rows * cols))
    }

    public subscript(row: Int, col: Int) -> Float {
        get { data[row * cols + col] }
        set { data[row * cols + col] = newValue }
    }

    /// Row `i` as a slice of `data` (indices row·cols ..< (row+1)·cols).
    public func row(_ i: Int) -> ArraySlice<Float> {
        data[(i * cols)..<((i + 1) * cols)]
    }

    /// Rows in `range`, as a new matrix.
    public func rows(_ range: Range<Int>) -> FeatureMatrix {
        FeatureMatrix(rows: range.count, cols: cols, data: Array(data[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }

    /// The given columns of every row, in the given order, as a new matrix.
    public func columns(_ indices: [Int]) -> FeatureMatrix {
        var out = [Float](repeating: 0, count: rows * indices.count)
        for r in 0..<rows {
            for (j, c) in indices.enumerated() { out[r * indices.count + j] = data[r * cols + c] }
        }
        return FeatureMatrix(rows: rows, cols: indices.count, data: out)
    }

    /// Matrices with the same number of rows side by side (columns of `self`, then of `other`).
    public func horizontallyConcatenated(with other: FeatureMatrix) -> FeatureMatrix {
        precondition(rows == other.rows, "FeatureMatrix: row counts differ (\(rows) vs \(other.rows))")
        let n = cols + other.cols
        var out = [Float](repeating: 0, count: rows * n)
        for r in 0..<rows {
            for c in 0..<cols { out[r * n + c] = data[r * cols + c] }
            for c in 0..<other.cols { out[r * n + cols + c] = other.data[r * other.cols + c] }
        }
        return FeatureMatrix(rows: rows, cols: n, data: out)
    }
}
