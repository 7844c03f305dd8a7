/// Which features move the model's predictions most over a set of films: the mean |SHAP contribution| of each
/// feature (Lundberg et al. 2020), a consistent replacement for split counts or gain.
public struct GlobalImportance: Equatable, Sendable {
    /// One feature's importance.
    public struct Entry: Equatable, Sendable {
        /// Feature index in the schema.
        public var feature: Int
        /// Feature name.
        public var name: String
        /// Mean over rows of |contribution|, in raw-score units.
        public var meanAbsContribution: Double
        /// Mean over rows of the signed contribution (raw-score units): the feature's average push.
        public var meanContribution: Double
    }

    /// Features sorted by decreasing mean |contribution| (ties by feature index).
    public var entries: [Entry]
    /// Number of rows averaged over.
    public var rows: Int

    /// Averages `contributions` over its rows; `featureNames` must have one name per feature.
    public init(_ contributions: FeatureContributions, featureNames: [String]) {
        precondition(featureNames.count == contributions.featureCount)
        let m = contributions.featureCount
        var absSum = [Double](repeating: 0, count: m)
        var sum = [Double](repeating: 0, count: m)
        contributions.contributions.withUnsafeBufferPointer { c in
            for i in 0..<contributions.rows {
                let base = i * m
                for j in 0..<m {
                    let v = Double(c[base + j])
                    absSum[j] += abs(v)
                    sum[j] += v
                }
            }
        }
        let n = Double(max(1, contributions.rows))
        entries = (0..<m).map {
            Entry(feature: $0, name: featureNames[$0], meanAbsContribution: absSum[$0] / n,
                  meanContribution: sum[$0] / n)
        }.sorted { a, b in
            a.meanAbsContribution != b.meanAbsContribution ? a.meanAbsContribution > b.meanAbsContribution
                                                           : a.feature < b.feature
        }
        rows = contributions.rows
    }
}
