import BoundedFiles

/// A file's size and modification time, read with one `stat` call (`FileKind`).
///
/// A rerun trusts the content hash stored with a film when the file's fingerprint is unchanged, so it does not
/// read the whole catalogue again: a finished store of thousands of films is checked in well under a second.
/// The cost: a file rewritten with the same size within the same nanosecond timestamp would not be noticed
/// (`batch --force` recomputes everything).
public struct FileFingerprint: Equatable, Hashable, Sendable {
    /// Bytes.
    public var size: Int64
    /// Modification time, nanoseconds since 1970-01-01 UTC.
    public var modified: Int64

    public init(size: Int64, modified: Int64) {
        self.size = size
        self.modified = modified
    }

    /// The fingerprint of a regular file, or a one-line problem (missing, a folder, a pipe or device, unreadable).
    public static func of(path: String) -> Result<FileFingerprint, FilmFailure> {
        switch FileKind.of(path) {
        case .regular(let size, let modified): return .success(FileFingerprint(size: size, modified: modified))
        case .directory: return .failure(FilmFailure("\(path): is a directory, not an audio file"))
        // Hashing /dev/zero or a pipe nobody writes to would never end.
        case .pipe, .device: return .failure(FilmFailure("\(path): a pipe or device, not a regular file"))
        case .missing: return .failure(FilmFailure("\(path): no such file"))
        case .unreachable(let words): return .failure(FilmFailure("\(path): \(words)"))
        }
    }
}
