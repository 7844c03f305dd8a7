import Foundation

/// What a path names, from one `stat` call: the one place that turns `stat` and `errno` into the cases every
/// reader of user paths must tell apart (audio, tables, models, results stores, catalogue fingerprints), each
/// with its own words for them. Nothing is opened, so a pipe nobody writes to cannot block the caller.
public enum FileKind: Equatable, Sendable {
    /// A regular file of `size` bytes, last modified `modifiedNanoseconds` after the epoch.
    case regular(size: Int64, modifiedNanoseconds: Int64)
    case directory
    /// A named pipe (`<(cat films.csv)`): its size is known only by reading it.
    case pipe
    /// A character or block device, or a socket (`/dev/zero`).
    case device
    /// Nothing there (ENOENT), or a path through something that is not a folder (ENOTDIR).
    case missing
    /// Present but unreachable: the system's words (a symbolic link loop, a name too long, no permission).
    case unreachable(String)

    /// The kind of `path` (symbolic links followed).
    public static func of(_ path: String) -> FileKind {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            return code == ENOENT || code == ENOTDIR ? .missing : .unreachable(String(cString: strerror(code)))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
            return .regular(size: Int64(status.st_size), modifiedNanoseconds: modified)
        case S_IFDIR: return .directory
        case S_IFIFO: return .pipe
        default: return .device
        }
    }
}
