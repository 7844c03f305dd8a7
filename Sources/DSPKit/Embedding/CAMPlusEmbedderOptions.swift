/// How `CAMPlusEmbedder` groups windows into batches for the C forward pass, and which kernels multiply.
/// Batches are formed from the windows' order and lengths only (never from the thread count), so results are
/// identical for any `threads`; their size trades per-call overhead against memory (see BENCHMARKS.md).
public struct CAMPlusEmbedderOptions: Equatable, Sendable {
    /// Most windows in one batch (≥ 1).
    public var maxWindowsPerBatch: Int = 64
    /// Most fbank frames (10 ms each) in one batch (≥ 1); a longer window forms a batch of its own. A worker's
    /// workspace is about 2.4 KB per frame of its largest batch plus about 12 MB (18 MB at 2400 frames).
    /// 16 windows of 150 frames per batch ran about 3 % faster than 8 and as fast as 64.
    public var maxFramesPerBatch: Int = 2400
    /// Matrix-product kernels (must be available on the machine).
    public var kernels: MatrixKernels = .automatic

    public init(maxWindowsPerBatch: Int = 64, maxFramesPerBatch: Int = 2400, kernels: MatrixKernels = .automatic) {
        self.maxWindowsPerBatch = maxWindowsPerBatch
        self.maxFramesPerBatch = maxFramesPerBatch
        self.kernels = kernels
    }
}
