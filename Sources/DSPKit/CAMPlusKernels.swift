import CDSP

/// Which code multiplies the matrices of the CAM++ forward pass. They agree to float rounding and each is
/// deterministic; the choice exists so that benchmarks and tests can compare them on one machine.
/// `automatic` takes the own AVX-512 kernels where the CPU has AVX-512F (about twice OpenBLAS's speed on the
/// development machine) and OpenBLAS otherwise (own AVX2 kernels were tried and only matched OpenBLAS, so
/// there are none). With the own kernels a window's embedding does not depend on the other windows of its
/// batch, bit for bit; with OpenBLAS it may differ in the last bits.
public enum CAMPlusKernels: String, CaseIterable, Sendable {
    case automatic, blas, avx512

    var code: Int32 {
        switch self {
        case .automatic: return CDSP_CAMPPLUS_KERNELS_AUTO
        case .blas: return CDSP_CAMPPLUS_KERNELS_BLAS
        case .avx512: return CDSP_CAMPPLUS_KERNELS_AVX512
        }
    }

    /// Whether these kernels can run on this CPU and build.
    public var isAvailable: Bool { cdsp_campplus_kernels_available(code) == 1 }

    /// The kernels `automatic` stands for on this machine (itself for the others); nil if unavailable.
    public var resolved: CAMPlusKernels? {
        let r = cdsp_campplus_resolve_kernels(code)
        return CAMPlusKernels.allCases.first { $0 != .automatic && $0.code == r }
    }
}
