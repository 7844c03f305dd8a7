import BoundedFiles
import Foundation

/// The development-set index written by `scripts/simulate_scenes.py` (`scenes.csv`): one recording per row
/// with its reference RTTM and true speaker counts, so every evaluation driver reads simulated scenes,
/// single-speaker clips and real meeting excerpts the same way.
///
/// Format: CSV with a header that includes at least `id,audio,rttm,n_female,n_male`; paths are relative to
/// the CSV's directory (or absolute); fields contain no commas or quotes.
public struct SceneList: Sendable {
    /// One recording of the set.
    public struct Scene: Equatable, Sendable {
        public var id: String
        public var audio: String
        public var rttm: String
        public var females: Int
        public var males: Int
    }

    public var scenes: [Scene]

    /// Reads a scene list; every problem is reported with the file and the line number.
    public init(contentsOf path: String) throws {
        let data = try WholeFile.read(path, limit: InputLimits.textFileBytes) {
            TextFileError(path: path, line: nil, problem: $0)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TextFileError(path: path, line: nil, problem: "not valid UTF-8 text")
        }
        // absolute base: `standardized` on a relative URL would drop leading `..` components
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        try self.init(text: text, source: path, base: URL(fileURLWithPath: absolute).deletingLastPathComponent())
    }

    /// Parses scene-list text (the format above); `source` names it in errors and relative paths are resolved
    /// against the absolute folder `base` (the list's own folder when read from a file).
    public init(text: String, source path: String, base: URL) throws {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
            throw TextFileError(path: path, line: nil, problem: "empty scene list")
        }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw TextFileError(path: path, line: 1, problem: "missing column '\(name)'")
            }
            return i
        }
        let (ci, ca, cr, cf, cm) = (try column("id"), try column("audio"), try column("rttm"), try column("n_female"), try column("n_male"))
        var scenes: [Scene] = []
        for (k, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == header.count else {
                throw TextFileError(path: path, line: k + 1, problem: "expected \(header.count) fields, found \(f.count)")
            }
            guard let females = Int(f[cf]), let males = Int(f[cm]), females >= 0, males >= 0 else {
                throw TextFileError(path: path, line: k + 1, problem: "n_female and n_male must be counts")
            }
            func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardized.path }
            scenes.append(Scene(id: f[ci], audio: resolve(f[ca]), rttm: resolve(f[cr]), females: females, males: males))
        }
        self.scenes = scenes
    }
}
