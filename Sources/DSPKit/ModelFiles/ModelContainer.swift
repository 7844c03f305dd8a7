import BoundedFiles
import Foundation

/// The one binary container for every shipped audio model (speech activity, background, sex...):
/// named sections of float32 or int32 arrays with shapes, and UTF-8 string metadata, behind a magic,
/// a format version, explicit sizes and a CRC-32. Loading validates everything, so a damaged or foreign
/// file is a clear error, never a crash or a silently wrong model. Layout: docs/AUDIO_MODEL_FORMAT.md.
public struct ModelContainer: Equatable, Sendable {
    /// File magic: the 8 bytes "BDCAUDIO".
    public static let magic: [UInt8] = Array("BDCAUDIO".utf8)
    /// The format version this code writes and reads.
    public static let formatVersion: UInt32 = 1
    /// Header size in bytes: magic, version, section count, total file length.
    static let headerSize = 8 + 4 + 4 + 8

    /// One section's content.
    public enum Section: Equatable, Sendable {
        case float32(shape: [Int], values: [Float])
        case int32(shape: [Int], values: [Int32])
        case string(String)

        var typeCode: UInt32 {
            switch self {
            case .float32: return 1
            case .int32: return 2
            case .string: return 3
            }
        }
    }

    /// Section names in insertion (and file) order.
    public private(set) var names: [String] = []
    private var table: [String: Section] = [:]
    /// Where the container was read from (for error messages); "<memory>" when built in memory.
    public private(set) var source: String = "<memory>"

    public init() {}

    /// Equality of content (names in order and sections); the source path is not compared.
    public static func == (a: ModelContainer, b: ModelContainer) -> Bool {
        a.names == b.names && a.table == b.table
    }

    /// The section named `name`, if any.
    public subscript(name: String) -> Section? { table[name] }

