/// Where a catalogue run stands, reported after every film (for a progress line with an ETA).
public struct BatchProgress: Sendable, Equatable {
    /// Films of the run (this shard's).
    public var total: Int
    /// Films finished so far, whatever the outcome (already in the store, analysed, copied or failed).
    public var finished: Int
    /// Films that failed so far.
    public var failed: Int
    /// Seconds since the run started.
    public var elapsed: Double
    /// Estimated seconds left, from the bytes analysed so far and the bytes still to analyse; nil until a film
    /// has been analysed.
    public var remaining: Double?
    /// The film just finished.
    public var lastPath: String
}
