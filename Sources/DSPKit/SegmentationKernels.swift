import CDSP

/// Which code multiplies the matrices of the segmentation network's forward pass. They agree to float rounding
/// and each is deterministic; the choice exists so that benchmarks and tests can compare them on one machine.
/// `automatic` takes the own AVX-512 kernels where the CPU has AVX-512F (with them a window's output does not
/// depend on the other windows of its batch, bit for bit, and digital silence gives exactly constant feature
/// maps, as in PyTorch) and OpenBLAS otherwise (there a window's output may differ in the last bits with its
/// batch).
public enum SegmentationKernels: String, CaseIterable, Sendable {
    case automatic, blas, avx512

    var code: Int32 {
        switch self {
        case .automatic: return CDSP_SEGMENTATION_KERNELS_AUTO
        case .blas: return CDSP_SEGMENTATION_KERNELS_BLAS
        case .avx512: return CDSP_SEGMENTATION_KERNELS_AVX512
        }
    }

    /// Whether these kernels can run on this CPU and build.
    public var isAvailable: Bool { cdsp_segmentation_kernels_available(code) == 1 }

    /// The kernels `automatic` stands for on this machine (itself for the others); nil if unavailable.
    public var resolved: SegmentationKernels? {
        let r = cdsp_segmentation_resolve_kernels(code)
        return SegmentationKernels.allCases.first { $0 != .automatic && $0.code == r }
    }
}
