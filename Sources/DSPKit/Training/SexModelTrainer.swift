import Dispatch
import Foundation

/// Builds the sex model from a manifest of labelled speech (`AudioManifest`, speech entries with speaker
/// and sex): a background GMM on all training speech, female and male GMMs MAP-adapted from it, and a
/// logistic calibration of (GMM log-likelihood ratio, log median F0) fitted on out-of-fold scores of the
/// training speakers (k-fold by speaker, on whole recordings and on short pieces). With a speaker embedding,
/// also a logistic regression on the unit-length CAM++ embeddings of the same recordings and pieces, whose
/// out-of-fold log-odds join the calibration as a third score. Deterministic for a seed and independent of
/// the thread count.
public enum SexModelTrainer {
    /// One recording of a training speaker in one listening condition.
    public struct Recording: Sendable {
        /// "clean", "music" or "telephone".
        public var condition: String
        /// Front-end MFCC rows of the speech frames (chosen on the clean signal).
        public var mfcc: FeatureMatrix
        public var pitch: [Float]
        public var pitchStrength: [Float]
        /// Unit-length speaker embedding of the whole recording's speech frames (nil without an embedder).
        public var embedding: [Float]? = nil
        /// Unit-length embeddings of the calibration pieces (`pieceRanges`), in order.
        public var pieceEmbeddings: [[Float]] = []
    }

    /// One training speaker: their recordings in every training condition.
    public struct Speaker: Sendable {
        public var id: String
        public var sex: Sex
        public var recordings: [Recording]
    }

    /// Indices of the frames whose log energy (last column) is within `range` nats of the recording's
    /// 95th percentile: the speech of a clean single-speaker recording without its pauses.
    public static func energeticFrames(_ mfcc: FeatureMatrix, range: Float) -> [Int] {
        guard mfcc.rows > 0, mfcc.cols > 0 else { return [] }
        let e = (0..<mfcc.rows).map { mfcc.data[$0 * mfcc.cols + mfcc.cols - 1] }
        let sorted = e.sorted()
        let p95 = sorted[min(sorted.count - 1, Int(0.95 * Double(sorted.count)))]
        return (0..<mfcc.rows).filter { e[$0] >= p95 - range }
    }

    /// The selected rows of frame features.
    static func select(_ f: FrameFeatures, _ rows: [Int]) -> (FeatureMatrix, [Float], [Float]) {
        let c = f.mfcc.cols
        var data = [Float](); data.reserveCapacity(rows.count * c)
        for r in rows { data.append(contentsOf: f.mfcc.data[(r * c)..<((r + 1) * c)]) }
        return (FeatureMatrix(rows: rows.count, cols: c, data: data), rows.map { f.pitch[$0] }, rows.map { f.pitchStrength[$0] })
    }

    /// The calibration pieces of a recording of `rows` speech frames: `calibrationPiecesPerSpeaker` runs of
    /// `calibrationPieceSeconds`, spread evenly (none when the recording is shorter than one piece).
    public static func pieceRanges(rows: Int, options: SexClassifierOptions) -> [Range<Int>] {
        let length = max(1, Int(options.calibrationPieceSeconds * 100))
        let p = options.calibrationPiecesPerSpeaker
        guard rows >= length, p > 0 else { return [] }
        return (0..<p).map { k in
            let start = p == 1 ? 0 : k * (rows - length) / (p - 1)
            return start..<(start + length)
        }
    }

    /// Mono 16 kHz samples of a file.
    static func samples(_ path: String) throws -> [Float] {
        let stream = try MonoAudioStream(path: path, targetSampleRate: 16000)
        var out: [Float] = []
        while let block = try stream.nextBlock() { out += block }
        return out
    }

