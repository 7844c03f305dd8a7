import Foundation

/// Finds where people speak in a soundtrack, so later stages (speaker segmentation, clustering, sex)
/// look only at speech. Films put music, effects and silence around and under dialogue; speech with
/// music under it is speech.
///
/// Method: three diagonal GMMs (speech — trained on speech alone and mixed with music and noise at
/// 0–20 dB SNR —, music, noise/effects) score every 10 ms frame on sliding-mean-normalised cepstra
/// c1…c19 and deltas of c0…c19; a fourth class, silence, is decided by frame level (absolute and
/// relative to the recording's loud level). A four-state HMM decoded with Viterbi, with a cost per class
/// change, smooths the frame decisions; then gaps shorter than `minGap` are filled and speech shorter than
/// `minSpeech` is dropped.
public struct SpeechActivityDetector: Sendable {
    /// The frame classes, as stored in `frameLabels`.
    public enum FrameClass: UInt8, Sendable, CaseIterable {
        case silence = 0, speech = 1, music = 2, noise = 3
    }

    /// Names of the GMM sections in the model container, in `FrameClass` order from `speech`.
    public static let modelClasses = ["speech", "music", "noise"]

    public let options: SpeechActivityOptions
    /// Class models: speech, music, noise.
    public let models: [DiagonalGMM]
    /// Feature layout the models were trained on (from the model file).
    public let cepstra: Int
    public let deltaWindow: Int
    public let normalizationWindow: Int

    /// Builds a detector from a trained model (sections `sad.speech`, `sad.music`, `sad.noise` and the
    /// feature layout `sad.features` = [cepstra, delta window, normalisation window]).
    public init(container: ModelContainer, options: SpeechActivityOptions = .init()) throws {
        let layout = try container.ints("sad.features", shape: [3]).values
        guard layout[0] >= 1, layout[0] <= 40, layout[1] >= 1, layout[2] >= 2 else {
            throw container.error(.invalidModel, "speech activity feature layout \(layout) is not usable")
        }
        cepstra = Int(layout[0])
        deltaWindow = Int(layout[1])
        normalizationWindow = Int(layout[2])
        let dimension = 2 * cepstra + 1
        models = try Self.modelClasses.map { try container.gmm(prefix: "sad.\($0)", dimension: dimension) }
        self.options = options
    }

    /// The contract's spelling of `init(container:options:)`.
    public init(model: ModelContainer, options: SpeechActivityOptions = .init()) throws {
        try self.init(container: model, options: options)
    }

    /// Builds a detector from models already in memory (tests, training).
    public init(models: [DiagonalGMM], cepstra: Int, deltaWindow: Int, normalizationWindow: Int,
                options: SpeechActivityOptions = .init()) {
        precondition(models.count == Self.modelClasses.count && models.allSatisfy { $0.dimension == 2 * cepstra + 1 })
        self.models = models
        self.cepstra = cepstra
        self.deltaWindow = deltaWindow
        self.normalizationWindow = normalizationWindow
        self.options = options
    }

    /// The model shipped with bechdelcli (`Models/sad.model`).
    public static func shipped(options: SpeechActivityOptions = .init()) throws -> SpeechActivityDetector {
        guard let url = Bundle.module.url(forResource: "sad", withExtension: "model", subdirectory: "Models") else {
            throw ModelContainerError(path: "Models/sad.model", kind: .unreadable, problem: "the shipped speech activity model is missing from the bundle")
        }
        return try SpeechActivityDetector(container: ModelContainer(contentsOf: url.path), options: options)
    }

    /// The model in container form (what `SpeechActivityTrainer` writes).
    public var container: ModelContainer {
        var c = ModelContainer()
        c.setString("sad.classes", Self.modelClasses.joined(separator: ","))
        c.setInts("sad.features", [Int32(cepstra), Int32(deltaWindow), Int32(normalizationWindow)], shape: [3])
        for (name, gmm) in zip(Self.modelClasses, models) { c.store(gmm, prefix: "sad.\(name)") }
        return c
    }

    // MARK: - Detection

    /// Speech segments (seconds), sorted and disjoint.
    public func detect(_ features: FrameFeatures, threads: Int = 1) -> [TimeSegment] {
        segments(fromLabels: frameLabels(features, threads: threads))
    }

