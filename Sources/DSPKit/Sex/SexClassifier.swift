import Foundation

/// Decides the sex of one speaker (a diarization cluster, not a frame) from that speaker's speech frames:
/// the average log-likelihood ratio of female versus male GMMs (MAP-adapted from a background GMM) on
/// MFCCs with sliding mean normalisation and deltas, combined with the log of the median F0 of the voiced
/// frames through a logistic calibration fitted on held-out training speakers, so `confidence` is a
/// calibrated probability. When too few frames are voiced, a second calibration on the GMM score alone is used.
/// Models trained with a speaker embedding add a third cue: a logistic regression on the speaker's mean
/// CAM++ embedding (unit length), whose log-odds enter both calibrations.
public struct SexClassifier: Sendable {
    /// The embedding cue and the calibrations that use it (absent from models trained without embeddings).
    public struct EmbeddingCue: Equatable, Sendable {
        /// Log-odds of female from the unit-length mean embedding: `weights` has one value per dimension.
        public var classifier: LogisticCalibration
        /// P(female) from (log-likelihood ratio, log median F0, embedding log-odds).
        public var joint: LogisticCalibration
        /// P(female) from (log-likelihood ratio, embedding log-odds), when F0 is unknown.
        public var gmmOnly: LogisticCalibration

        public init(classifier: LogisticCalibration, joint: LogisticCalibration, gmmOnly: LogisticCalibration) {
            precondition(joint.weights.count == 3 && gmmOnly.weights.count == 2, "calibrations take 3 and 2 scores")
            self.classifier = classifier
            self.joint = joint
            self.gmmOnly = gmmOnly
        }

        /// Embedding dimension the classifier expects.
        public var dimension: Int { classifier.weights.count }

        /// Log-odds of female for a unit-length embedding.
        public func logOdds(_ embedding: [Float]) -> Double {
            precondition(embedding.count == dimension, "embedding of \(embedding.count) values, the sex model expects \(dimension)")
            var z = classifier.bias
            for i in 0..<dimension { z += classifier.weights[i] * Double(embedding[i]) }
            return z
        }
    }

    /// The raw scores behind a decision, for evaluation and reports.
    public struct Scores: Equatable, Sendable {
        /// Frames scored.
        public var frames: Int
        /// Mean per-frame log-likelihood ratio, female minus male (nats); nil without frames.
        public var logLikelihoodRatio: Double?
        /// Voiced frames whose F0 entered the median.
        public var voicedFrames: Int
        /// Natural log of the median F0 (Hz) of the voiced frames; nil when too few are voiced.
        public var logMedianF0: Double?
        /// Log-odds of female from the speaker embedding; nil without an embedding or an embedding cue.
        public var embeddingLogOdds: Double? = nil
    }

    /// Feature and voicing settings read from the model (the training-only fields keep their defaults).
    public let options: SexClassifierOptions
    public let female: DiagonalGMM
    public let male: DiagonalGMM
    public let background: DiagonalGMM
    /// P(female) from (log-likelihood ratio, log median F0).
    public let joint: LogisticCalibration
    /// P(female) from the log-likelihood ratio alone.
    public let gmmOnly: LogisticCalibration
    /// The speaker-embedding cue, when the model was trained with one.
    public let embeddingCue: EmbeddingCue?
    /// Free-text notes stored at training time (data, cross-validated accuracy).
    public let trainingNotes: String

    /// Value of the container's `model` string for this classifier.
    public static let modelKind = "sex"

    /// Assembles a classifier (used by the trainer).
    public init(options: SexClassifierOptions, female: DiagonalGMM, male: DiagonalGMM, background: DiagonalGMM,
                joint: LogisticCalibration, gmmOnly: LogisticCalibration, embeddingCue: EmbeddingCue? = nil,
                trainingNotes: String = "") {
        precondition(joint.weights.count == 2 && gmmOnly.weights.count == 1, "calibrations take 2 and 1 scores")
        precondition([female, male, background].allSatisfy { $0.dimension == options.featureDimension },
                     "GMM dimension must match the features")
        self.options = options
        self.female = female
        self.male = male
        self.background = background
        self.joint = joint
        self.gmmOnly = gmmOnly
        self.embeddingCue = embeddingCue
        self.trainingNotes = trainingNotes
    }

