import Foundation

/// The whole `count` pipeline: features → speech activity → speaker segmentation → BIC clustering →
/// cross-likelihood-ratio clustering with the background model → confident merges by speaker embedding
/// (i-vector, LDA, PLDA) → sex of each speaker → `CountResult`.
///
/// Speech detection and sex classification are passed in as functions so the pipeline can be run with
/// the shipped models (`SpeakerCounter.shipped`), with other models, or with reference speech regions
/// (for development). Only features (≈ 100 rows/s) are kept for the whole film; every stage after the
/// front end is linear in frames except clustering, which is quadratic in segments (capped).
public struct SpeakerCounter {
    /// Speech regions of a recording's features; `threads` may parallelise, the result must not depend on it.
    public typealias SpeechDetection = (_ features: FrameFeatures, _ threads: Int) -> [TimeSegment]
    /// Sex and confidence (0.5…1) of one speaker from its MFCC rows, F0 and voicing strength.
    public typealias SexClassification = (_ frames: FeatureMatrix, _ pitch: [Float], _ pitchStrength: [Float]) -> (sex: Sex, confidence: Double)

    /// Wall time of each stage, seconds (for `--timings`).
    public struct Timings: Equatable, Sendable {
        public var features = 0.0, speech = 0.0, segmentation = 0.0, clustering = 0.0, speakerModels = 0.0, sex = 0.0
        public init() {}
        public var total: Double { features + speech + segmentation + clustering + speakerModels + sex }
    }

    public var options: DiarizationOptions
    public var frontEnd: FrontEndOptions
    /// Background model for the CLR and embedding passes, and the feature space it models; nil skips both.
    public var background: (ubm: DiagonalGMM, features: DiarizationFeatures)?
    /// Speaker embedding over `background`'s statistics for the final clustering pass; nil skips the pass.
    public var embedder: SpeakerEmbedder?
    public var detectSpeech: SpeechDetection
    public var classifySex: SexClassification

    public init(options: DiarizationOptions = .init(), frontEnd: FrontEndOptions = .init(),
                background: (ubm: DiagonalGMM, features: DiarizationFeatures)?, embedder: SpeakerEmbedder? = nil,
                detectSpeech: @escaping SpeechDetection, classifySex: @escaping SexClassification) {
        self.options = options
        self.frontEnd = frontEnd
        self.background = background
        self.embedder = embedder
        self.detectSpeech = detectSpeech
        self.classifySex = classifySex
    }

    /// Counts the speakers of the audio file at `path`.
    public func analyze(path: String, threads: Int = 1, progress: ((Double) -> Void)? = nil,
                        timings: inout Timings) throws -> CountResult {
        let start = Self.now()
        let features = try FeatureExtractor(options: frontEnd).features(path: path, threads: threads, progress: progress)
        timings.features = Self.now() - start
        let t1 = Self.now()
        let speech = detectSpeech(features, threads)
        timings.speech = Self.now() - t1
        let duration = Double(features.count) * Double(frontEnd.hopSamples) / Double(frontEnd.sampleRate)
        return analyze(features: features, speech: speech, duration: duration, threads: threads, timings: &timings)
    }

    /// Counts the speakers of already extracted features, given their speech regions (seconds).
    public func analyze(features: FrameFeatures, speech: [TimeSegment], duration: Double, threads: Int = 1,
                        timings: inout Timings) -> CountResult {
        let mfcc = features.mfcc
        precondition(options.featureColumns.upperBound <= mfcc.cols, "diarization columns outside the features")
        let rate = options.frameRate
        var regions: [Range<Int>] = []
        for s in speech.sorted(by: { $0.start < $1.start }) {
            let r = s.frames(rate: rate, frameCount: mfcc.rows)
            guard !r.isEmpty else { continue }
            let (a, b) = (r.lowerBound, r.upperBound)
            if let last = regions.last, a <= last.upperBound {
                regions[regions.count - 1] = last.lowerBound..<max(last.upperBound, b)
            } else {
                regions.append(a..<b)
            }
        }
        var t = Self.now()
        let segments = SpeakerSegmenter(options: options).segment(data: mfcc.data, rows: mfcc.rows, stride: mfcc.cols, regions: regions)
        timings.segmentation = Self.now() - t
        t = Self.now()
        let clusterer = SpeakerClusterer(options: options)
        var clusters = clusterer.cluster(data: mfcc.data, stride: mfcc.cols, segments: segments, threads: threads)
        timings.clustering = Self.now() - t
        t = Self.now()
        if let background, clusters.clusterCount > 1, options.useCrossLikelihood || (options.useEmbedding && embedder != nil) {
            // One pass over the speech frames gives every segment's statistics for both passes.
            let x = background.features.transform(mfcc, speech: regions)
            let statistics = BaumWelchStatistics.ofSegments(x, under: background.ubm, segments: segments, threads: threads)
            if options.useCrossLikelihood {
                clusters = clusterer.refineByCrossLikelihood(segmentStatistics: statistics, segments: segments, initial: clusters,
                                                             background: background.ubm, threads: threads)
            }
            if options.useEmbedding, let embedder {
                clusters = clusterer.refineByEmbedding(segmentStatistics: statistics, segments: segments, initial: clusters,
                                                       embedder: embedder, threads: threads)
            }
        }
        timings.speakerModels = Self.now() - t
        t = Self.now()
        // Sex of every cluster from all its frames.
        var members = [[Int]](repeating: [], count: clusters.clusterCount)
        for (i, label) in clusters.labels.enumerated() { members[label].append(i) }
        let sexes = ChunkedParallel.map(count: clusters.clusterCount, chunkSize: 1, threads: threads,
                                        initial: (sex: Sex.female, confidence: 0.5)) { c -> (sex: Sex, confidence: Double) in
            var rows: [Float] = [], pitch: [Float] = [], strength: [Float] = []
            for i in members[c].sorted(by: { segments[$0].lowerBound < segments[$1].lowerBound }) {
                let r = segments[i]
                rows += mfcc.data[(r.lowerBound * mfcc.cols)..<(r.upperBound * mfcc.cols)]
                pitch += features.pitch[r]
                strength += features.pitchStrength[r]
            }
            return classifySex(FeatureMatrix(rows: pitch.count, cols: mfcc.cols, data: rows), pitch, strength)
        }
        timings.sex = Self.now() - t
        return CountResult(segments: segments, labels: clusters.labels, clusterSexes: sexes, duration: duration, options: options)
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
