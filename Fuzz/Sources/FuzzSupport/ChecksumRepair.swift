/// Recomputes the length and checksum fields of model files after the fuzzer has mutated them.
///
/// Why it exists: both model formats end or begin with a checksum over everything else, so nearly every
/// random mutation stops at "checksum mismatch". A target that repairs the fields first reaches the section,
/// shape and value checks behind them (the checksum test itself is covered by the unrepaired mode of
/// FuzzModelContainer and by FuzzTreeModel's unrepaired inputs).
public enum ChecksumRepair {
    /// An audio model container (docs/AUDIO_MODEL_FORMAT.md) with the header's total length and the trailing
    /// CRC-32 made consistent with its bytes; inputs without the magic are returned unchanged.
    public static func modelContainer(_ input: [UInt8]) -> [UInt8] {
        let magic = Array("BDCAUDIO".utf8)
        guard input.count >= 24, input.starts(with: magic) else { return input }
        var bytes = input + [0, 0, 0, 0]
        let total = UInt64(bytes.count)
        for i in 0..<8 { bytes[16 + i] = UInt8(truncatingIfNeeded: total >> (8 * UInt64(i))) }
        let crc = crc32(bytes[0..<(bytes.count - 4)])
        for i in 0..<4 { bytes[bytes.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        return bytes
    }

    /// A tree model file (docs/MODEL_FORMAT.md) with the header's payload length and FNV-1a 64 checksum made
    /// consistent with the payload; inputs without the magic are returned unchanged.
    public static func treeModel(_ input: [UInt8]) -> [UInt8] {
        let magic = Array("BDTMODEL".utf8)
        guard input.count >= 32, input.starts(with: magic) else { return input }
        var bytes = input
        let length = UInt64(bytes.count - 32)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes[32...] { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        for i in 0..<8 {
            bytes[16 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i)))
            bytes[24 + i] = UInt8(truncatingIfNeeded: hash >> (8 * UInt64(i)))
        }
        return bytes
    }

    /// CRC-32 (IEEE, reflected 0xEDB88320), as the container uses.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
