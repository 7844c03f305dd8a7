import XCTest
import DSPKit

/// EM training recovers a known mixture, is deterministic for a seed and independent of the thread count.
final class GMMTrainingTests: XCTestCase {
    func testEMRecoversAKnownThreeComponentMixture() {
        let truth = GMMTestData.threeComponents
        let frames = GMMTestData.sample(truth, frames: 6000, seed: 42).frames
        let gmm = DiagonalGMM.train(frames, components: 3, iterations: 30, seed: 1)
        // Match learned components to true ones by nearest mean.
        for c in 0..<3 {
            let mu = Array(truth.means[(c * 3)..<(c * 3 + 3)])
            let best = (0..<3).min { a, b in
                dist(Array(gmm.means[(a * 3)..<(a * 3 + 3)]), mu) < dist(Array(gmm.means[(b * 3)..<(b * 3 + 3)]), mu)
            }!
            XCTAssertEqual(gmm.weights[best], truth.weights[c], accuracy: 0.02, "weight of component \(c)")
            for j in 0..<3 {
                XCTAssertEqual(gmm.means[best * 3 + j], truth.means[c * 3 + j], accuracy: 0.1, "mean \(c),\(j)")
                XCTAssertEqual(gmm.variances[best * 3 + j], truth.variances[c * 3 + j],
                               accuracy: 0.15 * truth.variances[c * 3 + j], "variance \(c),\(j)")
            }
        }
    }

    func testLogLikelihoodNeverDecreases() {
        let frames = GMMTestData.sample(GMMTestData.threeComponents, frames: 3000, seed: 5).frames
        var history: [Double] = []
        var options = GMMTrainingOptions(components: 6, iterations: 15, seed: 9)
        options.kMeansIterations = 1
        _ = DiagonalGMM.train(frames, options: options) { _, ll in history.append(ll) }
        XCTAssertEqual(history.count, 15)
        for i in 1..<history.count { XCTAssertGreaterThanOrEqual(history[i], history[i - 1] - 1e-9) }
    }

    func testSameSeedSameModelAndOtherSeedOtherInitialisation() {
        let frames = GMMTestData.sample(GMMTestData.threeComponents, frames: 2000, seed: 6).frames
        let a = DiagonalGMM.train(frames, components: 8, iterations: 3, seed: 123)
        let b = DiagonalGMM.train(frames, components: 8, iterations: 3, seed: 123)
        let c = DiagonalGMM.train(frames, components: 8, iterations: 3, seed: 124)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testResultDoesNotDependOnThreadCount() {
        // More frames than one statistics chunk so that several chunks are summed.
        let frames = GMMTestData.sample(GMMTestData.threeComponents, frames: GMMStatistics.chunkFrames * 2 + 777, seed: 7).frames
        let one = DiagonalGMM.train(frames, components: 4, iterations: 3, seed: 2, threads: 1)
        let three = DiagonalGMM.train(frames, components: 4, iterations: 3, seed: 2, threads: 3)
        XCTAssertEqual(one, three)
    }

    func testMoreComponentsThanDistinctFramesStillGivesAValidModel() {
        let frames = FeatureMatrix(rows: 3, cols: 2, data: [1, 1, 1, 1, 2, 2])
        let gmm = DiagonalGMM.train(frames, components: 5, iterations: 5, varianceFloor: 0.01)
        XCTAssertEqual(gmm.components, 5)
        XCTAssertTrue(gmm.variances.allSatisfy { $0 >= 0.01 && $0.isFinite })
        XCTAssertTrue(gmm.frameLogLikelihoods(frames).allSatisfy { $0.isFinite })
    }

    private func dist(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
}
