import Foundation

/// A trained Bechdel predictor: the feature schema learned from the training table, the boosted trees, and
/// the decision rule that turns probabilities into a predicted rating. Everything prediction needs is here,
/// and all of it is stored in one model file.
public struct BechdelModel: Equatable, Sendable {
    /// How CSV columns become features.
    public var schema: FeatureSchema
    /// The trees; probabilities are the softmax of their raw scores.
    public var ensemble: TreeEnsemble
    /// Decision rule: the predicted rating is `argmax_c classWeights[c] · p[c]`. All ones is the plain argmax;
    /// weights learned by cross-validation trade a little accuracy for better recall of rare ratings.
    public var classWeights: [Float]
    /// Free text recorded at training time (data, options, rounds), for provenance.
    public var notes: String

    public init(schema: FeatureSchema, ensemble: TreeEnsemble, classWeights: [Float]? = nil, notes: String = "") {
        self.schema = schema
        self.ensemble = ensemble
        self.classWeights = classWeights ?? [Float](repeating: 1, count: ensemble.classCount)
        self.notes = notes
    }

    /// Reads and validates a model file.
    public static func load(path: String) throws -> BechdelModel { try ModelFile.read(path: path) }

    /// The model shipped with bechdelcli, trained on the full shared table (see docs/MODEL_FORMAT.md).
    public static func shipped() throws -> BechdelModel {
        guard let url = Bundle.module.url(forResource: "bechdel", withExtension: "bdt", subdirectory: "Models") else {
            throw ModelFileError.missingShippedModel
        }
        return try ModelFile.read(path: url.path)
    }

    /// Writes the model file.
    public func write(to path: String) throws { try ModelFile.write(self, to: path) }

    /// Class probabilities (p0…p3) for every film.
    public func predict(_ films: EncodedFilms) -> [[Float]] {
        precondition(films.cols == schema.featureCount, "films encoded with another schema")
        let raw = CompiledForest(ensemble).rawScores(films.values, rows: films.rows, cols: films.cols)
        let k = ensemble.classCount
        return (0..<films.rows).map { TreeEnsemble.softmax(Array(raw[($0 * k)..<(($0 + 1) * k)])) }
    }

    /// Predicted rating of each row of probabilities under the decision rule.
    public func predictedRatings(_ probabilities: [[Float]]) -> [Int] {
        probabilities.map { DecisionRule.decide($0, weights: classWeights) }
    }
}
