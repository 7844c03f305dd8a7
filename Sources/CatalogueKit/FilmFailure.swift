import Foundation

/// Why one film failed, as the one line the store keeps and `batch` prints.
public struct FilmFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = FilmFailure.oneLine(message) }

    /// The failure of the film at `path` from any error: its description on one line, prefixed by the path
    /// when the description does not name the file.
    public init(path: String, error: Error) {
        let text = FilmFailure.oneLine(String(describing: error))
        self.message = text.contains(path) ? text : "\(path): \(text)"
    }

    public var description: String { message }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
