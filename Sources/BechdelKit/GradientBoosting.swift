import Foundation
import SeededRandom

/// Multiclass gradient boosting with softmax loss (one tree per class per round, as LightGBM's `multiclass`):
/// Newton steps on binned histograms, shrinkage, L2, seeded row and feature subsampling, and early stopping
/// on a stratified internal validation fold. The same data, options and seed always give the same
/// ensemble, whatever `threads` is.
public enum GradientBoosting {
    /// What training produced, with the validation curve when early stopping ran.
    public struct Result: Sendable {
        public var ensemble: TreeEnsemble
        /// Rounds kept in the final ensemble.
        public var rounds: Int
        /// Validation multiclass log-loss after each round of the early-stopping run (empty without one).
        public var validationLogLoss: [Double]
        /// Round count chosen by early stopping (nil when it did not run).
        public var bestRounds: Int?
    }

    /// Trains on row-major `values` (`rows × cols`, NaN = missing) with labels in 0..<classCount.
    public static func train(values: [Float], rows: Int, cols: Int, labels: [Int], classCount: Int = 4,
                             options: BoostingOptions = .init(), progress: ((String) -> Void)? = nil) -> Result {
        precondition(values.count == rows * cols && labels.count == rows && rows > 0)
        precondition(labels.allSatisfy { (0..<classCount).contains($0) })
        if options.validationFraction > 0 && options.validationFraction < 1 && options.earlyStoppingRounds > 0 {
            let (fit, valid) = stratifiedSplit(labels: labels, classCount: classCount,
                                               fraction: options.validationFraction, seed: options.seed)
            if !fit.isEmpty && !valid.isEmpty {
                let sub = { (idx: [Int]) -> [Float] in
                    var v = [Float](); v.reserveCapacity(idx.count * cols)
                    for i in idx { v.append(contentsOf: values[(i * cols)..<((i + 1) * cols)]) }
                    return v
                }
                let first = fitRounds(values: sub(fit), rows: fit.count, cols: cols, labels: fit.map { labels[$0] },
                                      classCount: classCount, rounds: options.rounds, options: options,
                                      validation: (sub(valid), valid.map { labels[$0] }), progress: progress)
                let best = first.bestRounds ?? first.rounds
                if !options.refitOnAllRows {
                    return first
                }
                let refitRounds = max(1, Int((Double(best) / (1 - options.validationFraction)).rounded()))
                progress?("early stopping chose \(best) rounds; refitting on all \(rows) rows for \(refitRounds) rounds")
                var all = fitRounds(values: values, rows: rows, cols: cols, labels: labels, classCount: classCount,
                                    rounds: refitRounds, options: options, validation: nil, progress: progress)
                all.validationLogLoss = first.validationLogLoss
                all.bestRounds = best
                return all
            }
        }
        return fitRounds(values: values, rows: rows, cols: cols, labels: labels, classCount: classCount,
                         rounds: options.rounds, options: options, validation: nil, progress: progress)
    }

    /// Indices of a stratified split: about `fraction` of each class goes to the second list.
    static func stratifiedSplit(labels: [Int], classCount: Int, fraction: Double, seed: UInt64) -> ([Int], [Int]) {
        var rng = SeededGenerator(seed: seed, stream: 0x5EED_0001)
        var isValid = [Bool](repeating: false, count: labels.count)
        for c in 0..<classCount {
            var members = labels.indices.filter { labels[$0] == c }
            members.shuffle(using: &rng)
            let take = Int((Double(members.count) * fraction).rounded())
            for i in members.prefix(take) { isValid[i] = true }
        }
        return (labels.indices.filter { !isValid[$0] }, labels.indices.filter { isValid[$0] })
    }

