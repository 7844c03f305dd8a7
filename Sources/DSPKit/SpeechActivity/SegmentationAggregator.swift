import Foundation

/// Combines the segmentation network's outputs of overlapping windows into one score per frame of the whole
/// film, as pyannote does: each window's frames are weighted by a Hamming window over the window (frames near
/// a window's edges saw little context) and the weighted scores are averaged.
///
/// Windows may arrive in any order; the sums grow with the film (four floats per 16.875 ms frame).
struct SegmentationAggregator {
    let framesPerWindow: Int
    let frameStep: Int
    let frameDuration: Int
    let sampleRate: Int
    private let weights: [Double]
    private var speechSum: [Double] = []
    private var overlapSum: [Double] = []
    private var weightSum: [Double] = []

    init(framesPerWindow: Int, frameStep: Int, frameDuration: Int, sampleRate: Int) {
        precondition(framesPerWindow >= 1 && frameStep >= 1)
        self.framesPerWindow = framesPerWindow
        self.frameStep = frameStep
        self.frameDuration = frameDuration
        self.sampleRate = sampleRate
        let n = framesPerWindow
        weights = (0..<n).map { n == 1 ? 1 : 0.54 - 0.46 * cos(2 * Double.pi * Double($0) / Double(n - 1)) }
    }

    /// Adds one window that starts at sample `start`: `probabilities` holds framesPerWindow × `classes` values
    /// (class 0 = nobody speaks; classes `overlapClasses` = two speakers at once).
    mutating func add(start: Int, probabilities: UnsafePointer<Float>, classes: Int, overlapClasses: [Int]) {
        let first = Int((Double(start) / Double(frameStep)).rounded(.toNearestOrEven))
        let end = first + framesPerWindow
        if weightSum.count < end {
            let grow = end - weightSum.count
            speechSum.append(contentsOf: repeatElement(0, count: grow))
            overlapSum.append(contentsOf: repeatElement(0, count: grow))
            weightSum.append(contentsOf: repeatElement(0, count: grow))
        }
        for f in 0..<framesPerWindow {
            let row = probabilities + f * classes
            var overlap = 0.0
            for c in overlapClasses { overlap += Double(row[c]) }
            let w = weights[f]
            speechSum[first + f] += w * (1 - Double(row[0]))
            overlapSum[first + f] += w * overlap
            weightSum[first + f] += w
        }
    }

    /// The averaged scores for a film of `totalSamples` samples: floor(duration / frame step) + 1 frames
    /// (pyannote's count); frames no window covered score 0.
    func scores(totalSamples: Int) -> SegmentationScores {
        let n = max(1, Int((Double(totalSamples) / Double(frameStep)).rounded(.down)) + 1)
        var speech = [Float](repeating: 0, count: n), overlap = [Float](repeating: 0, count: n)
        for i in 0..<min(n, weightSum.count) where weightSum[i] > 0 {
            speech[i] = Float(speechSum[i] / weightSum[i])
            overlap[i] = Float(overlapSum[i] / weightSum[i])
        }
        return SegmentationScores(frameStep: frameStep, frameDuration: frameDuration, sampleRate: sampleRate,
                                  speech: speech, overlap: overlap)
    }
}
