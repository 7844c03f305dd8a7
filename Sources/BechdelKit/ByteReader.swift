import Foundation

/// Bounds-checked little-endian decoder: every read checks the remaining length first and throws
/// `ModelFileError.corrupt` naming what was being read, so no input can make it read out of bounds.
struct ByteReader {
    let bytes: [UInt8]
    let path: String
    private(set) var position: Int

    init(bytes: [UInt8], path: String, position: Int = 0) {
        self.bytes = bytes
        self.path = path
        self.position = position
    }

    var remaining: Int { bytes.count - position }
    var atEnd: Bool { position == bytes.count }

    func fail(_ problem: String) -> ModelFileError { .corrupt(path: path, problem: problem) }

    private mutating func take(_ n: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else { throw fail("\(what) runs past the end of the data") }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func u8(_ what: String) throws -> UInt8 { try take(1, what).first! }

    mutating func u32(_ what: String) throws -> UInt32 {
        let s = try take(4, what)
        var v: UInt32 = 0
        for (k, b) in s.enumerated() { v |= UInt32(b) << (8 * UInt32(k)) }
        return v
    }

    mutating func u64(_ what: String) throws -> UInt64 {
        let s = try take(8, what)
        var v: UInt64 = 0
        for (k, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
        return v
    }

    mutating func i32(_ what: String) throws -> Int32 { Int32(bitPattern: try u32(what)) }
    mutating func f32(_ what: String) throws -> Float { Float(bitPattern: try u32(what)) }

    /// A count of items of `itemSize` bytes each that must still fit in the data (guards allocations).
    mutating func count(_ what: String, itemSize: Int, limit: Int = Int(Int32.max)) throws -> Int {
        let n = Int(try u32(what))
        guard n <= limit else { throw fail("\(what) \(n) exceeds the limit \(limit)") }
        guard itemSize == 0 || n <= remaining / itemSize else { throw fail("\(what) \(n) runs past the end of the data") }
        return n
    }

    mutating func string(_ what: String) throws -> String {
        let n = try count("length of \(what)", itemSize: 1, limit: 1 << 20)
        let s = try take(n, what)
        guard let text = String(validating: s, as: UTF8.self) else { throw fail("\(what) is not UTF-8") }
        return text
    }

    mutating func floats(_ n: Int, _ what: String) throws -> [Float] {
        guard n <= remaining / 4 else { throw fail("\(what) runs past the end of the data") }
        var out = [Float]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try f32(what)) }
        return out
    }

    mutating func int32s(_ n: Int, _ what: String) throws -> [Int32] {
        guard n <= remaining / 4 else { throw fail("\(what) runs past the end of the data") }
        var out = [Int32]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try i32(what)) }
        return out
    }
}
