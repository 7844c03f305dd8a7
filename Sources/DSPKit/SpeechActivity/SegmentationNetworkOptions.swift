/// How `SegmentationNetwork` groups windows into batches for the C forward pass, and which kernels multiply.
/// Batches are formed from the windows' order only (never from the thread count), so results are identical for
/// any `threads`; their size trades the LSTM's efficiency against memory.
public struct SegmentationNetworkOptions: Equatable, Sendable {
    /// Most windows in one batch (1...4096). The LSTM steps all windows of a batch together, 16 per AVX-512
    /// register: with 10 s windows on one thread (development machine) 1 window ran at 15 windows/s, 8 at 60,
    /// 16 at 82, 32 at 75 and 64 at 64 (its buffers no longer fit the caches). A worker's workspace is about
    /// 5 MB plus 1.3 MB per window of 10 s (26 MB for 16).
    public var maxWindowsPerBatch: Int = 16
    /// Matrix-product kernels (must be available on the machine).
    public var kernels: MatrixKernels = .automatic

    public init(maxWindowsPerBatch: Int = 16, kernels: MatrixKernels = .automatic) {
        self.maxWindowsPerBatch = maxWindowsPerBatch
        self.kernels = kernels
    }
}
