import Foundation

/// The whole `count` pipeline, stage by stage: features → speech activity → speaker change segmentation →
/// CAM++ embedding of every piece of speech → average-linkage clustering → sex of each speaker → `CountResult`.
///
/// Speech detection and sex classification are passed in as functions so the pipeline can be run with
/// the shipped models (`SpeakerCounter.shipped`), with other models, or with reference speech regions
/// (for development). Only features are kept for the whole film (MFCC and pitch: about 33 MB per hour),
/// never audio; the embedding's filterbank rows come from a second streaming pass, a group of pieces at a
/// time. Every stage is linear in frames except clustering, which is quadratic in pieces (capped by
/// `DiarizationOptions.maximumPieces`).
public struct SpeakerCounter {
    /// Speech regions of a recording's features; `threads` may parallelise, the result must not depend on it.
    public typealias SpeechDetection = (_ features: FrameFeatures, _ threads: Int) -> [TimeSegment]
    /// Sex and confidence (0.5…1) of one speaker from its MFCC rows, F0, voicing strength and mean
    /// speaker embedding (unit length; nil when the speaker has none).
    public typealias SexClassification = (_ frames: FeatureMatrix, _ pitch: [Float], _ pitchStrength: [Float],
                                          _ embedding: [Float]?) -> (sex: Sex, confidence: Double)

    /// Wall time of each stage, seconds (for `--timings`).
    public struct Timings: Equatable, Sendable {
        public var features = 0.0, speech = 0.0, segmentation = 0.0, embedding = 0.0, clustering = 0.0, sex = 0.0
        public init() {}
        public var total: Double { features + speech + segmentation + embedding + clustering + sex }
    }

    public var options: DiarizationOptions
    public var frontEnd: FrontEndOptions
    public var filterbank: FilterbankOptions
    /// The segmentation network run over the audio in the first pass (its scores reach `detectSpeech` as
    /// `FrameFeatures.segmentation`), or nil.
    public var segmentation: (network: SegmentationNetwork, options: SpeechSegmentationOptions)?
    public var embedder: CAMPlusEmbedder
    public var detectSpeech: SpeechDetection
    public var classifySex: SexClassification

    public init(options: DiarizationOptions = .init(), frontEnd: FrontEndOptions = .init(),
                filterbank: FilterbankOptions = .init(),
                segmentation: (network: SegmentationNetwork, options: SpeechSegmentationOptions)? = nil,
                embedder: CAMPlusEmbedder,
                detectSpeech: @escaping SpeechDetection, classifySex: @escaping SexClassification) {
        self.options = options
        self.frontEnd = frontEnd
        self.filterbank = filterbank
        self.segmentation = segmentation
        self.embedder = embedder
        self.detectSpeech = detectSpeech
        self.classifySex = classifySex
    }

    /// Progress of a long analysis: the stage ("features", "embedding") and the fraction of it done (0…1),
    /// reported now and then on the calling thread.
    public typealias Progress = (_ stage: String, _ fraction: Double) -> Void

    /// Counts the speakers of the audio file at `path`: a first pass computes the features, speech
    /// detection and segmentation pick the pieces of speech, and a second pass over the file computes their
    /// filterbank rows for the embedding (`FeatureExtractor.filterbankGroups`), so memory stays bounded.
    public func analyze(path: String, threads: Int = 1, progress: Progress? = nil,
                        timings: inout Timings) throws -> CountResult {
        let start = Self.now()
        var frontEndTimings = FrontEndTimings()
        let features = try FeatureExtractor(options: frontEnd, segmentation: segmentation)
            .features(path: path, threads: threads, progress: progress.map { report in { report("features", $0) } },
                      timings: &frontEndTimings)
        // The segmentation network runs inside the streaming pass; its time is speech detection's.
        timings.features = Self.now() - start - frontEndTimings.segmentationSeconds
        let t1 = Self.now()
        let speech = detectSpeech(features, threads)
        timings.speech = Self.now() - t1 + frontEndTimings.segmentationSeconds
        let duration = Double(features.count) * Double(frontEnd.hopSamples) / Double(frontEnd.sampleRate)
        let secondPass = try FeatureExtractor(options: frontEnd, filterbank: filterbank)
        var failure: Error?
        let scratch = NetworkScratch()
        let result = diarize(features: features, speech: speech, duration: duration, threads: threads, timings: &timings) { pieces in
            var embeddings: [[Float]] = []
            embeddings.reserveCapacity(pieces.count)
            do {
                try secondPass.filterbankGroups(path: path, ranges: pieces, groupFrames: Self.embeddingGroupFrames, threads: threads,
                                                progress: progress.map { report in { report("embedding", $0) } }) { group, rows in
                    var first = 0
                    let windows = group.map { i -> Range<Int> in
                        defer { first += pieces[i].count }
                        return first..<(first + pieces[i].count)
                    }
                    embeddings += embedder.embed(rows, windows: windows, threads: threads, scratch: scratch)
                }
            } catch {
                failure = error
            }
            return embeddings
        }
        if let failure { throw failure }
        return result
    }

