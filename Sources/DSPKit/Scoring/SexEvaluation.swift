import Dispatch
import Foundation

/// Accuracy of a sex classifier on held-out labelled speakers, under a listening condition (whole
/// recordings or short pieces of speech, clean or with music under it, full band or telephone band),
/// so EVALUATION.md numbers come from one reproducible command.
public enum SexEvaluation {
    /// What the classifier hears.
    public struct Condition: Sendable {
        /// Score pieces of this many seconds of speech (consecutive, non-overlapping); nil = whole recording.
        public var pieceSeconds: Double?
        /// Mix music under the speech at this SNR (dB); nil = clean.
        public var musicSNR: Double?
        /// Music files to mix (file i mod count for speaker i, from an offset of 7·i s); empty = the
        /// manifest's own music entries.
        public var musicPaths: [String]
        /// Band-limit to 300–3400 Hz (after mixing).
        public var telephone: Bool
        /// Speech frames: log energy of the *clean* recording within this many nats of its 95th percentile
        /// (an ideal speech detector, so the evaluation measures the sex decision alone). Default 6.9.
        public var energyRange: Float = 6.9

        public init(pieceSeconds: Double? = nil, musicSNR: Double? = nil, musicPaths: [String] = [], telephone: Bool = false) {
            self.pieceSeconds = pieceSeconds
            self.musicSNR = musicSNR
            self.musicPaths = musicPaths
            self.telephone = telephone
        }

        /// Short human-readable name, e.g. "2 s pieces, music 10 dB, telephone".
        public var name: String {
            var parts = [pieceSeconds.map { String(format: "%g s pieces", $0) } ?? "whole recording"]
            if let snr = musicSNR { parts.append(String(format: "music %g dB SNR", snr)) }
            if telephone { parts.append("telephone band") }
            return parts.joined(separator: ", ")
        }
    }

    /// Counts and calibration measures of one evaluation.
    public struct Result: Sendable {
        public var speakers = 0
        public var trials = 0
        public var correct = 0
        public var femaleTrials = 0
        public var femaleCorrect = 0
        public var maleTrials = 0
        public var maleCorrect = 0
        /// Σ confidence of the decisions.
        public var confidenceSum = 0.0
        /// Σ −log P(true sex).
        public var logLossSum = 0.0

        public var accuracy: Double { Double(correct) / Double(max(1, trials)) }
        public var meanConfidence: Double { confidenceSum / Double(max(1, trials)) }
        public var logLoss: Double { logLossSum / Double(max(1, trials)) }
    }

    /// Evaluates `classifier` on the speech entries of `manifest` (one speaker per entry) under `condition`.
    /// With `embedder` (and a classifier that has an embedding cue) every trial also gets the unit-length
    /// embedding of its speech frames, as the counter gives a speaker its mean embedding.
    public static func run(_ classifier: SexClassifier, manifest: AudioManifest, condition: Condition,
                           embedder: CAMPlusEmbedder? = nil, threads: Int = 1) throws -> Result {
        let embedder = classifier.embeddingCue == nil ? nil : embedder
        let entries = manifest.entries(of: .speech).filter { $0.sex != nil }
        let musicPaths = condition.musicPaths.isEmpty ? manifest.entries(of: .music).map(\.path) : condition.musicPaths
        if condition.musicSNR != nil && musicPaths.isEmpty {
            throw SexTrainingError(path: "music", problem: "mixing music needs music files (--music or music entries in the manifest)")
        }
        var music: [[Float]] = []
        if condition.musicSNR != nil {
            let used = Set(entries.indices.map { $0 % musicPaths.count })
            music = try musicPaths.indices.map { used.contains($0) ? try SexModelTrainer.samples(musicPaths[$0]) : [] }
        }
        let workers = max(1, min(threads, entries.count))
        let extractors = try (0..<workers).map { _ in try FeatureExtractor(filterbank: embedder == nil ? nil : FilterbankOptions()) }
        var partial = [Swift.Result<[SexDecision], Error>?](repeating: nil, count: entries.count)
        partial.withUnsafeMutableBufferPointer { slots in
            let out = slots.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < entries.count {
                    out[i] = Swift.Result {
                        let clean = try SexModelTrainer.samples(entries[i].path)
                        let rows = SexModelTrainer.energeticFrames(extractors[w].features(samples: clean).mfcc, range: condition.energyRange)
                        var x = clean
                        if let snr = condition.musicSNR {
                            x = SpeechDegradation.mixMusic(x, music: music[i % music.count], snr: snr, offset: 7 * 16000 * i)
                        }
                        if condition.telephone { x = SpeechDegradation.telephoneBand(x) }
                        let f = extractors[w].features(samples: x)
                        var pieces: [[Int]] = []
                        if let seconds = condition.pieceSeconds {
                            let n = max(1, Int(seconds * 100))
                            var start = 0
                            while start + n <= rows.count { pieces.append(Array(rows[start..<(start + n)])); start += n }
                        } else {
                            pieces = [rows]
                        }
                        let embeddings: [[Float]?]
                        if let embedder, let fbank = f.filterbank {
                            let windows = pieces.map { piece in piece.flatMap { fbank.row($0) } }
                            embeddings = embedder.embed(windows).map(SpeechPieces.unit)
                        } else {
                            embeddings = pieces.map { _ in nil }
                        }
                        return zip(pieces, embeddings).map { piece, embedding in
                            let (m, p, s) = SexModelTrainer.select(f, piece)
                            return classifier.classify(frames: m, pitch: p, pitchStrength: s, embedding: embedding)
                        }
                    }
                    i += workers
                }
            }
        }
        var r = Result()
        for (entry, slot) in zip(entries, partial) {
            let decisions = try slot!.get()
            r.speakers += 1
            let female = entry.sex == .female
            for d in decisions {
                let right = d.sex == entry.sex
                r.trials += 1
                if right { r.correct += 1 }
                if female { r.femaleTrials += 1; if right { r.femaleCorrect += 1 } } else { r.maleTrials += 1; if right { r.maleCorrect += 1 } }
                r.confidenceSum += d.confidence
                r.logLossSum += -log(max(1e-12, right ? d.confidence : 1 - d.confidence))
            }
        }
        return r
    }
}
