import Foundation

/// Reads a file whole, under a size limit: the one way bechdelcli reads model files, CSV tables, RTTM files,
/// manifests and scene lists (audio is streamed, never read whole).
///
/// Why it exists: a hostile or mistaken input (a multi-gigabyte file named .model, a manifest that is really a
/// video, `/dev/zero`) must be refused with a clear reason before memory is spent on it, and every reader should
/// give the same reasons. Regular files are checked by size before reading; pipes (`<(cat t.csv)`, standard
/// input) are read in blocks and refused as soon as they pass the limit; devices and sockets are refused.
public enum WholeFile {
    /// Bytes read at a time from a pipe or device.
    static let blockBytes = 1 << 20

    /// The bytes of the file at `path`, at most `limit` of them. On failure throws `failure(reason)`, the
    /// reason in words for a one-line message: "no such file", "is a directory, not a file", "is a device or
    /// socket, not a file", "cannot be read (Permission denied)", "file of N bytes is larger than the M MiB
    /// allowed", "more than the M MiB allowed" (a pipe).
    public static func read(_ path: String, limit: Int64, failure: (String) -> Error) throws -> Data {
        switch FileKind.of(path) {
        case .regular(let bytes, _):
            if bytes > limit { throw failure("file of \(bytes) bytes is larger than the \(size(limit)) allowed") }
        case .directory: throw failure("is a directory, not a file")
        case .pipe: break   // read below, refused as soon as it passes the limit
        case .device: throw failure("is a device or socket, not a file")
        case .missing: throw failure("no such file")
        case .unreachable(let words): throw failure("cannot be read (\(words))")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw failure(access(path, R_OK) != 0 ? "cannot be read (\(String(cString: strerror(errno))))" : "cannot be opened")
        }
        defer { try? handle.close() }
        return try read(handle, limit: limit, failure: failure)
    }

    /// Everything left on `handle` (standard input, say), at most `limit` bytes; see `read(_:limit:failure:)`.
    public static func read(_ handle: FileHandle, limit: Int64, failure: (String) -> Error) throws -> Data {
        var data = Data()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: blockBytes) ?? Data()
            } catch {
                throw failure("cannot be read (\(error.localizedDescription))")
            }
            if chunk.isEmpty { return data }
            if Int64(data.count + chunk.count) > limit { throw failure("more than the \(size(limit)) allowed") }
            data.append(chunk)
        }
    }

    /// "512 MiB" for whole mebibytes, else "1000 bytes".
    static func size(_ bytes: Int64) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
