/// What the segmentation network says about every 16.875 ms frame of a whole film, after combining the
/// overlapping 10 s windows: the probability that someone speaks, and that two people speak at once.
///
/// Why it exists: the network runs on windows while the film streams by (audio is never kept); only these
/// two numbers per frame (about 1.7 MB per hour) are kept for speech detection and for the clustering,
/// which leaves overlapped speech out of the pieces it embeds.
public struct SegmentationScores: Equatable, Sendable {
    /// Samples between frames (at `sampleRate`): 270 for segmentation-3.0.
    public let frameStep: Int
    /// Samples each frame covers: 991 for segmentation-3.0; frame i is centred on i·step + duration/2.
    public let frameDuration: Int
    /// Hz.
    public let sampleRate: Int
    /// P(someone speaks), per frame.
    public var speech: [Float]
    /// P(two speakers at once), per frame.
    public var overlap: [Float]

    public init(frameStep: Int, frameDuration: Int, sampleRate: Int, speech: [Float], overlap: [Float]) {
        precondition(frameStep > 0 && frameDuration > 0 && sampleRate > 0 && speech.count == overlap.count)
        self.frameStep = frameStep
        self.frameDuration = frameDuration
        self.sampleRate = sampleRate
        self.speech = speech
        self.overlap = overlap
    }

    /// Number of frames.
    public var count: Int { speech.count }

    /// Centre of frame `i`, seconds.
    public func centre(_ i: Int) -> Double {
        (Double(i * frameStep) + 0.5 * Double(frameDuration)) / Double(sampleRate)
    }

    /// Speech regions by hysteresis on the speech probability (a region starts where it rises above
    /// `onset` and ends where it falls below `offset`), then gaps of at most `minimumGap` filled and regions
    /// shorter than `minimumSpeech` dropped (pyannote's binarisation). Times are frame centres, seconds.
    public func speechRegions(options: SpeechSegmentationOptions) -> [TimeSegment] {
        guard count > 0 else { return [] }
        var regions: [TimeSegment] = []
        var active = Double(speech[0]) > options.onset
        var start = centre(0)
        for i in 1..<count {
            let p = Double(speech[i]), t = centre(i)
            if active {
                if p < options.offset { regions.append(TimeSegment(start: start, end: t)); active = false }
            } else if p > options.onset {
                start = t
                active = true
            }
        }
        if active { regions.append(TimeSegment(start: start, end: centre(count - 1))) }
        var merged: [TimeSegment] = []
        for r in regions {
            if let last = merged.last, r.start - last.end <= options.minimumGap {
                merged[merged.count - 1].end = max(last.end, r.end)
            } else {
                merged.append(r)
            }
        }
        return merged.filter { $0.duration >= options.minimumSpeech }
    }

    /// Mean overlap probability of the frames whose centres fall in [start, end) seconds (0 if none).
    public func meanOverlap(from start: Double, to end: Double) -> Double {
        let rate = Double(sampleRate) / Double(frameStep)
        let offset = 0.5 * Double(frameDuration) / Double(sampleRate)
        let a = max(0, Int(((start - offset) * rate).rounded(.up))), b = min(count, Int(((end - offset) * rate).rounded(.up)))
        guard a < b else { return 0 }
        var s = 0.0
        for i in a..<b { s += Double(overlap[i]) }
        return s / Double(b - a)
    }
}
