import CDSP

/// Which code multiplies the matrices of the pretrained networks' forward passes (`CAMPlusEmbedder`,
/// `SegmentationNetwork`); both run on one C engine (`cdsp_matrix_kernels.h`). The kernels agree to float
/// rounding and each is deterministic; the choice exists so that benchmarks and tests can compare them on one
/// machine. `automatic` takes the own AVX-512 kernels where the CPU has AVX-512F (about twice OpenBLAS's speed
/// for CAM++ on the development machine) and OpenBLAS otherwise (own AVX2 kernels were tried and only matched
/// OpenBLAS, so there are none). With the own kernels a window's output does not depend on the other windows of
/// its batch, bit for bit, and digital silence gives the segmentation network exactly constant feature maps, as
/// in PyTorch; with OpenBLAS a window's output may differ in the last bits with its batch.
public enum MatrixKernels: String, CaseIterable, Sendable {
    case automatic, blas, avx512

    var code: Int32 {
        switch self {
        case .automatic: return CDSP_MATRIX_KERNELS_AUTO
        case .blas: return CDSP_MATRIX_KERNELS_BLAS
        case .avx512: return CDSP_MATRIX_KERNELS_AVX512
        }
    }

    /// Whether these kernels can run on this CPU and build.
    public var isAvailable: Bool { cdsp_matrix_kernels_available(code) == 1 }

    /// The kernels `automatic` stands for on this machine (itself for the others); nil if unavailable.
    public var resolved: MatrixKernels? {
        let r = cdsp_matrix_kernels_resolve(code)
        return MatrixKernels.allCases.first { $0 != .automatic && $0.code == r }
    }
}
