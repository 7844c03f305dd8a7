import BechdelKit

/// Bad CSV input is an input error (exit 2).
extension FilmTableError: ReportableError {
    var message: String { description }
    var exitCode: Int32 { ExitStatus.inputError }
}

/// A missing, corrupt or truncated model is an input error (exit 2); failing to write one is a runtime error (exit 1).
extension ModelFileError: ReportableError {
    var message: String { description }
    var exitCode: Int32 {
        switch self {
        case .cannotWrite, .missingShippedModel: return ExitStatus.runtimeFailure
        default: return ExitStatus.inputError
        }
    }
}