    /// Reads and validates a sex model from a container.
    public init(container c: ModelContainer) throws {
        guard (try? c.string("model")) == Self.modelKind else {
            throw c.error(.invalidModel, "not a sex model (section 'model' is not '\(Self.modelKind)')")
        }
        let f = try c.ints("sex.features", shape: [6]).values.map(Int.init)
        var o = SexClassifierOptions()
        o.firstCepstrum = f[0]; o.cepstra = f[1]; o.deltaWindow = f[2]
        o.normalizationWindow = f[3]; o.normalizeVariance = f[4] != 0; o.minVoicedFrames = f[5]
        guard o.firstCepstrum >= 0, o.cepstra >= 1, o.cepstra <= 1000, o.deltaWindow >= 0, o.deltaWindow <= 100,
              o.normalizationWindow >= 1, o.minVoicedFrames >= 0 else {
            throw c.error(.invalidModel, "sex model has invalid feature settings \(f)")
        }
        let voicing = try c.floats("sex.voicing", shape: [1]).values[0]
        guard voicing.isFinite, voicing >= 0, voicing <= 1 else { throw c.error(.invalidModel, "sex model has invalid voicing threshold") }
        o.minVoicingStrength = voicing
        let d = o.featureDimension
        let fem = try c.gmm(prefix: "sex.female", dimension: d)
        let mal = try c.gmm(prefix: "sex.male", dimension: d)
        let ubm = try c.gmm(prefix: "sex.background", dimension: d)
        let j = try c.floats("sex.calibration.joint", shape: [3]).values.map(Double.init)
        let g = try c.floats("sex.calibration.gmm", shape: [2]).values.map(Double.init)
        guard (j + g).allSatisfy({ $0.isFinite }) else { throw c.error(.invalidModel, "sex model has non-finite calibration") }
        var cue: EmbeddingCue? = nil
        if c["sex.embedding.weights"] != nil {
            let w = try c.floats("sex.embedding.weights", shape: [-1]).values.map(Double.init)
            let b = try c.floats("sex.embedding.bias", shape: [1]).values.map(Double.init)
            let ej = try c.floats("sex.calibration.joint_embedding", shape: [4]).values.map(Double.init)
            let eg = try c.floats("sex.calibration.gmm_embedding", shape: [3]).values.map(Double.init)
            guard !w.isEmpty, w.count <= 4096 else { throw c.error(.invalidModel, "sex model's embedding classifier has \(w.count) weights") }
            guard (w + b + ej + eg).allSatisfy({ $0.isFinite }) else {
                throw c.error(.invalidModel, "sex model has non-finite embedding weights or calibration")
            }
            cue = EmbeddingCue(classifier: LogisticCalibration(weights: w, bias: b[0]),
                               joint: LogisticCalibration(weights: Array(ej[0..<3]), bias: ej[3]),
                               gmmOnly: LogisticCalibration(weights: Array(eg[0..<2]), bias: eg[2]))
        }
        self.init(options: o, female: fem, male: mal, background: ubm,
                  joint: LogisticCalibration(weights: [j[0], j[1]], bias: j[2]),
                  gmmOnly: LogisticCalibration(weights: [g[0]], bias: g[1]),
                  embeddingCue: cue, trainingNotes: (try? c.string("sex.training")) ?? "")
    }

    /// The classifier shipped with bechdelcli (`Models/sex.model`, rebuilt as described in docs/MODELS.md).
    public static func shipped() throws -> SexClassifier {
        guard let url = Bundle.module.url(forResource: "sex", withExtension: "model", subdirectory: "Models")
                ?? Bundle.module.url(forResource: "sex", withExtension: "model") else {
            throw ModelContainerError(path: "Models/sex.model", kind: .unreadable, problem: "the shipped sex model is missing from the installation")
        }
        return try SexClassifier(container: ModelContainer(contentsOf: url.path))
    }

