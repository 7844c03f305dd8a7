import DSPKit

/// Audio model file problems on the command line: a file that cannot be written is a runtime failure (1);
/// a missing, foreign, damaged or incomplete model file is an input error (2).
extension ModelContainerError: ReportableError {
    var message: String { description }
    var exitCode: Int32 { kind == .unwritable ? ExitStatus.runtimeFailure : ExitStatus.inputError }
}
