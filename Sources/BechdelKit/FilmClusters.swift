import Foundation

/// Which kinds of films fail the Bechdel test systematically: films grouped by k-means on their standardised
/// model features, each group described by its size, its rating distribution and pass rate, and the features
/// that set it apart from the other films (with raw means, so that an analyst can read them).
///
/// Clustering space: each feature is standardised with its mean and standard deviation over the films where it
/// is known; missing values become 0 (the mean) after standardisation; constant features are dropped; values
/// are clipped to ±`clip`; optional missing-indicator columns (see `FilmClusterOptions.missingIndicators`)
/// and per-feature weights are applied. Ratings play no part in the clustering, only in the summaries.
public struct FilmClusters: Equatable, Sendable {
    /// How one feature sets a cluster apart.
    public struct Distinction: Equatable, Sendable {
        /// Feature name (`missing:<column>` for a missing-indicator group: its means are shares of films
        /// missing that group of columns).
        public var feature: String
        /// (mean in cluster − mean outside) / standard deviation over all films where known.
        public var standardizedDifference: Double
        /// Mean raw value over the cluster's films where the feature is known.
        public var meanInCluster: Double
        /// Mean raw value over the other films where the feature is known.
        public var meanOutside: Double
        /// Share of the cluster's films where the feature is known.
        public var knownInCluster: Double
        /// Share of the other films where the feature is known.
        public var knownOutside: Double
        /// True for a missing-indicator column (see `FilmClusters.missingGroups`).
        public var isMissingIndicator: Bool
    }

    /// One group of films.
    public struct Cluster: Equatable, Sendable {
        /// Cluster number (0 = largest).
        public var index: Int
        /// Number of films.
        public var size: Int
        /// Films with each Bechdel rating 0, 1, 2, 3 (films without a rating are not counted).
        public var ratingCounts: [Int]
        /// Films with a rating.
        public var labelled: Int
        /// Share of labelled films rated 3 (passes), nil when none is labelled.
        public var passRate: Double?
        /// Features that set the cluster apart most, by decreasing |standardised difference| (feature values
        /// only; missing-value indicators are in `missingDistinctions`).
        public var distinctions: [Distinction]
        /// Groups of columns missing more (or less) often in the cluster than elsewhere, same order and count.
        public var missingDistinctions: [Distinction]
        /// Row indices of the cluster's films, ascending.
        public var members: [Int]
        /// Up to five films closest to the cluster's centre (row indices, closest first): typical examples.
        public var representatives: [Int]

        /// Share of the labelled films with each rating (0 when none is labelled).
        public var ratingShares: [Double] {
            ratingCounts.map { labelled > 0 ? Double($0) / Double(labelled) : 0 }
        }
    }

    /// Clusters by decreasing size.
    public var clusters: [Cluster]
    /// Cluster of each film (row).
    public var assignments: [Int]
    /// Columns of the clustering space (features, then missing indicators), after dropping constants.
    public var clusteredFeatures: [String]
    /// Features dropped because they are constant, known for fewer than two films, or weighted 0.
    public var droppedFeatures: [String]
    /// 0/1 features left out because their rarer value is below `minimumMinorityShare`.
    public var rareFeatures: [String]
    /// Features behind each missing-indicator column (`missing:<first column>` → the columns missing together).
    public var missingGroups: [String: [String]]
    /// k-means inertia in the standardised space.
    public var inertia: Double
    /// Pass rate over all labelled films, nil when none is labelled.
    public var overallPassRate: Double?
    /// Options used.
    public var options: FilmClusterOptions

