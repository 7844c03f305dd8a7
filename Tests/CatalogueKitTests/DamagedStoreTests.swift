import CatalogueKit
import Foundation
import XCTest

/// A results store whose values are of the wrong type (damaged, hand-edited or crafted) is an input error
/// naming the store, never a crash (regressions found by the FuzzResultsStore fuzz target).
final class DamagedStoreTests: XCTestCase {
    static let regressions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions/FuzzResultsStore")

    func testNullWhereTextIsExpectedIsAnInputError() throws {
        let catalogue = try TestCatalogue()
        let copy = catalogue.path("damaged.sqlite")
        try FileManager.default.copyItem(at: Self.regressions.appendingPathComponent("null-tool-version"),
                                         to: URL(fileURLWithPath: copy))
        let store = try ResultsStore(path: copy, create: false)
        defer { try? store.close() }
        for read in [{ _ = try store.storedFilms() }, { _ = try store.configurations() },
                     { _ = try store.exportFilms(to: catalogue.path("films.csv")) }] {
            XCTAssertThrowsError(try read()) { error in
                guard let failure = error as? CatalogueError else { return XCTFail("\(type(of: error)): \(error)") }
                XCTAssertTrue(failure.isInputError, "\(failure)")
                XCTAssertTrue("\(failure)".contains(copy), "\(failure)")
            }
        }
    }
}
