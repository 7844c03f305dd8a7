/// A stretch of time in seconds, the unit in which speech activity and turns are exchanged between stages.
public struct TimeSegment: Equatable, Hashable, Sendable, Codable {
    /// Start time, seconds.
    public var start: Double
    /// End time, seconds (`end >= start`).
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    /// Length in seconds.
    public var duration: Double { end - start }

    /// The feature frames this segment covers at `rate` frames per second (ends rounded to the nearest frame),
    /// clamped to `0..<frameCount`; empty when nothing is left.
    public func frames(rate: Double, frameCount: Int) -> Range<Int> {
        let a = max(0, Int((start * rate).rounded())), b = min(frameCount, Int((end * rate).rounded()))
        return b > a ? a..<b : a..<a
    }

    /// Seconds shared with another segment (0 when they do not meet).
    public func overlap(with other: TimeSegment) -> Double {
        max(0, min(end, other.end) - max(start, other.start))
    }

    /// Sorted, disjoint union of segments (touching or overlapping segments are merged, empty ones dropped).
    public static func union(_ segments: [TimeSegment]) -> [TimeSegment] {
        let sorted = segments.filter { $0.end > $0.start }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var out: [TimeSegment] = []
        for s in sorted {
            if let last = out.last, s.start <= last.end {
                out[out.count - 1].end = max(last.end, s.end)
            } else {
                out.append(s)
            }
        }
        return out
    }
}
