import Foundation

/// Cuts speech regions into speaker-homogeneous segments: speaker change detection by the BIC on two
/// adjacent sliding windows of full-covariance Gaussians (Chen & Gopalakrishnan 1998), followed by
/// linear clustering of adjacent segments (as LIUM SpkDiarization) to undo spurious cuts.
///
/// Works on a row-major feature matrix (one row per frame) and frame ranges; runs in time linear in the
/// number of frames, so a whole film is cheap. Over-segmentation is harmless (clustering merges),
/// a missed change mixes two speakers in one segment, so the change penalty is kept permissive.
public struct SpeakerSegmenter: Sendable {
    public var options: DiarizationOptions

    public init(options: DiarizationOptions = .init()) { self.options = options }

    /// Segments of the speech `regions` (frame ranges, in time order, non-overlapping) of the matrix
    /// `data` (`rows` × `stride`, row-major). Returns contiguous frame ranges in time order; each lies
    /// inside one region and together they cover every region exactly.
    public func segment(data: [Float], rows: Int, stride: Int, regions: [Range<Int>]) -> [Range<Int>] {
        var segments: [Range<Int>] = []
        for raw in regions {
            let region = max(0, raw.lowerBound)..<min(rows, raw.upperBound)
            if region.isEmpty { continue }
            let cuts = changePoints(data: data, stride: stride, region: region)
            var pieces: [Range<Int>] = []
            var start = region.lowerBound
            for c in cuts { pieces.append(start..<c); start = c }
            pieces.append(start..<region.upperBound)
            segments.append(contentsOf: linearlyClustered(data: data, stride: stride, pieces: pieces))
        }
        return segments
    }

    /// ΔBIC curve and accepted change points (absolute frame indices, increasing) inside one region.
    public func changePoints(data: [Float], stride: Int, region: Range<Int>) -> [Int] {
        let scores = changeScores(data: data, stride: stride, region: region)
        // Accept the strongest positive peaks first, keeping a minimum distance between changes.
        let order = scores.indices.sorted { scores[$0].score != scores[$1].score ? scores[$0].score > scores[$1].score : scores[$0].frame < scores[$1].frame }
        var accepted: [Int] = []
        for i in order {
            let (t, s) = scores[i]
            if !(s > 0) { break }
            if accepted.allSatisfy({ abs($0 - t) >= options.minimumChangeDistance }) { accepted.append(t) }
        }
        return accepted.sorted()
    }

    /// ΔBIC of "two speakers" at each candidate frame of a region (window pairs [t−w, t) and [t, t+w)).
    public func changeScores(data: [Float], stride: Int, region: Range<Int>) -> [(frame: Int, score: Double)] {
        let step = max(1, options.changeStep)
        let length = region.count
        var w = min(options.changeWindow, length / 2)
        w = (w / step) * step
        guard w >= max(options.minimumChangeWindow, step), length >= 2 * w else { return [] }
        let columns = options.featureColumns
        let d = columns.count
        let base = region.lowerBound
        func block(_ r: Range<Int>) -> GaussianStatistics {
            GaussianStatistics(data: data, stride: stride, rows: r, columns: columns)
        }
        var left = block(base..<(base + w))
        var right = block((base + w)..<(base + 2 * w))
        let penalty = options.changePenalty * 0.5 * GaussianStatistics.parameterCount(dimension: d) * log(Double(2 * w))
        var scores: [(frame: Int, score: Double)] = []
        var t = base + w
        while true {
            let glr = GaussianStatistics.generalizedLikelihoodRatio(left, right, ridge: options.covarianceRidge)
            scores.append((t, glr - penalty))
            let next = t + step
            if next + w > region.upperBound { break }
            let moving = block(t..<next)
            left.add(moving)
            left.subtract(block((t - w)..<(next - w)))
            right.subtract(moving)
            right.add(block((t + w)..<(next + w)))
            t = next
        }
        return scores
    }

    /// Merges adjacent pieces while the BIC prefers one Gaussian for the pair (left to right).
    func linearlyClustered(data: [Float], stride: Int, pieces: [Range<Int>]) -> [Range<Int>] {
        guard pieces.count > 1 else { return pieces }
        let columns = options.featureColumns
        var out: [Range<Int>] = []
        var current = pieces[0]
        var currentStats = GaussianStatistics(data: data, stride: stride, rows: current, columns: columns)
        for piece in pieces.dropFirst() {
            let stats = GaussianStatistics(data: data, stride: stride, rows: piece, columns: columns)
            if GaussianStatistics.deltaBIC(currentStats, stats, penalty: options.linearPenalty, ridge: options.covarianceRidge) < 0 {
                current = current.lowerBound..<piece.upperBound
                currentStats.add(stats)
            } else {
                out.append(current)
                current = piece
                currentStats = stats
            }
        }
        out.append(current)
        return out
    }
}
