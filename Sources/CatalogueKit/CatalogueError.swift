/// Why a catalogue command cannot go on, in one line naming the file (input, manifest or store).
///
/// Distinct from a film that fails: a bad film is recorded in the store and the batch goes on; these stop the
/// command. `isInputError` tells usage and input problems (exit 2) from runtime failures (exit 1).
public struct CatalogueError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file or folder the problem is about.
    public let path: String
    /// What is wrong, one line.
    public let problem: String
    /// True for bad input or usage (exit 2), false for a failure while running (exit 1).
    public let isInputError: Bool

    public init(path: String, problem: String, isInputError: Bool = true) {
        self.path = path
        self.problem = problem
        self.isInputError = isInputError
    }

    /// A problem with what the user gave (missing input, bad manifest, not a store...).
    public static func input(_ path: String, _ problem: String) -> CatalogueError {
        CatalogueError(path: path, problem: problem, isInputError: true)
    }

    /// A failure while running (cannot write the store, disk full...).
    public static func runtime(_ path: String, _ problem: String) -> CatalogueError {
        CatalogueError(path: path, problem: problem, isInputError: false)
    }

    public var description: String { "\(path): \(problem)" }
}
