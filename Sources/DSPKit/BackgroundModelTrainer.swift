import Foundation

/// Trains and loads the diarization background model (UBM): one diagonal GMM over the speech of many
/// speakers, in the `DiarizationFeatures` space, from which `SpeakerClusterer` MAP-adapts a model per
/// cluster for its cross-likelihood-ratio pass. Stored as `Models/diarization.model` in a `ModelContainer`.
public enum BackgroundModelTrainer {
    /// `model` string of the container.
    public static let modelKind = "diarization"
    /// Section prefix of the GMM in the container.
    public static let prefix = "diarization.ubm"

    /// Frames kept from a training file: log energy within this many nats of the file's 95th percentile
    /// (≈ 26 dB), which drops pauses and leading/trailing silence. Default 6.
    public static let energyRange: Float = 6

    /// Trains the background model on the speech entries of `manifest` (sorted by path so the result does
    /// not depend on manifest order). Deterministic for given options, whatever `threads`.
    public static func train(manifest: AudioManifest, options: DiarizationOptions = .init(),
                             frontEnd: FrontEndOptions = .init(), iterations: Int = 10, seed: UInt64 = 1,
                             threads: Int = 1, log: ((String) -> Void)? = nil) throws -> DiagonalGMM {
        let files = manifest.entries(of: .speech).map(\.path).sorted()
        guard !files.isEmpty else {
            throw ManifestError(path: "manifest", line: nil, problem: "no speech entries to train the diarization background model")
        }
        let extractor = try FeatureExtractor(options: frontEnd)
        let space = options.backgroundFeatures
        let d = space.dimension
        var data: [Float] = []
        for path in files {
            let features = try extractor.features(path: path, threads: threads)
            let speech = speechFrames(features.mfcc)
            let normalized = space.transform(features.mfcc, speech: speech)
            for r in speech { data += normalized.data[(r.lowerBound * d)..<(r.upperBound * d)] }
        }
        let frames = FeatureMatrix(rows: data.count / d, cols: d, data: data)
        log?("diarization background model: \(files.count) files, \(frames.rows) frames, \(options.backgroundComponents) components")
        var gmmOptions = GMMTrainingOptions(components: options.backgroundComponents, iterations: iterations, seed: seed)
        gmmOptions.varianceFloor = 1e-3
        return DiagonalGMM.train(frames, options: gmmOptions, threads: threads)
    }

    /// Trains the background model on the reference speech of simulated scenes (`SceneList` with RTTMs), so
    /// that it also covers speech under music, effects and reverb; every `frameStep`-th speech frame is kept
    /// (bounds memory). Deterministic for given options, whatever `threads`.
    public static func train(scenes list: SceneList, options: DiarizationOptions = .init(), frontEnd: FrontEndOptions = .init(),
                             frameStep: Int = 4, iterations: Int = 10, seed: UInt64 = 1, threads: Int = 1,
                             log: ((String) -> Void)? = nil) throws -> DiagonalGMM {
        let extractor = try FeatureExtractor(options: frontEnd)
        let space = options.backgroundFeatures
        let d = space.dimension
        var data: [Float] = []
        for scene in list.scenes {
            let features = try extractor.features(path: scene.audio, threads: threads)
            let turns = try RTTM.read(path: scene.rttm).values.flatMap { $0 }
            let speech = TimeSegment.union(turns.map(\.segment))
                .map { $0.frames(rate: options.frameRate, frameCount: features.count) }.filter { !$0.isEmpty }
            let x = space.transform(features.mfcc, speech: speech)
            for r in speech { for t in stride(from: r.lowerBound, to: r.upperBound, by: max(1, frameStep)) { data += x.data[(t * d)..<((t + 1) * d)] } }
        }
        let frames = FeatureMatrix(rows: data.count / d, cols: d, data: data)
        guard frames.rows > 0 else { throw ManifestError(path: "scenes", line: nil, problem: "no reference speech in the scenes") }
        log?("diarization background model: \(list.scenes.count) scenes, \(frames.rows) frames, \(options.backgroundComponents) components")
        var gmmOptions = GMMTrainingOptions(components: options.backgroundComponents, iterations: iterations, seed: seed)
        gmmOptions.varianceFloor = 1e-3
        return DiagonalGMM.train(frames, options: gmmOptions, threads: threads)
    }

