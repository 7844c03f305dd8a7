/// SplitMix64: the one random source of training (row and feature subsampling, fold assignment), seeded
/// explicitly so that the same seed always gives the same model on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// A generator for a sub-task (round, fold…), independent of how many numbers others drew.
    public init(seed: UInt64, stream: UInt64) {
        var g = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = g.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in 0..<n (n > 0), without modulo bias worth caring about for n ≪ 2^64.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
