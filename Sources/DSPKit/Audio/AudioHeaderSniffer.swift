import Foundation

/// Recognises the formats bechdelcli reads from the first bytes of a file, before libsndfile sees it.
///
/// Why: libsndfile falls back to its MPEG decoder for a file whose header it does not know, and that decoder
/// scans the bytes for frames, printing "Note: Illegal Audio-MPEG-Header…" lines of its own on stderr; a
/// random file named .wav must end in our one-line error instead. Only files that start like a known
/// container (WAV/RF64/W64, AIFF, FLAC, Ogg, MP3 with an ID3 tag or two consecutive valid frame headers
/// at byte 0, AU, CAF, NIST, VOC, PAF, IRCAM) are handed to libsndfile.
public enum AudioHeaderSniffer {
    /// Short description of the recognised container, or nil when the first bytes match none.
    public static func container(of bytes: [UInt8]) -> String? {
        func starts(_ s: String) -> Bool { bytes.starts(with: Array(s.utf8)) }
        if starts("RIFF") || starts("RIFX") || starts("RF64") || starts("BW64") { return "WAV" }
        if starts("riff") { return "W64" }
        if starts("FORM") { return "AIFF" }
        if starts("fLaC") { return "FLAC" }
        if starts("OggS") { return "Ogg" }
        if starts("ID3") { return "MP3" }
        if let length = mpegFrameLength(bytes, at: 0), let next = mpegFrameLength(bytes, at: length), next > 0 { return "MPEG" }
        if starts(".snd") || starts("dns.") { return "AU" }
        if starts("caff") { return "CAF" }
        if starts("NIST_1A") { return "NIST" }
        if starts("Creative Voice File") { return "VOC" }
        if starts(" paf") || starts("fap ") { return "PAF" }
        if bytes.count >= 4 {
            let ircam: [[UInt8]] = [[0x64, 0xA3, 0x01, 0x00], [0x00, 0x01, 0xA3, 0x64], [0x64, 0xA3, 0x02, 0x00],
                                    [0x00, 0x02, 0xA3, 0x64], [0x64, 0xA3, 0x03, 0x00], [0x00, 0x03, 0xA3, 0x64],
                                    [0x64, 0xA3, 0x04, 0x00], [0x00, 0x04, 0xA3, 0x64]]
            if ircam.contains(where: { bytes.starts(with: $0) }) { return "IRCAM" }
        }
        return nil
    }

    /// The container of the file at `path` from its first 4 KB (nil if unrecognised or unreadable).
    public static func container(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return container(of: [UInt8](head))
    }

    /// For a file starting with an ID3v2 tag: the container after the tag when it is not MPEG audio (FLAC with
    /// a tag, say), else nil (MPEG audio, or nothing known: libmpg123 decides).
    public static func containerAfterID3(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 10), head.count == 10, head.starts(with: Array("ID3".utf8)) else {
            return nil
        }
        let b = [UInt8](head)
        // The tag's size is "syncsafe": 7 bits per byte; a footer adds 10 bytes.
        let size = b[6...9].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
        let length = 10 + size + (b[5] & 0x10 != 0 ? 10 : 0)
        guard (try? handle.seek(toOffset: UInt64(length))) != nil, let after = try? handle.read(upToCount: 4096) else {
            return nil
        }
        let inner = container(of: [UInt8](after))
        return inner == "MPEG" || inner == "MP3" ? nil : inner
    }

    /// Length in bytes of the MPEG audio frame whose 4-byte header starts at `offset` (ISO 11172-3 / 13818-3:
    /// sync, version, layer, bitrate, sample rate, padding), or nil if there is no valid header there.
    static func mpegFrameLength(_ b: [UInt8], at offset: Int) -> Int? {
        guard offset >= 0, offset + 4 <= b.count, b[offset] == 0xFF, b[offset + 1] & 0xE0 == 0xE0 else { return nil }
        let version = Int(b[offset + 1] >> 3) & 3          // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
        let layer = Int(b[offset + 1] >> 1) & 3            // 1: III, 2: II, 3: I
        let bitrateIndex = Int(b[offset + 2] >> 4), rateIndex = Int(b[offset + 2] >> 2) & 3
        let padding = Int(b[offset + 2] >> 1) & 1
        guard version != 1, layer != 0, bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3 else { return nil }
        let v1: [[Int]] = [[32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],   // layer I
                           [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],      // layer II
                           [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]]       // layer III
        let v2: [[Int]] = [[32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],    // layer I
                           [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]]          // layers II, III
        let kbps = version == 3 ? v1[3 - layer][bitrateIndex - 1] : v2[layer == 3 ? 0 : 1][bitrateIndex - 1]
        let rate = [[11025, 12000, 8000], [0, 0, 0], [22050, 24000, 16000], [44100, 48000, 32000]][version][rateIndex]
        if layer == 3 { return (12 * kbps * 1000 / rate + padding) * 4 }
        let samplesPerByte = layer == 1 && version != 3 ? 72 : 144
        return samplesPerByte * kbps * 1000 / rate + padding
    }
}
