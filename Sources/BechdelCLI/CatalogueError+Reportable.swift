import CatalogueKit

/// Catalogue problems on the command line: bad inputs, manifests or stores are input errors (2); failing to
/// write a store or an export is a runtime failure (1).
extension CatalogueError: ReportableError {
    var message: String { description }
    var exitCode: Int32 { isInputError ? ExitStatus.inputError : ExitStatus.runtimeFailure }
}
