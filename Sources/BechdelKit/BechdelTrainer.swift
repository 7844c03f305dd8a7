import Foundation

/// The training pipeline from a labelled film table to a `BechdelModel`: learn the schema, encode, learn the
/// decision weights from internal cross-validation, and fit the trees on every labelled row. Also runs the
/// K-fold cross-validation that `bechdelcli models train-predictor --cv` reports.
public enum BechdelTrainer {
    /// Scores of a K-fold cross-validation: per fold and pooled over all out-of-fold predictions.
    public struct CrossValidationReport: Sendable {
        public var folds: [PredictorScores]
        public var pooled: PredictorScores
    }

    /// Trains a model on every row of `table` that has a rating (rows without one are ignored).
    public static func train(table: FilmTable, options: TrainingOptions = .init(), lenient: Bool = false,
                             progress: ((String) -> Void)? = nil) throws -> BechdelModel {
        let (schema, films, labels) = try prepare(table: table, options: options, lenient: lenient)
        return fit(schema: schema, films: films, labels: labels, options: options,
                   source: (table.source as NSString).lastPathComponent, progress: progress)
    }

    /// Stratified K-fold cross-validation of the whole pipeline (each fold learns its own schema, decision
    /// weights and trees from its training rows only).
    public static func crossValidate(table: FilmTable, folds k: Int, options: TrainingOptions = .init(),
                                     lenient: Bool = false, progress: ((String) -> Void)? = nil) throws -> CrossValidationReport {
        let labelled = try labelledRows(table: table, options: options, lenient: lenient)
        let labels = labelled.map(\.1)
        let fold = CrossValidation.stratifiedFolds(labels: labels, k: k, seed: options.boosting.seed)
        var scores: [PredictorScores] = []
        var oof = [[Float]](repeating: [], count: labelled.count)
        var oofPredicted = [Int](repeating: 0, count: labelled.count)
        for f in 0..<k {
            let trainIdx = labelled.indices.filter { fold[$0] != f }
            let testIdx = labelled.indices.filter { fold[$0] == f }
            let trainTable = FilmTable(columns: table.columns, rows: trainIdx.map { table.rows[labelled[$0].0] }, source: table.source)
            let testTable = FilmTable(columns: table.columns, rows: testIdx.map { table.rows[labelled[$0].0] }, source: table.source)
            let model = try train(table: trainTable, options: options, lenient: lenient)
            let films = try model.schema.encode(testTable, lenient: lenient)
            let p = model.predict(films)
            let predicted = model.predictedRatings(p)
            let truth = testIdx.map { labels[$0] }
            let s = PredictorScores(probabilities: p, predicted: predicted, truth: truth)
            progress?(String(format: "fold %d/%d: accuracy %.4f  macro-F1 %.4f  pass AUC %.4f  log-loss %.4f",
                             f + 1, k, s.accuracy, s.macroF1, s.passAUC, s.logLoss))
            scores.append(s)
            for (j, i) in testIdx.enumerated() { oof[i] = p[j]; oofPredicted[i] = predicted[j] }
        }
        return CrossValidationReport(folds: scores,
                                     pooled: PredictorScores(probabilities: oof, predicted: oofPredicted, truth: labels))
    }

    /// (row index, rating) of every row with a rating; errors when there is no label column or no labelled row.
    static func labelledRows(table: FilmTable, options: TrainingOptions, lenient: Bool) throws -> [(Int, Int)] {
        guard let li = table.columnIndex(options.features.labelColumn) else {
            throw FilmTableError.missingColumn(path: table.source, column: options.features.labelColumn)
        }
        var out: [(Int, Int)] = []
        for (r, row) in table.rows.enumerated() {
            let cell = FeatureSchema.trimmed(row[li])
            if FeatureSchema.isMissing(cell) { continue }
            guard let v = Int(cell), (0...3).contains(v) else {
                if lenient { continue }
                throw FilmTableError.badRating(path: table.source, row: FilmTable.rowNumber(r),
                                               column: options.features.labelColumn, value: row[li])
            }
            out.append((r, v))
        }
        if out.isEmpty { throw FilmTableError.noRows(path: table.source) }
        return out
    }

    static func prepare(table: FilmTable, options: TrainingOptions, lenient: Bool) throws
        -> (FeatureSchema, EncodedFilms, [Int]) {
        let labelled = try labelledRows(table: table, options: options, lenient: lenient)
        let rowsTable = FilmTable(columns: table.columns, rows: labelled.map { table.rows[$0.0] }, source: table.source)
        let schema = FeatureSchema.learn(from: rowsTable, options: options.features)
        let films = try schema.encode(rowsTable, lenient: lenient)
        return (schema, films, labelled.map(\.1))
    }

    static func fit(schema: FeatureSchema, films: EncodedFilms, labels: [Int], options: TrainingOptions,
                    source: String, progress: ((String) -> Void)?) -> BechdelModel {
        var weights: [Float]? = nil
        if options.decisionFolds >= 2 && films.rows >= options.decisionFolds * 8 {
            let folds = CrossValidation.stratifiedFolds(labels: labels, k: options.decisionFolds,
                                                        seed: options.boosting.seed &+ 1)
            // The inner models stop early without refitting: their probabilities only set the weights.
            var inner = options.boosting
            inner.refitOnAllRows = false
            let oof = CrossValidation.outOfFold(rows: films.rows, folds: folds, k: options.decisionFolds) { trainRows, testRows in
                let sub = films.subset(trainRows)
                let result = GradientBoosting.train(values: sub.values, rows: sub.rows, cols: sub.cols,
                                                    labels: trainRows.map { labels[$0] }, options: inner)
                let model = BechdelModel(schema: schema, ensemble: result.ensemble)
                return model.predict(films.subset(testRows))
            }
            weights = DecisionRule.learnWeights(probabilities: oof, truth: labels,
                                                maxAccuracyDrop: options.maxAccuracyDrop)
            progress?("decision weights from \(options.decisionFolds)-fold out-of-fold probabilities: \(weights!)")
        }
        let result = GradientBoosting.train(values: films.values, rows: films.rows, cols: films.cols, labels: labels,
                                            options: options.boosting, progress: progress)
        let b = options.boosting
        let notes = "trained on \(source): \(films.rows) rows, \(films.cols) features, \(result.rounds) rounds; "
            + "learning rate \(b.learningRate), max leaves \(b.maxLeaves), max depth \(b.maxDepth), "
            + "row subsample \(b.rowSubsample), feature subsample \(b.featureSubsample), seed \(b.seed)"
        return BechdelModel(schema: schema, ensemble: result.ensemble, classWeights: weights, notes: notes)
    }
}
