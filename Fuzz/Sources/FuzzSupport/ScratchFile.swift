import Foundation

/// One temporary file per fuzzing process, rewritten for every input, for the parsers that only read files
/// (audio decoding, the results store). Its folder is removed when the process ends normally.
public final class ScratchFile {
    /// The file's path (`<tmp>/bechdelcli-fuzz-<pid>/<name>`).
    public let path: String
    private let folder: String

    public init(name: String) {
        folder = NSTemporaryDirectory() + "bechdelcli-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/" + name
    }

    /// Replaces the file's content with `bytes` (and removes what a previous input left beside it).
    public func write(_ bytes: [UInt8]) {
        for suffix in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}
