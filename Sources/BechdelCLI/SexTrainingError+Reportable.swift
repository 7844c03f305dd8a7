import DSPKit

/// A training corpus that cannot give a sex model is an input error (2).
extension SexTrainingError: ReportableError {
    var message: String { description }
    var exitCode: Int32 { ExitStatus.inputError }
}
