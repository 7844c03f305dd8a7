import XCTest
import DSPKit
import SeededRandom

/// The C scoring kernels against a direct double-precision evaluation of the mixture density.
final class GMMScoringTests: XCTestCase {
    /// A random model with many components and a dimension that is not a multiple of the vector width,
    /// and a frame count that is not a multiple of the kernel's batch.
    private func randomModel(components k: Int, dimension d: Int, seed: UInt64) -> DiagonalGMM {
        var rng = SeededGenerator(state: seed)
        let w = (0..<k).map { _ in Float(0.1 + rng.unit()) }
        let m = (0..<(k * d)).map { _ in Float(rng.unit() * 6 - 3) }
        let v = (0..<(k * d)).map { _ in Float(0.2 + rng.unit() * 2) }
        return DiagonalGMM(weights: w, means: m, variances: v)
    }

    func testFrameAndComponentLogLikelihoodsMatchDoublePrecision() {
        let gmm = randomModel(components: 37, dimension: 13, seed: 7)
        var rng = SeededGenerator(state: 8)
        let n = 53
        let frames = FeatureMatrix(rows: n, cols: 13, data: (0..<(n * 13)).map { _ in Float(rng.unit() * 8 - 4) })
        let total = gmm.frameLogLikelihoods(frames)
        let comps = gmm.componentLogLikelihoods(frames)
        XCTAssertEqual(total.count, n)
        for i in 0..<n {
            let x = Array(frames.data[(i * 13)..<((i + 1) * 13)])
            let ref = GMMTestData.referenceLogLikelihood(gmm, x)
            XCTAssertEqual(Double(total[i]), ref.total, accuracy: 1e-3 * max(1, abs(ref.total)), "frame \(i)")
            for c in 0..<37 {
                XCTAssertEqual(Double(comps[i * 37 + c]), ref.components[c], accuracy: 1e-3 * max(1, abs(ref.components[c])))
            }
        }
        let avg = gmm.averageLogLikelihood(frames)
        XCTAssertEqual(avg, total.reduce(0.0) { $0 + Double($1) } / Double(n), accuracy: 1e-9)
    }

    func testPosteriorsAreNormalisedAndMatchTheComponentLikelihoods() {
        let gmm = randomModel(components: 5, dimension: 4, seed: 3)
        let frames = GMMTestData.sample(gmm, frames: 40, seed: 4).frames
        let (post, ll) = gmm.posteriors(frames)
        let ref = gmm.frameLogLikelihoods(frames)
        for i in 0..<40 {
            let row = post[(i * 5)..<((i + 1) * 5)]
            XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-5)
            XCTAssertEqual(ll[i], ref[i], accuracy: 1e-5)
            let x = Array(frames.data[(i * 4)..<((i + 1) * 4)])
            let r = GMMTestData.referenceLogLikelihood(gmm, x)
            for c in 0..<5 {
                XCTAssertEqual(Double(post[i * 5 + c]), exp(r.components[c] - r.total), accuracy: 1e-4)
            }
        }
    }

    func testRowRangesScoreTheSameFramesAsTheWholeMatrix() {
        let gmm = randomModel(components: 8, dimension: 6, seed: 11)
        let frames = GMMTestData.sample(gmm, frames: 100, seed: 12).frames
        let all = gmm.frameLogLikelihoods(frames)
        XCTAssertEqual(gmm.frameLogLikelihoods(frames, rows: 17..<60), Array(all[17..<60]))
        XCTAssertEqual(gmm.frameLogLikelihoods(frames, rows: 5..<5), [])
        XCTAssertEqual(gmm.averageLogLikelihood(frames, rows: 5..<5), 0)
    }

    func testFarAwayFramesStayFinite() {
        let gmm = randomModel(components: 4, dimension: 3, seed: 5)
        let frames = FeatureMatrix(rows: 1, cols: 3, data: [1e4, -1e4, 1e4])
        let l = gmm.frameLogLikelihoods(frames)[0]
        XCTAssertTrue(l.isFinite)
        XCTAssertLessThan(l, -1e6)
        let post = gmm.posteriors(frames).posteriors
        XCTAssertEqual(post.reduce(0, +), 1, accuracy: 1e-5)
    }
}
