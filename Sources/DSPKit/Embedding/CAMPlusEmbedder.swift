import CDSP
import Foundation

/// Turns windows of raw log-mel frames (Kaldi fbank, 80 bands, see `CAMPlusModel.featuresDescription`) into
/// CAM++ speaker embeddings (192 values, not length-normalised; compare them with `cosineSimilarity`).
///
/// Why a separate type: the model is immutable weights, while embedding needs batching and scratch memory.
/// Consecutive windows are grouped into batches by `CAMPlusEmbedderOptions` (from their order and lengths
/// only), batches are spread over `threads` workers with `ChunkedParallel`, and each worker reuses one
/// workspace, so the C code never allocates and the output is byte-identical for any thread count. Each
/// window's mean is subtracted inside the C forward pass.
public struct CAMPlusEmbedder: Sendable {
    public let model: CAMPlusModel
    public let options: CAMPlusEmbedderOptions

    public init(model: CAMPlusModel, options: CAMPlusEmbedderOptions = .init()) {
        precondition(options.maxWindowsPerBatch >= 1 && options.maxFramesPerBatch >= 1, "batch limits must be positive")
        precondition(options.maxFramesPerBatch <= Int(CDSP_CAMPPLUS_MAX_TOTAL_FRAMES) / 2, "batch frame limit too large")
        precondition(options.kernels.isAvailable, "CAM++ kernels '\(options.kernels.rawValue)' are not available on this machine")
        self.model = model
        self.options = options
    }

    /// Embeddings of windows given as row ranges of one log-mel matrix (`cols` = the model's feature
    /// dimension); ranges may overlap. One embedding per range, in order.
    /// `scratch` keeps the working memory for the next call (a new one is made when nil).
    public func embed(_ features: FeatureMatrix, windows: [Range<Int>], threads: Int = 1,
                      scratch: NetworkScratch? = nil) -> [[Float]] {
        precondition(features.cols == model.featureDimension,
                     "CAM++ needs \(model.featureDimension) log-mel columns, got \(features.cols)")
        precondition(windows.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= features.rows },
                     "window outside the feature matrix")
        let f = features.cols
        return features.data.withUnsafeBufferPointer { data in
            let base = data.baseAddress!
            return embed(frames: windows.map(\.count), threads: threads, scratch: scratch ?? NetworkScratch()) { w, destination in
                destination.update(from: base + windows[w].lowerBound * f, count: windows[w].count * f)
            }
        }
    }

    /// Embeddings of windows given each as frames × feature dimension values, row-major. One per window, in order.
    public func embed(_ windows: [[Float]], threads: Int = 1, scratch: NetworkScratch? = nil) -> [[Float]] {
        let f = model.featureDimension
        precondition(windows.allSatisfy { $0.count % f == 0 }, "a window's size is not a multiple of \(f) bands")
        return embed(frames: windows.map { $0.count / f }, threads: threads, scratch: scratch ?? NetworkScratch()) { w, destination in
            windows[w].withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    /// The batches (ranges of window indices) windows of these lengths are cut into: consecutive windows while
    /// the batch holds at most `maxWindowsPerBatch` windows and `maxFramesPerBatch` frames.
    public func batches(frames: [Int]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0, total = 0
        for (i, t) in frames.enumerated() {
            if i > start && (i - start >= options.maxWindowsPerBatch || total + t > options.maxFramesPerBatch) {
                result.append(start..<i)
                start = i
                total = 0
            }
            total += t
        }
        if start < frames.count { result.append(start..<frames.count) }
        return result
    }

    /// Cosine similarity of two embeddings (0 if either is all zeros).
    public static func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "embeddings of different sizes")
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in 0..<a.count {
            ab += Double(a[i]) * Double(b[i])
            aa += Double(a[i]) * Double(a[i])
            bb += Double(b[i]) * Double(b[i])
        }
        return aa > 0 && bb > 0 ? Float(ab / (aa * bb).squareRoot()) : 0
    }

    /// The common path: `fill(w, destination)` copies window w's frames × feature dimension values.
    /// `fill` is called from several threads at once and must only read shared data.
    private func embed(frames: [Int], threads: Int, scratch: NetworkScratch,
                       fill: (Int, UnsafeMutablePointer<Float>) -> Void) -> [[Float]] {
        guard !frames.isEmpty else { return [] }
        precondition(frames.allSatisfy { $0 >= 1 && $0 <= Int(CDSP_CAMPPLUS_MAX_FRAMES) },
                     "CAM++ windows need 1...\(CDSP_CAMPPLUS_MAX_FRAMES) frames")
        let f = model.featureDimension, e = model.embeddingDimension
        let lengths = frames.map { Int32($0) }
        let batches = self.batches(frames: frames)
        var config = model.config
        var workspaceFloats = 0, inputFloats = 0
        for batch in batches {
            let size = lengths[batch].withUnsafeBufferPointer {
                cdsp_campplus_workspace_floats(&config, Int32($0.count), $0.baseAddress)
            }
            precondition(size > 0, "CAM++ batch rejected (error \(size))")
            workspaceFloats = max(workspaceFloats, size)
            inputFloats = max(inputFloats, frames[batch].reduce(0, +) * f)
        }
        let weights = model.weights
        let kernels = options.kernels.code
        let flat = scratch.run(batches: batches, windows: frames.count, outputsPerWindow: e, threads: threads,
                               workspaceFloats: workspaceFloats, inputFloats: inputFloats) { batch, input, workspace, output in
            var cfg = config
            var rows = 0
            for w in batch {
                fill(w, input.pointer + rows * f)
                rows += frames[w]
            }
            let rc = lengths[batch].withUnsafeBufferPointer {
                cdsp_campplus_embed(&cfg, kernels, weights.pointer, weights.count, input.pointer, rows * f,
                                    Int32($0.count), $0.baseAddress, workspace.pointer, workspace.count,
                                    output, batch.count * e)
            }
            precondition(rc == CDSP_CAMPPLUS_OK, "CAM++ forward pass failed (error \(rc))")
        }
        return (0..<frames.count).map { Array(flat[($0 * e)..<(($0 + 1) * e)]) }
    }
}