    private static func fitRounds(values: [Float], rows n: Int, cols: Int, labels: [Int], classCount K: Int,
                                  rounds: Int, options: BoostingOptions, validation: ([Float], [Int])?,
                                  progress: ((String) -> Void)?) -> Result {
        let binning = HistogramBinning(values: values, rows: n, cols: cols, maxBins: options.maxBins)
        let bins = binning.binned(values: values, rows: n, cols: cols)
        let vRows = validation?.1.count ?? 0
        let vBins = validation.map { binning.binned(values: $0.0, rows: vRows, cols: cols) } ?? []

        // Base scores: log of smoothed class frequencies.
        var counts = [Double](repeating: 1, count: K)
        for y in labels { counts[y] += 1 }
        let total = counts.reduce(0, +)
        let base = counts.map { Float(log($0 / total)) }

        var scores = [Double](repeating: 0, count: n * K)
        for i in 0..<n { for c in 0..<K { scores[i * K + c] = Double(base[c]) } }
        var vScores = [Double](repeating: 0, count: vRows * K)
        for i in 0..<vRows { for c in 0..<K { vScores[i * K + c] = Double(base[c]) } }

        var grad = [Double](repeating: 0, count: n * K)   // class-major: grad[c * n + i]
        var hess = [Double](repeating: 0, count: n * K)
        var trees: [RegressionTree] = []
        var history: [Double] = []
        var bestLoss = Double.infinity
        var bestRound = 0
        let hessianScale = K > 1 ? Double(K) / Double(K - 1) : 1
        let featureTake = max(1, Int((Double(cols) * options.featureSubsample).rounded(.up)))

        bins.withUnsafeBufferPointer { binPtr in
            vBins.withUnsafeBufferPointer { vBinPtr in
                let grower = TreeGrower(bins: binPtr.baseAddress!, rowCount: n, binning: binning, options: options)
                var p = [Double](repeating: 0, count: K)
                for round in 0..<rounds {
                    // Softmax gradients.
                    for i in 0..<n {
                        var m = -Double.infinity
                        for c in 0..<K { m = max(m, scores[i * K + c]) }
                        var s = 0.0
                        for c in 0..<K { p[c] = exp(scores[i * K + c] - m); s += p[c] }
                        for c in 0..<K {
                            let q = p[c] / s
                            grad[c * n + i] = q - (labels[i] == c ? 1 : 0)
                            hess[c * n + i] = max(q * (1 - q) * hessianScale, 1e-12)
                        }
                    }
                    // Row sample for this round.
                    var rng = SeededGenerator(seed: options.seed, stream: UInt64(round) &* 2 &+ 1)
                    var sample: [Int32] = []
                    sample.reserveCapacity(n)
                    if options.rowSubsample >= 1 {
                        for i in 0..<n { sample.append(Int32(i)) }
                    } else {
                        for i in 0..<n where rng.unit() < options.rowSubsample { sample.append(Int32(i)) }
                        if sample.isEmpty { sample.append(Int32(rng.below(n))) }
                    }
                    for c in 0..<K {
                        var frng = SeededGenerator(seed: options.seed, stream: (UInt64(round) &* UInt64(K) &+ UInt64(c)) &* 2 &+ 2)
                        var features = Array(0..<cols)
                        if featureTake < cols {
                            for j in 0..<featureTake { features.swapAt(j, j + frng.below(cols - j)) }
                            features = Array(features[0..<featureTake]).sorted()
                        }
                        var rowsCopy = sample
                        let grown = grad.withUnsafeBufferPointer { g in
                            hess.withUnsafeBufferPointer { h in
                                grower.grow(gradients: g.baseAddress! + c * n, hessians: h.baseAddress! + c * n,
                                            rows: &rowsCopy, features: features)
                            }
                        }
                        for i in 0..<n {
                            scores[i * K + c] += grown.predictBinned(binPtr.baseAddress!, row: i, rowCount: n)
                        }
                        if vRows > 0 {
                            for i in 0..<vRows {
                                vScores[i * K + c] += grown.predictBinned(vBinPtr.baseAddress!, row: i, rowCount: vRows)
                            }
                        }
                        trees.append(grown.tree)
                    }
                    if let v = validation {
                        let loss = logLoss(scores: vScores, labels: v.1, classCount: K)
                        history.append(loss)
                        if loss < bestLoss - 1e-9 { bestLoss = loss; bestRound = round + 1 }
                        if (round + 1) % 50 == 0 { progress?("round \(round + 1): validation log-loss \(String(format: "%.4f", loss))") }
                        if round + 1 - bestRound >= options.earlyStoppingRounds { break }
                    }
                }
            }
        }
        var kept = trees
        var best: Int? = nil
        if validation != nil {
            best = max(1, bestRound)
            kept = Array(trees.prefix(best! * K))
        }
        return Result(ensemble: TreeEnsemble(classCount: K, baseScores: base, trees: kept),
                      rounds: kept.count / K, validationLogLoss: history, bestRounds: best)
    }

    /// Mean multiclass log-loss of raw scores (row-major, `classCount` per row).
    static func logLoss(scores: [Double], labels: [Int], classCount K: Int) -> Double {
        var total = 0.0
        for (i, y) in labels.enumerated() {
            var m = -Double.infinity
            for c in 0..<K { m = max(m, scores[i * K + c]) }
            var s = 0.0
            for c in 0..<K { s += exp(scores[i * K + c] - m) }
            total += -(scores[i * K + y] - m - log(s))
        }
        return total / Double(max(1, labels.count))
    }
}