    /// Loud frames of a single-speaker training file, as runs of frame indices (see `energyRange`).
    static func speechFrames(_ mfcc: FeatureMatrix) -> [Range<Int>] {
        guard mfcc.rows > 0 else { return [] }
        let e = (0..<mfcc.rows).map { mfcc[$0, mfcc.cols - 1] }
        let sorted = e.sorted()
        let threshold = sorted[min(sorted.count - 1, sorted.count * 95 / 100)] - energyRange
        var runs: [Range<Int>] = []
        var start: Int? = nil
        for t in 0...mfcc.rows {
            let loud = t < mfcc.rows && e[t] >= threshold
            if loud, start == nil { start = t }
            if !loud, let s = start { runs.append(s..<t); start = nil }
        }
        return runs
    }

    /// The container written to `Models/diarization.model`.
    public static func container(_ ubm: DiagonalGMM, options: DiarizationOptions = .init(), embedder: SpeakerEmbedder? = nil,
                                 notes: String = "") -> ModelContainer {
        var c = ModelContainer()
        c.setString("model", modelKind)
        let space = options.backgroundFeatures
        c.setString("features", "c\(space.columns.lowerBound)…c\(space.columns.upperBound - 1) of the front end's MFCC rows, mean and variance normalised over the file's speech" + (space.deltaWindow > 0 ? ", with deltas ±\(space.deltaWindow)" : ""))
        c.setInts("diarization.columns", [Int32(space.columns.lowerBound), Int32(space.columns.upperBound)], shape: [2])
        c.setInts("diarization.deltas", [Int32(space.deltaWindow)], shape: [1])
        c.store(ubm, prefix: prefix)
        embedder?.store(in: &c)
        if !notes.isEmpty { c.setString("diarization.training", notes) }
        return c
    }

    /// Reads a background model and the feature columns it was trained on; a bad file is an error naming it.
    public static func load(path: String) throws -> (ubm: DiagonalGMM, features: DiarizationFeatures) {
        let m = try loadWithEmbedder(path: path)
        return (m.ubm, m.features)
    }

    /// Reads a diarization model: background model, its feature columns and the speaker embedder stored
    /// with it (nil in a model without one); a bad file is an error naming it.
    public static func loadWithEmbedder(path: String) throws -> (ubm: DiagonalGMM, features: DiarizationFeatures, embedder: SpeakerEmbedder?) {
        let c = try ModelContainer(contentsOf: path)
        guard (try? c.string("model")) == modelKind else {
            throw c.error(.invalidModel, "not a diarization model")
        }
        let cols = try c.ints("diarization.columns", shape: [2]).values
        let lower = Int(cols[0]), upper = Int(cols[1])
        guard lower >= 0, upper > lower, upper <= 21 else { throw c.error(.invalidModel, "invalid feature columns \(lower)..<\(upper)") }
        let window = c["diarization.deltas"] == nil ? 0 : Int(try c.ints("diarization.deltas", shape: [1]).values[0])
        guard window >= 0, window <= 10 else { throw c.error(.invalidModel, "invalid delta window \(window)") }
        let space = DiarizationFeatures(columns: lower..<upper, deltaWindow: window)
        let ubm = try c.gmm(prefix: prefix, dimension: space.dimension)
        return (ubm, space, try SpeakerEmbedder.load(from: c, ubm: ubm))
    }

    /// The background model shipped with bechdelcli (`Models/diarization.model`).
    public static func shipped() throws -> (ubm: DiagonalGMM, features: DiarizationFeatures) {
        let m = try shippedWithEmbedder()
        return (m.ubm, m.features)
    }

    /// The diarization model shipped with bechdelcli, with its speaker embedder.
    public static func shippedWithEmbedder() throws -> (ubm: DiagonalGMM, features: DiarizationFeatures, embedder: SpeakerEmbedder?) {
        guard let url = Bundle.module.url(forResource: "diarization", withExtension: "model", subdirectory: "Models")
                ?? Bundle.module.url(forResource: "diarization", withExtension: "model") else {
            throw ModelContainerError(path: "Models/diarization.model", kind: .unreadable, problem: "the shipped diarization model is missing from the installation")
        }
        return try loadWithEmbedder(path: url.path)
    }
}
