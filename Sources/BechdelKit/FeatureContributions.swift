/// Per-row TreeSHAP output for one class, kept row-major so that a whole catalogue can be explained at once
/// and then ranked, summarised (`GlobalImportance`) or printed.
public struct FeatureContributions: Equatable, Sendable {
    /// Number of explained rows.
    public var rows: Int
    /// Number of features (contributions per row).
    public var featureCount: Int
    /// The class whose raw score is explained.
    public var classIndex: Int
    /// Expected raw score of the class (the same for every row).
    public var bias: Double
    /// `rows × featureCount` contributions in raw-score units, row-major.
    public var contributions: [Float]
    /// Raw score of the class for each row: `bias + Σ contributions` up to rounding.
    public var rawScores: [Double]

    public init(rows: Int, featureCount: Int, classIndex: Int, bias: Double, contributions: [Float],
                rawScores: [Double]) {
        self.rows = rows
        self.featureCount = featureCount
        self.classIndex = classIndex
        self.bias = bias
        self.contributions = contributions
        self.rawScores = rawScores
    }

    /// The contributions of row `i`.
    public func row(_ i: Int) -> ArraySlice<Float> {
        contributions[(i * featureCount)..<((i + 1) * featureCount)]
    }

    /// Indices of the `count` features of row `i` with the largest |contribution|, largest first
    /// (ties broken by feature index so the order is deterministic); features contributing exactly 0 are left out.
    public func topFeatures(row i: Int, count: Int) -> [Int] {
        let r = row(i)
        let base = r.startIndex
        let ranked = (0..<featureCount).filter { r[base + $0] != 0 }.sorted { a, b in
            let x = abs(r[base + a]), y = abs(r[base + b])
            return x != y ? x > y : a < b
        }
        return Array(ranked.prefix(max(0, count)))
    }
}
