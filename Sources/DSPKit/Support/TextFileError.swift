/// A problem in a text input the audio side reads (RTTM, audio manifest, scene list), naming the file and, when
/// it is known, the line: one type, so that every such message reads `path:line: problem`.
public struct TextFileError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let line: Int?
    public let problem: String

    public init(path: String, line: Int?, problem: String) {
        self.path = path
        self.line = line
        self.problem = problem
    }

    public var description: String {
        if let line { return "\(path):\(line): \(problem)" }
        return "\(path): \(problem)"
    }
}
