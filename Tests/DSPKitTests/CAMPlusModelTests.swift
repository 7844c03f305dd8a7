import Foundation
import XCTest
@testable import DSPKit
import CDSP

/// A damaged or inconsistent CAM++ model file is a clean `ModelContainerError` naming the file, never a crash.
/// The damaged models are built here from the shipped file (nothing large is committed).
final class CAMPlusModelTests: XCTestCase {
    static let files = DamagedModelFiles(shipped: "campplus.model") { _ = try CAMPlusModel(contentsOf: $0) }

    func testShippedModelLoads() throws {
        let model = try CAMPlusModel.shipped()
        XCTAssertEqual(model.featureDimension, 80)
        XCTAssertEqual(model.embeddingDimension, 192)
        XCTAssertFalse(model.featuresDescription.isEmpty)
    }

    func testTruncatedFile() throws { try Self.files.checkTruncatedFile() }

    func testFlippedByte() throws { try Self.files.checkFlippedByte() }

    func testSectionWithWrongShape() throws { try Self.files.checkSectionWithWrongShape("xvector.block2.tdnnd3.linear1.weight") }

    func testMissingSection() throws { try Self.files.checkMissingSection("xvector.block3.tdnnd16.cam.linear2.bias") }

    func testNaNWeight() throws { try Self.files.checkNaNWeight("head.layer1.1.conv2.weight", at: 17) }

    func testInconsistentHyperParameters() throws {
        let files = Self.files
        // 81 bands are not divisible by the head's three frequency halvings.
        files.expect(.invalidModel, try files.edited { $0.setInts("campplus.feature_dim", [81], shape: [1]) },
                     mentioning: ["feature_dim 81"])
        // A plausible configuration whose tensors the file does not hold.
        files.expect(.wrongSection, try files.edited { $0.setInts("campplus.growth_rate", [16], shape: [1]) })
        files.expect(.invalidModel, try files.edited { $0.setString("model", "sex") }, mentioning: ["not a speaker embedding"])
        files.expect(.wrongSection, try files.edited { $0.setInts("campplus.block_layers", [12, 24], shape: [2]) },
                     mentioning: ["block_layers"])
    }

    func testCostBounds() throws {
        var cfg = try CAMPlusModel.shipped().config
        var tenSeconds: [Int32] = [1000]
        XCTAssertLessThan(cdsp_campplus_macs(&cfg, 1, &tenSeconds) / 10 * 10, CAMPlusModel.maxMultiplyAccumulatesPerSecond)
        XCTAssertLessThan(cdsp_campplus_workspace_floats(&cfg, 1, &tenSeconds) * 4 * 10, CAMPlusModel.maxWorkspaceBytesPer10Seconds)
        // Dense layers adding 2048 channels each are over the bound: refused before the (absent) tensors are
        // looked for.
        let files = Self.files
        files.expect(.invalidModel, try files.edited { $0.setInts("campplus.growth_rate", [2048], shape: [1]) },
                     mentioning: ["CAM++ network too costly", "per second of speech (at most 8.0e+09)"])
    }
}
