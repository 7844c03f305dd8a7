/// Options of `FilmClusters`: how encoded features are turned into a clustering space, and the k-means run.
public struct FilmClusterOptions: Equatable, Sendable {
    /// k-means settings (k = 6 clusters, 8 restarts, seed 1 by default).
    public var kmeans: KMeansOptions = .init()
    /// Add one 0/1 "missing" column per group of columns that are missing together (same rows, ≥ 95 %
    /// agreement), for columns missing on between 5 % and 95 % of the films. In the film table whole sources
    /// are absent at once (credits, TMDB, posters), and which sources know a film says what kind of film it is
    /// (older, smaller, non-US); one column per group keeps that signal without letting 40 columns of one source
    /// outvote the rest. Default true.
    public var missingIndicators: Bool = true
    /// Standardised values are clipped to ±clip (0 = no clipping), so that one extreme budget or one rare
    /// category (a 1 % one-hot column standardises to ≈ 10) cannot make a cluster by itself. Default 4.
    public var clip: Double = 4
    /// Multiplier of each standardised column, by feature name (missing-indicator columns are named
    /// `missing:<first column of the group>`); 0 removes a feature. Unlisted features weigh 1.
    public var featureWeights: [String: Double] = [:]
    /// 0/1 columns (category and list-item indicators) whose rarer value covers less than this share of the
    /// films where they are known are left out of the clustering space: hundreds of rare indicators would
    /// otherwise add mostly noise to the distances. Default 0.05.
    public var minimumMinorityShare: Double = 0.05
    /// Number of distinguishing features reported per cluster. Default 6.
    public var distinguishingFeatures: Int = 6
    /// A feature is only reported as distinguishing when it is known for at least this many films inside and
    /// outside the cluster (means over fewer films are noise), or for half of them when a side has fewer than
    /// twice as many films. Default 10 films.
    public var minimumKnown: Int = 10

    public init(kmeans: KMeansOptions = .init(), missingIndicators: Bool = true, clip: Double = 4,
                featureWeights: [String: Double] = [:], minimumMinorityShare: Double = 0.05,
                distinguishingFeatures: Int = 6, minimumKnown: Int = 10) {
        self.kmeans = kmeans
        self.missingIndicators = missingIndicators
        self.clip = clip
        self.featureWeights = featureWeights
        self.minimumMinorityShare = minimumMinorityShare
        self.distinguishingFeatures = distinguishingFeatures
        self.minimumKnown = minimumKnown
    }
}
