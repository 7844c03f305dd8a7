import Foundation

/// Number and string formatting shared by `explain` and `clusters`: fixed, locale-free formats so that the same
/// input always prints the same bytes, CSV quoting (RFC 4180) and JSON string escaping.
enum ExplanationFormatting {
    /// A number with `digits` significant digits (`%.*g`); empty for NaN in CSV, so pandas reads it as missing.
    static func number(_ x: Double, digits: Int = 7) -> String {
        if x.isNaN { return "" }
        if x == 0 { return "0" }
        return String(format: "%.\(digits)g", x)
    }

    /// A number for JSON: `null` for NaN or infinity.
    static func jsonNumber(_ x: Double, digits: Int = 7) -> String {
        x.isFinite ? number(x, digits: digits) : "null"
    }

    /// A fixed-point number, for text reports.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", locale: Locale(identifier: "en_US_POSIX"), x)
    }

    /// A percentage with one decimal, for text reports.
    static func percent(_ share: Double) -> String { fixed(100 * share, 1) + " %" }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csv(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A JSON string literal.
    static func json(_ s: String) -> String { jsonString(s) }

    /// Writes text to standard output in one go.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
