import Foundation
import XCTest
@testable import DSPKit
import SeededRandom

/// The CAM++ forward pass against the PyTorch reference (Fixtures/campplus, scripts/make_campplus_fixtures.py),
/// and its invariance to batching and threads.
final class CAMPlusEmbedderTests: XCTestCase {
    /// The shipped model, loaded once for all tests of this class.
    static let model: CAMPlusModel? = try? CAMPlusModel.shipped()

    struct Clip {
        let name: String
        let fbank: [Float]
        let embedding: [Float]
        var frames: Int { fbank.count / 80 }
    }

    static func referenceClips() throws -> [Clip] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("campplus/reference.json")))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let clips = try XCTUnwrap(json["clips"] as? [[String: Any]])
        return try clips.map { clip in
            let name = try XCTUnwrap(clip["name"] as? String)
            let file = try XCTUnwrap(clip["fbank"] as? String)
            let raw = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("campplus/" + file)))
            let fbank = raw.withUnsafeBytes { bytes in
                (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
            let embedding = try XCTUnwrap(clip["embedding"] as? [Double]).map(Float.init)
            XCTAssertEqual(fbank.count, try XCTUnwrap(clip["frames"] as? Int) * 80, name)
            return Clip(name: name, fbank: fbank, embedding: embedding)
        }
    }

    private func model() throws -> CAMPlusModel { try XCTUnwrap(Self.model, "shipped CAM++ model did not load") }

    /// Every kernel set this machine can run (OpenBLAS always; the own AVX-512 kernels where the CPU has AVX-512).
    private var kernelSets: [MatrixKernels] { [.blas, .avx512].filter(\.isAvailable) }

    /// Fbank-like random windows (-8 + uniform noise with a per-band offset).
    private func randomWindows(_ lengths: [Int], seed: UInt64) -> [[Float]] {
        var g = SeededGenerator(state: seed)
        return lengths.map { t in
            let offsets = (0..<80).map { _ in Float(g.unit() * 6 - 3) }
            return (0..<(t * 80)).map { i in -8 + offsets[i % 80] + Float(g.unit() * 6 - 3) }
        }
    }

    func testParityWithPyTorchReference() throws {
        let clips = try Self.referenceClips()
        XCTAssertGreaterThanOrEqual(clips.count, 4)
        for kernels in kernelSets {
            let embedder = CAMPlusEmbedder(model: try model(), options: CAMPlusEmbedderOptions(kernels: kernels))
            // Each clip alone, then all clips as one ragged batch.
            let alone = clips.map { embedder.embed([$0.fbank])[0] }
            let together = embedder.embed(clips.map(\.fbank))
            for (i, clip) in clips.enumerated() {
                for (label, ours) in [("alone", alone[i]), ("batched", together[i])] {
                    XCTAssertEqual(ours.count, 192)
                    let cosine = CAMPlusEmbedder.cosineSimilarity(ours, clip.embedding)
                    let maxDiff = zip(ours, clip.embedding).map { abs($0 - $1) }.max()!
                    let scale = clip.embedding.map(abs).max()!
                    print(String(format: "CAM++ parity %@ (%d frames, %@, %@): cosine %.7f, max abs diff %.2e (largest |value| %.2f)",
                                 clip.name, clip.frames, label, kernels.rawValue, cosine, maxDiff, scale))
                    XCTAssertGreaterThanOrEqual(cosine, 0.999, "\(clip.name) \(label) \(kernels)")
                    XCTAssertLessThan(maxDiff, 1e-3 * scale, "\(clip.name) \(label) \(kernels)")
                }
            }
        }
    }

    func testBatchCompositionChangesNothingBeyondRounding() throws {
        let clips = try Self.referenceClips().map(\.fbank)
        // Ragged company: 1 frame, odd lengths, exactly one segment, and windows longer than a head group
        // (256 columns), which the C code cuts into overlapping pieces.
        let others = randomWindows([1, 3, 200, 201, 777, 1300], seed: 7)
        let mixed = [others[0], clips[0], others[4], others[1], clips[1], others[2], clips[2], others[5], clips[3], others[3]]
        var results: [MatrixKernels: [[Float]]] = [:]
        for kernels in kernelSets {
            let embedder = CAMPlusEmbedder(model: try model(), options: CAMPlusEmbedderOptions(kernels: kernels))
            let batched = embedder.embed(mixed)
            let alone = mixed.map { embedder.embed([$0])[0] }
            XCTAssertTrue(batched.joined().allSatisfy { $0.isFinite })
            results[kernels] = batched
            if kernels == .blas {
                // OpenBLAS may round differently at different column positions; the shortest windows (1-3
                // frames) amplify that the most, so the bound is relative to the largest component.
                var worst: Float = 0
                for (a, b) in zip(batched, alone) {
                    let scale = max(1, b.map(abs).max()!)
                    for (x, y) in zip(a, b) { worst = max(worst, abs(x - y) / scale) }
                }
                print(String(format: "CAM++ (blas) alone vs ragged batch: max abs diff %.2e relative to the largest component", worst))
                XCTAssertLessThanOrEqual(worst, 1e-5)
            } else {
                // The own kernels compute every element the same way wherever it sits: identical bits.
                XCTAssertEqual(batched.map { $0.map(\.bitPattern) }, alone.map { $0.map(\.bitPattern) }, "\(kernels)")
            }
        }
        // The engines agree to rounding.
        if let a = results[.avx512], let b = results[.blas] {
            for (x, y) in zip(a, b) { XCTAssertGreaterThan(CAMPlusEmbedder.cosineSimilarity(x, y), 0.99999) }
        }
    }

    func testThreadCountDoesNotChangeBytes() throws {
        let windows = randomWindows([150, 98, 2, 235, 150, 60, 408, 150, 333, 17], seed: 11)
        for kernels in kernelSets {
            // Small batches so that two workers really share the work.
            let embedder = CAMPlusEmbedder(model: try model(), options: CAMPlusEmbedderOptions(
                maxWindowsPerBatch: 3, maxFramesPerBatch: 400, kernels: kernels))
            XCTAssertGreaterThan(embedder.batches(frames: windows.map { $0.count / 80 }).count, 3)
            let one = embedder.embed(windows, threads: 1)
            let two = embedder.embed(windows, threads: 2)
            XCTAssertEqual(one.map { $0.map(\.bitPattern) }, two.map { $0.map(\.bitPattern) }, "\(kernels)")
        }
    }

    func testMatrixRangesEqualWindowArrays() throws {
        let embedder = CAMPlusEmbedder(model: try model())
        let windows = randomWindows([300], seed: 5)[0]
        let matrix = FeatureMatrix(rows: 300, cols: 80, data: windows)
        let ranges = [0..<150, 75..<225, 150..<300, 10..<11]
        let fromMatrix = embedder.embed(matrix, windows: ranges)
        let fromArrays = embedder.embed(ranges.map { Array(windows[($0.lowerBound * 80)..<($0.upperBound * 80)]) })
        XCTAssertEqual(fromMatrix, fromArrays)
    }

    func testBatchesFollowLimitsAndOrder() throws {
        let embedder = CAMPlusEmbedder(model: try model(), options: CAMPlusEmbedderOptions(maxWindowsPerBatch: 2, maxFramesPerBatch: 300))
        XCTAssertEqual(embedder.batches(frames: [100, 100, 100, 500, 50, 250, 10]), [0..<2, 2..<3, 3..<4, 4..<6, 6..<7])
        XCTAssertEqual(embedder.batches(frames: []), [])
        XCTAssertEqual(CAMPlusEmbedder.cosineSimilarity([1, 0], [0, 2]), 0)
        XCTAssertEqual(CAMPlusEmbedder.cosineSimilarity([1, 2], [2, 4]), 1, accuracy: 1e-6)
    }

    func testMultiplyAccumulatesMatchTheNetwork() throws {
        // 150 frames: head 2,388,480 per frame; TDNN + blocks + transitions 5,742,592 + 204,800 per TDNN frame
        // (75 of them); CAM context 52 layers x 10,240 per segment; dense 192 x 1024.
        let head: Double = 2_388_480 * 150
        let perTDNNFrame: Double = 5_742_592 + 204_800
        let context: Double = 52 * 10_240
        let expected: Double = head + perTDNNFrame * 75 + context + 192 * 1024
        XCTAssertEqual(try model().multiplyAccumulates(frames: [150]), expected)
    }
}
