import DSPKit

/// Audio errors are input errors (exit 2): the file is missing, not audio, damaged or truncated,
/// or the options are unusable. Only a resampler failure is a runtime failure (exit 1).
extension AudioError: ReportableError {
    var message: String { description }

    var exitCode: Int32 {
        switch self {
        case .resampleFailed: return ExitStatus.runtimeFailure
        default: return ExitStatus.inputError
        }
    }
}
