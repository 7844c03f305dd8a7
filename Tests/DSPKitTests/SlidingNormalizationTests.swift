import XCTest
@testable import DSPKit

/// Sliding CMVN against a direct computation of each frame's window statistics.
final class SlidingNormalizationTests: XCTestCase {
    /// Direct statistics of each sampled frame's window (every `step`-th frame; others stay 0).
    func direct(_ m: FeatureMatrix, window: Int, variance: Bool, step: Int) -> FeatureMatrix {
        var out = FeatureMatrix(rows: m.rows, cols: m.cols)
        let w = min(window, m.rows)
        for t in stride(from: 0, to: m.rows, by: step) {
            var start = max(0, t - w / 2)
            if start + w > m.rows { start = m.rows - w }
            for c in 0..<m.cols {
                let xs = (start..<(start + w)).map { Double(m[$0, c]) }
                let mean = xs.reduce(0, +) / Double(w)
                let v = max(1e-10, xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w))
                out[t, c] = Float(variance ? (Double(m[t, c]) - mean) / v.squareRoot() : Double(m[t, c]) - mean)
            }
        }
        return out
    }

    func testMatchesDirectComputation() {
        var state: UInt64 = 9
        let data: [Float] = (0..<(5000 * 3)).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 1000) / 100 + Float(i % 3) * 10 + Float(i / 3000)
        }
        let m = FeatureMatrix(rows: 5000, cols: 3, data: data)
        for (window, variance) in [(300, true), (301, false), (50, true)] {
            let fast = slidingNormalized(m, window: window, normalizeVariance: variance)
            let slow = direct(m, window: window, variance: variance, step: 7)
            for t in stride(from: 0, to: m.rows, by: 7) {
                for c in 0..<3 { XCTAssertEqual(fast[t, c], slow[t, c], accuracy: 1e-4, "window \(window) frame \(t)") }
            }
        }
    }

    func testShortInputUsesAllFrames() {
        let m = FeatureMatrix(rows: 4, cols: 1, data: [1, 2, 3, 4])
        let n = slidingNormalized(m, window: 300, normalizeVariance: false)
        XCTAssertEqual(n.data, [-1.5, -0.5, 0.5, 1.5])
        let constant = slidingNormalized(FeatureMatrix(rows: 3, cols: 1, data: [2, 2, 2]))
        XCTAssertTrue(constant.data.allSatisfy { $0 == 0 }, "constant features: zero, not NaN")
    }
}
