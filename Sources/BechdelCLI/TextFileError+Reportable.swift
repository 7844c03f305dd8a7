import DSPKit

/// A bad RTTM file, audio manifest or scene list is an input error (exit 2), reported as one line naming the
/// file and the line.
extension TextFileError: ReportableError {
    var message: String { description }
    var exitCode: Int32 { ExitStatus.inputError }
}
