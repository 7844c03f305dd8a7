import XCTest
import BechdelKit

final class LibraryInfoTests: XCTestCase {
    func testVersionIsSemantic() {
        XCTAssertEqual(BechdelKitInfo.libraryVersion.split(separator: ".").count, 3)
    }
}
