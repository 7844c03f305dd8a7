import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli bench frontend FILE`: how fast the audio front end runs on a file, stage by stage,
/// in × real time, for BENCHMARKS.md. Stage times are CPU seconds of the working threads (stable on a
/// shared machine); the total is wall-clock. Memory is measured from outside with `/usr/bin/time -v`.
struct BenchFrontendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontend",
        abstract: "Time decode, downmix+resample, MFCC, pitch (and filterbank) on one file (× real time).")

    @Argument(help: "Audio file.")
    var file: String

    @Option(name: .long, help: "Threads for the feature computation.")
    var threads: Int = 1

    @Flag(name: .long, help: "Also compute the 80 log mel filterbank energies the speaker embedding reads (as count does).")
    var filterbank = false

    @Flag(name: .long, help: "Skip the decode-only pass (which separates decoding from downmix+resampling).")
    var skipDecodePass = false

    func validate() throws {
        try WorkerCount.check(threads, "--threads")
    }

    func run() throws {
        var decodeSeconds: Double? = nil
        if !skipDecodePass {
            // Pass 1: libsndfile decoding alone.
            let t0 = FrontEndTimings.threadCPU()
            let decoder = try AudioDecoder(path: file)
            var buffer = [Float](repeating: 0, count: 16384 * decoder.info.channels)
            try buffer.withUnsafeMutableBufferPointer { b in
                while try decoder.read(into: b.baseAddress!, frames: 16384) > 0 {}
            }
            decodeSeconds = FrontEndTimings.threadCPU() - t0
        }
        // Pass 2: the real thing.
        var timings = FrontEndTimings()
        let extractor = try FeatureExtractor(filterbank: filterbank ? FilterbankOptions() : nil)
        let features = try extractor.features(path: file, threads: threads, progress: nil, timings: &timings)
        let duration = timings.audioDuration
        func rt(_ s: Double) -> String { s > 0 ? String(format: "%8.0f×", duration / s) : "       -" }
        func line(_ name: String, _ s: Double) {
            print(String(format: "%-30@ %9.3f s  %@ real time", name as NSString, s, rt(s) as NSString))
        }
        print("file: \(file)")
        print(String(format: "audio: %.1f s, %d frames, threads: %d (stage times: CPU seconds)", duration, features.count, threads))
        if let d = decodeSeconds {
            line("decode (libsndfile)", d)
            line("downmix + resample", max(0, timings.audioSeconds - d))
        }
        line("decode+downmix+resample", timings.audioSeconds)
        line("MFCC (all threads)", timings.mfccSeconds)
        line("pitch (all threads)", timings.pitchSeconds)
        if filterbank { line("filterbank (all threads)", timings.filterbankSeconds) }
        line("sum of stages (CPU)", timings.audioSeconds + timings.mfccSeconds + timings.pitchSeconds + timings.filterbankSeconds)
        line("total front end (wall clock)", timings.wallSeconds)
    }
}
