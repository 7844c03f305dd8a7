/// How the feature schema is learned from a training table: which columns are never features, how
/// column kinds are decided, and how large the category and list vocabularies may grow.
public struct FeatureOptions: Equatable, Sendable {
    /// Columns never used as features: identifiers, titles, the raw release date (year, month and weekday
    /// columns carry it) and the label. Default: imdb_id, title, rating, tmdb_id, tmdb_title,
    /// tmdb_original_title, tmdb_release_date.
    public var excludedColumns: [String] = ["imdb_id", "title", "rating", "tmdb_id", "tmdb_title",
                                            "tmdb_original_title", "tmdb_release_date"]
    /// Column holding the film identifier copied to predictions. Default `imdb_id`.
    public var idColumn: String = "imdb_id"
    /// Column holding the label (bechdeltest.com rating 0–3). Default `rating`.
    public var labelColumn: String = "rating"
    /// Fraction (0–1) of a column's non-empty training cells that must parse as numbers for the column to be
    /// numeric; the others then become errors (strict) or missing (lenient). Default 0.95.
    public var numericFraction: Double = 0.95
    /// A non-numeric column without `|` is free text (length and word-cue features) when its distinct values
    /// exceed this fraction of its non-empty cells. Default 0.5.
    public var textDistinctFraction: Double = 0.5
    /// …or when its mean length exceeds this many characters. Default 40 characters.
    public var textMinMeanLength: Double = 40
    /// A category or list item enters the vocabulary only if at least this many training rows have it.
    /// Default 30 rows.
    public var minItemCount: Int = 30
    /// Largest vocabulary kept for one categorical column (most frequent first). Default 25 values.
    public var maxCategories: Int = 25
    /// Largest vocabulary kept for one `|`-list column (most frequent first). Default 40 items.
    public var maxListItems: Int = 40
    /// Derived share features `a / (a + b)` over pairs of numeric columns (skipped when a column is absent
    /// or not numeric in the training table). Default: women's share of cast, directors and writers from
    /// IMDb first names, of faces and face area on the poster.
    public var sharePairs: [SharePair] = [
        SharePair(numerator: "imdbname_directors_female", other: "imdbname_directors_male"),
        SharePair(numerator: "imdbname_writers_female", other: "imdbname_writers_male"),
        SharePair(numerator: "poster_n_women", other: "poster_n_men"),
        SharePair(numerator: "poster_area_women", other: "poster_area_men"),
        SharePair(numerator: "tmdb2023_n_female_crew", other: "tmdb2023_n_male_crew"),
        SharePair(numerator: "credits_n_female_writers", other: "credits_n_writers"),
    ]

    public init() {}
}

/// Two numeric columns whose share `numerator / (numerator + other)` is a derived feature.
public struct SharePair: Equatable, Sendable {
    public var numerator: String
    public var other: String
    public init(numerator: String, other: String) {
        self.numerator = numerator
        self.other = other
    }
}
