import DSPKit
import Foundation
import XCTest

/// The models' identity changes exactly when a model file the counter would load changes, so a results store
/// recomputes the films a retrained model would count differently, and only those.
final class ModelIdentityTests: XCTestCase {
    func testShippedIdentityHashesTheShippedFiles() throws {
        let a = try ModelIdentity.shipped(toolVersion: "1.0")
        XCTAssertEqual(a, try ModelIdentity.shipped(toolVersion: "1.0"))
        XCTAssertNotEqual(a, try ModelIdentity.shipped(toolVersion: "1.1"), "the tool version is part of the identity")
        let models = Fixtures.root.deletingLastPathComponent().appendingPathComponent("Sources/DSPKit/Models")
        XCTAssertEqual(a.sex, try ContentHash.of(file: models.appendingPathComponent("sex.model").path))
        XCTAssertEqual(a.segmentation, try ContentHash.of(file: models.appendingPathComponent("segmentation.model").path))
        XCTAssertEqual(a.embedding, try ContentHash.of(file: models.appendingPathComponent("campplus.model").path))
        XCTAssertEqual(Set([a.sex, a.segmentation, a.embedding]).count, 3)
    }

    func testModelDirectoryIdentityFollowsTheFilesTheCounterUses() throws {
        let shipped = try ModelIdentity.shipped(toolVersion: "1.0")
        let models = Fixtures.root.deletingLastPathComponent().appendingPathComponent("Sources/DSPKit/Models")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("model-identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A directory with only sex.model: the networks are the shipped ones.
        var sex = try Data(contentsOf: models.appendingPathComponent("sex.model"))
        try sex.write(to: dir.appendingPathComponent("sex.model"))
        XCTAssertEqual(try ModelIdentity.models(in: dir.path, toolVersion: "1.0"), shipped)
        // A retrained sex model (one byte differs): only its hash changes.
        sex[sex.count / 2] ^= 0x01
        try sex.write(to: dir.appendingPathComponent("sex.model"))
        let retrained = try ModelIdentity.models(in: dir.path, toolVersion: "1.0")
        XCTAssertNotEqual(retrained.sex, shipped.sex)
        XCTAssertEqual(retrained.segmentation, shipped.segmentation)
        XCTAssertEqual(retrained.embedding, shipped.embedding)
        // No sex.model: an error naming the file.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("sex.model"))
        XCTAssertThrowsError(try ModelIdentity.models(in: dir.path, toolVersion: "1.0")) { error in
            XCTAssertTrue("\(error)".contains("sex.model"), "\(error)")
        }
    }
}
