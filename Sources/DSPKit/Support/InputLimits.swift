import Foundation

/// Upper bounds on what the audio layer reads whole into memory: model files and text lists (RTTM,
/// manifests, scene lists). A hostile or mistaken input (a multi-gigabyte file named .model, a manifest that
/// is really a video) is refused with a clear error instead of exhausting memory (`WholeFile` reads them).
/// Audio is never read whole.
public enum InputLimits {
    /// Largest model file, bytes (the shipped models are 0.1–27 MB). 1 GiB.
    public static let modelFileBytes: Int64 = 1 << 30
    /// Largest RTTM, manifest or scene list, bytes. 256 MiB.
    public static let textFileBytes: Int64 = 256 << 20
}
