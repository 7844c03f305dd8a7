/// Makes any text safe to print as one line on a terminal: control characters (a NUL or an escape
/// sequence in a CSV cell or a file name) are shown as visible escapes instead of cutting the line short or
/// driving the terminal, and very long values are shortened. Every message of the command line goes
/// through it before reaching stderr.
enum TerminalText {
    /// Most characters of a printed message; longer ones keep their start and say how much was left out.
    static let maximumLength = 2000

    /// `text` with C0/C1 control characters and DEL escaped (`\0`, `\t`, `\n`, `\r`, `\u{1B}`...) and cut at
    /// `maximumLength` characters.
    static func oneLine(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= maximumLength {
                let left = text.unicodeScalars.count - count
                out += "… (\(left) more characters)"
                break
            }
            switch scalar.value {
            case 0: out += "\\0"
            case 9: out += "\\t"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 0x01...0x1F, 0x7F...0x9F: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}
