import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli features FILE -o OUT`: the front end's per-frame features as a float32 matrix, so
/// analysts can inspect or reuse them in numpy (layout in docs/FEATURES_FORMAT.md).
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Write per-frame features (MFCC c0-c19, log energy, F0, voicing) as .npy or raw float32.",
        discussion: """
            One row per 10 ms frame; columns: c0..c19, log energy, F0 in Hz (0 = unvoiced), voicing strength 0..1.
            With --filterbank: the 80 log mel filterbank energies the speaker embedding reads (Kaldi fbank
            defaults, dither 0).
            Layout: docs/FEATURES_FORMAT.md. Load with numpy.load("out.npy").
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case npy, f32
    }

    @Argument(help: "Audio file (any format, rate and channel count libsndfile reads).")
    var file: String

    @Option(name: .shortAndLong, help: "Output file.")
    var output: String

    @Option(name: .long, help: "Threads for the feature computation (output is identical for any value).")
    var threads: Int = 1

    @Flag(name: .long, help: "Write the 80 log mel filterbank energies (the speaker embedding's input) instead.")
    var filterbank = false

    @Option(name: .long, help: "Output format: npy (numpy .npy, float32) or f32 (raw little-endian float32, row-major).")
    var format: OutputFormat?

    func validate() throws {
        try WorkerCount.check(threads, "--threads")
    }

    func run() throws {
        let extractor = try FeatureExtractor(filterbank: filterbank ? FilterbankOptions() : nil)
        let features = try extractor.features(path: file, threads: threads)
        let chosen = format ?? (output.lowercased().hasSuffix(".f32") ? .f32 : .npy)
        let writer = FeatureFileWriter(features: features, filterbank: filterbank)
        guard let handle = FileHandle(forWritingAtPath: output) ?? {
            FileManager.default.createFile(atPath: output, contents: nil) ? FileHandle(forWritingAtPath: output) : nil
        }() else {
            throw CommandFailure.input(output, "cannot open for writing")
        }
        do {
            try handle.truncate(atOffset: 0)
            if chosen == .npy { try handle.write(contentsOf: writer.npyHeader()) }
            try writer.writeRows(to: handle)
            try handle.close()
        } catch {
            throw CommandFailure.runtime(output, "write failed (\(error.localizedDescription))")
        }
    }
}

/// Serialises `FrameFeatures` as rows of [c0..c19, log energy, F0, strength] float32 little-endian,
/// or as rows of the log mel filterbank energies.
struct FeatureFileWriter {
    let features: FrameFeatures
    /// Write the filterbank rows (the features must have them) instead of MFCC, F0 and strength.
    var filterbank = false

    var columns: Int { filterbank ? features.filterbank!.cols : features.mfcc.cols + 2 }

    /// numpy format 1.0 header for a C-order float32 matrix of rows × columns, padded to 64 bytes.
    func npyHeader() -> Data {
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(features.count), \(columns)), }"
        let prefix = 10
        let total = (prefix + dict.utf8.count + 1 + 63) / 64 * 64
        dict += String(repeating: " ", count: total - prefix - dict.utf8.count - 1) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(dict.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        data.append(contentsOf: Array(dict.utf8))
        return data
    }

    func writeRows(to handle: FileHandle) throws {
        let rowsPerWrite = 4096
        let cols = columns, mcols = features.mfcc.cols
        var start = 0
        while start < features.count {
            let n = min(rowsPerWrite, features.count - start)
            var block = [Float](repeating: 0, count: n * cols)
            if filterbank {
                block = Array(features.filterbank!.data[(start * cols)..<((start + n) * cols)])
            } else {
                for r in 0..<n {
                    let i = start + r
                    for c in 0..<mcols { block[r * cols + c] = features.mfcc.data[i * mcols + c] }
                    block[r * cols + mcols] = features.pitch[i]
                    block[r * cols + mcols + 1] = features.pitchStrength[i]
                }
            }
            let data = block.withUnsafeBufferPointer { buf -> Data in
                // float32 little-endian: the host order on every platform Swift targets here.
                Data(buffer: buf)
            }
            try handle.write(contentsOf: data)
            start += n
        }
    }
}
