import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli models evaluate-embedding`: same- against different-speaker cosine similarity of the speaker
/// embedding on the reference single-speaker stretches of simulated scenes (equal error rate and its
/// threshold), and how often clustering those pure stretches finds the right number of speakers: the
/// embedding measured apart from speech detection and segmentation.
struct EvaluateEmbeddingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-embedding",
        abstract: "Measure how well the speaker embedding separates the speakers of simulated scenes.")

    @Argument(help: "Scene lists (scenes.csv with reference RTTMs), e.g. out/dev-calibration160/scenes.csv.")
    var scenes: [String]

    @Option(help: "Speaker embedding model (default: the shipped Models/campplus.model).")
    var model: String?

    @Option(help: "Only stretches of at least this many seconds.")
    var minimumSeconds: Double = 1

    @Option(parsing: .upToNextOption,
            help: "Also cluster each scene's stretches (average linkage) at these cosine similarities and report how often the number of speakers is right.")
    var similarities: [Double] = []

    @Option(help: "Worker threads.")
    var threads = 1

    func validate() throws {
        try WorkerCount.check(threads, "--threads")
        if !(minimumSeconds > 0) { throw ValidationError("--minimum-seconds must be positive") }
        if similarities.contains(where: { !($0 >= -1 && $0 <= 1) }) { throw ValidationError("--similarities must be between -1 and 1") }
    }

    func run() throws {
        let embedder = CAMPlusEmbedder(model: try model.map { try CAMPlusModel(contentsOf: $0) } ?? CAMPlusModel.shipped())
        let extractor = try FeatureExtractor(filterbank: FilterbankOptions())
        let minimumFrames = Int((minimumSeconds * 100).rounded())
        for path in scenes {
            let list = try SceneList(contentsOf: path)
            var evaluation = EmbeddingEvaluation()
            var right = [Int](repeating: 0, count: similarities.count)
            for scene in list.scenes {
                let features = try extractor.features(path: scene.audio, threads: threads)
                let turns = try RTTM.read(path: scene.rttm).values.flatMap { $0 }
                let stretches = EmbeddingEvaluation.referenceStretches(turns: turns, frameCount: features.count, frameRate: 100,
                                                                       minimumFrames: minimumFrames)
                let fbank = features.filterbank!
                let windows = stretches.map { s -> [Float] in
                    var rows: [Float] = []
                    for r in s.frames { rows += fbank.rows(r).data }
                    return rows
                }
                let embeddings = embedder.embed(windows, threads: threads)
                evaluation.add(scene: zip(stretches, embeddings).map { ($0.speaker, $1) })
                // Clustering the single runs alone, as the counter clusters its pieces.
                let runs = stretches.indices.filter { !stretches[$0].pooled }
                let truth = Set(runs.map { stretches[$0].speaker }).count
                let vectors = runs.flatMap { embeddings[$0] }
                for (k, s) in similarities.enumerated() {
                    let labels = AgglomerativeClustering.averageLinkage(vectors: vectors, count: runs.count,
                                                                        dimension: embedder.model.embeddingDimension,
                                                                        threshold: Float(1 - s))
                    if Set(labels).count == truth { right[k] += 1 }
                }
            }
            for (k, s) in similarities.enumerated() {
                print(String(format: "%@: similarity %.2f: right number of speakers in %d/%d scenes", path, s, right[k], list.scenes.count))
            }
            let means = evaluation.means
            if let eer = evaluation.equalErrorRate {
                print(String(format: "%@: %d pairs | EER %.1f %% at cosine %.3f | mean score same %.3f, different %.3f",
                             path, evaluation.pairs.count, eer.rate * 100, eer.threshold, means.same, means.different))
            } else {
                print("\(path): not enough pairs")
            }
        }
    }
}
