#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

/// Entry point: runs the parsed command and maps every failure to a one-line message and an exit code
/// (0 success, 1 runtime failure, 2 usage or input error). swift-argument-parser's own usage errors
/// (exit 64 by default) are mapped to 2, with the problem on one line and a pointer to the command's --help.
func runBechdelCLI() -> Never {
    do {
        var command = try BechdelCLI.parseAsRoot()
        try command.run()
        exit(ExitStatus.success)
    } catch let failure as ReportableError {
        fputs("bechdelcli: \(TerminalText.oneLine(failure.message))\n", stderr)
        exit(failure.exitCode)
    } catch {
        let code = BechdelCLI.exitCode(for: error)
        if code == .success {
            // --help, --version
            print(BechdelCLI.fullMessage(for: error))
            exit(ExitStatus.success)
        }
        if code == .validationFailure {
            // One line, like every other error: the problem, then where the usage is.
            let problem = BechdelCLI.message(for: error).replacingOccurrences(of: "Error: ", with: "")
            let command = CommandLine.arguments.dropFirst().first { !$0.hasPrefix("-") }
                .flatMap { name in BechdelCLI.configuration.subcommands.contains { $0.configuration.commandName == name } ? name : nil }
            fputs("bechdelcli: \(TerminalText.oneLine(problem)) (see 'bechdelcli \(command.map { $0 + " " } ?? "")--help')\n", stderr)
            exit(ExitStatus.inputError)
        }
        let text = BechdelCLI.fullMessage(for: error)
        if !text.isEmpty { fputs("bechdelcli: \(TerminalText.oneLine(text))\n", stderr) }
        exit(code == .failure ? ExitStatus.runtimeFailure : code.rawValue)
    }
}

runBechdelCLI()
