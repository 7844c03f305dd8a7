/// Quantile bins per feature, learned from training values: trees search splits over at most `maxBins`
/// bin boundaries per feature instead of every distinct value, which makes histogram-based split search
/// cheap. Bin 0 holds missing values; value bin b (1…) holds values `x <= upperBounds[b − 1]` above the
/// previous bound. Boundaries are midpoints between neighbouring distinct training values, and a split
/// after bin b becomes the float threshold `upperBounds[b − 1]`, so `x <= threshold` at prediction agrees
/// with the bins seen in training.
public struct HistogramBinning: Sendable {
    /// Per feature, increasing upper bounds of the value bins; the last is +infinity.
    public let upperBounds: [[Float]]

    /// Learns bins from row-major values (`rows × cols`, NaN = missing).
    public init(values: [Float], rows: Int, cols: Int, maxBins: Int) {
        precondition((2...255).contains(maxBins))
        var bounds: [[Float]] = []
        bounds.reserveCapacity(cols)
        var column = [Float]()
        column.reserveCapacity(rows)
        for f in 0..<cols {
            column.removeAll(keepingCapacity: true)
            for r in 0..<rows {
                let x = values[r * cols + f]
                if !x.isNaN { column.append(x) }
            }
            column.sort()
            bounds.append(Self.bounds(sorted: column, maxBins: maxBins))
        }
        upperBounds = bounds
    }

    /// Bin bounds of one feature from its sorted non-missing values.
    static func bounds(sorted: [Float], maxBins: Int) -> [Float] {
        var distinct: [Float] = []
        var counts: [Int] = []
        for x in sorted {
            if let last = distinct.last, last == x { counts[counts.count - 1] += 1 } else { distinct.append(x); counts.append(1) }
        }
        var result: [Float] = []
        if distinct.count > 1 {
            let total = Double(sorted.count)
            var cumulative = 0
            for j in 0..<(distinct.count - 1) {
                cumulative += counts[j]
                let close: Bool
                if distinct.count <= maxBins {
                    close = true
                } else {
                    close = result.count < maxBins - 1
                        && Double(cumulative) >= Double(result.count + 1) * total / Double(maxBins)
                }
                if close { result.append(midpoint(distinct[j], distinct[j + 1])) }
            }
        }
        result.append(.infinity)
        return result
    }

    /// A float m with a <= m < b.
    static func midpoint(_ a: Float, _ b: Float) -> Float {
        let m = Float((Double(a) + Double(b)) / 2)
        return m < b ? m : a
    }

    /// Number of features.
    public var featureCount: Int { upperBounds.count }

    /// Number of bins of feature f including the missing bin.
    public func binCount(_ f: Int) -> Int { upperBounds[f].count + 1 }

    /// Bin of one value of feature f.
    @inline(__always)
    public func bin(_ x: Float, feature f: Int) -> UInt8 {
        if x.isNaN { return 0 }
        let b = upperBounds[f]
        var lo = 0, hi = b.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if x <= b[mid] { hi = mid } else { lo = mid + 1 }
        }
        return UInt8(lo + 1)
    }

    /// Column-major bins (`cols × rows`) of row-major values.
    public func binned(values: [Float], rows: Int, cols: Int) -> [UInt8] {
        precondition(cols == featureCount)
        var out = [UInt8](repeating: 0, count: rows * cols)
        for f in 0..<cols {
            for r in 0..<rows { out[f * rows + r] = bin(values[r * cols + f], feature: f) }
        }
        return out
    }

    /// The float threshold of a split that sends bins 1…b left.
    public func threshold(feature f: Int, bin b: Int) -> Float { upperBounds[f][b - 1] }
}
