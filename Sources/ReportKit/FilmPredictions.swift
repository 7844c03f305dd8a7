import BechdelKit
import Foundation

/// The tabular side of a report (`bechdelcli report --films`): for every film of a metadata table, the
/// predictor's rating, class probabilities and largest TreeSHAP contributions, and the table's film clusters
/// with their pass rates. Films of a results store find their row by `film_id` or `imdb_id`.
public struct FilmPredictions: Sendable {
    /// One film (row) of the metadata table.
    public struct Film: Sendable {
        public var row: Int
        /// The schema's id column (e.g. imdb_id), else "row N".
        public var id: String
        public var title: String?
        /// P(rating = 0…3).
        public var probabilities: [Double]
        public var rating: Int
        public var pPass: Double
        /// TreeSHAP: bias + Σ contributions = raw score of rating 3.
        public var bias: Double
        public var rawScore: Double
        var top: [WaterfallChart.Contribution]
        /// Sum of the contributions not in `top`.
        var others: Double
        public var cluster: Int?
    }

    public var films: [Film]
    /// The clusters of the table's films (nil when the table has too few films; `clusterProblem` says why).
    public var clusters: FilmClusters?
    public var clusterProblem: String?
    /// Name of the metadata table, for the page.
    public var source: String
    private var index: [String: Int]

    /// Columns whose values identify a film in a metadata table, in order of preference.
    public static let identifierColumns = ["film_id", "imdb_id"]

    /// Predicts and explains every film of `films` (encoded from `table` by `model.schema`) and clusters them
    /// (`clusterCount` clusters at most, fewer when the table is small).
    public init(model: BechdelModel, table: FilmTable, films encoded: EncodedFilms, source: String,
                topContributions: Int = 6, clusterCount: Int = 6, threads: Int = 1) throws {
        self.source = source
        let probabilities = model.predict(encoded)
        let shap = try TreeSHAP(model: model)
        let explained = shap.explain(encoded, threads: threads)
        let names = model.schema.featureNames
        var clusters: FilmClusters?
        do {
            let k = min(clusterCount, encoded.rows)
            clusters = try FilmClusters(values: encoded.values, rows: encoded.rows, featureNames: names,
                                        ratings: encoded.ratings,
                                        options: FilmClusterOptions(kmeans: KMeansOptions(k: k, restarts: 8, seed: 1)))
        } catch {
            clusterProblem = String(describing: error)
        }
        self.clusters = clusters
        let titleColumn = table.columnIndex("title")
        var films: [Film] = []
        for i in 0..<encoded.rows {
            let p = probabilities[i].map(Double.init)
            let row = explained.row(i)
            let topIndices = explained.topFeatures(row: i, count: topContributions)
            let top = topIndices.map { j -> WaterfallChart.Contribution in
                let v = encoded.values[i * encoded.cols + j]
                return .init(feature: names[j], value: v.isNaN ? "missing" : FilmPredictions.valueText(v),
                             amount: Double(row[row.startIndex + j]))
            }
            let total = row.reduce(0.0) { $0 + Double($1) }
            let shown = top.reduce(0.0) { $0 + $1.amount }
            let title = titleColumn.flatMap { c in c < table.rows[i].count ? table.rows[i][c] : nil }
            films.append(Film(row: i, id: encoded.ids[i] ?? "row \(FilmTable.rowNumber(i))",
                              title: title?.isEmpty == false ? title : nil, probabilities: p,
                              rating: p.indices.max { p[$0] < p[$1] } ?? 0, pPass: p[TreeSHAP.passClass],
                              bias: explained.bias, rawScore: explained.rawScores[i], top: top, others: total - shown,
                              cluster: clusters?.assignments[i]))
        }
        self.films = films
        var index: [String: Int] = [:]
        for column in Self.identifierColumns {
            guard let c = table.columnIndex(column) else { continue }
            for (i, cells) in table.rows.enumerated() where c < cells.count {
                let key = cells[c].trimmingCharacters(in: .whitespaces)
                if !key.isEmpty && index[key] == nil { index[key] = i }
            }
        }
        self.index = index
    }

    /// The row of a store's film: by its imdb_id, else its film_id, matched against the table's `film_id` and
    /// `imdb_id` columns.
    public func film(filmID: String, imdbID: String?) -> Film? {
        for key in [imdbID, filmID].compactMap({ $0 }) where !key.isEmpty {
            if let i = index[key] { return films[i] }
        }
        return nil
    }

    /// A feature value as the page shows it: integers without decimals, others with up to 3 significant decimals.
    static func valueText(_ v: Float) -> String {
        let d = Double(v)
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        return ReportFormat.number(d, abs(d) >= 100 ? 1 : 3)
    }
}
