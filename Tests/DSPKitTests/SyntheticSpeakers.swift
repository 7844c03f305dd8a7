import Foundation

/// Seeded synthetic "speakers" for diarization tests: each speaker is a Gaussian over 21 feature columns
/// (the front end's layout) with its own mean and per-column scale; frames are drawn i.i.d.
struct SyntheticSpeakers {
    static let columns = 21
    var means: [[Float]]
    var scales: [[Float]]
    private var state: UInt64

    init(count: Int, separation: Float = 3, seed: UInt64) {
        state = seed
        means = []
        scales = []
        for _ in 0..<count {
            var m: [Float] = [], s: [Float] = []
            for _ in 0..<SyntheticSpeakers.columns {
                m.append(separation * Float(nextGaussian()))
                s.append(1 + Float(nextUniform()))
            }
            means.append(m)
            scales.append(s)
        }
    }

    mutating func nextUniform() -> Double {
        // SplitMix64
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }

    mutating func nextGaussian() -> Double {
        let u1 = max(nextUniform(), 1e-12), u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Appends `frames` rows of speaker `speaker` to a row-major matrix.
    mutating func append(speaker: Int, frames: Int, to data: inout [Float]) {
        for _ in 0..<frames {
            for c in 0..<SyntheticSpeakers.columns {
                data.append(means[speaker][c] + scales[speaker][c] * Float(nextGaussian()))
            }
        }
    }
}
