/// A dense row-major matrix stored in half precision (IEEE binary16), read back as Float.
///
/// Why it exists: the speaker embedding needs the 80 log mel energies of every 10 ms frame of a whole
/// film, kept until speech detection and segmentation have said which stretches to embed. In Float32
/// that is 115 MB per hour of film; in half precision 58 MB. Log mel energies lie within about ±20 and
/// need no more than binary16's 11 significant bits (rounding error ≤ 0.008 at |x| ≥ 8, far below the
/// frame-to-frame variation of speech).
public struct HalfPrecisionMatrix: Equatable, Sendable {
    /// Number of rows (frames).
    public private(set) var rows: Int
    /// Number of columns.
    public let cols: Int
    /// rows × cols values, row-major.
    public private(set) var data: [Float16]

    /// An empty matrix of `cols` columns.
    public init(cols: Int) {
        precondition(cols >= 1, "HalfPrecisionMatrix: no columns")
        self.rows = 0
        self.cols = cols
        self.data = []
    }

    /// Wraps `data` (rows × cols values, row-major).
    init(rows: Int, cols: Int, data: [Float16]) {
        precondition(rows >= 0 && cols >= 1 && data.count == rows * cols, "HalfPrecisionMatrix: data size does not match \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.data = data
    }

    /// Rounds every value of `matrix` to half precision.
    public init(_ matrix: FeatureMatrix) {
        self.init(cols: max(1, matrix.cols))
        matrix.data.withUnsafeBufferPointer { append(rows: matrix.rows, from: $0.baseAddress!) }
    }

    /// Reserves storage for `rows` rows in all.
    public mutating func reserveCapacity(_ rows: Int) { data.reserveCapacity(rows * cols) }

    /// Appends `count` rows of zeros.
    mutating func appendZeros(rows count: Int) {
        data.append(contentsOf: repeatElement(0, count: count * cols))
        rows += count
    }

    /// Appends `count` rows read from `source` (row-major, `cols` floats per row), rounded to nearest.
    public mutating func append(rows count: Int, from source: UnsafePointer<Float>) {
        guard count > 0 else { return }
        let first = rows
        appendZeros(rows: count)
        store(rows: first..<(first + count), from: source)
    }

    /// Overwrites rows `range` from `source` (row-major, `cols` floats per row).
    mutating func store(rows range: Range<Int>, from source: UnsafePointer<Float>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows)
        let cols = cols
        data.withUnsafeMutableBufferPointer { d in
            let base = d.baseAddress! + range.lowerBound * cols
            for i in 0..<(range.count * cols) { base[i] = Float16(source[i]) }
        }
    }

    /// Writes rows `range` as Float into `destination` (row-major, `cols` floats per row).
    public func copyRows(_ range: Range<Int>, to destination: UnsafeMutablePointer<Float>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "HalfPrecisionMatrix: rows \(range) outside 0..<\(rows)")
        data.withUnsafeBufferPointer { d in
            let base = d.baseAddress! + range.lowerBound * cols
            for i in 0..<(range.count * cols) { destination[i] = Float(base[i]) }
        }
    }

    /// Rows `range` as a Float matrix.
    public func rows(_ range: Range<Int>) -> FeatureMatrix {
        var out = [Float](repeating: 0, count: range.count * cols)
        out.withUnsafeMutableBufferPointer { copyRows(range, to: $0.baseAddress!) }
        return FeatureMatrix(rows: range.count, cols: cols, data: out)
    }

    /// Value at (row, col).
    public subscript(row: Int, col: Int) -> Float { Float(data[row * cols + col]) }
}
