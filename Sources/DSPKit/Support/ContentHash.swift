import CXXHash
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The identity of a file's bytes: XXH3-128 (xxHash, through libxxhash) as 32 lowercase hex digits.
///
/// A results store keys its stored counts to it, so a re-encoded or replaced film is analysed again, a moved or
/// copied one is recognised, and a retrained model file (`ModelIdentity`) invalidates the counts it made. It is a
/// checksum, not a cryptographic digest: it tells changed files apart, it does not resist a forged collision.
/// It was chosen over SHA-256 for speed (about 16 GB/s against 1.6 GB/s with SHA-NI here; BENCHMARKS.md), so
/// hashing a catalogue costs little more than reading it.
public struct ContentHash: Hashable, Sendable, CustomStringConvertible {
    /// High and low 64 bits of the 128-bit hash.
    public let high: UInt64, low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses 32 hex digits (as written by `hex`); nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 32, let h = UInt64(hex.prefix(16), radix: 16), let l = UInt64(hex.suffix(16), radix: 16) else {
            return nil
        }
        self.init(high: h, low: l)
    }

    /// 32 lowercase hex digits, high half first (the canonical XXH128 representation, as `xxhsum -H2` prints it).
    public var hex: String {
        func digits(_ x: UInt64) -> String {
            let s = String(x, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return digits(high) + digits(low)
    }

    public var description: String { hex }

    /// The hash of bytes in memory.
    public static func of<C: Collection>(bytes: C) -> ContentHash where C.Element == UInt8 {
        let array = Array(bytes)
        let h = array.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
        return ContentHash(high: h.high64, low: h.low64)
    }

    /// The hash of the file at `path`, read in blocks of `blockSize` bytes (memory stays bounded for any size).
    /// Throws `ContentHashError` naming the file when it cannot be opened or read.
    public static func of(file path: String, blockSize: Int = 1 << 20) throws -> ContentHash {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ContentHashError(path: path, problem: String(cString: strerror(errno))) }
        defer { close(fd) }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        guard let state = XXH3_createState() else { throw ContentHashError(path: path, problem: "out of memory") }
        defer { XXH3_freeState(state) }
        XXH3_128bits_reset(state)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(1, blockSize), alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let got = read(fd, buffer, max(1, blockSize))
            if got < 0 {
                if errno == EINTR { continue }
                throw ContentHashError(path: path, problem: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            XXH3_128bits_update(state, buffer, got)
        }
        let h = XXH3_128bits_digest(state)
        return ContentHash(high: h.high64, low: h.low64)
    }
}

/// A file whose content hash could not be computed (missing, unreadable, an I/O error), in one line naming it.
public struct ContentHashError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): cannot be read (\(problem))" }
}
