/// One speaker talking for a stretch of time: the unit of diarization output and of RTTM references.
public struct SpeechTurn: Equatable, Hashable, Sendable, Codable {
    /// Start time, seconds.
    public var start: Double
    /// Length, seconds.
    public var duration: Double
    /// Speaker label (in references by convention prefixed with the sex, e.g. `F_librispeech-103`).
    public var speaker: String

    public init(start: Double, duration: Double, speaker: String) {
        self.start = start
        self.duration = duration
        self.speaker = speaker
    }

    /// End time, seconds.
    public var end: Double { start + duration }

    /// The turn's time span.
    public var segment: TimeSegment { TimeSegment(start: start, end: start + duration) }
}
