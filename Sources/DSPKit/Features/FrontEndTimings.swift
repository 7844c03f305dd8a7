#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the front end's time goes, for `bechdelcli bench frontend` and BENCHMARKS.md.
///
/// Stage times are CPU seconds of the thread doing the work (`CLOCK_THREAD_CPUTIME_ID`), so they stay
/// meaningful on a loaded machine: `audioSeconds` on the calling thread (decode, downmix, resample),
/// `mfccSeconds` and `pitchSeconds` summed over worker threads. `wallSeconds` is elapsed time.
public struct FrontEndTimings: Equatable, Sendable {
    /// Decode + downmix + resample, seconds (calling thread).
    public var audioSeconds: Double = 0
    /// MFCC + log energy, seconds summed over threads.
    public var mfccSeconds: Double = 0
    /// Decimation + pitch, seconds summed over threads.
    public var pitchSeconds: Double = 0
    /// Log mel filterbank (when computed), seconds summed over threads.
    public var filterbankSeconds: Double = 0
    /// Segmentation network (when run), wall-clock seconds.
    public var segmentationSeconds: Double = 0
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

    /// CPU time consumed by the calling thread, seconds.
    public static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
