import XCTest
import CDSP
import DSPKit

/// The Swift layer and the C header must agree on the C core's API version.
final class CCoreVersionTests: XCTestCase {
    func testSwiftLayerSeesTheHeaderVersion() {
        XCTAssertEqual(DSPKitInfo.cCoreAPIVersion, Int(CDSP_API_VERSION))
    }
}
