import Foundation

/// Trains `SpeakerEmbedder` from simulated film scenes with reference RTTMs (`scripts/simulate_scenes.py
/// --set embedding`): the same speakers recur across scenes under different music, effects, reverb and
/// levels, which is exactly the variability the embedding must learn to ignore.
///
/// Each scene is normalised like a film at counting time (`DiarizationFeatures` over its speech). Its
/// training segments are every speaker's single-speaker stretches (overlaps removed) of at least
/// `minimumSegment` frames, plus each speaker's whole speech in the scene, mirroring the segments and
/// clusters the counter embeds. Deterministic for given inputs and options, whatever `threads`.
public enum SpeakerEmbeddingTrainer {
    /// Training options with their defaults.
    public struct Options: Equatable, Sendable {
        /// i-vector dimension R. Default 64.
        public var rank = 64
        /// Embedding dimension P after LDA. Default 64 (all directions, weighted by PLDA; fewer generalised worse).
        public var dimension = 64
        /// EM iterations for the total-variability matrix. Default 10.
        public var iterations = 10
        /// Shortest training segment, in frames. Default 100 (1 s).
        public var minimumSegment = 100
        /// Seed of the random start. Default 1.
        public var seed: UInt64 = 1
        public init() {}
    }

    /// Training segments of one scene: (speaker label, statistics).
    public static func segments(scene: SceneList.Scene, extractor: FeatureExtractor, ubm: DiagonalGMM, features space: DiarizationFeatures,
                         frameRate: Double, minimumSegment: Int, threads: Int) throws -> [(speaker: String, statistics: BaumWelchStatistics)] {
        let features = try extractor.features(path: scene.audio, threads: threads)
        let turns = try RTTM.read(path: scene.rttm).values.flatMap { $0 }
        let rows = features.mfcc.rows
        // Frame owner: speaker index, −1 silence, −2 overlap.
        let speakers = Array(Set(turns.map(\.speaker))).sorted()
        var owner = [Int](repeating: -1, count: rows)
        for t in turns {
            guard let s = speakers.firstIndex(of: t.speaker) else { continue }
            for i in t.segment.frames(rate: frameRate, frameCount: rows) { owner[i] = owner[i] == -1 || owner[i] == s ? s : -2 }
        }
        var speech: [Range<Int>] = []
        var runs: [(speaker: Int, range: Range<Int>)] = []
        var i = 0
        while i < rows {
            var j = i + 1
            while j < rows && owner[j] == owner[i] { j += 1 }
            if owner[i] != -1 { speech.append(i..<j) }
            if owner[i] >= 0 { runs.append((owner[i], i..<j)) }
            i = j
        }
        let x = space.transform(features.mfcc, speech: speech)
        var out: [(speaker: String, statistics: BaumWelchStatistics)] = []
        for s in speakers.indices {
            var pooled = BaumWelchStatistics(components: ubm.components, dimension: ubm.dimension)
            var pieces = 0
            for run in runs where run.speaker == s {
                let stats = BaumWelchStatistics(x, under: ubm, rows: run.range)
                pooled.add(stats)
                if run.range.count >= minimumSegment {
                    out.append((speakers[s], stats))
                    pieces += 1
                }
            }
            if pieces != 1, pooled.frames >= Double(minimumSegment) { out.append((speakers[s], pooled)) }
        }
        return out
    }

    /// Trains the embedder on the scenes of `list` with the background model `ubm` (feature space `space`).
    public static func train(scenes list: SceneList, ubm: DiagonalGMM, features space: DiarizationFeatures, options: Options = .init(),
                             frontEnd: FrontEndOptions = .init(), frameRate: Double = 100, threads: Int = 1,
                             log: ((String) -> Void)? = nil) throws -> SpeakerEmbedder {
        let extractor = try FeatureExtractor(options: frontEnd)
        var labels: [String] = []
        var statistics: [BaumWelchStatistics] = []
        for (n, scene) in list.scenes.enumerated() {
            for s in try segments(scene: scene, extractor: extractor, ubm: ubm, features: space, frameRate: frameRate,
                                  minimumSegment: options.minimumSegment, threads: threads) {
                labels.append(s.speaker)
                statistics.append(s.statistics)
            }
            if (n + 1) % 50 == 0 { log?("embedding statistics: \(n + 1)/\(list.scenes.count) scenes, \(statistics.count) segments") }
        }
        guard !statistics.isEmpty else {
            throw ManifestError(path: "scenes", line: nil, problem: "no single-speaker stretch of at least \(options.minimumSegment) frames in the scenes")
        }
        let names = Array(Set(labels)).sorted()
        log?("speaker embedding: \(statistics.count) segments of \(names.count) speakers from \(list.scenes.count) scenes")
        let ivectors = IVectorTrainer.train(segments: statistics, ubm: ubm, rank: options.rank, iterations: options.iterations,
                                            seed: options.seed, threads: threads, log: log)
        // Project with the extractor as it will be stored (single precision) so training and use agree.
        let stored = IVectorExtractor(ubm: ubm, rank: ivectors.rank, matrix: ivectors.matrix.map { Double(Float($0)) })
        let w = ChunkedParallel.map(count: statistics.count, chunkSize: 32, threads: threads, initial: [Double]()) {
            stored.extract(statistics[$0])
        }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() { index[name] = i }
        let projection = SpeakerEmbeddingProjection.train(ivectors: w, labels: labels.map { index[$0]! }, dimension: options.dimension)
        return SpeakerEmbedder(extractor: stored, projection: projection)
    }
}
