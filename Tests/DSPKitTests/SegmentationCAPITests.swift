import CDSP
import XCTest
import DSPKit
import SeededRandom

/// The C API of the segmentation forward pass: its tensor table, and invalid sizes rejected with error codes
/// that leave the output untouched.
final class SegmentationCAPITests: XCTestCase {
    /// The shipped model's configuration with windows of `samples` samples.
    private func config(samples: Int32 = 160_000) -> cdsp_segmentation_config {
        cdsp_segmentation_config(sample_rate: 16_000, window_samples: samples, sinc_bands: 40, sinc_taps: 251, sinc_stride: 10,
                                 conv_channels: 60, conv_kernel: 5, pool: 3, lstm_hidden: 128, lstm_layers: 4,
                                 linear_hidden: 128, linear_layers: 2, classes: 7)
    }

    private func name(_ t: cdsp_segmentation_tensor) -> String {
        withUnsafeBytes(of: t.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    func testTensorTableMatchesTheModelFile() {
        var c = config()
        XCTAssertEqual(cdsp_segmentation_check_config(&c), CDSP_SEGMENTATION_OK)
        XCTAssertEqual(cdsp_segmentation_frames(&c), 589)
        // SincNet 13 (wav norm 2, filters 1, three norms 6, two convolutions 4), LSTM 4 x 2 x 3, linear 4, classifier 2.
        let count = cdsp_segmentation_tensor_count(&c)
        XCTAssertEqual(count, 13 + 24 + 4 + 2)
        var info = cdsp_segmentation_tensor()
        var computed: [String] = []
        var total = 0
        for i in 0..<count {
            XCTAssertEqual(cdsp_segmentation_tensor_info(&c, i, &info), CDSP_SEGMENTATION_OK)
            XCTAssertEqual(info.offset, total)
            total += info.count
            if info.computed != 0 { computed.append(name(info)) }
        }
        XCTAssertEqual(computed, ["sincnet.filterbank.filters"])
        XCTAssertEqual(total, cdsp_segmentation_weight_floats(&c))
        // The model file's 1,469,169 floats, less the 80 band parameters, plus the 80 x 251 filters.
        XCTAssertEqual(total, 1_469_169 - 80 + 80 * 251)
        XCTAssertEqual(cdsp_segmentation_tensor_info(&c, 13, &info), CDSP_SEGMENTATION_OK)
        XCTAssertEqual(name(info), "lstm.l0.forward.weight_ih")
        XCTAssertEqual([info.shape.0, info.shape.1], [512, 60])
        XCTAssertEqual(cdsp_segmentation_tensor_info(&c, count - 1, &info), CDSP_SEGMENTATION_OK)
        XCTAssertEqual(name(info), "classifier.bias")
        XCTAssertEqual(cdsp_segmentation_tensor_info(&c, count, &info), CDSP_SEGMENTATION_ERR_INDEX)
        XCTAssertEqual(cdsp_segmentation_tensor_info(&c, -1, &info), CDSP_SEGMENTATION_ERR_INDEX)
        var start = 1.0, step = 0.0, duration = 0.0
        XCTAssertEqual(cdsp_segmentation_frame_timing(&c, &start, &step, &duration), CDSP_SEGMENTATION_OK)
        XCTAssertEqual([start, step, duration], [0, 270, 991])
        for change in [{ (c: inout cdsp_segmentation_config) in c.sinc_taps = 250 }, { $0.window_samples = 990 },
                       { $0.pool = 0 }, { $0.lstm_layers = 17 }, { $0.classes = 0 }, { $0.linear_layers = -1 }] {
            var bad = c
            change(&bad)
            XCTAssertEqual(cdsp_segmentation_check_config(&bad), CDSP_SEGMENTATION_ERR_CONFIG)
            XCTAssertEqual(cdsp_segmentation_tensor_count(&bad), CDSP_SEGMENTATION_ERR_CONFIG)
            XCTAssertEqual(cdsp_segmentation_workspace_floats(&bad, 1), Int(CDSP_SEGMENTATION_ERR_CONFIG))
        }
        c.window_samples = 991
        XCTAssertEqual(cdsp_segmentation_frames(&c), 1)
    }

    func testInvalidSizesAreErrorsAndWriteNothing() {
        var c = config(samples: 16_000)
        let frames = Int(cdsp_segmentation_frames(&c))
        XCTAssertEqual(frames, 56)
        let weightFloats = cdsp_segmentation_weight_floats(&c)
        var weights = [Float](repeating: 0, count: weightFloats)
        let workspaceFloats = cdsp_segmentation_workspace_floats(&c, 2)
        XCTAssertGreaterThan(workspaceFloats, 0)
        XCTAssertEqual(cdsp_segmentation_workspace_floats(&c, 0), Int(CDSP_SEGMENTATION_ERR_SIZE))
        var workspace = [Float](repeating: 0, count: workspaceFloats)
        var samples = (0..<32_000).map { Float(sin(Double($0) * 0.01)) * 0.1 }
        var out = [Float](repeating: 7, count: 2 * frames * 7)
        let sampleFloats = samples.count, outFloats = out.count
        func run(kernels: Int32 = CDSP_MATRIX_KERNELS_AUTO, weights w: Int? = nil, samples s: Int? = nil, batch: Int32 = 2,
                 workspace ws: Int? = nil, out o: Int? = nil) -> Int32 {
            cdsp_segmentation_run(&c, kernels, &weights, w ?? weightFloats, &samples, s ?? sampleFloats, batch,
                                  &workspace, ws ?? workspaceFloats, &out, o ?? outFloats)
        }
        XCTAssertEqual(run(samples: 31_999), CDSP_SEGMENTATION_ERR_SIZE)
        XCTAssertEqual(run(batch: 0), CDSP_SEGMENTATION_ERR_SIZE)
        XCTAssertEqual(run(batch: 3), CDSP_SEGMENTATION_ERR_SIZE)
        XCTAssertEqual(run(weights: weightFloats - 1), CDSP_SEGMENTATION_ERR_WEIGHTS)
        XCTAssertEqual(run(workspace: workspaceFloats - 1), CDSP_SEGMENTATION_ERR_WORKSPACE)
        XCTAssertEqual(run(out: outFloats - 1), CDSP_SEGMENTATION_ERR_OUTPUT)
        XCTAssertEqual(run(kernels: 99), CDSP_SEGMENTATION_ERR_KERNELS)
        var bad = c
        bad.sinc_stride = 0
        XCTAssertEqual(cdsp_segmentation_run(&bad, CDSP_MATRIX_KERNELS_AUTO, &weights, weightFloats, &samples, sampleFloats,
                                             2, &workspace, workspaceFloats, &out, outFloats), CDSP_SEGMENTATION_ERR_CONFIG)
        XCTAssertTrue(out.allSatisfy { $0 == 7 }, "nothing written on error")
        // All-zero weights: every layer outputs its (zero) bias, the classes are equally likely.
        XCTAssertEqual(run(), CDSP_SEGMENTATION_OK)
        XCTAssertTrue(out.allSatisfy { abs($0 - 1.0 / 7) < 1e-6 })
        // Storing a tensor checks its size.
        var values = [Float](repeating: 1, count: 1)
        XCTAssertEqual(cdsp_segmentation_store_tensor(&c, 0, &values, 1, &weights, weightFloats), CDSP_SEGMENTATION_OK)
        XCTAssertEqual(cdsp_segmentation_store_tensor(&c, 0, &values, 2, &weights, weightFloats), CDSP_SEGMENTATION_ERR_INDEX)
        XCTAssertEqual(cdsp_segmentation_store_tensor(&c, 0, &values, 1, &weights, weightFloats - 1), CDSP_SEGMENTATION_ERR_WEIGHTS)
        XCTAssertEqual(cdsp_segmentation_store_tensor(&c, 99, &values, 1, &weights, weightFloats), CDSP_SEGMENTATION_ERR_INDEX)
    }

    func testSymmetricAndGeneralFilterbankPathsAgree() {
        // Random weights; the filters once mirror-symmetric (the fast path, half the multiply-adds) and once with
        // one tap nudged (the general product): the outputs agree to rounding.
        var c = config(samples: 8_000)
        let frames = Int(cdsp_segmentation_frames(&c))
        let weightFloats = cdsp_segmentation_weight_floats(&c)
        var g = SeededGenerator(state: 17)
        var weights = (0..<weightFloats).map { _ in Float(g.unit() * 0.2 - 0.1) }
        var info = cdsp_segmentation_tensor()
        XCTAssertEqual(cdsp_segmentation_tensor_info(&c, 2, &info), CDSP_SEGMENTATION_OK)
        let f0 = info.offset
        for f in 0..<80 {
            let row = f0 + f * 251
            weights[row + 125] = f < 40 ? 1 : 0
            for j in 0..<125 { weights[row + 250 - j] = f < 40 ? weights[row + j] : -weights[row + j] }
        }
        var samples = (0..<16_000).map { _ in Float(g.unit() - 0.5) }
        let workspaceFloats = cdsp_segmentation_workspace_floats(&c, 2)
        var workspace = [Float](repeating: 0, count: workspaceFloats)
        func run(_ kernels: Int32) -> [Float] {
            var out = [Float](repeating: 0, count: 2 * frames * 7)
            XCTAssertEqual(cdsp_segmentation_run(&c, kernels, &weights, weightFloats, &samples, samples.count, 2, &workspace,
                                                 workspaceFloats, &out, out.count), CDSP_SEGMENTATION_OK)
            return out
        }
        for kernels in [CDSP_MATRIX_KERNELS_BLAS, CDSP_MATRIX_KERNELS_AVX512]
            where cdsp_matrix_kernels_available(kernels) == 1 {
            let symmetric = run(kernels)
            weights[f0 + 3] *= 1 + 1e-7
            let general = run(kernels)
            weights[f0 + 3] = weights[f0 + 247]
            XCTAssertEqual(run(kernels), symmetric)
            let diff = zip(symmetric, general).map { abs($0 - $1) }.max()!
            print(String(format: "segmentation filterbank, kernels %d: mirror-symmetric vs general path max abs diff %.2e", kernels, diff))
            XCTAssertLessThan(diff, 1e-4)
            XCTAssertNotEqual(symmetric, general, "the nudged filter takes the general path")
        }
    }
}
