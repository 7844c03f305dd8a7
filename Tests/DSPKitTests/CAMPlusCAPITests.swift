import CDSP
import XCTest

/// The C API of the CAM++ forward pass rejects invalid sizes with its error codes and writes nothing then.
final class CAMPlusCAPITests: XCTestCase {
    private var config: cdsp_campplus_config {
        var c = cdsp_campplus_config()
        c.feature_dim = 80; c.head_channels = 32; c.tdnn_channels = 128; c.growth_rate = 32; c.bottleneck_channels = 128
        c.block_layers = (12, 24, 16); c.block_dilations = (1, 2, 2); c.embedding_dim = 192; c.segment_frames = 100
        return c
    }

    func testTensorTableMatchesTheModelFile() {
        var c = config
        XCTAssertEqual(cdsp_campplus_check_config(&c), CDSP_CAMPPLUS_OK)
        let count = cdsp_campplus_tensor_count(&c)
        // Head 2 + 4 blocks x 4 + 2 shortcuts x 2 + 2, TDNN 2, 52 dense layers x 9, 3 transitions x 3, out 2, dense 2.
        let head: Int32 = 2 + 16 + 4 + 2, dense: Int32 = 52 * 9
        XCTAssertEqual(count, head + 2 + dense + 9 + 2 + 2)
        var info = cdsp_campplus_tensor()
        XCTAssertEqual(cdsp_campplus_tensor_info(&c, 0, &info), CDSP_CAMPPLUS_OK)
        XCTAssertEqual(withUnsafeBytes(of: info.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }, "head.conv1.weight")
        XCTAssertEqual(cdsp_campplus_tensor_info(&c, count - 1, &info), CDSP_CAMPPLUS_OK)
        XCTAssertEqual(withUnsafeBytes(of: info.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }, "xvector.dense.bias")
        XCTAssertEqual(info.offset + info.count, cdsp_campplus_weight_floats(&c))
        XCTAssertEqual(cdsp_campplus_tensor_info(&c, count, &info), CDSP_CAMPPLUS_ERR_INDEX)
        XCTAssertEqual(cdsp_campplus_tensor_info(&c, -1, &info), CDSP_CAMPPLUS_ERR_INDEX)
        var bad = c
        bad.bottleneck_channels = 127
        XCTAssertEqual(cdsp_campplus_check_config(&bad), CDSP_CAMPPLUS_ERR_CONFIG)
        bad = c
        bad.block_layers = (12, 0, 16)
        XCTAssertEqual(cdsp_campplus_tensor_count(&bad), CDSP_CAMPPLUS_ERR_CONFIG)
    }

    func testInvalidSizesAreErrorsAndWriteNothing() {
        var c = config
        let weightFloats = cdsp_campplus_weight_floats(&c)
        var weights = [Float](repeating: 0, count: weightFloats)
        var frames: [Int32] = [10, 3]
        let workspaceFloats = cdsp_campplus_workspace_floats(&c, 2, &frames)
        XCTAssertGreaterThan(workspaceFloats, 0)
        var workspace = [Float](repeating: 0, count: workspaceFloats)
        var fbank = [Float](repeating: -5, count: 13 * 80)
        var out = [Float](repeating: 7, count: 2 * 192)
        let fbankFloats = fbank.count, outFloats = out.count
        func embed(kernels: Int32 = CDSP_MATRIX_KERNELS_AUTO, weights w: Int? = nil, fbank f: Int? = nil, batch: Int32 = 2,
                   workspace ws: Int? = nil, out o: Int? = nil) -> Int32 {
            let sizes = (w ?? weightFloats, f ?? fbankFloats, ws ?? workspaceFloats, o ?? outFloats)
            return cdsp_campplus_embed(&c, kernels, &weights, sizes.0, &fbank, sizes.1, batch, &frames,
                                       &workspace, sizes.2, &out, sizes.3)
        }
        XCTAssertEqual(embed(fbank: 12 * 80), CDSP_CAMPPLUS_ERR_SIZE)
        XCTAssertEqual(embed(batch: 0), CDSP_CAMPPLUS_ERR_SIZE)
        XCTAssertEqual(embed(weights: weightFloats - 1), CDSP_CAMPPLUS_ERR_WEIGHTS)
        XCTAssertEqual(embed(workspace: workspaceFloats - 1), CDSP_CAMPPLUS_ERR_WORKSPACE)
        XCTAssertEqual(embed(out: 2 * 192 - 1), CDSP_CAMPPLUS_ERR_OUTPUT)
        XCTAssertEqual(embed(kernels: 99), CDSP_CAMPPLUS_ERR_KERNELS)
        frames[1] = 0
        XCTAssertEqual(embed(), CDSP_CAMPPLUS_ERR_SIZE)
        XCTAssertEqual(cdsp_campplus_workspace_floats(&c, 2, &frames), Int(CDSP_CAMPPLUS_ERR_SIZE))
        XCTAssertTrue(out.allSatisfy { $0 == 7 }, "nothing written on error")
        frames[1] = 3
        // All-zero weights: every layer outputs its (zero) bias, the embedding is zero.
        XCTAssertEqual(embed(), CDSP_CAMPPLUS_OK)
        XCTAssertTrue(out.allSatisfy { $0 == 0 })
        // Storing a tensor checks its size.
        var values = [Float](repeating: 1, count: 32 * 9)
        XCTAssertEqual(cdsp_campplus_store_tensor(&c, 0, &values, values.count, &weights, weightFloats), CDSP_CAMPPLUS_OK)
        XCTAssertEqual(cdsp_campplus_store_tensor(&c, 0, &values, values.count - 1, &weights, weightFloats), CDSP_CAMPPLUS_ERR_INDEX)
        XCTAssertEqual(cdsp_campplus_store_tensor(&c, 0, &values, values.count, &weights, weightFloats - 1), CDSP_CAMPPLUS_ERR_WEIGHTS)
    }
}
