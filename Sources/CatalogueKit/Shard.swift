import Foundation

/// One task's part of a catalogue split over a cluster job array (`--shard I/N`, I from 1 to N).
///
/// Deterministic and balanced: film k (k = 0, 1, …) of the catalogue sorted by path belongs to shard
/// (k mod N) + 1, so every film is in exactly one shard, the shards differ in size by at most one film, and
/// neighbouring files (often of similar length) are spread over all shards. Every task must be given the same
/// inputs; the assignment depends only on the list of paths, never on file contents, sizes or times, so a
/// restarted task takes the same films.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    /// 1…count.
    public let index: Int
    /// Number of shards, at least 1.
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(index) else {
            throw CatalogueError.input("--shard", "\(index)/\(count): the shard must be I/N with 1 ≤ I ≤ N")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (e.g. `3/8`).
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw CatalogueError.input("--shard", "'\(text)' is not I/N (e.g. 2/8)")
        }
        try self.init(index: i, count: n)
    }

    /// The whole catalogue as one shard.
    public static let all = try! Shard(index: 1, count: 1)

    public var description: String { "\(index)/\(count)" }

    /// This shard's films of a catalogue (sorted by path first; duplicates must already be removed).
    public func select(_ films: [CatalogueFilm]) -> [CatalogueFilm] {
        let sorted = films.sorted { CatalogueFilm.pathOrder($0.path, $1.path) }
        return sorted.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}
