import XCTest
@testable import DSPKit

/// Features are bit-identical whatever the thread count, and whether the signal is streamed from a
/// file in blocks or given in memory: every frame depends only on its own samples.
final class ThreadInvarianceTests: XCTestCase {
    /// 35 s of the speech fixture looped with varying gain: several 1000-frame chunks and a ragged end.
    static func longSignal() throws -> [Float] {
        let stream = try MonoAudioStream(path: Fixtures.path("formats/speech_16k_s16.wav"))
        var clip: [Float] = []
        while let b = try stream.nextBlock() { clip += b }
        var out: [Float] = []
        var gain: Float = 1
        while out.count < 35 * 16000 + 123 {
            out += clip.map { $0 * gain }
            gain *= 0.7
        }
        return Array(out[0..<(35 * 16000 + 123)])
    }

    func testInMemoryFeaturesIdenticalForAnyThreadCount() throws {
        let x = try ThreadInvarianceTests.longSignal()
        let extractor = try FeatureExtractor()
        let one = extractor.features(samples: x, threads: 1)
        XCTAssertEqual(one.count, FrontEndOptions().frameCount(samples: x.count))
        for threads in [2, 3, 8] {
            let many = extractor.features(samples: x, threads: threads)
            XCTAssertEqual(many, one, "\(threads) threads")
        }
    }

    func testStreamedFileMatchesInMemoryForAnyThreadCount() throws {
        let x = try ThreadInvarianceTests.longSignal()
        // Write as float WAV so the file holds exactly these samples.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("thread-invariance-\(UUID().uuidString).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WAVTestWriter.writeFloat(x, sampleRate: 16000, to: path)
        let extractor = try FeatureExtractor()
        let inMemory = extractor.features(samples: x, threads: 1)
        for threads in [1, 2, 3] {
            let streamed = try extractor.features(path: path, threads: threads)
            XCTAssertEqual(streamed, inMemory, "\(threads) threads")
        }
    }
}
