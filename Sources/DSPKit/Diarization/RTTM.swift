import BoundedFiles
import Foundation

/// Reads and writes RTTM (Rich Transcription Time Marked), the NIST format in which diarization references
/// and outputs are exchanged, so bechdelcli's timelines can be scored with standard tools and vice versa.
///
/// Only `SPEAKER` lines are used: `SPEAKER <file-id> <channel> <start> <duration> <NA> <NA> <speaker> <NA> <NA>`.
/// Other record types, blank lines and comments (`;;` or `#`) are skipped.
public enum RTTM {
    /// Largest start time or duration accepted, seconds (11.6 days, longer than any recording): times are turned
    /// into frame indices by the scorers, and a time like 1e300 would not fit in one.
    public static let maximumSeconds = 1_000_000.0


    /// Parses RTTM text into turns per file id (turns in file order).
    /// - Parameter source: the file name used in error messages.
    public static func parse(text: String, source: String = "<rttm>") throws -> [String: [SpeechTurn]] {
        var result: [String: [SpeechTurn]] = [:]
        var lineNumber = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let kind = fields.first else { continue }
            if kind.hasPrefix(";;") || kind.hasPrefix("#") { continue }
            guard kind == "SPEAKER" else { continue }
            guard fields.count >= 8 else {
                throw TextFileError(path: source, line: lineNumber, problem: "SPEAKER line needs at least 8 fields, found \(fields.count)")
            }
            guard let start = Double(fields[3]), start.isFinite else {
                throw TextFileError(path: source, line: lineNumber, problem: "start time '\(fields[3])' is not a number")
            }
            guard let duration = Double(fields[4]), duration.isFinite else {
                throw TextFileError(path: source, line: lineNumber, problem: "duration '\(fields[4])' is not a number")
            }
            guard start >= 0 else {
                throw TextFileError(path: source, line: lineNumber, problem: "negative start time \(fields[3])")
            }
            guard duration >= 0 else {
                throw TextFileError(path: source, line: lineNumber, problem: "negative duration \(fields[4])")
            }
            guard start <= maximumSeconds, duration <= maximumSeconds else {
                throw TextFileError(path: source, line: lineNumber,
                                problem: "time \(start > maximumSeconds ? fields[3] : fields[4]) s is longer than any recording (at most \(Int(maximumSeconds)) s)")
            }
            result[String(fields[1]), default: []].append(SpeechTurn(start: start, duration: duration, speaker: String(fields[7])))
        }
        return result
    }

    /// Reads an RTTM file; errors name the file (and line).
    public static func read(path: String) throws -> [String: [SpeechTurn]] {
        let data = try WholeFile.read(path, limit: InputLimits.textFileBytes) {
            TextFileError(path: path, line: nil, problem: $0)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TextFileError(path: path, line: nil, problem: "not valid UTF-8 text")
        }
        return try parse(text: text, source: path)
    }

    /// Formats turns as RTTM lines (times with millisecond precision), one per turn, in the given order.
    public static func format(turns: [SpeechTurn], fileID: String) -> String {
        var out = ""
        for t in turns {
            out += "SPEAKER \(fileID) 1 \(fixed3(t.start)) \(fixed3(t.duration)) <NA> <NA> \(t.speaker) <NA> <NA>\n"
        }
        return out
    }

    /// `%.3f` without going through Foundation's locale-dependent formatting; values too large for whole
    /// milliseconds in 64 bits (or not finite) keep Swift's own spelling, which parses back.
    static func fixed3(_ x: Double) -> String {
        let ms = (x * 1000).rounded()
        guard abs(ms) < 9e18 else { return "\(x)" }
        let negative = ms < 0
        let a = Int64(abs(ms))
        let frac = a % 1000
        let fracText = frac < 10 ? "00\(frac)" : frac < 100 ? "0\(frac)" : "\(frac)"
        return (negative ? "-" : "") + "\(a / 1000).\(fracText)"
    }
}
