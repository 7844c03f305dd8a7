import Foundation
import XCTest
@testable import DSPKit
import SeededRandom

/// Recognising audio containers from their first bytes, and the decoder's bounds on what it accepts.
final class AudioHeaderSnifferTests: XCTestCase {
    func testEveryCommittedFormatIsRecognised() {
        let expected = ["speech_16k.flac": "FLAC", "speech_16k.ogg": "Ogg", "speech_16k_f32.wav": "WAV",
                        "speech_16k_s16.wav": "WAV", "speech_44k.mp3": "MPEG", "speech_48k_stereo.wav": "WAV"]
        for (name, container) in expected {
            XCTAssertEqual(AudioHeaderSniffer.container(ofFile: Fixtures.path("formats/" + name)), container, name)
        }
    }

    func testRandomBytesAndLoneSyncWordsAreNotAudio() {
        var g = SeededGenerator(state: 5)
        for _ in 0..<200 {
            var bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            XCTAssertNil(AudioHeaderSniffer.container(of: bytes), "random bytes taken for audio")
            // A valid-looking first frame header followed by noise is not a stream of frames either.
            bytes[0] = 0xFF; bytes[1] = 0xFB; bytes[2] = 0x90; bytes[3] = 0xC4
            XCTAssertNil(AudioHeaderSniffer.container(of: bytes))
        }
        XCTAssertNil(AudioHeaderSniffer.container(of: []))
        XCTAssertNil(AudioHeaderSniffer.container(of: Array("hello, world".utf8)))
    }

    func testMPEGFrameLengths() {
        // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 417 bytes; with padding 418.
        XCTAssertEqual(AudioHeaderSniffer.mpegFrameLength([0xFF, 0xFB, 0x90, 0x00], at: 0), 417)
        XCTAssertEqual(AudioHeaderSniffer.mpegFrameLength([0xFF, 0xFB, 0x92, 0x00], at: 0), 418)
        // Reserved version, bad bitrate, reserved rate: no frame.
        XCTAssertNil(AudioHeaderSniffer.mpegFrameLength([0xFF, 0xEB, 0x90, 0x00], at: 0))
        XCTAssertNil(AudioHeaderSniffer.mpegFrameLength([0xFF, 0xFB, 0xF0, 0x00], at: 0))
        XCTAssertNil(AudioHeaderSniffer.mpegFrameLength([0xFF, 0xFB, 0x9C, 0x00], at: 0))
        XCTAssertNil(AudioHeaderSniffer.mpegFrameLength([0xFF, 0xFB, 0x90], at: 0), "too short")
    }

    func testNonFiniteSamplesAreReplaced() throws {
        let decoder = try AudioDecoder(path: Fixtures.path("hostile/audio/float_nan_inf.wav"))
        var buffer = [Float](repeating: 0, count: Int(decoder.info.frameCount))
        let n = try buffer.withUnsafeMutableBufferPointer { try decoder.read(into: $0.baseAddress!, frames: $0.count) }
        XCTAssertEqual(n, buffer.count)
        XCTAssertTrue(buffer.allSatisfy { $0.isFinite })
        XCTAssertEqual(decoder.nonFiniteSamples, 4003)
        XCTAssertEqual(buffer[2000], 1)
        XCTAssertEqual(buffer[3000], -1)
        XCTAssertEqual(buffer[100], 0)
    }

    func testHeadersOutsideTheBoundsAreRefused() {
        for (name, words) in [("sample_rate_1hz.wav", "sample rate 1 Hz"), ("65535_channels.wav", "65535_channels.wav"),
                              ("random_bytes.wav", "no known audio header")] {
            XCTAssertThrowsError(try AudioDecoder(path: Fixtures.path("hostile/audio/" + name))) {
                XCTAssertTrue("\($0)".contains(words), "\(name): \($0)")
            }
        }
    }

    func testOversizedModelFileIsRefusedBeforeReading() throws {
        // A sparse file: 2 GiB long, no disk used.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).model").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        XCTAssertThrowsError(try ModelContainer(contentsOf: path)) { XCTAssertTrue("\($0)".contains("larger than"), "\($0)") }
        XCTAssertThrowsError(try RTTM.read(path: path)) { XCTAssertTrue("\($0)".contains("larger than"), "\($0)") }
    }
}