    /// One `FrameClass` raw value per frame.
    public func frameLabels(_ features: FrameFeatures, threads: Int = 1) -> [UInt8] {
        frameLabels(mfcc: features.mfcc, threads: threads)
    }

    /// One `FrameClass` raw value per frame, from the front end's MFCC matrix (c0…c19, log energy).
    public func frameLabels(mfcc: FeatureMatrix, threads: Int = 1) -> [UInt8] {
        let n = mfcc.rows
        if n == 0 { return [] }
        let quiet = quietFrames(mfcc)
        let ll = classLogLikelihoods(mfcc: mfcc, threads: threads)
        return decode(logLikelihoods: ll, quiet: quiet)
    }

    /// Per-class frame log-likelihoods (speech, music, noise), nats, each `mfcc.rows` long.
    public func classLogLikelihoods(mfcc: FeatureMatrix, threads: Int = 1) -> [[Float]] {
        precondition(mfcc.cols >= cepstra + 2, "speech activity needs c0…c\(cepstra) and log energy, got \(mfcc.cols) columns")
        let n = mfcc.rows
        let size = options.chunkFrames
        let chunks = (n + size - 1) / size
        let parts = ChunkedParallel.map(count: chunks, chunkSize: 1, threads: threads, initial: [[Float]]()) { c in
            let rows = (c * size)..<min(n, (c + 1) * size)
            let x = Self.classifierInput(mfcc: mfcc, rows: rows, cepstra: cepstra, deltaWindow: deltaWindow,
                                         normalizationWindow: normalizationWindow)
            return models.map { $0.frameLogLikelihoods(x) }
        }
        var out = [[Float]](repeating: [], count: models.count)
        for k in 0..<models.count {
            out[k].reserveCapacity(n)
            for p in parts { out[k] += p[k] }
        }
        return out
    }

    /// Frames decided silent by level: below `silenceLevel` dBFS or more than `silenceRange` dB under the
    /// 95th percentile of the recording's frame levels.
    public func quietFrames(_ mfcc: FeatureMatrix) -> [Bool] {
        Self.quietFrames(mfcc, options: options)
    }

    /// The level rule of `quietFrames` for any options.
    public static func quietFrames(_ mfcc: FeatureMatrix, options: SpeechActivityOptions) -> [Bool] {
        let n = mfcc.rows, e = mfcc.cols - 1
        if n == 0 { return [] }
        let window = max(1.0, (options.frameLength * 16000).rounded())
        // log energy (natural log of the frame's sum of squares) → dB RMS
        var levels = [Double](repeating: 0, count: n)
        for i in 0..<n { levels[i] = (Double(mfcc.data[i * mfcc.cols + e]) - log(window)) * 10 / log(10.0) }
        let sorted = levels.sorted()
        let loud = sorted[min(n - 1, Int(Double(n - 1) * 0.95))]
        let threshold = max(options.silenceLevel, loud - options.silenceRange)
        return levels.map { !($0 >= threshold) }
    }

    /// Viterbi decoding of the four-state HMM (silence, speech, music, noise) with a cost per change.
    public func decode(logLikelihoods ll: [[Float]], quiet: [Bool]) -> [UInt8] {
        let n = quiet.count
        if n == 0 { return [] }
        let states = 4
        let impossible = -1e30
        let penalty = options.switchPenalty
        var score = [Double](repeating: 0, count: states)
        var back = [UInt8](repeating: 0, count: n * states)
        var emit = [Double](repeating: 0, count: states)
        func emissions(_ t: Int) {
            if quiet[t] {
                emit[0] = 0
                for s in 1..<states { emit[s] = -options.quietFrameCost }
            } else {
                emit[0] = impossible
                for s in 1..<states { emit[s] = Double(ll[s - 1][t]) }
                emit[1] += options.speechBias
            }
        }
        emissions(0)
        for s in 0..<states { score[s] = emit[s] }
        var next = score
        for t in 1..<n {
            emissions(t)
            var best = 0
            for s in 1..<states where score[s] > score[best] { best = s }
            for s in 0..<states {
                let stay = score[s], switched = score[best] - penalty
                if stay >= switched {
                    next[s] = stay + emit[s]
                    back[t * states + s] = UInt8(s)
                } else {
                    next[s] = switched + emit[s]
                    back[t * states + s] = UInt8(best)
                }
            }
            // keep scores near zero so long films do not lose precision
            let top = next.max()!
            for s in 0..<states { score[s] = next[s] - top }
        }
        var labels = [UInt8](repeating: 0, count: n)
        var s = 0
        for k in 1..<states where score[k] > score[s] { s = k }
        for t in stride(from: n - 1, through: 0, by: -1) {
            labels[t] = UInt8(s)
            s = Int(back[t * states + s])
        }
        return labels
    }

