/// FNV-1a 64-bit hash: the model file's checksum (small, dependency-free, catches flipped bytes).
enum FNV1a64 {
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
