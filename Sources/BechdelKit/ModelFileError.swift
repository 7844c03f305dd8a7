/// Why a model file could not be read or written. One line, naming the file and the problem; a corrupt or
/// truncated file always ends here, never in a crash or an out-of-bounds read.
public enum ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// Not a model file (wrong magic bytes).
    case badMagic(path: String)
    case unsupportedVersion(path: String, version: UInt32)
    /// Shorter than its header says.
    case truncated(path: String, expected: Int, found: Int)
    /// Longer than its header says.
    case trailingBytes(path: String, extra: Int)
    case checksumMismatch(path: String)
    /// The payload is inconsistent (index out of range, bad size, non-finite value...).
    case corrupt(path: String, problem: String)
    /// The shipped model is not in the bundle.
    case missingShippedModel

    public var description: String {
        switch self {
        case let .cannotRead(path, reason): return "\(path): cannot read model: \(reason)"
        case let .cannotWrite(path, reason): return "\(path): cannot write model: \(reason)"
        case let .badMagic(path): return "\(path): not a bechdelcli model file (bad magic bytes)"
        case let .unsupportedVersion(path, version): return "\(path): unsupported model format version \(version)"
        case let .truncated(path, expected, found):
            return "\(path): truncated model file (\(found) bytes, expected \(expected))"
        case let .trailingBytes(path, extra): return "\(path): \(extra) unexpected bytes after the model"
        case let .checksumMismatch(path): return "\(path): model checksum mismatch (corrupt file)"
        case let .corrupt(path, problem): return "\(path): corrupt model: \(problem)"
        case .missingShippedModel: return "Models/bechdel.bdt: shipped model missing from the bundle"
        }
    }
}
