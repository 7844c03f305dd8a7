import Foundation

/// Trains the speech activity model from an audio manifest, so users can rebuild the shipped model
/// (or adapt it to their own material) with one command.
///
/// Training material per class, all generated deterministically from `seed`:
/// - speech: every speech file three times — over faint room tone, under music (a random music file of
///   the manifest) and under synthetic effects, both at a random 0–20 dB SNR — each with its own gain and
///   channel colouring, the mixed ones often in a synthetic reverberant room; only the frames where the
///   clean utterance is active are used;
/// - music: every music file, alone and over a faint effects bed;
/// - noise: every noise file of the manifest plus `syntheticNoiseSeconds` of synthetic film effects.
/// Silence is decided by level at detection time and needs no model.
public enum SpeechActivityTrainer {
    /// Trains the three class GMMs and returns the model container (write it with `write(to:)`).
    /// - Parameter log: progress lines for the command line (optional).
    public static func train(manifest: AudioManifest, options: SpeechActivityOptions = .init(), seed: UInt64 = 1,
                             threads: Int = 1, log: ((String) -> Void)? = nil) throws -> ModelContainer {
        if let problem = options.problem { throw TrainingError(problem: problem) }
        let speechEntries = manifest.entries(of: .speech)
        let musicEntries = manifest.entries(of: .music)
        let noiseEntries = manifest.entries(of: .noise)
        guard !speechEntries.isEmpty else { throw TrainingError(problem: "the manifest has no speech files") }
        guard !musicEntries.isEmpty else { throw TrainingError(problem: "the manifest has no music files") }

        let frontEnd = try FeatureExtractor(options: FrontEndOptions())
        let layout = (cepstra: options.cepstra, delta: options.deltaWindow, window: options.normalizationWindow)
        // a detector without models, for its level rule
        let gate = LevelGate(options: options)
        let dim = 2 * options.cepstra + 1

        func input(_ samples: [Float]) -> (x: FeatureMatrix, quiet: [Bool], mfcc: FeatureMatrix) {
            let f = frontEnd.features(samples: samples, threads: threads)
            let x = SpeechActivityDetector.classifierInput(mfcc: f.mfcc, rows: 0..<f.mfcc.rows, cepstra: layout.cepstra,
                                                           deltaWindow: layout.delta, normalizationWindow: layout.window)
            return (x, gate.quiet(f.mfcc), f.mfcc)
        }

        log?("loading \(musicEntries.count) music files")
        let music = try musicEntries.map { try loadAudio($0.path) }

        // speech
        var speech: [Float] = []
        for (i, entry) in speechEntries.enumerated() {
            var rng = EffectSynthesizer(seed: mix(seed, 1, UInt64(i)))
            let clean = try loadAudio(entry.path)
            if clean.count < 4000 { continue }
            let cleanFeatures = frontEnd.features(samples: clean, threads: threads)
            let active = activeFrames(cleanFeatures.mfcc)
            for variant in 0..<3 {
                var x = colour(clean, &rng).map { $0 * Float(pow(10, rng.uniform(-12, 0) / 20)) }
                if variant > 0 && rng.uniform(0, 1) < options.reverberantFraction {
                    x = EffectSynthesizer.reverberate(x, rt60: rng.uniform(0.2, 0.9), directToReverberantDB: rng.uniform(-3, 10))
                }
                let level = rms(x, mask: nil)
                var background: [Float]
                var snr: Double
                switch variant {
                case 0:
                    background = rng.make(.rumble, seconds: Double(x.count) / 16000)
                    snr = rng.uniform(35, 50)
                case 1:
                    background = excerpt(music[i % music.count], count: x.count, &rng)
                    snr = rng.uniform(options.minTrainingSNR, options.maxTrainingSNR)
                default:
                    background = rng.scene(seconds: Double(x.count) / 16000 + 0.01)
                    snr = rng.uniform(options.minTrainingSNR, options.maxTrainingSNR)
                }
                let g = Float(Double(level) * pow(10, -snr / 20) / max(1e-9, Double(rms(background, mask: nil))))
                for k in 0..<x.count { x[k] += background[k % background.count] * g }
                let (m, quiet, _) = input(x)
                for r in 0..<min(m.rows, active.count) where active[r] && !quiet[r] {
                    speech.append(contentsOf: m.data[(r * dim)..<((r + 1) * dim)])
                }
            }
            if (i + 1) % 25 == 0 { log?("speech: \(i + 1)/\(speechEntries.count) files") }
        }

        // music
        var musicFrames: [Float] = []
        for (i, piece) in music.enumerated() {
            var rng = EffectSynthesizer(seed: mix(seed, 2, UInt64(i)))
            for variant in 0..<2 {
                var x = piece.map { $0 * Float(pow(10, rng.uniform(-12, 0) / 20)) }
                if variant == 1 {
                    let bed = rng.make([.wind, .rain, .hum, .rumble][i % 4], seconds: Double(x.count) / 16000 + 0.01)
                    let g = Float(Double(rms(x, mask: nil)) * pow(10, -rng.uniform(15, 30) / 20))
                    for k in 0..<x.count { x[k] += bed[k % bed.count] * g }
                }
                let (m, quiet, _) = input(x)
                for r in 0..<m.rows where !quiet[r] { musicFrames.append(contentsOf: m.data[(r * dim)..<((r + 1) * dim)]) }
            }
        }
        log?("music: \(musicFrames.count / dim) frames")

        // noise and effects
        var noiseFrames: [Float] = []
        for entry in noiseEntries {
            let (m, quiet, _) = input(try loadAudio(entry.path))
            for r in 0..<m.rows where !quiet[r] { noiseFrames.append(contentsOf: m.data[(r * dim)..<((r + 1) * dim)]) }
        }
        var synth = EffectSynthesizer(seed: mix(seed, 3, 0))
        var made = 0.0
        var clip = 0
        while made < options.syntheticNoiseSeconds {
            let seconds = 15.0
            var x: [Float]
            if clip % 3 == 2 {
                // isolated bursts over near silence
                x = [Float](repeating: 0, count: Int(seconds * 16000))
                for _ in 0..<6 {
                    let b = synth.make([.impact, .door, .footsteps][synth.randomKindIndex(3)], seconds: 1)
                    let at = Int(synth.uniform(0, Double(x.count - b.count - 1)))
                    for k in 0..<b.count { x[at + k] += b[k] * 0.3 }
                }
                let floor = synth.make(.wind, seconds: seconds)
                for k in 0..<x.count { x[k] += floor[k] * 0.003 }
            } else {
                x = synth.scene(seconds: seconds).map { $0 * 0.1 }
            }
            let (m, quiet, _) = input(x)
            for r in 0..<m.rows where !quiet[r] { noiseFrames.append(contentsOf: m.data[(r * dim)..<((r + 1) * dim)]) }
            made += seconds
            clip += 1
        }
        log?("speech: \(speech.count / dim) frames, noise: \(noiseFrames.count / dim) frames")

        var models: [DiagonalGMM] = []
        for (k, frames) in [speech, musicFrames, noiseFrames].enumerated() {
            let subset = subsample(frames, dimension: dim, limit: options.maxFramesPerClass, seed: mix(seed, 4, UInt64(k)))
            guard subset.rows >= options.componentsPerClass else {
                throw TrainingError(problem: "too few \(SpeechActivityDetector.modelClasses[k]) frames (\(subset.rows)) for \(options.componentsPerClass) components")
            }
            let gmm = DiagonalGMM.train(subset, options: GMMTrainingOptions(components: options.componentsPerClass,
                                                                            iterations: options.trainingIterations,
                                                                            varianceFloor: 1e-3, seed: mix(seed, 5, UInt64(k))),
                                        threads: threads)
            log?("\(SpeechActivityDetector.modelClasses[k]): \(subset.rows) frames, average log-likelihood \(gmm.averageLogLikelihood(subset))")
            models.append(gmm)
        }
        let detector = SpeechActivityDetector(models: models, cepstra: layout.cepstra, deltaWindow: layout.delta,
                                              normalizationWindow: layout.window, options: options)
        var container = detector.container
        container.setString("sad.training", "speech files \(speechEntries.count), music files \(musicEntries.count), noise files \(noiseEntries.count), synthetic noise \(Int(options.syntheticNoiseSeconds)) s, \(options.componentsPerClass) components, \(options.trainingIterations) iterations, seed \(seed)")
        return container
    }

