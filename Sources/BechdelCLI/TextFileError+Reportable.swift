import DSPKit

/// A bad audio manifest is an input error (exit 2), reported as one line naming the file and line.
extension ManifestError: ReportableError {
    var message: String { description }
    var exitCode: Int32 { ExitStatus.inputError }
}