    /// Reads the speech entries of `manifest` (front-end features of the energetic frames, clean and in
    /// the augmented conditions), grouped by speaker and sorted by speaker id. Files are processed on up
    /// to `threads` threads, results kept in manifest order.
    public static func loadSpeakers(manifest: AudioManifest, options: SexClassifierOptions, frontEnd: FrontEndOptions = .init(),
                                    embedder: CAMPlusEmbedder? = nil, threads: Int = 1,
                                    log: ((String) -> Void)? = nil) throws -> [Speaker] {
        let entries = manifest.entries(of: .speech)
        let musicEntries = options.augmentWithMusic && !options.augmentationSNRs.isEmpty ? manifest.entries(of: .music) : []
        let music = try musicEntries.map { try samples($0.path) }
        let workers = max(1, min(threads, entries.count))
        let extractors = try (0..<workers).map { _ in
            try FeatureExtractor(options: frontEnd, filterbank: embedder == nil ? nil : FilterbankOptions())
        }
        var results = [Result<[Recording], Error>?](repeating: nil, count: entries.count)
        results.withUnsafeMutableBufferPointer { slots in
            let out = slots.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < entries.count {
                    out[i] = Result {
                        let x = try samples(entries[i].path)
                        let clean = extractors[w].features(samples: x)
                        let rows = energeticFrames(clean.mfcc, range: options.trainingEnergyRange)
                        var recordings: [Recording] = []
                        func add(_ name: String, _ f: FrameFeatures) {
                            let (m, p, s) = select(f, rows)
                            var recording = Recording(condition: name, mfcc: m, pitch: p, pitchStrength: s)
                            if let embedder, let fbank = f.filterbank, !rows.isEmpty {
                                // The selected frames' log mel rows, then the whole and every calibration piece.
                                let selected = FeatureMatrix(rows: rows.count, cols: fbank.cols, data: rows.flatMap { fbank.row($0) })
                                let windows = [0..<rows.count] + pieceRanges(rows: rows.count, options: options)
                                let e = embedder.embed(selected, windows: windows).map(SpeechPieces.unit)
                                recording.embedding = e[0]
                                recording.pieceEmbeddings = Array(e.dropFirst())
                            }
                            recordings.append(recording)
                        }
                        add("clean", clean)
                        if !music.isEmpty {
                            let snr = options.augmentationSNRs[i % options.augmentationSNRs.count]
                            let mixed = SpeechDegradation.mixMusic(x, music: music[i % music.count], snr: snr, offset: 11 * 16000 * i)
                            add("music", extractors[w].features(samples: mixed))
                        }
                        if options.augmentWithTelephone {
                            add("telephone", extractors[w].features(samples: SpeechDegradation.telephoneBand(x)))
                        }
                        return recordings
                    }
                    i += workers
                }
            }
        }
        var bySpeaker: [String: Speaker] = [:]
        for (entry, result) in zip(entries, results) {
            let recordings = try result!.get().filter { $0.mfcc.rows > 0 }
            guard let id = entry.speaker, let sex = entry.sex else { continue }
            if var sp = bySpeaker[id] {
                guard sp.sex == sex else { throw SexTrainingError(path: entry.path, problem: "speaker '\(id)' is labelled both F and M") }
                sp.recordings += recordings
                bySpeaker[id] = sp
            } else {
                bySpeaker[id] = Speaker(id: id, sex: sex, recordings: recordings)
            }
        }
        log?("read \(entries.count) speech files of \(bySpeaker.count) speakers"
             + (music.isEmpty ? "" : ", mixed with \(music.count) music pieces") + (options.augmentWithTelephone ? ", plus telephone band" : ""))
        return bySpeaker.keys.sorted().map { bySpeaker[$0]! }.filter { !$0.recordings.isEmpty }
    }

    /// Trains the sex model from a manifest and returns it as a container ready to write.
    public static func train(manifest: AudioManifest, options: SexClassifierOptions = .init(), embedder: CAMPlusEmbedder? = nil,
                             threads: Int = 1, log: ((String) -> Void)? = nil) throws -> ModelContainer {
        let speakers = try loadSpeakers(manifest: manifest, options: options, embedder: embedder, threads: threads, log: log)
        return try train(speakers: speakers, options: options, threads: threads, log: log).container()
    }

    /// Trains the classifier from speakers' frames.
    public static func train(speakers: [Speaker], options: SexClassifierOptions = .init(), threads: Int = 1,
                             log: ((String) -> Void)? = nil) throws -> SexClassifier {
        let females = speakers.filter { $0.sex == .female }.count, males = speakers.count - females
        let folds = max(2, options.folds)
        guard females >= folds, males >= folds else {
            throw SexTrainingError(path: "manifest", problem: "need at least \(folds) speakers of each sex with speech, found \(females) F and \(males) M")
        }
        guard let cols = speakers.first?.recordings.first?.mfcc.cols, cols >= options.firstCepstrum + options.cepstra else {
            throw SexTrainingError(path: "manifest", problem: "front-end features have too few columns for the chosen cepstra")
        }
        // Background model on everybody's features.
        let features = speakers.map { $0.recordings.map { SexClassifier.features($0.mfcc, options: options) } }
        let d = options.featureDimension
        var all = [Float]()
        all.reserveCapacity(features.joined().reduce(0) { $0 + $1.data.count })
        for f in features.joined() { all += f.data }
        let pooled = FeatureMatrix(rows: all.count / d, cols: d, data: all)
        log?("background GMM: \(options.components) components on \(pooled.rows) frames of \(speakers.count) speakers")
        var gmmOptions = GMMTrainingOptions(components: options.components, iterations: options.iterations,
                                            varianceFloor: options.varianceFloor, seed: options.seed)
        gmmOptions.initializationFrames = 30000
        let ubm = DiagonalGMM.train(pooled, options: gmmOptions, threads: threads) { it, ll in
            log?("  EM iteration \(it + 1): average log-likelihood \(String(format: "%.4f", ll))")
        }

        // Per-speaker first-order statistics: a class model for any set of speakers is a MAP from their sum.
        let stats = features.map { recordings -> GMMStatistics in
            var sum = GMMStatistics(components: ubm.components, dimension: d, withSecond: false)
            for r in recordings { sum.add(GMMStatistics.accumulate(r, under: ubm, withSecond: false, threads: threads)) }
            return sum
        }
        // Stratified folds: the i-th speaker of each sex (in id order) goes to fold i mod folds.
        var foldIndex = [Int](repeating: 0, count: speakers.count)
        var seen: [Sex: Int] = [:]
        for (i, s) in speakers.enumerated() { foldIndex[i] = seen[s.sex, default: 0] % folds; seen[s.sex, default: 0] += 1 }
        func foldOf(_ i: Int) -> Int { foldIndex[i] }
        func classModel(_ sex: Sex, excludingFold fold: Int?) -> DiagonalGMM {
            var sum = GMMStatistics(components: ubm.components, dimension: d, withSecond: false)
            for (i, s) in speakers.enumerated() where s.sex == sex && foldOf(i) != fold {
                sum.add(stats[i])
            }
            return ubm.mapAdaptingMeans(with: sum, relevance: options.relevance)
        }

        // Out-of-fold scores on whole recordings and on short pieces.
        struct Trial {
            var llr: Double; var f0: Double?; var female: Bool; var whole: Bool; var condition: String
            var speaker: Int; var embedding: [Float]?; var embeddingLogOdds: Double? = nil
        }
        var trials: [Trial] = []
        for fold in 0..<folds {
            let fem = classModel(.female, excludingFold: fold), mal = classModel(.male, excludingFold: fold)
            let scorer = SexClassifier(options: options, female: fem, male: mal, background: ubm,
                                       joint: LogisticCalibration(weights: [0, 0], bias: 0),
                                       gmmOnly: LogisticCalibration(weights: [0], bias: 0))
            for (i, s) in speakers.enumerated() where foldOf(i) == fold {
                for rec in s.recordings {
                    let whole = scorer.scores(frames: rec.mfcc, pitch: rec.pitch, pitchStrength: rec.pitchStrength)
                    trials.append(Trial(llr: whole.logLikelihoodRatio!, f0: whole.logMedianF0, female: s.sex == .female,
                                        whole: true, condition: rec.condition, speaker: i, embedding: rec.embedding))
                    for (k, r) in pieceRanges(rows: rec.mfcc.rows, options: options).enumerated() {
                        let piece = scorer.scores(frames: rec.mfcc.rows(r), pitch: Array(rec.pitch[r]), pitchStrength: Array(rec.pitchStrength[r]))
                        trials.append(Trial(llr: piece.logLikelihoodRatio!, f0: piece.logMedianF0, female: s.sex == .female,
                                            whole: false, condition: rec.condition, speaker: i,
                                            embedding: k < rec.pieceEmbeddings.count ? rec.pieceEmbeddings[k] : nil))
                    }
                }
            }
        }
        let withF0 = trials.filter { $0.f0 != nil }
        guard !withF0.isEmpty else { throw SexTrainingError(path: "manifest", problem: "no training speaker has enough voiced frames") }
        let joint = LogisticCalibration.fit(withF0.map { [$0.llr, $0.f0!] }, withF0.map(\.female), l2: options.calibrationL2)
        let gmmOnly = LogisticCalibration.fit(trials.map { [$0.llr] }, trials.map(\.female), l2: options.calibrationL2)

        // The embedding cue: out-of-fold log-odds of a logistic regression on embeddings, then calibrations
        // with all cues; the final regression on every trial.
        var cue: SexClassifier.EmbeddingCue? = nil
        if trials.allSatisfy({ $0.embedding != nil }), !trials.isEmpty {
            func fitEmbedding(_ subset: [Trial]) -> LogisticCalibration {
                LogisticCalibration.fit(subset.map { $0.embedding!.map(Double.init) }, subset.map(\.female), l2: options.embeddingL2)
            }
            for fold in 0..<folds {
                let model = fitEmbedding(trials.filter { foldOf($0.speaker) != fold })
                let cueModel = SexClassifier.EmbeddingCue(classifier: model, joint: LogisticCalibration(weights: [0, 0, 0], bias: 0),
                                                          gmmOnly: LogisticCalibration(weights: [0, 0], bias: 0))
                for k in trials.indices where foldOf(trials[k].speaker) == fold {
                    trials[k].embeddingLogOdds = cueModel.logOdds(trials[k].embedding!)
                }
            }
            let withF0 = trials.filter { $0.f0 != nil }
            let jointE = LogisticCalibration.fit(withF0.map { [$0.llr, $0.f0!, $0.embeddingLogOdds!] }, withF0.map(\.female),
                                                 l2: options.calibrationL2)
            let gmmE = LogisticCalibration.fit(trials.map { [$0.llr, $0.embeddingLogOdds!] }, trials.map(\.female), l2: options.calibrationL2)
            cue = SexClassifier.EmbeddingCue(classifier: fitEmbedding(trials), joint: jointE, gmmOnly: gmmE)
            log?(String(format: "with the embedding: P(F) = σ(%.3f·LLR %+.3f·log F0 %+.3f·embedding %+.3f); without F0: σ(%.3f·LLR %+.3f·embedding %+.3f)",
                        jointE.weights[0], jointE.weights[1], jointE.weights[2], jointE.bias, gmmE.weights[0], gmmE.weights[1], gmmE.bias))
        }

        func probability(_ t: Trial, embedding: Bool) -> Double {
            if embedding, let cue, let e = t.embeddingLogOdds {
                return t.f0.map { cue.joint.probability([t.llr, $0, e]) } ?? cue.gmmOnly.probability([t.llr, e])
            }
            return t.f0.map { joint.probability([t.llr, $0]) } ?? gmmOnly.probability([t.llr])
        }
        func accuracy(_ subset: [Trial], embedding: Bool = false) -> String {
            let right = subset.filter { (probability($0, embedding: embedding) >= 0.5) == $0.female }.count
            return String(format: "%.1f %% of %d", 100 * Double(right) / Double(max(1, subset.count)), subset.count)
        }
        let notes = "trained on \(speakers.count) speakers (\(females) F, \(males) M), \(options.components) components; "
            + "\(folds)-fold cross-validated right sex: "
            + Set(trials.map(\.condition)).sorted().map { c in
                let t = trials.filter { $0.condition == c }
                return "\(c): whole \(accuracy(t.filter(\.whole))), \(options.calibrationPieceSeconds) s pieces \(accuracy(t.filter { !$0.whole }))"
                    + (cue == nil ? "" : " (with the embedding: whole \(accuracy(t.filter(\.whole), embedding: true)), pieces \(accuracy(t.filter { !$0.whole }, embedding: true)))")
            }.joined(separator: "; ")
        log?(notes)
        log?(String(format: "calibration: P(F) = σ(%.3f·LLR %+.3f·log F0 %+.3f); GMM only: σ(%.3f·LLR %+.3f)",
                    joint.weights[0], joint.weights[1], joint.bias, gmmOnly.weights[0], gmmOnly.bias))
        return SexClassifier(options: options, female: classModel(.female, excludingFold: nil),
                             male: classModel(.male, excludingFold: nil), background: ubm,
                             joint: joint, gmmOnly: gmmOnly, embeddingCue: cue, trainingNotes: notes)
    }
}
