import CDSP
import Foundation

/// Runs the speaker segmentation network (`SegmentationModel`) on windows of 16 kHz audio and returns, for every
/// frame of every window, the probabilities of the powerset classes (`model.powerset`: nobody, one of three local
/// speakers, or two of them at once; P(speech) = 1 − p[0], P(overlap) = the sum over the two-speaker classes).
///
/// Why a separate type: the model is immutable weights, while running it needs batching and scratch memory.
/// Consecutive windows are grouped into batches by `SegmentationNetworkOptions` (from their order only), batches
/// are spread over `threads` workers with `ChunkedParallel`, and each worker reuses one workspace
/// (`NetworkScratch`), so the C code never allocates and the output is byte-identical for any thread count.
/// Sliding the windows over a film and combining their frames is the caller's business.
public struct SegmentationNetwork: Sendable {
    public let model: SegmentationModel
    public let options: SegmentationNetworkOptions
    /// Samples per window (the model's 160000 = 10 s unless chosen otherwise).
    public let windowSamples: Int
    /// Frames per window (589 for 10 s).
    public let framesPerWindow: Int

    /// Classes per frame (7).
    public var classes: Int { model.classes }
    /// Samples between consecutive frames (270 = 16.875 ms).
    public var frameStep: Int { model.frameStep }
    /// Samples each frame covers (991 = 61.9 ms).
    public var frameDuration: Int { model.frameDuration }
    /// Start of frame 0 in its window, samples (0): frame t covers [start + t·step, start + t·step + duration).
    public var frameStart: Double { model.frameStart }

    /// `windowSamples`: the window length (default the model's); the network accepts any length that gives at
    /// least one frame (991 samples), but was trained on 10 s.
    public init(model: SegmentationModel, windowSamples: Int? = nil, options: SegmentationNetworkOptions = .init()) {
        let length = windowSamples ?? model.windowSamples
        guard let frames = model.frames(windowSamples: length) else {
            preconditionFailure("the segmentation network gives no frame for windows of \(length) samples")
        }
        precondition(options.maxWindowsPerBatch >= 1 && options.maxWindowsPerBatch <= Int(CDSP_SEGMENTATION_MAX_BATCH),
                     "batch limit must be 1...\(CDSP_SEGMENTATION_MAX_BATCH)")
        precondition(options.maxWindowsPerBatch * length <= Int(CDSP_SEGMENTATION_MAX_TOTAL_SAMPLES), "batch too large")
        precondition(options.kernels.isAvailable, "segmentation kernels '\(options.kernels.rawValue)' are not available on this machine")
        self.model = model
        self.options = options
        self.windowSamples = length
        self.framesPerWindow = frames
    }

    /// Class probabilities of windows given as arrays of samples (at most `windowSamples` each; a shorter window
    /// is zero-padded at the end, as pyannote pads a short file). One array per window, in order:
    /// framesPerWindow × classes values, frame-major. `scratch` keeps the working memory for the next call.
    public func probabilities(_ windows: [[Float]], threads: Int = 1, scratch: NetworkScratch? = nil) -> [[Float]] {
        precondition(windows.allSatisfy { $0.count <= windowSamples }, "a window is longer than \(windowSamples) samples")
        return split(run(count: windows.count, threads: threads, scratch: scratch ?? NetworkScratch()) { w, destination in
            let window = windows[w]
            window.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: window.count) }
            (destination + window.count).update(repeating: 0, count: windowSamples - window.count)
        })
    }

    /// Class probabilities of windows cut from one signal: window i holds signal[starts[i] ..< starts[i] +
    /// windowSamples], zeros where that runs past the end. One array per window, as `probabilities(_:)`.
    public func probabilities(signal: [Float], starts: [Int], threads: Int = 1, scratch: NetworkScratch? = nil) -> [[Float]] {
        split(flatProbabilities(signal: signal, starts: starts, threads: threads, scratch: scratch))
    }

    /// `probabilities(signal:starts:)` in one array: window i's framesPerWindow × classes values (frame-major)
    /// from index i · framesPerWindow · classes.
    public func flatProbabilities(signal: [Float], starts: [Int], threads: Int = 1, scratch: NetworkScratch? = nil) -> [Float] {
        precondition(starts.allSatisfy { $0 >= 0 }, "window start before the signal")
        return signal.withUnsafeBufferPointer { data in
            run(count: starts.count, threads: threads, scratch: scratch ?? NetworkScratch()) { w, destination in
                let start = min(starts[w], data.count), n = min(windowSamples, data.count - start)
                if n > 0 { destination.update(from: data.baseAddress! + start, count: n) }
                (destination + n).update(repeating: 0, count: windowSamples - n)
            }
        }
    }

    /// The batches (ranges of window indices) `count` windows are cut into: consecutive runs of
    /// `maxWindowsPerBatch`.
    public func batches(count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: options.maxWindowsPerBatch).map { $0..<min(count, $0 + options.maxWindowsPerBatch) }
    }

    /// Window-major flat probabilities cut into one array per window.
    private func split(_ flat: [Float]) -> [[Float]] {
        let perWindow = framesPerWindow * classes
        return (0..<(flat.count / perWindow)).map { Array(flat[($0 * perWindow)..<(($0 + 1) * perWindow)]) }
    }

    /// The common path: `fill(w, destination)` writes window w's `windowSamples` samples. `fill` is called from
    /// several threads at once and must only read shared data. Returns the probabilities window-major, flat.
    private func run(count: Int, threads: Int, scratch: NetworkScratch,
                     fill: (Int, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        guard count > 0 else { return [] }
        let batches = self.batches(count: count)
        var config = model.config(windowSamples: windowSamples)!
        let largest = batches.map(\.count).max()!
        let workspaceFloats = cdsp_segmentation_workspace_floats(&config, Int32(largest))
        precondition(workspaceFloats > 0, "segmentation batch rejected (error \(workspaceFloats))")
        let weights = model.weights
        let kernels = options.kernels.code
        let length = windowSamples, perWindow = framesPerWindow * classes
        return scratch.run(batches: batches, windows: count, outputsPerWindow: perWindow, threads: threads,
                           workspaceFloats: workspaceFloats, inputFloats: largest * length) { batch, input, workspace, output in
            var cfg = config
            for (i, w) in batch.enumerated() { fill(w, input.pointer + i * length) }
            let rc = cdsp_segmentation_run(&cfg, kernels, weights.pointer, weights.count, input.pointer,
                                           batch.count * length, Int32(batch.count), workspace.pointer,
                                           workspace.count, output, batch.count * perWindow)
            precondition(rc == CDSP_SEGMENTATION_OK, "segmentation forward pass failed (error \(rc))")
        }
    }
}