    /// Adds or replaces a section (a replaced section keeps its position).
    public mutating func set(_ name: String, _ section: Section) {
        precondition(!name.isEmpty && name.utf8.count <= 255, "section names are 1...255 bytes")
        switch section {
        case .float32(let shape, let values):
            precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count, "shape does not match values")
        case .int32(let shape, let values):
            precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count, "shape does not match values")
        case .string:
            break
        }
        if table[name] == nil { names.append(name) }
        table[name] = section
    }

    /// Adds a float32 array (shape defaults to one dimension).
    public mutating func setFloats(_ name: String, _ values: [Float], shape: [Int]? = nil) {
        set(name, .float32(shape: shape ?? [values.count], values: values))
    }

    /// Adds an int32 array (shape defaults to one dimension).
    public mutating func setInts(_ name: String, _ values: [Int32], shape: [Int]? = nil) {
        set(name, .int32(shape: shape ?? [values.count], values: values))
    }

    /// Adds a UTF-8 string.
    public mutating func setString(_ name: String, _ value: String) { set(name, .string(value)) }

    /// A float32 section, checked to have `shape` when given (use -1 for any extent).
    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> (shape: [Int], values: [Float]) {
        guard let s = table[name] else { throw error(.missingSection, "missing section '\(name)'") }
        guard case .float32(let shape, let values) = s else { throw error(.wrongSection, "section '\(name)' is not float32") }
        try check(name, shape, expected)
        return (shape, values)
    }

    /// An int32 section, checked to have `shape` when given (use -1 for any extent).
    public func ints(_ name: String, shape expected: [Int]? = nil) throws -> (shape: [Int], values: [Int32]) {
        guard let s = table[name] else { throw error(.missingSection, "missing section '\(name)'") }
        guard case .int32(let shape, let values) = s else { throw error(.wrongSection, "section '\(name)' is not int32") }
        try check(name, shape, expected)
        return (shape, values)
    }

    /// A string section.
    public func string(_ name: String) throws -> String {
        guard let s = table[name] else { throw error(.missingSection, "missing section '\(name)'") }
        guard case .string(let v) = s else { throw error(.wrongSection, "section '\(name)' is not a string") }
        return v
    }

    private func check(_ name: String, _ shape: [Int], _ expected: [Int]?) throws {
        guard let expected else { return }
        let ok = shape.count == expected.count && zip(shape, expected).allSatisfy { $1 < 0 || $0 == $1 }
        if !ok { throw error(.wrongSection, "section '\(name)' has shape \(shape), expected \(expected)") }
    }

    /// An error about this container, naming its source.
    public func error(_ kind: ModelContainerError.Kind, _ problem: String) -> ModelContainerError {
        ModelContainerError(path: source, kind: kind, problem: problem)
    }

    // MARK: - Serialisation

    /// The file bytes (little-endian, see docs/AUDIO_MODEL_FORMAT.md).
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: Self.magic)
        Self.put(&out, Self.formatVersion)
        Self.put(&out, UInt32(names.count))
        Self.put(&out, UInt64(0))  // total length, patched below
        for name in names {
            let section = table[name]!
            let nameBytes = Array(name.utf8)
            Self.put(&out, UInt32(nameBytes.count))
            out.append(contentsOf: nameBytes)
            Self.put(&out, section.typeCode)
            switch section {
            case .float32(let shape, let values):
                Self.put(&out, UInt32(shape.count))
                for e in shape { Self.put(&out, UInt64(e)) }
                Self.put(&out, UInt64(values.count * 4))
                for v in values { Self.put(&out, v.bitPattern) }
            case .int32(let shape, let values):
                Self.put(&out, UInt32(shape.count))
                for e in shape { Self.put(&out, UInt64(e)) }
                Self.put(&out, UInt64(values.count * 4))
                for v in values { Self.put(&out, UInt32(bitPattern: v)) }
            case .string(let s):
                let bytes = Array(s.utf8)
                Self.put(&out, UInt32(1))
                Self.put(&out, UInt64(bytes.count))
                Self.put(&out, UInt64(bytes.count))
                out.append(contentsOf: bytes)
            }
        }
        let total = UInt64(out.count + 4)
        for i in 0..<8 { out[16 + i] = UInt8(truncatingIfNeeded: total >> (8 * UInt64(i))) }
        Self.put(&out, CRC32.checksum(out))
        return out
    }

    /// Writes the container to `path` atomically.
    public func write(to path: String) throws {
        do {
            try Data(serialized()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ModelContainerError(path: path, kind: .unwritable, problem: "cannot write the model file (\(error.localizedDescription))")
        }
    }

    /// Writes the container to a file URL atomically.
    public func write(to url: URL) throws { try write(to: url.path) }

    /// Reads and validates a container file.
    public init(contentsOf path: String) throws {
        let data = try WholeFile.read(path, limit: InputLimits.modelFileBytes) {
            ModelContainerError(path: path, kind: .unreadable, problem: $0)
        }
        try self.init(bytes: [UInt8](data), source: path)
    }

    /// Reads and validates a container from a file URL.
    public init(contentsOf url: URL) throws { try self.init(contentsOf: url.path) }

    /// Parses and validates container bytes; `source` names them in errors.
    public init(bytes: [UInt8], source: String) throws {
        self.source = source
        func fail(_ kind: ModelContainerError.Kind, _ problem: String) -> ModelContainerError {
            ModelContainerError(path: source, kind: kind, problem: problem)
        }
        guard bytes.count >= Self.magic.count, Array(bytes[0..<Self.magic.count]) == Self.magic else {
            throw fail(.badMagic, "not a bechdelcli audio model file (bad magic)")
        }
        guard bytes.count >= Self.headerSize + 4 else {
            throw fail(.truncated, "truncated model file (\(bytes.count) bytes, shorter than the header)")
        }
        var reader = ByteReader(bytes: bytes, position: 8)
        let version = reader.u32()!
        guard version == Self.formatVersion else {
            throw fail(.unsupportedVersion, "unsupported model format version \(version) (this build reads version \(Self.formatVersion))")
        }
        let count = reader.u32()!
        let total = reader.u64()!
        if total > UInt64(bytes.count) {
            throw fail(.truncated, "truncated model file (\(bytes.count) bytes, header says \(total))")
        }
        if total != UInt64(bytes.count) {
            throw fail(.sizeMismatch, "model file size \(bytes.count) bytes does not match the header's \(total)")
        }
        let stored = UInt32(bytes[bytes.count - 4]) | UInt32(bytes[bytes.count - 3]) << 8
            | UInt32(bytes[bytes.count - 2]) << 16 | UInt32(bytes[bytes.count - 1]) << 24
        let computed = CRC32.checksum(bytes[0..<(bytes.count - 4)])
        guard stored == computed else {
            throw fail(.checksumMismatch, String(format: "checksum mismatch (stored %08x, computed %08x): the model file is corrupt", stored, computed))
        }
        reader.end = bytes.count - 4
        for index in 0..<Int(count) {
            func malformed(_ what: String) -> ModelContainerError { fail(.malformed, "malformed section \(index): \(what)") }
            guard let nameLength = reader.u32(), nameLength >= 1, nameLength <= 255,
                  let nameBytes = reader.bytes(Int(nameLength)) else { throw malformed("bad name") }
            guard let name = String(validating: nameBytes, as: UTF8.self) else { throw malformed("name is not UTF-8") }
            guard table[name] == nil else { throw malformed("duplicate section '\(name)'") }
            guard let type = reader.u32(), let rank = reader.u32(), rank <= 8 else { throw malformed("bad type or rank in '\(name)'") }
            var shape: [Int] = []
            var elements: UInt64 = 1
            for _ in 0..<rank {
                guard let e = reader.u64(), e <= UInt64(Int32.max) else { throw malformed("bad shape in '\(name)'") }
                shape.append(Int(e))
                let (p, overflow) = elements.multipliedReportingOverflow(by: e)
                guard !overflow else { throw malformed("shape too large in '\(name)'") }
                elements = p
            }
            guard let byteCount = reader.u64() else { throw malformed("missing size of '\(name)'") }
            switch type {
            case 1, 2:
                guard rank >= 1, elements <= UInt64(Int32.max), byteCount == elements * 4 else {
                    // (elements may be near 2^64 here: the message multiplies nothing.)
                    throw fail(.sizeMismatch, "section '\(name)' holds \(byteCount) bytes, its shape \(shape) needs 4 × \(elements)")
                }
                guard let raw = reader.bytes(Int(byteCount)) else { throw fail(.truncated, "section '\(name)' runs past the end of the file") }
                var words = [UInt32](repeating: 0, count: Int(elements))
                for i in 0..<Int(elements) {
                    let b = raw.startIndex + i * 4
                    words[i] = UInt32(raw[b]) | UInt32(raw[b + 1]) << 8 | UInt32(raw[b + 2]) << 16 | UInt32(raw[b + 3]) << 24
                }
                if type == 1 {
                    set(name, .float32(shape: shape, values: words.map { Float(bitPattern: $0) }))
                } else {
                    set(name, .int32(shape: shape, values: words.map { Int32(bitPattern: $0) }))
                }
            case 3:
                guard rank == 1, byteCount == elements else { throw fail(.sizeMismatch, "string section '\(name)' has inconsistent sizes") }
                guard let raw = reader.bytes(Int(byteCount)) else { throw fail(.truncated, "section '\(name)' runs past the end of the file") }
                guard let s = String(validating: raw, as: UTF8.self) else { throw malformed("string '\(name)' is not UTF-8") }
                set(name, .string(s))
            default:
                throw malformed("unknown section type \(type) in '\(name)'")
            }
        }
        guard reader.position == reader.end else {
            throw fail(.sizeMismatch, "\(reader.end - reader.position) unexpected bytes after the last section")
        }
    }

    private static func put(_ out: inout [UInt8], _ v: UInt32) {
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }

    private static func put(_ out: inout [UInt8], _ v: UInt64) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
}

/// Bounds-checked little-endian reading; every read returns nil instead of running past `end`.
private struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    lazy var end: Int = bytes.count

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
    }

    mutating func bytes(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, n <= end - position else { return nil }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func u32() -> UInt32? {
        guard let b = bytes(4) else { return nil }
        return b.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() -> UInt64? {
        guard let b = bytes(8) else { return nil }
        return b.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