    /// The model as a container (layout in docs/AUDIO_MODEL_FORMAT.md, section names `sex.*`).
    public func container() -> ModelContainer {
        var c = ModelContainer()
        c.setString("model", Self.modelKind)
        c.setString("features", "c\(options.firstCepstrum)…c\(options.firstCepstrum + options.cepstra - 1) of the front end's MFCC rows, sliding mean normalisation over \(options.normalizationWindow) frames\(options.normalizeVariance ? " with variance" : ""), deltas ±\(options.deltaWindow)")
        c.setInts("sex.features", [options.firstCepstrum, options.cepstra, options.deltaWindow, options.normalizationWindow,
                                   options.normalizeVariance ? 1 : 0, options.minVoicedFrames].map { Int32($0) }, shape: [6])
        c.setFloats("sex.voicing", [options.minVoicingStrength], shape: [1])
        c.store(female, prefix: "sex.female")
        c.store(male, prefix: "sex.male")
        c.store(background, prefix: "sex.background")
        c.setFloats("sex.calibration.joint", [joint.weights[0], joint.weights[1], joint.bias].map { Float($0) }, shape: [3])
        c.setFloats("sex.calibration.gmm", [gmmOnly.weights[0], gmmOnly.bias].map { Float($0) }, shape: [2])
        if let cue = embeddingCue {
            c.setFloats("sex.embedding.weights", cue.classifier.weights.map { Float($0) }, shape: [cue.dimension])
            c.setFloats("sex.embedding.bias", [Float(cue.classifier.bias)], shape: [1])
            c.setFloats("sex.calibration.joint_embedding", (cue.joint.weights + [cue.joint.bias]).map { Float($0) }, shape: [4])
            c.setFloats("sex.calibration.gmm_embedding", (cue.gmmOnly.weights + [cue.gmmOnly.bias]).map { Float($0) }, shape: [3])
        }
        if !trainingNotes.isEmpty { c.setString("sex.training", trainingNotes) }
        return c
    }

    /// Front-end columns the classifier needs: the MFCC rows must have at least this many columns.
    public var requiredInputColumns: Int { options.firstCepstrum + options.cepstra }

    /// Classifier features of a speaker's MFCC rows (front-end layout c0…c19, log energy): the chosen
    /// cepstra with sliding mean normalisation, followed by their deltas.
    public static func features(_ mfcc: FeatureMatrix, options: SexClassifierOptions) -> FeatureMatrix {
        precondition(mfcc.cols >= options.firstCepstrum + options.cepstra,
                     "sex classifier needs \(options.firstCepstrum + options.cepstra) MFCC columns, got \(mfcc.cols)")
        let statics = mfcc.columns(Array(options.firstCepstrum..<(options.firstCepstrum + options.cepstra)))
        let normalized = slidingNormalized(statics, window: options.normalizationWindow, normalizeVariance: options.normalizeVariance)
        guard options.deltaWindow > 0 else { return normalized }
        return normalized.horizontallyConcatenated(with: deltas(statics, window: options.deltaWindow))
    }

    /// Log of the median F0 of frames with F0 > 0 and strength ≥ the threshold, with the count used;
    /// the log is nil when fewer than `minVoicedFrames` frames qualify.
    public static func logMedianF0(pitch: [Float], pitchStrength: [Float], options: SexClassifierOptions) -> (Double?, Int) {
        var voiced: [Float] = []
        for i in 0..<min(pitch.count, pitchStrength.count) where pitch[i] > 0 && pitchStrength[i] >= options.minVoicingStrength {
            voiced.append(pitch[i])
        }
        guard voiced.count >= max(1, options.minVoicedFrames) else { return (nil, voiced.count) }
        voiced.sort()
        let n = voiced.count
        let median = n % 2 == 1 ? Double(voiced[n / 2]) : 0.5 * (Double(voiced[n / 2 - 1]) + Double(voiced[n / 2]))
        return (log(median), n)
    }