    /// A training problem (bad options or manifest), in one line.
    public struct TrainingError: Error, CustomStringConvertible {
        public let problem: String
        public var description: String { "speech activity training: \(problem)" }
    }

    // MARK: - helpers

    /// The level rule of the detector (silence), without models.
    struct LevelGate {
        let options: SpeechActivityOptions
        func quiet(_ mfcc: FeatureMatrix) -> [Bool] {
            SpeechActivityDetector.quietFrames(mfcc, options: options)
        }
    }

    /// Frames of a clean utterance within 30 dB of its loud level (95th percentile).
    static func activeFrames(_ mfcc: FeatureMatrix) -> [Bool] {
        var o = SpeechActivityOptions()
        o.silenceRange = 30
        o.silenceLevel = -55
        return SpeechActivityDetector.quietFrames(mfcc, options: o).map { !$0 }
    }

    static func loadAudio(_ path: String) throws -> [Float] {
        let stream = try MonoAudioStream(path: path, targetSampleRate: 16000)
        var out: [Float] = []
        while let block = try stream.nextBlock() { out += block }
        return out
    }

    static func rms(_ x: [Float], mask: [Bool]?) -> Float {
        var s = 0.0
        for v in x { s += Double(v) * Double(v) }
        return Float((s / Double(max(1, x.count))).squareRoot())
    }

