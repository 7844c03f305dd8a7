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
        let d = options.backgroundColumns.count
        var data: [Float] = []
        for path in files {
            let features = try extractor.features(path: path, threads: threads)
            let speech = speechFrames(features.mfcc)
            let normalized = DiarizationFeatures.normalized(features.mfcc, columns: options.backgroundColumns, speech: speech)
            for r in speech { data += normalized.data[(r.lowerBound * d)..<(r.upperBound * d)] }
        }
        let frames = FeatureMatrix(rows: data.count / d, cols: d, data: data)
        log?("diarization background model: \(files.count) files, \(frames.rows) frames, \(options.backgroundComponents) components")
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
    public static func container(_ ubm: DiagonalGMM, options: DiarizationOptions = .init(), notes: String = "") -> ModelContainer {
        var c = ModelContainer()
        c.setString("model", modelKind)
        c.setString("features", "c\(options.backgroundColumns.lowerBound)…c\(options.backgroundColumns.upperBound - 1) of the front end's MFCC rows, mean and variance normalised over the file's speech")
        c.setInts("diarization.columns", [Int32(options.backgroundColumns.lowerBound), Int32(options.backgroundColumns.upperBound)], shape: [2])
        c.store(ubm, prefix: prefix)
        if !notes.isEmpty { c.setString("diarization.training", notes) }
        return c
    }

    /// Reads a background model and the feature columns it was trained on; a bad file is an error naming it.
    public static func load(path: String) throws -> (ubm: DiagonalGMM, columns: Range<Int>) {
        let c = try ModelContainer(contentsOf: path)
        guard (try? c.string("model")) == modelKind else {
            throw c.error(.invalidModel, "not a diarization model")
        }
        let cols = try c.ints("diarization.columns", shape: [2]).values
        let lower = Int(cols[0]), upper = Int(cols[1])
        guard lower >= 0, upper > lower else { throw c.error(.invalidModel, "invalid feature columns \(lower)..<\(upper)") }
        let ubm = try c.gmm(prefix: prefix, dimension: upper - lower)
        return (ubm, lower..<upper)
    }

    /// The background model shipped with bechdelcli (`Models/diarization.model`).
    public static func shipped() throws -> (ubm: DiagonalGMM, columns: Range<Int>) {
        guard let url = Bundle.module.url(forResource: "diarization", withExtension: "model", subdirectory: "Models")
                ?? Bundle.module.url(forResource: "diarization", withExtension: "model") else {
            throw ModelContainerError(path: "Models/diarization.model", kind: .unreadable, problem: "the shipped diarization model is missing from the installation")
        }
        return try load(path: url.path)
    }
}
