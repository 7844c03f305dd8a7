import Foundation
import SeededRandom

/// Seeded synthetic "speakers" for diarization tests: each speaker is a Gaussian over 21 feature columns
/// (the front end's layout) with its own mean and per-column scale; frames are drawn i.i.d.
struct SyntheticSpeakers {
    static let columns = 21
    var means: [[Float]]
    var scales: [[Float]]
    private var generator: SeededGenerator

    init(count: Int, separation: Float = 3, seed: UInt64) {
        generator = SeededGenerator(state: seed)
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

    mutating func nextUniform() -> Double { generator.unit() }

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
