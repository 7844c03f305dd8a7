import CDSP
import XCTest
@testable import DSPKit

/// The choice of matrix-product kernels shared by the CAM++ embedding and the segmentation network, in Swift and
/// in C (`cdsp_matrix_kernels.h`).
final class MatrixKernelsTests: XCTestCase {
    func testKernelChoice() {
        XCTAssertTrue(MatrixKernels.blas.isAvailable)
        XCTAssertTrue(MatrixKernels.automatic.isAvailable)
        XCTAssertEqual(MatrixKernels.automatic.resolved, MatrixKernels.avx512.isAvailable ? .avx512 : .blas)
        XCTAssertEqual(MatrixKernels.blas.resolved, .blas)
    }

    func testUnknownKernelsAreUnavailable() {
        XCTAssertEqual(cdsp_matrix_kernels_available(99), 0)
        XCTAssertEqual(cdsp_matrix_kernels_resolve(99), CDSP_MATRIX_KERNELS_UNAVAILABLE)
        XCTAssertEqual(cdsp_matrix_kernels_resolve(-1), CDSP_MATRIX_KERNELS_UNAVAILABLE)
    }
}
