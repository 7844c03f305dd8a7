/// Why an audio file could not be opened or decoded, or why front-end options are unusable.
///
/// Every case carries the file and renders as one line, `<file>: <problem>`, so the command line can
/// print it as is; nothing in the audio layer crashes or silently returns partial audio on bad input.
public enum AudioError: Error, CustomStringConvertible, Equatable {
    /// No file or directory at this path.
    case fileNotFound(path: String)
    /// The path names a directory, not a file.
    case isDirectory(path: String)
    /// The file exists but holds zero bytes.
    case emptyFile(path: String)
    /// The file cannot be read (permissions, I/O error).
    case unreadable(path: String, reason: String)
    /// libsndfile does not recognise the contents as audio (wrong format, damaged or truncated header).
    case notAudio(path: String, reason: String)
    /// The header parses but describes no usable audio (zero channels, zero rate, zero frames).
    case invalidHeader(path: String, problem: String)
    /// The file ends before the number of frames its header promises.
    case truncated(path: String, expectedFrames: Int64, decodedFrames: Int64)
    /// Decoding failed part-way through the file.
    case decodeFailed(path: String, reason: String)
    /// Sample-rate conversion failed (libsamplerate error).
    case resampleFailed(path: String, reason: String)
    /// Front-end options that cannot work together (e.g. an FFT shorter than the window).
    case invalidOptions(problem: String)

    /// The file the error is about (empty for option errors).
    public var path: String {
        switch self {
        case .fileNotFound(let p), .isDirectory(let p), .emptyFile(let p): return p
        case .unreadable(let p, _), .notAudio(let p, _), .invalidHeader(let p, _), .decodeFailed(let p, _),
             .resampleFailed(let p, _):
            return p
        case .truncated(let p, _, _): return p
        case .invalidOptions: return ""
        }
    }

    /// One line: the file, then the problem.
    public var description: String {
        switch self {
        case .fileNotFound(let p): return "\(p): no such file"
        case .isDirectory(let p): return "\(p): is a directory, not an audio file"
        case .emptyFile(let p): return "\(p): empty file (0 bytes), not audio"
        case .unreadable(let p, let r): return "\(p): cannot be read (\(AudioError.oneLine(r)))"
        case .notAudio(let p, let r): return "\(p): not a readable audio file (\(AudioError.oneLine(r)))"
        case .invalidHeader(let p, let problem): return "\(p): invalid audio header: \(AudioError.oneLine(problem))"
        case .truncated(let p, let expected, let decoded):
            return "\(p): truncated audio: the header promises \(expected) frames but the file holds only \(decoded)"
        case .decodeFailed(let p, let r): return "\(p): decoding failed (\(AudioError.oneLine(r)))"
        case .resampleFailed(let p, let r): return "\(p): resampling failed (\(AudioError.oneLine(r)))"
        case .invalidOptions(let problem): return "front-end options: \(AudioError.oneLine(problem))"
        }
    }

    /// Library messages sometimes end with a newline or span lines; keep the description to one line.
    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
