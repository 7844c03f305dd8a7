#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the front end's time goes, for `bechdelcli bench frontend` and BENCHMARKS.md.
///
/// `audioSeconds` is wall time on the calling thread spent decoding, downmixing and resampling;
/// `mfccSeconds` and `pitchSeconds` are summed over worker threads (CPU seconds), so with several
/// threads they can exceed the wall time.
public struct FrontEndTimings: Equatable, Sendable {
    /// Decode + downmix + resample, seconds (calling thread).
    public var audioSeconds: Double = 0
    /// MFCC + log energy, seconds summed over threads.
    public var mfccSeconds: Double = 0
    /// Decimation + pitch, seconds summed over threads.
    public var pitchSeconds: Double = 0
    /// Whole extraction, wall-clock seconds.
    public var wallSeconds: Double = 0
    /// Audio analysed, seconds (16 kHz samples / 16000).
    public var audioDuration: Double = 0

    public init() {}

    /// A monotonic clock reading, seconds.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
