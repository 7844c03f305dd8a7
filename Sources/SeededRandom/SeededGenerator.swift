/// SplitMix64: the one random source of every training and benchmark in the project (GMM initialisation, row and
/// feature subsampling, folds, k-means, synthetic test data), seeded explicitly so that the same seed gives the
/// same model on every platform and Swift version (the standard library's generators promise neither).
///
/// Two seedings exist because the models were built with them and must stay reproducible: `init(seed:)` (the
/// predictor: training, cross-validation, k-means) offsets the seed by the generator's increment;
/// `init(state:)` (the audio side: GMM training, benchmarks, test data) starts from the seed as it is.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// SplitMix64's increment (2^64 / φ).
    static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The predictor's seeding.
    public init(seed: UInt64) { state = seed &+ Self.increment }

    /// The audio side's seeding: `state` is SplitMix64's state before the first number.
    public init(state: UInt64) { self.state = state }

    /// A generator for a sub-task (round, fold…), independent of how many numbers others drew.
    public init(seed: UInt64, stream: UInt64) {
        var g = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = g.next()
    }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in 0..<n (n > 0) by a modulo: bias below 2^-40 for n ≪ 2^24 (the predictor's use).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Uniform in 0..<n (n ≥ 1) by rejection: exactly unbiased (GMM initialisation).
    public mutating func index(below n: Int) -> Int {
        precondition(n >= 1)
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let v = next()
            if v < limit { return Int(v % bound) }
        }
    }

    /// An index drawn with probability proportional to `weights` (non-negative, summing to `total` > 0): one
    /// uniform number walked down the cumulative sum, the last index if rounding leaves it unspent. k-means++
    /// seeding (of the GMMs' initial means and of the film clusters) draws its next centre this way.
    public mutating func index(weights: [Double], total: Double) -> Int {
        var target = unit() * total
        for (i, w) in weights.enumerated() {
            target -= w
            if target < 0 { return i }
        }
        return weights.count - 1
    }
}
