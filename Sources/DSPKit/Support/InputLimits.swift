import Foundation

/// Upper bounds on what the audio layer reads whole into memory: model files and text lists (RTTM,
/// manifests, scene lists). A hostile or mistaken input (a multi-gigabyte file named .model, a manifest that
/// is really a video) is refused with a clear error instead of exhausting memory. Audio is never read whole.
public enum InputLimits {
    /// Largest model file, bytes (the shipped models are 0.1–27 MB). 1 GiB.
    public static let modelFileBytes: Int64 = 1 << 30
    /// Largest RTTM, manifest or scene list, bytes. 256 MiB.
    public static let textFileBytes: Int64 = 256 << 20

    /// Size of the regular file at `path`, bytes; nil when it cannot be told (missing, not a regular file).
    public static func fileSize(_ path: String) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) == .typeRegular,
              let size = attributes[.size] as? NSNumber else { return nil }
        return size.int64Value
    }

    /// The problem with reading the file at `path` whole under `limit` bytes, or nil if it may be read.
    static func problem(_ path: String, limit: Int64) -> String? {
        guard let size = fileSize(path) else { return nil }
        return size > limit ? "file of \(size) bytes is larger than the \(limit >> 20) MiB allowed" : nil
    }
}