    /// Clusters `rows` films given as a row-major `rows × featureNames.count` matrix (NaN = missing) with their
    /// ratings (nil = unknown).
    public init(values: [Float], rows: Int, featureNames: [String], ratings: [Int?],
                options: FilmClusterOptions = .init()) throws {
        let m = featureNames.count
        guard values.count == rows * m else {
            throw ClusteringError.shapeMismatch("\(values.count) values for \(rows) films × \(m) features")
        }
        guard ratings.count == rows else {
            throw ClusteringError.shapeMismatch("\(ratings.count) ratings for \(rows) films")
        }
        guard options.kmeans.k >= 1, options.kmeans.k <= rows else {
            throw ClusteringError.invalidK(k: options.kmeans.k, rows: rows)
        }
        self.options = options

        // Raw columns (feature values, then missing indicators) described by mean/std over known values.
        struct Column {
            var name: String
            var source: Int          // feature index, or representative feature for an indicator
            var indicator: Bool
            var mean = 0.0
            var std = 0.0
            var weight = 1.0
        }
        func raw(_ col: Column, _ i: Int) -> Double? {
            let v = values[i * m + col.source]
            if col.indicator { return v.isNaN ? 1 : 0 }
            return v.isNaN ? nil : Double(v)
        }
        var columns: [Column] = []
        var dropped: [String] = []
        var rare: [String] = []
        var groups: [String: [String]] = [:]
        var missingCount = [Int](repeating: 0, count: m)
        for j in 0..<m {
            var n = 0, sum = 0.0, ones = 0, binary = true
            for i in 0..<rows {
                let v = values[i * m + j]
                if v.isNaN { missingCount[j] += 1 } else {
                    n += 1; sum += Double(v)
                    if v == 1 { ones += 1 } else if v != 0 { binary = false }
                }
            }
            var col = Column(name: featureNames[j], source: j, indicator: false)
            if n >= 2 {
                col.mean = sum / Double(n)
                var ss = 0.0
                for i in 0..<rows {
                    let v = values[i * m + j]
                    if !v.isNaN { let t = Double(v) - col.mean; ss += t * t }
                }
                col.std = (ss / Double(n)).squareRoot()
            }
            if n < 2 || !(col.std > 1e-12 * max(1, abs(col.mean))) { dropped.append(col.name); continue }
            if binary, Double(min(ones, n - ones)) < options.minimumMinorityShare * Double(n) {
                rare.append(col.name); continue
            }
            columns.append(col)
        }
        if options.missingIndicators {
            // Greedy grouping of columns by missing pattern: a column joins the first group whose
            // representative is missing on the same films for ≥ 95 % of rows.
            var representatives: [Int] = []
            var groupMembers: [Int: [String]] = [:]
            for j in 0..<m {
                let share = Double(missingCount[j]) / Double(max(1, rows))
                guard share >= 0.05, share <= 0.95 else { continue }
                var joined = false
                for r in representatives {
                    var disagree = 0
                    for i in 0..<rows where values[i * m + j].isNaN != values[i * m + r].isNaN { disagree += 1 }
                    if Double(disagree) <= 0.05 * Double(rows) {
                        joined = true
                        groupMembers[r, default: []].append(featureNames[j])
                        break
                    }
                }
                if !joined { representatives.append(j); groupMembers[j] = [featureNames[j]] }
            }
            for r in representatives { groups["missing:\(featureNames[r])"] = groupMembers[r] ?? [] }
            for r in representatives {
                let p = Double(missingCount[r]) / Double(rows)
                columns.append(Column(name: "missing:\(featureNames[r])", source: r, indicator: true,
                                      mean: p, std: (p * (1 - p)).squareRoot()))
            }
        }
        for c in columns.indices { columns[c].weight = options.featureWeights[columns[c].name] ?? 1 }
        columns.removeAll { col in
            if col.weight == 0 { dropped.append(col.name); return true }
            return false
        }
        guard !columns.isEmpty else { throw ClusteringError.noVaryingFeatures }

        // Standardised, imputed, clipped, weighted matrix.
        let d = columns.count
        var z = [Double](repeating: 0, count: rows * d)
        for (c, col) in columns.enumerated() {
            for i in 0..<rows {
                guard let v = raw(col, i) else { continue }
                var s = (v - col.mean) / col.std
                if options.clip > 0 { s = min(options.clip, max(-options.clip, s)) }
                z[i * d + c] = s * col.weight
            }
        }
        let model = try KMeans.fit(data: z, rows: rows, dimension: d, options: options.kmeans)
        assignments = model.assignments
        inertia = model.inertia
        clusteredFeatures = columns.map(\.name)
        droppedFeatures = dropped
        rareFeatures = rare
        missingGroups = groups

        // Summaries.
        let k = options.kmeans.k
        var members = [[Int]](repeating: [], count: k)
        for (i, c) in model.assignments.enumerated() { members[c].append(i) }
        var totalCounts = [Int](repeating: 0, count: 4)
        for r in ratings { if let r, (0...3).contains(r) { totalCounts[r] += 1 } }
        let totalLabelled = totalCounts.reduce(0, +)
        overallPassRate = totalLabelled > 0 ? Double(totalCounts[3]) / Double(totalLabelled) : nil

        // Per column: sum and count of known values over all films, to get "outside" by subtraction.
        var allSum = [Double](repeating: 0, count: d), allKnown = [Int](repeating: 0, count: d)
        for (c, col) in columns.enumerated() {
            for i in 0..<rows { if let v = raw(col, i) { allSum[c] += v; allKnown[c] += 1 } }
        }
        var result: [Cluster] = []
        for c in 0..<k {
            var counts = [Int](repeating: 0, count: 4)
            for i in members[c] { if let r = ratings[i], (0...3).contains(r) { counts[r] += 1 } }
            let labelled = counts.reduce(0, +)
            var distinctions: [Distinction] = []
            let inSize = members[c].count, outSize = rows - inSize
            for (j, col) in columns.enumerated() {
                var sum = 0.0, known = 0
                for i in members[c] { if let v = raw(col, i) { sum += v; known += 1 } }
                let outKnown = allKnown[j] - known
                guard known >= min(options.minimumKnown, max(1, (inSize + 1) / 2)),
                      outKnown >= min(options.minimumKnown, max(1, (outSize + 1) / 2)) else { continue }
                let meanIn = sum / Double(known), meanOut = (allSum[j] - sum) / Double(outKnown)
                distinctions.append(Distinction(
                    feature: col.name, standardizedDifference: (meanIn - meanOut) / col.std,
                    meanInCluster: meanIn, meanOutside: meanOut,
                    knownInCluster: Double(known) / Double(max(1, inSize)),
                    knownOutside: Double(outKnown) / Double(max(1, outSize)), isMissingIndicator: col.indicator))
            }
            distinctions.sort { a, b in
                let x = abs(a.standardizedDifference), y = abs(b.standardizedDifference)
                return x != y ? x > y : a.feature < b.feature
            }
            let near = members[c].map { i -> (Int, Double) in
                var dist = 0.0
                for j in 0..<d { let t = z[i * d + j] - model.centroids[c * d + j]; dist += t * t }
                return (i, dist)
            }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            result.append(Cluster(index: c, size: inSize, ratingCounts: counts, labelled: labelled,
                                  passRate: labelled > 0 ? Double(counts[3]) / Double(labelled) : nil,
                                  distinctions: Array(distinctions.filter { !$0.isMissingIndicator }
                                                         .prefix(max(0, options.distinguishingFeatures))),
                                  missingDistinctions: Array(distinctions.filter { $0.isMissingIndicator }
                                                                .prefix(max(0, options.distinguishingFeatures))),
                                  members: members[c], representatives: near.prefix(5).map(\.0)))
        }
        clusters = result
    }
}

extension FilmClusters {
    /// Clusters encoded films on the features of `schema` (the model's schema), with their ratings.
    public init(films: EncodedFilms, schema: FeatureSchema, options: FilmClusterOptions = .init()) throws {
        try self.init(values: films.values, rows: films.rows, featureNames: schema.featureNames,
                      ratings: films.ratings, options: options)
    }
}
