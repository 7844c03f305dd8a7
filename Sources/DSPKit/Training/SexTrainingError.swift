/// Why a training corpus cannot produce a sex model (one sex missing, too few speakers, no usable
/// speech), naming the manifest or file and the problem on one line.
public struct SexTrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
