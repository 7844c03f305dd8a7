import Foundation

/// What a catalogue run did, for its one-line report and its exit status.
public struct BatchSummary: Sendable, Equatable {
    /// Films of the run (this shard's).
    public var total = 0
    /// Films analysed in this run and recorded as done.
    public var analysed = 0
    /// Films the store already held for the same bytes and configuration (done), left as they were.
    public var unchanged = 0
    /// Films recorded from the stored result of an identical file at another path.
    public var reused = 0
    /// Films recorded as failed, in this run or before (same bytes, same configuration).
    public var failed = 0
    /// Of `failed`, those whose failure was already in the store.
    public var failedBefore = 0
    /// Wall time of the run, seconds.
    public var elapsed = 0.0
    /// Wall time before the first film was taken (reading the store, a `stat` per film), seconds.
    public var planningSeconds = 0.0
    /// Time spent hashing files, seconds, summed over jobs.
    public var hashSeconds = 0.0
    /// Time spent loading the models and analysing films, seconds, summed over jobs.
    public var analysisSeconds = 0.0
    /// Time spent writing the store (one transaction per film), seconds, summed over jobs.
    public var storeSeconds = 0.0
    /// Transactions written (films recorded, copied or updated).
    public var writes = 0

    public init() {}

    /// Films done at the end of the run.
    public var done: Int { analysed + unchanged + reused }

    /// One line: `120 films: 118 done (15 analysed, 100 already in the store, 3 copied from identical files), 2 failed; 4 min 10 s`.
    public var line: String {
        var parts: [String] = []
        if analysed > 0 { parts.append("\(analysed) analysed") }
        if unchanged > 0 { parts.append("\(unchanged) already in the store") }
        if reused > 0 { parts.append("\(reused) copied from identical files") }
        let detail = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        var failures = "\(failed) failed"
        if failedBefore > 0 { failures += " (\(failedBefore) as before)" }
        return "\(total) film\(total == 1 ? "" : "s"): \(done) done\(detail), \(failures); \(BatchSummary.duration(elapsed))"
    }

    /// `0.42 s`, `12.3 s`, `4 min 10 s`, `2 h 05 min`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
    }
}
