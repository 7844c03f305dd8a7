import Foundation
import XCTest
@testable import DSPKit
import SeededRandom

/// The segmentation forward pass against the PyTorch reference (Fixtures/segmentation,
/// scripts/make_segmentation_fixtures.py), and its invariance to batching and threads.
final class SegmentationNetworkTests: XCTestCase {
    /// The shipped model, loaded once for all tests of this class.
    static let model: SegmentationModel? = try? SegmentationModel.shipped()

    struct Clip {
        let name: String
        let samples: [Float]
        let windowSamples: Int
        let frames: Int
        let probabilities: [Float]
    }

    /// Little-endian float32 values of a file.
    static func floats(_ path: String) throws -> [Float] {
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        return raw.withUnsafeBytes { bytes in
            (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// Samples of a 16-bit mono PCM WAV file as int16 / 32768 (the fixtures' convention).
    static func wavSamples(_ path: String) throws -> [Float] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        var at = 12
        while at + 8 <= bytes.count {
            let id = String(decoding: bytes[at..<(at + 4)], as: UTF8.self), size = u32(at + 4)
            if id == "data" {
                return (0..<(min(size, bytes.count - at - 8) / 2)).map { i in
                    Float(Int16(bitPattern: UInt16(bytes[at + 8 + 2 * i]) | UInt16(bytes[at + 9 + 2 * i]) << 8)) / 32768
                }
            }
            at += 8 + size + size % 2
        }
        throw XCTSkip("no data chunk in \(path)")
    }

    static func referenceClips() throws -> [Clip] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("segmentation/reference.json")))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let clips = try XCTUnwrap(json["clips"] as? [[String: Any]])
        return try clips.map { clip in
            let name = try XCTUnwrap(clip["name"] as? String)
            let count = try XCTUnwrap(clip["samples"] as? Int)
            let samples = try (clip["audio"] as? String).map { try wavSamples(Fixtures.path("segmentation/" + $0)) }
                ?? [Float](repeating: 0, count: count)
            XCTAssertEqual(samples.count, count, name)
            let frames = try XCTUnwrap(clip["frames"] as? Int)
            let probabilities = try floats(Fixtures.path("segmentation/" + XCTUnwrap(clip["probs"] as? String)))
            XCTAssertEqual(probabilities.count, frames * 7, name)
            return Clip(name: name, samples: samples, windowSamples: try XCTUnwrap(clip["window_samples"] as? Int),
                        frames: frames, probabilities: probabilities)
        }
    }

    private func model() throws -> SegmentationModel { try XCTUnwrap(Self.model, "shipped segmentation model did not load") }

    /// Every kernel set this machine can run (OpenBLAS always; the own AVX-512 kernels where the CPU has AVX-512).
    private var kernelSets: [MatrixKernels] { [.blas, .avx512].filter(\.isAvailable) }

    /// Speech-like random windows: noise shaped by a slowly varying envelope, seeded.
    private func randomWindows(_ count: Int, samples: Int, seed: UInt64) -> [[Float]] {
        var g = SeededGenerator(state: seed)
        return (0..<count).map { _ in
            let rate = 1 + g.unit() * 6
            return (0..<samples).map { i in
                let envelope = 0.5 + 0.5 * sin(Double(i) / 16000 * rate)
                return Float((g.unit() * 2 - 1) * 0.3 * envelope)
            }
        }
    }

    func testParityWithPyTorchReference() throws {
        let clips = try Self.referenceClips()
        XCTAssertGreaterThanOrEqual(clips.count, 5)
        for kernels in kernelSets {
            for length in Set(clips.map(\.windowSamples)).sorted() {
                let group = clips.filter { $0.windowSamples == length }
                let network = SegmentationNetwork(model: try model(), windowSamples: length,
                                                  options: SegmentationNetworkOptions(kernels: kernels))
                // Each clip alone, then the clips of this length as one batch.
                let alone = group.map { network.probabilities([$0.samples])[0] }
                let together = network.probabilities(group.map(\.samples))
                for (i, clip) in group.enumerated() {
                    XCTAssertEqual(network.framesPerWindow, clip.frames, clip.name)
                    for (label, ours) in [("alone", alone[i]), ("batched", together[i])] {
                        XCTAssertEqual(ours.count, clip.probabilities.count, clip.name)
                        let maxDiff = zip(ours, clip.probabilities).map { abs($0 - $1) }.max()!
                        var speechDiff: Float = 0
                        for t in 0..<clip.frames {
                            speechDiff = max(speechDiff, abs(ours[t * 7] - clip.probabilities[t * 7]))
                            let sum = ours[(t * 7)..<(t * 7 + 7)].reduce(0, +)
                            XCTAssertEqual(sum, 1, accuracy: 1e-5, "\(clip.name) frame \(t)")
                        }
                        print(String(format: "segmentation parity %@ (%d frames, %@, %@): max abs diff %.2e (speech %.2e)",
                                     clip.name, clip.frames, label, kernels.rawValue, maxDiff, speechDiff))
                        XCTAssertLessThanOrEqual(maxDiff, 1e-3, "\(clip.name) \(label) \(kernels)")
                    }
                }
            }
        }
    }

    func testWindowResultDoesNotDependOnItsBatch() throws {
        // 18 windows: the LSTM steps 16 windows per register, so windows 16 and 17 sit in a second vector; a
        // short window length keeps the test fast.
        let windows = randomWindows(18, samples: 32_000, seed: 3)
        for kernels in kernelSets {
            let network = SegmentationNetwork(model: try model(), windowSamples: 32_000,
                                              options: SegmentationNetworkOptions(maxWindowsPerBatch: 18, kernels: kernels))
            let batched = network.probabilities(windows)
            XCTAssertTrue(batched.joined().allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
            for i in [0, 5, 15, 16, 17] {
                let alone = network.probabilities([windows[i]])[0]
                if kernels == .blas {
                    // OpenBLAS may round differently with the batch's width.
                    let diff = zip(alone, batched[i]).map { abs($0 - $1) }.max()!
                    XCTAssertLessThanOrEqual(diff, 1e-4, "window \(i)")
                } else {
                    XCTAssertEqual(alone.map(\.bitPattern), batched[i].map(\.bitPattern), "window \(i), \(kernels)")
                }
            }
        }
    }

    func testThreadCountDoesNotChangeBytes() throws {
        let windows = randomWindows(7, samples: 16_000, seed: 5)
        for kernels in kernelSets {
            // Small batches so that two workers really share the work.
            let network = SegmentationNetwork(model: try model(), windowSamples: 16_000,
                                              options: SegmentationNetworkOptions(maxWindowsPerBatch: 2, kernels: kernels))
            XCTAssertEqual(network.batches(count: 7), [0..<2, 2..<4, 4..<6, 6..<7])
            let scratch = NetworkScratch()
            let one = network.probabilities(windows, threads: 1, scratch: scratch)
            let two = network.probabilities(windows, threads: 2, scratch: scratch)
            let twoFresh = network.probabilities(windows, threads: 2)
            XCTAssertEqual(one.map { $0.map(\.bitPattern) }, two.map { $0.map(\.bitPattern) }, "\(kernels)")
            XCTAssertEqual(two.map { $0.map(\.bitPattern) }, twoFresh.map { $0.map(\.bitPattern) }, "\(kernels)")
        }
    }

    func testSignalWindowsEqualWindowArraysAndPadWithZeros() throws {
        let network = SegmentationNetwork(model: try model(), windowSamples: 16_000)
        let signal = randomWindows(1, samples: 40_000, seed: 9)[0]
        let starts = [0, 8_000, 30_000, 40_000]
        let fromSignal = network.probabilities(signal: signal, starts: starts)
        let arrays = starts.map { Array(signal[$0..<min(signal.count, $0 + 16_000)]) }
        XCTAssertEqual(fromSignal, network.probabilities(arrays))
        XCTAssertEqual(network.flatProbabilities(signal: signal, starts: starts), Array(fromSignal.joined()))
        XCTAssertEqual(arrays[2].count, 10_000)
        XCTAssertEqual(network.probabilities(signal: signal, starts: []), [])
    }

    func testFrameGeometry() throws {
        let model = try model()
        let network = SegmentationNetwork(model: model)
        XCTAssertEqual(network.windowSamples, 160_000)
        XCTAssertEqual(network.framesPerWindow, 589)
        XCTAssertEqual(network.frameStep, 270)
        XCTAssertEqual(network.frameDuration, 991)
        XCTAssertEqual(network.frameStart, 0)
        XCTAssertEqual(network.classes, 7)
        XCTAssertEqual(model.frames(windowSamples: 59_200), 216)
        XCTAssertEqual(model.frames(windowSamples: 32_000), 115)
        XCTAssertEqual(model.frames(windowSamples: 991), 1)
        XCTAssertNil(model.frames(windowSamples: 990))
        XCTAssertNil(model.frames(windowSamples: 0))
        XCTAssertEqual(model.powerset, [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]])
        // 1.318 G multiply-adds per 10 s window (sinc 321 M, conv 128 M + 32 M, LSTM 808 M, linear 29.5 M).
        let macs = model.multiplyAccumulates(windows: 1)
        let sincnet: Double = 80 * 251 * 15_975 + 60 * 400 * 5_321 + 60 * 300 * 1_769
        let lstm: Double = 2 * 512 * (60 + 128) + 3 * 2 * 512 * (256 + 128)
        let linear: Double = 128 * 256 + 128 * 128 + 7 * 128
        let expected = sincnet + 589 * (lstm + linear)
        XCTAssertEqual(macs, expected)
        XCTAssertEqual(model.multiplyAccumulates(windows: 16), 16 * expected)
    }
}
