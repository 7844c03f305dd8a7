import BoundedFiles
import Foundation

/// A list of labelled audio files that the audio-model trainers learn from, so users can rebuild every
/// shipped model from their own corpus.
///
/// Format: UTF-8 CSV with the header `path,kind,speaker,sex`; `kind` is `speech`, `music` or `noise`;
/// `speaker` and `sex` (`F` or `M`) are required for speech and empty otherwise; relative paths are
/// resolved against the manifest's own directory. Fields may not contain commas or quotes.
public struct AudioManifest: Equatable, Sendable {
    /// What a training file contains.
    public enum Kind: String, Sendable { case speech, music, noise }

    /// One labelled file.
    public struct Entry: Equatable, Sendable {
        public var path: String
        public var kind: Kind
        public var speaker: String?
        public var sex: Sex?

        public init(path: String, kind: Kind, speaker: String? = nil, sex: Sex? = nil) {
            self.path = path
            self.kind = kind
            self.speaker = speaker
            self.sex = sex
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Reads a manifest; every problem is reported with the file and the line number.
    public init(contentsOf path: String) throws {
        let data = try WholeFile.read(path, limit: InputLimits.textFileBytes) {
            TextFileError(path: path, line: nil, problem: $0)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TextFileError(path: path, line: nil, problem: "not valid UTF-8 text")
        }
        // Absolute first: standardising a relative URL would drop its leading "..".
        try self.init(text: text, source: path, base: URL(fileURLWithPath: path).absoluteURL.deletingLastPathComponent())
    }

    /// Parses manifest text (the format above); `source` names it in errors and relative paths are resolved
    /// against the absolute folder `base` (the manifest's own folder when read from a file).
    public init(text: String, source path: String, base: URL) throws {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first, header.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) == ["path", "kind", "speaker", "sex"] else {
            throw TextFileError(path: path, line: 1, problem: "header must be 'path,kind,speaker,sex'")
        }
        var entries: [Entry] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4 else {
                throw TextFileError(path: path, line: index + 1, problem: "expected 4 fields, found \(fields.count)")
            }
            guard let kind = Kind(rawValue: fields[1]) else {
                throw TextFileError(path: path, line: index + 1, problem: "unknown kind '\(fields[1])' (speech, music or noise)")
            }
            var sex: Sex? = nil
            if kind == .speech {
                guard !fields[2].isEmpty else {
                    throw TextFileError(path: path, line: index + 1, problem: "speech needs a speaker")
                }
                guard let s = Sex(code: fields[3]) else {
                    throw TextFileError(path: path, line: index + 1, problem: "speech needs sex F or M, found '\(fields[3])'")
                }
                sex = s
            }
            let resolved = fields[0].hasPrefix("/") ? fields[0] : base.appendingPathComponent(fields[0]).standardized.path
            entries.append(Entry(path: resolved, kind: kind, speaker: fields[2].isEmpty ? nil : fields[2], sex: sex))
        }
        guard !entries.isEmpty else { throw TextFileError(path: path, line: nil, problem: "no entries") }
        self.entries = entries
    }

    /// The entries of one kind, in file order.
    public func entries(of kind: Kind) -> [Entry] { entries.filter { $0.kind == kind } }
}
