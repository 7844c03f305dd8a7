import CDSP
import Foundation

/// One FFTW single-precision real FFT plan (real→complex or complex→real) of a fixed length.
///
/// FFTW's planner is not thread-safe, so plans are created and destroyed only under `plannerLock`;
/// executing a plan with the new-array interface (`fftwf_execute_dft_r2c/c2r`) is thread-safe, so one
/// plan serves every thread, each bringing its own 64-byte aligned buffers. Plans use FFTW_ESTIMATE:
/// FFTW_MEASURE may choose a different algorithm on each run, which would make results differ in the
/// last bit between runs; the estimated plan is deterministic.
final class FFTPlan: @unchecked Sendable {
    enum Kind { case realToComplex, complexToReal }

    /// Serialises every call into FFTW's planner in this process.
    static let plannerLock = NSLock()

    let size: Int
    let kind: Kind
    let plan: OpaquePointer

    /// Plans a transform of `size` real samples (`size / 2 + 1` complex bins).
    init(size: Int, kind: Kind) {
        precondition(size >= 2, "FFTPlan: size \(size) too small")
        self.size = size
        self.kind = kind
        FFTPlan.plannerLock.lock()
        defer { FFTPlan.plannerLock.unlock() }
        let real = fftwf_alloc_real(size)!
        let complex = fftwf_alloc_complex(size / 2 + 1)!
        defer {
            fftwf_free(real)
            fftwf_free(complex)
        }
        let flags = UInt32(FFTW_ESTIMATE)
        switch kind {
        case .realToComplex: plan = fftwf_plan_dft_r2c_1d(Int32(size), real, complex, flags)!
        case .complexToReal: plan = fftwf_plan_dft_c2r_1d(Int32(size), complex, real, flags)!
        }
    }

    deinit {
        FFTPlan.plannerLock.lock()
        fftwf_destroy_plan(plan)
        FFTPlan.plannerLock.unlock()
    }
}
