/// How a catalogue run works through its films (`bechdelcli batch`); none of it changes a film's result.
public struct BatchOptions: Sendable, Equatable {
    /// Films analysed at the same time (default 1). Each job holds one film's features in memory
    /// (about 35 MB per hour of audio, plus the models' working memory).
    public var jobs = 1
    /// Worker threads of each film's analysis (default 1).
    public var threads = 1
    /// Recompute every film, even those the store holds for the same bytes and configuration (default false).
    public var force = false
    /// Analyse again films that failed on the same bytes with the same configuration (default false: such a
    /// failure, e.g. a damaged file, would only fail again; a missing or unreadable file is always retried).
    public var retryFailed = false
    /// Copy the stored result of a done film with the same bytes and configuration at another path (a moved or
    /// duplicated file) instead of analysing it again (default true; `force` turns it off).
    public var reuseIdenticalFiles = true

    public init(jobs: Int = 1, threads: Int = 1, force: Bool = false, retryFailed: Bool = false,
                reuseIdenticalFiles: Bool = true) {
        self.jobs = jobs
        self.threads = threads
        self.force = force
        self.retryFailed = retryFailed
        self.reuseIdenticalFiles = reuseIdenticalFiles
    }
}