    /// Frames of filterbank rows embedded at a time in the second pass (about 13 MB; groups depend only on
    /// the pieces, never on the thread count).
    static let embeddingGroupFrames = 40_000

    /// Counts the speakers of already extracted features, which must include the filterbank, given their
    /// speech regions (seconds).
    public func analyze(features: FrameFeatures, speech: [TimeSegment], duration: Double, threads: Int = 1,
                        timings: inout Timings) -> CountResult {
        guard let filterbank = features.filterbank else { preconditionFailure("SpeakerCounter needs filterbank features") }
        return diarize(features: features, speech: speech, duration: duration, threads: threads, timings: &timings) { pieces in
            embedder.embed(filterbank, windows: pieces, threads: threads)
        }
    }

    /// The stages after speech detection; `embed` gives the raw embeddings of frame ranges.
    func diarize(features: FrameFeatures, speech: [TimeSegment], duration: Double, threads: Int,
                 timings: inout Timings, embed: ([Range<Int>]) -> [[Float]]) -> CountResult {
        let mfcc = features.mfcc
        precondition(options.featureColumns.upperBound <= mfcc.cols, "diarization columns outside the features")

        // 1. Speech regions as frame ranges, sorted and disjoint.
        var regions: [Range<Int>] = []
        for s in speech.sorted(by: { $0.start < $1.start }) {
            let r = s.frames(rate: options.frameRate, frameCount: mfcc.rows)
            guard !r.isEmpty else { continue }
            if let last = regions.last, r.lowerBound <= last.upperBound {
                regions[regions.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                regions.append(r)
            }
        }

        // 2. Speaker change points cut the regions into segments; long segments into pieces.
        var t = Self.now()
        let segments = SpeakerSegmenter(options: options).segment(data: mfcc.data, rows: mfcc.rows, stride: mfcc.cols, regions: regions)
        var pieces = SpeechPieces.split(segments, maximumFrames: options.maximumPieceFrames)
        timings.segmentation = Self.now() - t

        // 3. One speaker embedding per piece (unit length).
        t = Self.now()
        var embeddings = embed(pieces).map(SpeechPieces.unit)
        (pieces, embeddings) = SpeechPieces.capped(pieces: pieces, embeddings: embeddings, maximum: options.maximumPieces)
        timings.embedding = Self.now() - t

        // 4. Average-linkage clustering decides the number of speakers.
        t = Self.now()
        let dimension = embedder.model.embeddingDimension
        let overlap = features.segmentation.map { s in
            pieces.map { s.meanOverlap(from: options.seconds($0.lowerBound), to: options.seconds($0.upperBound)) }
        }
        let labels = PieceClustering(options: options).labels(pieces: pieces, embeddings: embeddings, dimension: dimension,
                                                              overlap: overlap, threads: threads)
        let clusterCount = (labels.max() ?? -1) + 1
        timings.clustering = Self.now() - t

        // 5. Sex of every cluster from all its frames and its mean embedding.
        t = Self.now()
        var members = [[Int]](repeating: [], count: clusterCount)
        for (i, label) in labels.enumerated() { members[label].append(i) }
        let sexes = ChunkedParallel.map(count: clusterCount, chunkSize: 1, threads: threads,
                                        initial: (sex: Sex.female, confidence: 0.5)) { c -> (sex: Sex, confidence: Double) in
            var rows: [Float] = [], pitch: [Float] = [], strength: [Float] = []
            var mean = [Float](repeating: 0, count: dimension)
            for i in members[c] {
                let r = pieces[i]
                rows += mfcc.data[(r.lowerBound * mfcc.cols)..<(r.upperBound * mfcc.cols)]
                pitch += features.pitch[r]
                strength += features.pitchStrength[r]
                for k in 0..<dimension { mean[k] += Float(r.count) * embeddings[i][k] }
            }
            return classifySex(FeatureMatrix(rows: pitch.count, cols: mfcc.cols, data: rows), pitch, strength,
                               SpeechPieces.unit(mean))
        }
        timings.sex = Self.now() - t

        // 6. Overlapped speech also goes to the nearest other speaker.
        var overlapped: [(Range<Int>, Int)] = []
        if let scores = features.segmentation, options.overlapThreshold < 1 {
            overlapped = OverlapAssignment.secondSpeakers(scores: scores, pieces: pieces, labels: labels,
                                                          threshold: options.overlapThreshold,
                                                          minimumDuration: options.minimumOverlap, frameRate: options.frameRate)
        }
        return CountResult(segments: pieces, labels: labels, overlapSegments: overlapped, clusterSexes: sexes,
                           duration: duration, options: options)
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
