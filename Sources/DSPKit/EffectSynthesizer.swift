import Foundation

/// Synthesises film-like non-speech sounds (impacts, door slams, footsteps, wind, rain, mains hum,
/// engine rumble, sirens) from a seed, so the speech activity model learns "not speech" for effects
/// without any recorded sound library, and retraining gives the same model.
///
/// Everything is 16 kHz mono; outputs are normalised to unit RMS (bursts: unit peak) for the caller to scale.
public struct EffectSynthesizer {
    /// Sample rate of every output, Hz.
    public static let sampleRate = 16000.0

    /// The kinds of sound generated.
    public enum Kind: String, CaseIterable, Sendable {
        case impact, door, footsteps, wind, rain, hum, rumble, siren
    }

    private var rng: SeededGenerator

    public init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    // MARK: randomness

    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextUnit() }

    mutating func gaussian() -> Double {
        // Box–Muller on (0, 1] uniforms
        let u = 1 - rng.nextUnit(), v = rng.nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    mutating func noise(_ n: Int) -> [Double] { (0..<n).map { _ in gaussian() } }

    /// A random index in 0..<n.
    public mutating func randomKindIndex(_ n: Int) -> Int { rng.nextIndex(n) }

    /// A random kind.
    public mutating func randomKind() -> Kind { Kind.allCases[rng.nextIndex(Kind.allCases.count)] }

    /// One sound of `kind`, about `seconds` long for continuous kinds (bursts choose their own length).
    public mutating func make(_ kind: Kind, seconds: Double) -> [Float] {
        let n = max(1, Int(seconds * Self.sampleRate))
        var x: [Double]
        switch kind {
        case .impact: x = impact()
        case .door: x = door()
        case .footsteps: x = footsteps()
        case .wind: x = wind(n)
        case .rain: x = rain(n)
        case .hum: x = hum(n)
        case .rumble: x = rumble(n)
        case .siren: x = siren(n)
        }
        let burst = kind == .impact || kind == .door || kind == .footsteps
        let scale = burst ? 1 / max(1e-12, x.map(abs).max() ?? 1) : 1 / max(1e-12, Self.rms(x))
        return x.map { Float($0 * scale) }
    }

    /// A mixture of `seconds` of effects: one continuous bed plus bursts at random times.
    public mutating func scene(seconds: Double) -> [Float] {
        let n = Int(seconds * Self.sampleRate)
        let beds: [Kind] = [.wind, .rain, .hum, .rumble, .siren]
        var out = make(beds[rng.nextIndex(beds.count)], seconds: seconds).map { Double($0) * pow(10, uniform(-20, 0) / 20) }
        let bursts = 1 + rng.nextIndex(Int(max(1, seconds / 2)))
        for _ in 0..<bursts {
            let kinds: [Kind] = [.impact, .door, .footsteps]
            let b = make(kinds[rng.nextIndex(kinds.count)], seconds: 1)
            let at = rng.nextIndex(max(1, n - b.count))
            let g = pow(10, uniform(-6, 6) / 20)
            for i in 0..<min(b.count, n - at) { out[at + i] += Double(b[i]) * g }
        }
        let r = Self.rms(out)
        return out.map { Float($0 / max(r, 1e-12)) }
    }

    // MARK: sounds

    private mutating func impact() -> [Double] {
        let n = Int(uniform(0.15, 0.8) * Self.sampleRate)
        let tau = uniform(0.03, 0.2)
        var x = noise(n)
        for i in 0..<n { x[i] *= exp(-Double(i) / Self.sampleRate / tau) }
        return Biquad.lowPass(uniform(200, 3000)).run(x)
    }

    private mutating func door() -> [Double] {
        let n = Int(uniform(0.4, 1.0) * Self.sampleRate)
        let tau = uniform(0.05, 0.15), ringTau = uniform(0.05, 0.2), f = uniform(80, 220)
        var body = noise(n)
        for i in 0..<n { body[i] *= exp(-Double(i) / Self.sampleRate / tau) }
        body = Biquad.lowPass(uniform(150, 600)).run(Biquad.lowPass(uniform(150, 600)).run(body))
        let r = Self.rms(body)
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let t = Double(i) / Self.sampleRate
            out[i] = body[i] / max(r, 1e-12) * 0.3 + 0.5 * sin(2 * .pi * f * t) * exp(-t / ringTau)
        }
        for i in 0..<min(n, 160) { out[i] += 0.6 * gaussian() }
        return out
    }

    private mutating func footsteps() -> [Double] {
        let steps = 4 + rng.nextIndex(8)
        let period = uniform(0.4, 0.7)
        let n = Int((Double(steps) * period + 0.3) * Self.sampleRate)
        var out = [Double](repeating: 0, count: n)
        let filter = Biquad.lowPass(uniform(800, 3000))
        let m = Int(0.08 * Self.sampleRate)
        for k in 0..<steps {
            var step = noise(m)
            for i in 0..<m { step[i] *= exp(-Double(i) / Self.sampleRate / 0.015) }
            step = filter.run(step)
            let g = uniform(0.6, 1.0)
            let at = max(0, Int((Double(k) * period + uniform(-0.03, 0.03) + 0.05) * Self.sampleRate))
            for i in 0..<m where at + i < n { out[at + i] += step[i] * g }
        }
        return out
    }

    /// Brown-ish noise: leaky integration of white noise.
    private mutating func brown(_ n: Int) -> [Double] {
        var y = 0.0
        return noise(n).map { y = 0.995 * y + 0.05 * $0; return y }
    }

    private mutating func wind(_ n: Int) -> [Double] {
        let x = Biquad.lowPass(uniform(300, 900)).run(brown(n))
        let rate = uniform(0.05, 0.3), phase = uniform(0, 2 * .pi)
        return x.enumerated().map { $1 * (0.6 + 0.4 * sin(2 * .pi * rate * Double($0) / Self.sampleRate + phase)) }
    }

    private mutating func rain(_ n: Int) -> [Double] {
        var x = Biquad.highPass(uniform(1000, 3000)).run(noise(n))
        let drops = Int(Double(n) / Self.sampleRate * uniform(20, 80))
        var clicks = [Double](repeating: 0, count: n)
        for _ in 0..<drops { clicks[rng.nextIndex(n)] = uniform(1, 4) * 20 }
        clicks = Biquad.highPass(4000).run(clicks)
        for i in 0..<n { x[i] += clicks[i] }
        return x
    }

    private mutating func hum(_ n: Int) -> [Double] {
        let f0 = rng.nextIndex(2) == 0 ? 50.0 : 60.0
        let phases = (0..<5).map { _ in uniform(0, 2 * .pi) }
        return (0..<n).map { i in
            let t = Double(i) / Self.sampleRate
            var s = 0.0
            for k in 1...5 { s += sin(2 * .pi * f0 * Double(k) * t + phases[k - 1]) / Double(k) }
            return s
        }
    }

    private mutating func rumble(_ n: Int) -> [Double] {
        // engine: low-passed noise plus a firing-rate harmonic series with slow speed changes
        let x = Biquad.lowPass(uniform(120, 350)).run(brown(n))
        let rx = Self.rms(x)
        let f0 = uniform(25, 70), wobble = uniform(0.5, 3)
        var phase = 0.0
        return (0..<n).map { i in
            let t = Double(i) / Self.sampleRate
            phase += 2 * .pi * f0 * (1 + 0.1 * sin(2 * .pi * 0.2 * t)) / Self.sampleRate
            var h = 0.0
            for k in 1...6 { h += sin(Double(k) * phase) / Double(k) }
            return x[i] / max(rx, 1e-12) * (0.8 + 0.2 * sin(2 * .pi * wobble * t)) + 0.5 * h
        }
    }

    private mutating func siren(_ n: Int) -> [Double] {
        // two-tone or wailing siren with harmonics
        let low = uniform(500, 800), high = low * uniform(1.2, 1.6), rate = uniform(0.2, 1.5)
        let wail = rng.nextIndex(2) == 0
        var phase = 0.0
        return (0..<n).map { i in
            let t = Double(i) / Self.sampleRate
            let f = wail ? low + (high - low) * (0.5 + 0.5 * sin(2 * .pi * rate * t))
                         : (Int(t * rate * 2) % 2 == 0 ? low : high)
            phase += 2 * .pi * f / Self.sampleRate
            return sin(phase) + 0.3 * sin(2 * phase) + 0.1 * sin(3 * phase)
        }
    }

    /// `x` in a synthetic room: a Schroeder reverberator (four parallel feedback combs, two all-passes) with
    /// reverberation time `rt60` seconds, mixed `directToReverberantDB` above the reverberant part. O(n).
    public static func reverberate(_ x: [Float], rt60: Double, directToReverberantDB: Double) -> [Float] {
        let delays = [1557, 1617, 1491, 1422].map { Int(Double($0) * sampleRate / 44100 * 1.0) }
        var wet = [Double](repeating: 0, count: x.count)
        for d in delays {
            let g = pow(10, -3 * Double(d) / sampleRate / rt60)
            var line = [Double](repeating: 0, count: d)
            var k = 0
            for i in 0..<x.count {
                let out = line[k]
                line[k] = Double(x[i]) + g * out
                k = (k + 1) % d
                wet[i] += out
            }
        }
        for d in [225, 556].map({ Int(Double($0) * sampleRate / 44100) }) {
            var line = [Double](repeating: 0, count: d)
            var k = 0
            for i in 0..<wet.count {
                let delayed = line[k]
                let v = wet[i] + 0.5 * delayed
                line[k] = v
                wet[i] = delayed - 0.5 * v
                k = (k + 1) % d
            }
        }
        let dry = x.map(Double.init)
        let scale = rms(dry) / max(rms(wet), 1e-12) * pow(10, -directToReverberantDB / 20)
        return (0..<x.count).map { Float(dry[$0] + wet[$0] * scale) }
    }

    static func rms(_ x: [Double]) -> Double {
        if x.isEmpty { return 0 }
        var s = 0.0
        for v in x { s += v * v }
        return (s / Double(x.count)).squareRoot()
    }
}

