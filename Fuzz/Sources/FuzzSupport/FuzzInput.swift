/// Reads typed values off the front of a fuzz input, so one byte string can describe sizes, options and
/// hostile numbers for a structured target (in the spirit of LLVM's FuzzedDataProvider). Reading past the end
/// gives zeros, never a failure, so every input describes some case.
public struct FuzzInput {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ data: UnsafeRawBufferPointer) { bytes = Array(data) }
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not read yet.
    public var remaining: Int { bytes.count - position }
    public var isEmpty: Bool { remaining == 0 }

    /// The next byte (0 past the end).
    public mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// The next little-endian 32-bit word (missing bytes are zeros).
    public mutating func u32() -> UInt32 {
        (0..<4).reduce(UInt32(0)) { v, i in v | UInt32(byte()) << (8 * UInt32(i)) }
    }

    /// True with the low bit of the next byte.
    public mutating func bool() -> Bool { byte() & 1 == 1 }

    /// An integer in `range` (uniform-ish from the next 32 bits).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(UInt64(u32()) % span)
    }

    /// An Int32 that is often an edge case (0, ±1, extremes, powers of two) and otherwise any bit pattern.
    public mutating func hostileInt32() -> Int32 {
        let edges: [Int32] = [0, 1, -1, 2, 3, 7, 8, 64, 255, 256, 4096, 65536, 1 << 20, 1 << 24, Int32.max, Int32.min,
                              Int32.max - 1, 1 << 30, -(1 << 30)]
        let selector = byte()
        if selector < 128 { return edges[Int(selector) % edges.count] }
        return Int32(bitPattern: u32())
    }

    /// A float that is often hostile (NaN, ±Inf, denormals, ±0, extremes) and otherwise a bit pattern or a
    /// value of ordinary size.
    public mutating func hostileFloat() -> Float {
        let selector = byte()
        switch selector {
        case 0..<16: return .nan
        case 16..<24: return .infinity
        case 24..<32: return -.infinity
        case 32..<40: return .leastNonzeroMagnitude
        case 40..<44: return -.leastNormalMagnitude / 2
        case 44..<48: return -0.0
        case 48..<52: return .greatestFiniteMagnitude
        case 52..<56: return -.greatestFiniteMagnitude
        case 56..<96: return Float(bitPattern: u32())
        default: return Float(Int(selector) - 176) / 80 + Float(Int(byte()) - 128) / 4096
        }
    }

    /// `count` hostile floats.
    public mutating func hostileFloats(_ count: Int) -> [Float] { (0..<count).map { _ in hostileFloat() } }

    /// Up to `count` next bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        let n = max(0, min(count, remaining))
        defer { position += n }
        return Array(bytes[position..<(position + n)])
    }

    /// Everything not read yet.
    public mutating func rest() -> [UInt8] { bytes(remaining) }
}