    /// Scores of one speaker's speech frames (MFCC rows as produced by the front end), their pitch and,
    /// optionally, the speaker's unit-length mean embedding.
    public func scores(frames: FeatureMatrix, pitch: [Float], pitchStrength: [Float], embedding: [Float]? = nil) -> Scores {
        let (f0, voiced) = Self.logMedianF0(pitch: pitch, pitchStrength: pitchStrength, options: options)
        let cue = embedding.flatMap { e in embeddingCue.map { $0.logOdds(e) } }
        guard frames.rows > 0 else {
            return Scores(frames: 0, logLikelihoodRatio: nil, voicedFrames: voiced, logMedianF0: f0, embeddingLogOdds: cue)
        }
        let x = Self.features(frames, options: options)
        let llr = female.averageLogLikelihood(x) - male.averageLogLikelihood(x)
        return Scores(frames: frames.rows, logLikelihoodRatio: llr, voicedFrames: voiced, logMedianF0: f0, embeddingLogOdds: cue)
    }

    /// The calibrated decision for scores: every cue at hand (GMM, F0 when known, embedding when given);
    /// without any frame, the calibration's prior (confidence ≈ 0.5) or the embedding alone.
    /// Non-finite cues (a log-likelihood ratio of -inf - -inf on frames far from both GMMs) are evidence of
    /// nothing: NaN counts as absent and ±inf as a very large finite value; a probability the calibration cannot
    /// give (NaN, from a damaged model's coefficients) is 0.5, undecided, never NaN.
    public func decide(_ scores: Scores) -> SexDecision {
        func usable(_ x: Double?) -> Double? {
            guard let x, !x.isNaN else { return nil }
            return min(max(x, -1e6), 1e6)
        }
        let s = Scores(frames: scores.frames, logLikelihoodRatio: usable(scores.logLikelihoodRatio),
                       voicedFrames: scores.voicedFrames, logMedianF0: usable(scores.logMedianF0),
                       embeddingLogOdds: usable(scores.embeddingLogOdds))
        var p: Double
        if let e = s.embeddingLogOdds, let cue = embeddingCue {
            switch (s.logLikelihoodRatio, s.logMedianF0) {
            case let (llr?, f0?): p = cue.joint.probability([llr, f0, e])
            case let (llr?, nil): p = cue.gmmOnly.probability([llr, e])
            case (nil, _): p = cue.gmmOnly.probability([0, e])
            }
        } else {
            switch (s.logLikelihoodRatio, s.logMedianF0) {
            case let (llr?, f0?): p = joint.probability([llr, f0])
            case let (llr?, nil): p = gmmOnly.probability([llr])
            case (nil, _): p = gmmOnly.probability([0])
            }
        }
        if p.isNaN { p = 0.5 }
        return SexDecision(femaleProbability: p)
    }

    /// The sex of the speaker whose speech frames are given (the caller selects that speaker's frames).
    /// - Parameters:
    ///   - frames: MFCC rows of the front end (`FrameFeatures.mfcc` layout), at least `requiredInputColumns` columns.
    ///   - pitch: F0 per frame in Hz (0 = unvoiced), same frames.
    ///   - pitchStrength: voicing strength per frame (0…1), same frames.
    ///   - embedding: the speaker's unit-length mean speaker embedding, used when the model has an embedding cue.
    public func classify(frames: FeatureMatrix, pitch: [Float], pitchStrength: [Float], embedding: [Float]? = nil) -> SexDecision {
        decide(scores(frames: frames, pitch: pitch, pitchStrength: pitchStrength, embedding: embedding))
    }

    /// As `classify(frames:pitch:pitchStrength:)` when no voicing strength is at hand: every frame with
    /// F0 > 0 counts as voiced.
    public func classify(frames: FeatureMatrix, pitch: [Float]) -> SexDecision {
        classify(frames: frames, pitch: pitch, pitchStrength: [Float](repeating: 1, count: pitch.count))
    }
}
