/// Films turned into a dense numeric matrix by a `FeatureSchema`: what the trees read. Kept separate from
/// the CSV so that training, prediction, explanations and clusters all see exactly the same numbers.
public struct EncodedFilms: Equatable, Sendable {
    /// Number of films.
    public var rows: Int
    /// Number of features (the schema's `featureNames.count`).
    public var cols: Int
    /// Row-major feature values, `rows × cols`; NaN = missing.
    public var values: [Float]
    /// Film identifiers (the schema's id column) when present.
    public var ids: [String?]
    /// Labels (rating 0–3) when the table has a rating column and the cell is filled.
    public var ratings: [Int?]
    /// Number of cells that lenient encoding turned into missing values because they did not parse.
    public var warningCount: Int
    /// The first such problem, as a one-line message (row and column), for the user.
    public var firstWarning: String?

    public init(rows: Int, cols: Int, values: [Float], ids: [String?], ratings: [Int?],
                warningCount: Int = 0, firstWarning: String? = nil) {
        precondition(values.count == rows * cols && ids.count == rows && ratings.count == rows)
        self.rows = rows
        self.cols = cols
        self.values = values
        self.ids = ids
        self.ratings = ratings
        self.warningCount = warningCount
        self.firstWarning = firstWarning
    }

    /// Feature values of one film.
    public func row(_ i: Int) -> ArraySlice<Float> { values[(i * cols)..<((i + 1) * cols)] }

    /// The subset of films at `indices`, in that order.
    public func subset(_ indices: [Int]) -> EncodedFilms {
        var v = [Float]()
        v.reserveCapacity(indices.count * cols)
        for i in indices { v.append(contentsOf: row(i)) }
        return EncodedFilms(rows: indices.count, cols: cols, values: v, ids: indices.map { ids[$0] },
                            ratings: indices.map { ratings[$0] })
    }
}