    /// Speech segments from frame labels: runs of speech frames, gaps < `minGap` filled, segments
    /// < `minSpeech` dropped. Frame i stands for the centre `frameShift` of its window.
    public func segments(fromLabels labels: [UInt8]) -> [TimeSegment] {
        let hop = options.frameShift
        let offset = max(0, (options.frameLength - hop) / 2)
        var runs: [(Int, Int)] = []
        var i = 0
        while i < labels.count {
            if labels[i] == FrameClass.speech.rawValue {
                var j = i
                while j < labels.count && labels[j] == FrameClass.speech.rawValue { j += 1 }
                runs.append((i, j))
                i = j
            } else {
                i += 1
            }
        }
        var merged: [(Int, Int)] = []
        for r in runs {
            if let last = merged.last, Double(r.0 - last.1) * hop < options.minGap {
                merged[merged.count - 1].1 = r.1
            } else {
                merged.append(r)
            }
        }
        return merged.filter { Double($0.1 - $0.0) * hop >= options.minSpeech }
            .map { TimeSegment(start: Double($0.0) * hop + offset, end: Double($0.1) * hop + offset) }
    }

    // MARK: - Classifier input

    /// The class models' input for `rows` of the front end's matrix: c1…c`cepstra` minus their sliding
    /// mean (window `normalizationWindow`, clipped at the ends), then deltas of c0…c`cepstra`
    /// (regression over ±`deltaWindow` frames, edges repeated). Uses rows outside `rows` as context, so
    /// any cut into chunks gives the values of the whole-matrix computation up to float rounding.
    public static func classifierInput(mfcc: FeatureMatrix, rows: Range<Int>, cepstra: Int, deltaWindow: Int,
                                       normalizationWindow: Int) -> FeatureMatrix {
        let n = mfcc.rows, cols = mfcc.cols
        let dim = 2 * cepstra + 1
        var out = [Float](repeating: 0, count: rows.count * dim)
        if rows.isEmpty { return FeatureMatrix(rows: 0, cols: dim, data: []) }
        let half = normalizationWindow / 2
        // sliding sums of c1…cK over [t - half, t - half + W) clipped
        var sums = [Double](repeating: 0, count: cepstra)
        let first = rows.lowerBound
        var lo = max(0, first - half), hi = min(n, first - half + normalizationWindow)
        mfcc.data.withUnsafeBufferPointer { m in
            for r in lo..<max(lo, hi) { for k in 0..<cepstra { sums[k] += Double(m[r * cols + 1 + k]) } }
            var norm = 0.0
            for d in 1...deltaWindow { norm += Double(2 * d * d) }
            for (o, t) in rows.enumerated() {
                let newLo = max(0, t - half), newHi = min(n, t - half + normalizationWindow)
                while lo < newLo { for k in 0..<cepstra { sums[k] -= Double(m[lo * cols + 1 + k]) }; lo += 1 }
                while hi < newHi { for k in 0..<cepstra { sums[k] += Double(m[hi * cols + 1 + k]) }; hi += 1 }
                let count = Double(max(1, hi - lo))
                let base = o * dim
                for k in 0..<cepstra { out[base + k] = Float(Double(m[t * cols + 1 + k]) - sums[k] / count) }
                for k in 0...cepstra {
                    var acc = 0.0
                    for d in 1...deltaWindow {
                        let a = min(n - 1, t + d), b = max(0, t - d)
                        acc += Double(d) * Double(m[a * cols + k] - m[b * cols + k])
                    }
                    out[base + cepstra + k] = Float(acc / norm)
                }
            }
        }
        return FeatureMatrix(rows: rows.count, cols: dim, data: out)
    }
}
