import ArgumentParser
import BechdelKit
import Foundation

/// `bechdelcli models train-predictor`: fits the Bechdel predictor on a labelled film table and writes the model file;
/// with `--cv K`, first reports K-fold cross-validated scores.
struct TrainPredictorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-predictor",
        abstract: "Train the Bechdel-score predictor on a CSV of films with a rating column.")

    @Argument(help: "CSV of films with a `rating` column (0–3).")
    var table: String

    @Option(name: .shortAndLong, help: "Model file to write.")
    var output: String

    @Option(help: "Report K-fold stratified cross-validated scores before training (0 = skip).")
    var cv: Int = 0

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads (the model does not depend on it).")
    var threads: Int = 1

    @Option(help: "Maximum boosting rounds.")
    var rounds: Int = BoostingOptions().rounds

    @Option(help: "Learning rate (shrinkage).")
    var learningRate: Double = BoostingOptions().learningRate

    @Option(help: "Maximum leaves per tree.")
    var maxLeaves: Int = BoostingOptions().maxLeaves

    @Option(help: "Maximum tree depth (0 = unlimited).")
    var maxDepth: Int = BoostingOptions().maxDepth

    @Option(help: "Fraction of rows held out for early stopping (0 = train exactly --rounds rounds).")
    var validationFraction: Double = BoostingOptions().validationFraction

    @Option(help: "Folds of the internal cross-validation that learns the decision weights (0 = argmax).")
    var decisionFolds: Int = TrainingOptions().decisionFolds

    @Flag(help: "Treat unparseable numeric cells and ratings as missing instead of failing.")
    var lenient = false

    @Flag(help: "Print progress on stderr.")
    var verbose = false

    func validate() throws {
        if cv == 1 || cv < 0 { throw ValidationError("--cv must be 0 or at least 2") }
        try WorkerCount.check(threads, "--threads")
        if rounds < 1 { throw ValidationError("--rounds must be at least 1") }
        if !(learningRate > 0 && learningRate <= 1) { throw ValidationError("--learning-rate must be in (0, 1]") }
        if maxLeaves < 2 { throw ValidationError("--max-leaves must be at least 2") }
        if maxDepth < 0 { throw ValidationError("--max-depth must be at least 0") }
        if !(validationFraction >= 0 && validationFraction < 1) { throw ValidationError("--validation-fraction must be in [0, 1)") }
        if decisionFolds == 1 || decisionFolds < 0 { throw ValidationError("--decision-folds must be 0 or at least 2") }
    }

    func run() throws {
        var options = TrainingOptions()
        options.boosting.seed = seed
        options.boosting.threads = threads
        options.boosting.rounds = rounds
        options.boosting.learningRate = learningRate
        options.boosting.maxLeaves = maxLeaves
        options.boosting.maxDepth = maxDepth
        options.boosting.validationFraction = validationFraction
        options.decisionFolds = decisionFolds
        let progress: ((String) -> Void)? = verbose ? { fputs("\($0)\n", stderr) } : nil
        let films = try FilmTable.read(path: table, lenient: lenient)
        if cv >= 2 {
            let report = try BechdelTrainer.crossValidate(table: films, folds: cv, options: options, lenient: lenient,
                                                          progress: progress)
            func spread(_ key: KeyPath<PredictorScores, Double>) -> String {
                let v = report.folds.map { $0[keyPath: key] }
                let mean = v.reduce(0, +) / Double(v.count)
                let sd = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(1, v.count - 1))).squareRoot()
                return String(format: "%.4f ± %.4f", mean, sd)
            }
            print("\(cv)-fold cross-validation (seed \(seed)), mean ± sd over folds:")
            print("  accuracy      \(spread(\.accuracy))")
            print("  macro-F1      \(spread(\.macroF1))")
            print("  pass ROC-AUC  \(spread(\.passAUC))")
            print("  log-loss      \(spread(\.logLoss))")
        }
        let model = try BechdelTrainer.train(table: films, options: options, lenient: lenient, progress: progress)
        try model.write(to: output)
        print("wrote \(output): \(model.ensemble.trees.count / model.ensemble.classCount) rounds, "
              + "\(model.schema.featureCount) features, decision weights \(model.classWeights.map { String(format: "%.2f", $0) }.joined(separator: " "))")
    }
}
