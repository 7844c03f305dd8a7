import DSPKit

/// What a catalogue run does to one audio file: read its header and count its speakers.
///
/// A protocol so the run's bookkeeping (skipping, resuming, recording, parallel jobs) can be tested with a
/// stand-in; `SpeakerCountingAnalyzer` is the real one. Implementations are called from several threads at
/// once (`BatchOptions.jobs`).
public protocol FilmAnalyzer {
    /// The file's header facts; throws a one-line error naming the file for anything that is not readable audio.
    func info(path: String) throws -> AudioInfo
    /// The film's count with `threads` worker threads (the result must not depend on them); `timings` receives
    /// the stages' wall times.
    func count(path: String, threads: Int, timings: inout SpeakerCounter.Timings) throws -> CountResult
}

/// The `count` pipeline as a `FilmAnalyzer`: one `SpeakerCounter` (models loaded once) shared by every job.
public struct SpeakerCountingAnalyzer: FilmAnalyzer {
    public let counter: SpeakerCounter

    public init(counter: SpeakerCounter) { self.counter = counter }

    public func info(path: String) throws -> AudioInfo { try AudioDecoder(path: path).info }

    public func count(path: String, threads: Int, timings: inout SpeakerCounter.Timings) throws -> CountResult {
        try counter.analyze(path: path, threads: threads, progress: nil, timings: &timings)
    }
}
