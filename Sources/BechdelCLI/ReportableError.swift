/// An error the command line reports as one line on stderr with a chosen exit code.
///
/// Library error types (audio decoding, model files, CSV input) conform to this in the CLI target,
/// so the libraries stay free of process concerns. Exit codes: 1 runtime failure, 2 usage or input error.
protocol ReportableError: Error {
    /// One line, naming the file and the problem.
    var message: String { get }
    /// 1 for a runtime failure, 2 for a usage or input error.
    var exitCode: Int32 { get }
}

/// Exit codes of `bechdelcli`.
enum ExitStatus {
    static let success: Int32 = 0
    static let runtimeFailure: Int32 = 1
    static let inputError: Int32 = 2
}

/// A failure raised by the CLI itself (bad option combination, unwritable output...).
struct CommandFailure: ReportableError {
    let message: String
    let exitCode: Int32

    static func input(_ file: String, _ problem: String) -> CommandFailure {
        CommandFailure(message: "\(file): \(problem)", exitCode: ExitStatus.inputError)
    }

    static func runtime(_ file: String, _ problem: String) -> CommandFailure {
        CommandFailure(message: "\(file): \(problem)", exitCode: ExitStatus.runtimeFailure)
    }
}
