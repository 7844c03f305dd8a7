import CSndFile
import XCTest
@testable import DSPKit

/// Header facts of every committed format, and a typed one-line error naming the file for each bad input.
final class AudioDecoderTests: XCTestCase {
    func testInfoOfEachFormat() throws {
        let expected: [(String, Int, Int, Int64, String)] = [
            ("formats/speech_16k_s16.wav", 16000, 1, 48000, "Signed 16 bit PCM"),
            ("formats/speech_16k_s24.wav", 16000, 1, 48000, "Signed 24 bit PCM"),
            ("formats/speech_16k_f32.wav", 16000, 1, 48000, "32 bit float"),
            ("formats/speech_8k_s16.wav", 8000, 1, 24000, "Signed 16 bit PCM"),
            ("formats/speech_44k_stereo.wav", 44100, 2, 132300, "Signed 16 bit PCM"),
            ("formats/speech_48k_stereo.wav", 48000, 2, 144000, "Signed 16 bit PCM"),
            ("formats/speech_16k.flac", 16000, 1, 48000, "Signed 16 bit PCM"),
            ("formats/speech_16k.ogg", 16000, 1, 48000, "Vorbis"),
        ]
        for (name, rate, channels, frames, subtype) in expected {
            let info = try AudioDecoder(path: Fixtures.path(name)).info
            XCTAssertEqual(info.sampleRate, rate, name)
            XCTAssertEqual(info.channels, channels, name)
            XCTAssertEqual(info.frameCount, frames, name)
            XCTAssertEqual(info.subtype, subtype, name)
            XCTAssertEqual(info.duration, 3.0, accuracy: 1e-9, name)
        }
        let mp3 = try AudioDecoder(path: Fixtures.path("formats/speech_44k.mp3")).info
        XCTAssertEqual(mp3.sampleRate, 44100)
        XCTAssertTrue(mp3.format.contains("MPEG"), mp3.format)
    }

    func testMP3DecodesAsLibsndfileDoes() throws {
        // MP3 is decoded by libmpg123 directly (quiet); with libsndfile's flags the samples are bit-identical.
        let path = Fixtures.path("formats/speech_44k.mp3")
        let decoder = try AudioDecoder(path: path)
        XCTAssertEqual(decoder.info.subtype, "MPEG Layer III")
        var ours: [Float] = []
        var block = [Float](repeating: 0, count: 4096)
        while true {
            let n = try block.withUnsafeMutableBufferPointer { try decoder.read(into: $0.baseAddress!, frames: 4096) }
            if n == 0 { break }
            ours += block[0..<n]
        }
        var sfinfo = SF_INFO()
        let h = try XCTUnwrap(sf_open(path, Int32(SFM_READ), &sfinfo))
        defer { sf_close(h) }
        sf_command(h, Int32(SFC_SET_NORM_FLOAT), nil, Int32(SF_TRUE))
        var theirs = [Float](repeating: 0, count: Int(sfinfo.frames) + 4096)
        let got = theirs.withUnsafeMutableBufferPointer { Int(sf_readf_float(h, $0.baseAddress!, sf_count_t($0.count))) }
        XCTAssertEqual(decoder.info.frameCount, sfinfo.frames)
        XCTAssertEqual(ours.count, got)
        XCTAssertEqual(ours, Array(theirs[0..<got]))
    }