    static func excerpt(_ piece: [Float], count: Int, _ rng: inout EffectSynthesizer) -> [Float] {
        if piece.isEmpty { return [Float](repeating: 0, count: count) }
        let start = Int(rng.uniform(0, Double(max(1, piece.count - count))))
        return (0..<count).map { piece[(start + $0) % piece.count] }
    }

    /// Random band limits and a peaking boost or cut, as a recording channel would add.
    static func colour(_ x: [Float], _ rng: inout EffectSynthesizer) -> [Float] {
        var y = x.map(Double.init)
        y = Biquad.highPass(rng.uniform(50, 300)).run(y)
        y = Biquad.lowPass(rng.uniform(3400, 7800)).run(y)
        y = Biquad.peaking(rng.uniform(300, 3000), gainDB: rng.uniform(-6, 6), q: rng.uniform(0.7, 2)).run(y)
        return y.map { Float($0) }
    }

    /// At most `limit` rows, a seeded random subset kept in original order.
    static func subsample(_ data: [Float], dimension: Int, limit: Int, seed: UInt64) -> FeatureMatrix {
        let rows = data.count / dimension
        if rows <= limit { return FeatureMatrix(rows: rows, cols: dimension, data: data) }
        var idx = Array(0..<rows)
        var g = SeededGenerator(seed: seed)
        for i in 0..<limit {
            let j = i + g.nextIndex(rows - i)
            idx.swapAt(i, j)
        }
        let keep = idx[0..<limit].sorted()
        var out = [Float]()
        out.reserveCapacity(limit * dimension)
        for r in keep { out.append(contentsOf: data[(r * dimension)..<((r + 1) * dimension)]) }
        return FeatureMatrix(rows: limit, cols: dimension, data: out)
    }

    static func mix(_ seed: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        var g = SeededGenerator(seed: seed ^ (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F))
        return g.next()
    }
}
