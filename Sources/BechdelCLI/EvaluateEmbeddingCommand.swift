import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli evaluate-embedding`: same- against different-speaker cosine similarity of the speaker
/// embedding inside simulated scenes (equal error rate and its threshold), to compare embedding models
/// apart from the rest of the counting pipeline.
struct EvaluateEmbeddingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-embedding",
        abstract: "Measure how well the speaker embedding separates the speakers of simulated scenes.")

    @Argument(help: "Scene lists (scenes.csv with reference RTTMs), e.g. out/dev-calibration/scenes.csv.")
    var scenes: [String]

    @Option(help: "Diarization model with an embedder (default: the shipped model).")
    var model: String?

    @Option(help: "Only stretches of at least this many seconds.")
    var minimumSeconds: Double = 1

    /// Development: cluster each scene's reference stretches by pooled-embedding AHC at these thresholds and
    /// report how often the number of clusters is right (the upper bound of the embedding pass with pure segments).
    @Option(help: .hidden)
    var clusterThresholds: [Double] = []

    @Flag(help: "Score pairs by PLDA log-likelihood ratio instead of cosine similarity.")
    var plda = false

    @Option(help: "Worker threads.")
    var threads = 1

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(minimumSeconds > 0) { throw ValidationError("--minimum-seconds must be positive") }
    }

    func run() throws {
        let m = try model.map { try BackgroundModelTrainer.loadWithEmbedder(path: $0) } ?? BackgroundModelTrainer.shippedWithEmbedder()
        guard let embedder = m.embedder else { throw CommandFailure.input(model ?? "diarization.model", "the model has no speaker embedder") }
        let extractor = try FeatureExtractor(options: FrontEndOptions())
        for path in scenes {
            let list = try SceneList(contentsOf: path)
            var evaluation = EmbeddingEvaluation()
            var right = [Int](repeating: 0, count: clusterThresholds.count)
            for scene in list.scenes {
                let items = try SpeakerEmbeddingTrainer.segments(scene: scene, extractor: extractor, ubm: m.ubm, features: m.features,
                                                                 frameRate: 100, minimumSegment: Int(minimumSeconds * 100), threads: threads)
                if plda {
                    let v = items.map { embedder.vector($0.statistics) }
                    for i in items.indices { for j in (i + 1)..<items.count {
                        evaluation.pairs.append((embedder.score(v[i], v[j]), items[i].speaker == items[j].speaker))
                    } }
                } else {
                    evaluation.add(scene: items.map { ($0.speaker, embedder.embed($0.statistics)) })
                }
                let truth = Set(items.map(\.speaker)).count
                // The counter's own embedding pass, started from one cluster per reference stretch.
                let stretches = items.indices.map { $0..<($0 + 1) }
                for (k, t) in clusterThresholds.enumerated() {
                    var options = DiarizationOptions()
                    options.embeddingScoring = plda ? .plda : .cosine
                    options.embeddingThreshold = t
                    let result = SpeakerClusterer(options: options).refineByEmbedding(
                        segmentStatistics: items.map(\.statistics), segments: stretches,
                        initial: .init(labels: Array(items.indices), clusterCount: items.count), embedder: embedder)
                    if result.clusterCount == truth { right[k] += 1 }
                }
            }
            for (k, t) in clusterThresholds.enumerated() {
                print(String(format: "%@: threshold %.2f: right number of clusters in %d/%d scenes", path, t, right[k], list.scenes.count))
            }
            let means = evaluation.means
            if let eer = evaluation.equalErrorRate {
                let kind = plda ? "PLDA log-likelihood ratio" : "cosine"
                print(String(format: "%@: %d pairs | EER %.1f %% at %@ %.3f | mean score same %.3f, different %.3f",
                             path, evaluation.pairs.count, eer.rate * 100, kind, eer.threshold, means.same, means.different))
            } else {
                print("\(path): not enough pairs")
            }
        }
    }
}
