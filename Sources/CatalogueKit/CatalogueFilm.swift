import DSPKit
import Foundation

/// One film of a catalogue run: its audio file and the identifiers the user gave it.
///
/// The absolute path is the film's identity in a results store (`key`); `filmID` names it in exports and RTTM
/// (a manifest's `film_id`, else the file name without its extension) and `imdbID` joins it to film metadata.
public struct CatalogueFilm: Equatable, Hashable, Sendable {
    /// Absolute path, with `.` and `..` resolved (symbolic links are kept as given).
    public var path: String
    /// The manifest's `film_id`, else the file name without its extension.
    public var filmID: String
    /// The manifest's `imdb_id`, if any.
    public var imdbID: String?

    public init(path: String, filmID: String? = nil, imdbID: String? = nil) {
        self.path = path
        self.filmID = filmID.flatMap { $0.isEmpty ? nil : $0 } ?? CatalogueFilm.defaultID(path)
        self.imdbID = imdbID.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The store's row key of this film: 63 bits of the XXH3-128 hash of the path (never negative), so the rows
    /// a run writes do not depend on the order films finish in, and stores of different shards combine directly.
    public var key: Int64 { CatalogueFilm.key(path: path) }

    /// The row key of a path (see `key`).
    public static func key(path: String) -> Int64 {
        Int64(bitPattern: ContentHash.of(bytes: Array(path.utf8)).high >> 1)
    }

    /// The file name without its extension.
    public static func defaultID(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// `path` made absolute against `base` (a folder; the current directory when nil), `.` and `..` resolved.
    public static func absolutePath(_ path: String, relativeTo base: String? = nil) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardized.path }
        let folder = base ?? FileManager.default.currentDirectoryPath
        // Absolute first: standardising a relative URL would drop its leading "..".
        return URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent(path).standardized.path
    }

    /// Byte-wise (UTF-8) order of paths: the same on every machine and locale, so every shard sorts alike.
    public static func pathOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
