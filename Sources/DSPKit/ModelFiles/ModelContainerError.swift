/// Why a model container could not be read or did not hold what a model needs; the description is one
/// line naming the file and the problem.
public struct ModelContainerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kinds of problems, so callers and tests can tell them apart.
    public enum Kind: String, Sendable {
        case unreadable, badMagic, unsupportedVersion, truncated, sizeMismatch, checksumMismatch
        case malformed, missingSection, wrongSection, invalidModel, unwritable
    }

    public let path: String
    public let kind: Kind
    public let problem: String

    public init(path: String, kind: Kind, problem: String) {
        self.path = path
        self.kind = kind
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