/// A second-order IIR section (RBJ audio-EQ cookbook), for the synthesiser's colouring.
struct Biquad {
    var b0, b1, b2, a1, a2: Double

    static func lowPass(_ f: Double, q: Double = 0.7071) -> Biquad { make(f, q, kind: 0) }
    static func highPass(_ f: Double, q: Double = 0.7071) -> Biquad { make(f, q, kind: 1) }

    /// Peaking equaliser: `gainDB` at `f`, bandwidth set by `q`.
    static func peaking(_ f: Double, gainDB: Double, q: Double) -> Biquad {
        let a = pow(10, gainDB / 40), w = 2 * Double.pi * f / EffectSynthesizer.sampleRate
        let alpha = sin(w) / (2 * q), c = cos(w)
        let a0 = 1 + alpha / a
        return Biquad(b0: (1 + alpha * a) / a0, b1: -2 * c / a0, b2: (1 - alpha * a) / a0,
                      a1: -2 * c / a0, a2: (1 - alpha / a) / a0)
    }

    private static func make(_ f: Double, _ q: Double, kind: Int) -> Biquad {
        let w = 2 * Double.pi * min(f, EffectSynthesizer.sampleRate * 0.45) / EffectSynthesizer.sampleRate
        let alpha = sin(w) / (2 * q), c = cos(w)
        let a0 = 1 + alpha
        if kind == 0 {
            return Biquad(b0: (1 - c) / 2 / a0, b1: (1 - c) / a0, b2: (1 - c) / 2 / a0, a1: -2 * c / a0, a2: (1 - alpha) / a0)
        }
        return Biquad(b0: (1 + c) / 2 / a0, b1: -(1 + c) / a0, b2: (1 + c) / 2 / a0, a1: -2 * c / a0, a2: (1 - alpha) / a0)
    }

    func run(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: x.count)
        var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
        for i in 0..<x.count {
            let v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
            x2 = x1; x1 = x[i]; y2 = y1; y1 = v
            y[i] = v
        }
        return y
    }
}
