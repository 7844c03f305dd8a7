import ArgumentParser
import BechdelKit
import Foundation

/// `bechdelcli bench predictor`: training time and single-thread prediction throughput of the boosted trees
/// on a film table, with a fixed number of rounds and leaves so that the numbers compare with LightGBM
/// trained to the same size (scripts/bench_lightgbm_predictor.py).
struct BenchPredictorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predictor",
        abstract: "Time training and single-thread prediction of the Bechdel predictor.")

    @Argument(help: "Labelled CSV of films (e.g. ../shared/data/movies/movies.csv).")
    var table: String

    @Option(help: "Boosting rounds (one tree per class each), no early stopping.")
    var rounds: Int = 100

    @Option(help: "Leaves per tree.")
    var maxLeaves: Int = 31

    @Option(help: "Learning rate.")
    var learningRate: Double = 0.1

    @Option(help: "Threads for training (prediction is timed on one thread).")
    var threads: Int = 1

    @Option(help: "Prediction passes over the table.")
    var repeats: Int = 20

    @Option(help: "Also write the encoded feature matrix (with a rating column) as CSV, so that a peer library can be timed on exactly the same features.")
    var exportFeatures: String?

    func validate() throws {
        if rounds < 1 || maxLeaves < 2 || repeats < 1 {
            throw ValidationError("--rounds, --max-leaves and --repeats must be positive (leaves ≥ 2)")
        }
        try WorkerCount.check(threads, "--threads")
    }

    func run() throws {
        // CPU time of the process: on a shared machine it measures the work, not the wait for a core.
        // (Training with --threads > 1 adds the threads' CPU time; compare single-thread runs.)
        struct CPUClock {
            var now: Double {
                var ts = timespec()
                clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
                return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
            }
        }
        let clock = CPUClock()
        func seconds(_ d: Double) -> Double { d }
        var options = TrainingOptions()
        options.decisionFolds = 0
        options.boosting.rounds = rounds
        options.boosting.maxLeaves = maxLeaves
        options.boosting.maxDepth = 0
        options.boosting.learningRate = learningRate
        options.boosting.rowSubsample = 1
        options.boosting.featureSubsample = 1
        options.boosting.validationFraction = 0
        options.boosting.threads = threads

        var t0 = clock.now
        let films = try FilmTable.read(path: table)
        let readTime = seconds(clock.now - t0)
        t0 = clock.now
        let schema = FeatureSchema.learn(from: films, options: options.features)
        let encoded = try schema.encode(films)
        let encodeTime = seconds(clock.now - t0)
        let labelled = (0..<encoded.rows).filter { encoded.ratings[$0] != nil }
        let train = encoded.subset(labelled)
        t0 = clock.now
        let result = GradientBoosting.train(values: train.values, rows: train.rows, cols: train.cols,
                                            labels: train.ratings.map { $0! }, options: options.boosting)
        let trainTime = seconds(clock.now - t0)
        let model = BechdelModel(schema: schema, ensemble: result.ensemble)

        if let exportFeatures {
            var text = (schema.featureNames + ["rating"]).map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                .joined(separator: ",") + "\n"
            for i in 0..<encoded.rows {
                text += encoded.row(i).map { $0.isNaN ? "" : "\($0)" }.joined(separator: ",")
                text += "," + (encoded.ratings[i].map { "\($0)" } ?? "") + "\n"
            }
            do { try text.write(toFile: exportFeatures, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure.runtime(exportFeatures, "cannot write the feature matrix")
            }
        }
        let forest = CompiledForest(model.ensemble)
        let visits = forest.nodeVisits(encoded.values, rows: encoded.rows, cols: encoded.cols)
        var checksum: Float = 0
        _ = forest.rawScores(encoded.values, rows: encoded.rows, cols: encoded.cols)  // warm-up
        t0 = clock.now
        for _ in 0..<repeats {
            let raw = forest.rawScores(encoded.values, rows: encoded.rows, cols: encoded.cols)
            checksum += raw[0]
        }
        let predictTime = seconds(clock.now - t0) / Double(repeats)
        t0 = clock.now
        let probabilities = model.predict(encoded)
        let fullPredictTime = seconds(clock.now - t0)

        let trees = model.ensemble.trees.count
        let leaves = model.ensemble.trees.reduce(0) { $0 + ($1.nodeCount + 1) / 2 }
        print("(all times are process CPU time)")
        print("table          \(encoded.rows) films, \(encoded.cols) features (read \(String(format: "%.3f", readTime)) s, schema + encode \(String(format: "%.3f", encodeTime)) s)")
        print("model          \(trees) trees (\(rounds) rounds × \(model.ensemble.classCount) classes), \(leaves) leaves, max \(maxLeaves) leaves/tree")
        print(String(format: "training       %.3f s (trees on encoded rows, binning included; ", trainTime) + "\(threads) thread(s))")
        print(String(format: "prediction     %.0f rows/s, %.1f M node visits/s (raw scores, 1 thread, mean of %d passes; %.2f visits/row/tree)",
                     Double(encoded.rows) / predictTime, Double(visits) / predictTime / 1e6, repeats,
                     Double(visits) / Double(encoded.rows * trees)))
        print(String(format: "with softmax   %.0f rows/s", Double(encoded.rows) / fullPredictTime))
        if checksum.isNaN || probabilities.isEmpty { print("(unexpected NaN)") }
    }
}