    func testDamagedMP3IsOneTypedError() throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("formats/speech_44k.mp3")))
        let third = bytes.count / 3
        bytes.replaceSubrange(third..<(third + 3000), with: Data(repeating: 0, count: 3000))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString).mp3").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try FeatureExtractor.extract(path: path)) { error in
            guard case .decodeFailed(let p, let reason)? = error as? AudioError else { return XCTFail("\(error)") }
            XCTAssertEqual(p, path)
            XCTAssertTrue(reason.hasPrefix("damaged MPEG stream near byte "), reason)
        }
    }

    func testStreamDeliversFixedBlocksAtTargetRate() throws {
        let stream = try MonoAudioStream(path: Fixtures.path("formats/speech_48k_stereo.wav"), blockSize: 7000)
        var sizes: [Int] = []
        var peak: Float = 0
        while let b = try stream.nextBlock() {
            sizes.append(b.count)
            peak = max(peak, b.map { abs($0) }.max() ?? 0)
        }
        XCTAssertEqual(sizes.reduce(0, +), 48000)
        XCTAssertTrue(sizes.dropLast().allSatisfy { $0 == 7000 })
        XCTAssertLessThanOrEqual(peak, 1)
        XCTAssertGreaterThan(peak, 0.05)
        XCTAssertNil(try stream.nextBlock())
    }

    func testDownmixAveragesChannels() throws {
        // Left = tone, right = its negative: the mono mix is silent.
        let n = 8000
        var interleaved = [Float](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let v = Float(0.5 * sin(Double(i) * 0.05))
            interleaved[2 * i] = v
            interleaved[2 * i + 1] = -v
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("downmix-\(UUID().uuidString).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WAVTestWriter.writeFloat(interleaved, sampleRate: 16000, channels: 2, to: path)
        let stream = try MonoAudioStream(path: path)
        var all: [Float] = []
        while let b = try stream.nextBlock() { all += b }
        XCTAssertEqual(all.count, n)
        XCTAssertEqual(all.map { abs($0) }.max()!, 0, accuracy: 1e-7)
    }

    func testResamplingPassesSpeechBandAndRejectsAliases() throws {
        // 1 kHz and 7 kHz tones must pass at unit gain; a tone above 8.4 kHz (which would alias into the
        // band) must vanish. Input pushed in two uneven blocks.
        func rms(_ f: Double, rate: Int) throws -> Double {
            let r = try Resampler(inputRate: rate, outputRate: 16000)
            XCTAssertEqual(r.engine, .soxr)
            let x = (0..<rate).map { Float(0.5 * sin(2 * Double.pi * f * Double($0) / Double(rate))) }
            var y: [Float] = []
            let split = rate * 5 / 8 + 11
            try x.withUnsafeBufferPointer { b in
                try r.process(b.baseAddress, count: split, endOfInput: false) { y += $0 }
                try r.process(b.baseAddress! + split, count: rate - split, endOfInput: true) { y += $0 }
            }
            XCTAssertEqual(y.count, 16000, "\(rate) Hz")
            let mid = y[2000..<14000]
            return (mid.reduce(0.0) { $0 + Double($1 * $1) } / Double(mid.count)).squareRoot()
        }
        let full = 0.5 / 2.0.squareRoot()
        for rate in [48000, 44100, 32000, 22050] {
            XCTAssertEqual(try rms(1000, rate: rate), full, accuracy: 0.002, "\(rate) Hz")
            XCTAssertEqual(try rms(7000, rate: rate), full, accuracy: 0.005, "\(rate) Hz")
            XCTAssertLessThan(try rms(min(12000, Double(rate) / 2 - 500), rate: rate), full * 1e-3, "\(rate) Hz: ≥ 60 dB alias rejection")
        }
    }

    func assertAudioError(_ name: String, _ check: (AudioError) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
        let path = name.hasPrefix("/") ? name : Fixtures.path(name)
        XCTAssertThrowsError(try MonoAudioStream(path: path), file: file, line: line) { error in
            guard let e = error as? AudioError else { return XCTFail("not an AudioError: \(error)", file: file, line: line) }
            XCTAssertTrue(check(e), "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.hasPrefix(path + ": "), e.description, file: file, line: line)
            XCTAssertFalse(e.description.contains("\n"), file: file, line: line)
        }
    }

    func testBadInputsGiveTypedErrors() {
        assertAudioError("bad/empty.wav") { if case .emptyFile = $0 { return true }; return false }
        assertAudioError("bad/text_named.wav") { if case .notAudio = $0 { return true }; return false }
        assertAudioError("bad/truncated_header.wav") { if case .notAudio = $0 { return true }; return false }
        assertAudioError("bad/truncated_data.wav") {
            if case .truncated(_, let expected, let got) = $0 { return expected == 48000 && got == 16000 }
            return false
        }
        assertAudioError("bad") { if case .isDirectory = $0 { return true }; return false }
        assertAudioError("bad/no_such_file.wav") { if case .fileNotFound = $0 { return true }; return false }
    }

    func testPipesAndDevicesAreRefusedWithoutBeingOpened() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("soundtrack.wav").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // Opening a pipe nobody writes to would block: the refusal comes from stat alone.
        assertAudioError(fifo) { e in
            if case .unreadable(_, let reason) = e { return reason.hasPrefix("a pipe or device") }
            return false
        }
    }

    func testSymbolicLinkLoopIsNamedAsSuch() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.wav").path, b = dir.appendingPathComponent("b.wav").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        assertAudioError(a) { e in
            if case .unreadable(_, let reason) = e { return reason.lowercased().contains("symbolic links") }
            return false
        }
        // A dangling link is a missing file.
        let dangling = dir.appendingPathComponent("dangling.wav").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: dir.appendingPathComponent("gone").path)
        assertAudioError(dangling) { if case .fileNotFound = $0 { return true }; return false }
    }

    func testTruncatedFLACIsDetectedWhileDecoding() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("formats/speech_16k.flac")))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString).flac").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try FeatureExtractor.extract(path: path)) { error in
            guard case .truncated(let p, 48000, let got)? = error as? AudioError else { return XCTFail("\(error)") }
            XCTAssertEqual(p, path)
            XCTAssertLessThan(got, 48000)
        }
    }
}
