/// What `merge` did, for its one-line report.
public struct MergeSummary: Sendable, Equatable {
    /// Source stores merged.
    public var stores = 0
    /// Films that were not in the output store before.
    public var added = 0
    /// Films of the output replaced by a preferred copy (done over failed, or recorded later).
    public var replaced = 0
    /// Films found in more than one store (kept once).
    public var duplicates = 0
    /// Films of the output store by status, after the merge.
    public var done = 0, failed = 0

    public init() {}

    public var line: String {
        "\(stores) store\(stores == 1 ? "" : "s") merged: \(done + failed) films (\(done) done, \(failed) failed); "
            + "\(added) added, \(replaced) replaced, \(duplicates) present more than once kept once"
    }
}
