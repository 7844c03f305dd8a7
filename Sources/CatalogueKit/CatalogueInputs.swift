import BechdelKit
import DSPKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The films of a catalogue run, from the `batch` command's inputs: any mix of audio files, folders and
/// manifests.
///
/// - An audio file is taken as given, whatever its name (a file that is not audio fails in the run, recorded).
/// - A folder is searched recursively for files whose extension is an audio container's (`AudioFileTypes`);
///   hidden files and folders (name starting with `.`) are skipped, symbolic links are followed (once).
/// - A manifest is a CSV (`.csv`, or `-` for standard input) with a `path` column and optional `film_id` and
///   `imdb_id` columns; relative paths are resolved from the manifest's folder (from the current directory for
///   standard input). Listed files that do not exist stay in the catalogue and are recorded as failed.
///
/// The result has one film per absolute path, sorted by path (byte order). A path listed twice keeps the
/// identifiers that were given; two different `film_id`s or `imdb_id`s for one path are an input error.
public enum CatalogueInputs {
    /// The films of `inputs` (see the type's description). Throws `CatalogueError` (input) for a missing input,
    /// an unreadable folder, a bad manifest or an empty catalogue, and `FilmTableError` for malformed CSV.
    public static func films(from inputs: [String]) throws -> [CatalogueFilm] {
        var collector = Collector()
        for input in inputs {
            if input == "-" {
                try collector.add(manifest: input)
                continue
            }
            var st = stat()
            guard stat(input, &st) == 0 else {
                throw CatalogueError.input(input, "no such file or folder")
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                for path in try audioFiles(inFolder: input) {
                    try collector.add(CatalogueFilm(path: path), source: input)
                }
            } else if input.lowercased().hasSuffix(".csv") {
                try collector.add(manifest: input)
            } else {
                try collector.add(CatalogueFilm(path: CatalogueFilm.absolutePath(input)), source: input)
            }
        }
        let films = collector.films
        guard !films.isEmpty else {
            throw CatalogueError.input(inputs.joined(separator: " "), "no audio files found")
        }
        return films
    }

    /// The films a manifest lists, in file order (`path` may be `-` for standard input).
    public static func manifest(_ path: String) throws -> [CatalogueFilm] {
        let table = try FilmTable.read(path: path)
        guard let pathColumn = table.columnIndex("path") else {
            throw FilmTableError.missingColumn(path: table.source, column: "path")
        }
        let idColumn = table.columnIndex("film_id"), imdbColumn = table.columnIndex("imdb_id")
        let base = path == "-" ? nil : URL(fileURLWithPath: CatalogueFilm.absolutePath(path)).deletingLastPathComponent().path
        var films: [CatalogueFilm] = []
        for (i, row) in table.rows.enumerated() {
            let file = row[pathColumn].trimmingCharacters(in: .whitespaces)
            guard !file.isEmpty else {
                throw CatalogueError.input(table.source, "row \(FilmTable.rowNumber(i)): empty path")
            }
            films.append(CatalogueFilm(path: CatalogueFilm.absolutePath(file, relativeTo: base),
                                       filmID: idColumn.map { row[$0].trimmingCharacters(in: .whitespaces) },
                                       imdbID: imdbColumn.map { row[$0].trimmingCharacters(in: .whitespaces) }))
        }
        guard !films.isEmpty else { throw FilmTableError.noRows(path: table.source) }
        return films
    }

    /// The audio files under `folder` (absolute paths, sorted), searched recursively (see the type's description).
    public static func audioFiles(inFolder folder: String) throws -> [String] {
        var found: [String] = []
        var visited = Set<[UInt64]>()
        func walk(_ directory: String) throws {
            var st = stat()
            guard stat(directory, &st) == 0 else { throw CatalogueError.input(directory, "cannot read the folder") }
            // A folder reached twice (a symbolic link loop or a second link) is searched once.
            guard visited.insert([UInt64(st.st_dev), UInt64(st.st_ino)]).inserted else { return }
            guard let dir = opendir(directory) else {
                throw CatalogueError.input(directory, "cannot list the folder (\(String(cString: strerror(errno))))")
            }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                names.append(name)
            }
            closedir(dir)
            for name in names where !name.hasPrefix(".") {
                let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                var entry = stat()
                guard stat(path, &entry) == 0 else { continue }  // a dangling link
                if (entry.st_mode & S_IFMT) == S_IFDIR {
                    try walk(path)
                } else if (entry.st_mode & S_IFMT) == S_IFREG, AudioFileTypes.isAudioFileName(name) {
                    found.append(path)
                }
            }
        }
        try walk(CatalogueFilm.absolutePath(folder))
        return found.sorted(by: CatalogueFilm.pathOrder)
    }

    /// Gathers films from several inputs, one per path.
    struct Collector {
        private var byPath: [String: (film: CatalogueFilm, explicitID: Bool, source: String)] = [:]

        var films: [CatalogueFilm] {
            byPath.values.map(\.film).sorted { CatalogueFilm.pathOrder($0.path, $1.path) }
        }

        mutating func add(manifest path: String) throws {
            let name = path == "-" ? FilmTable.standardInputName : path
            for film in try CatalogueInputs.manifest(path) {
                try add(film, source: name, explicitID: film.filmID != CatalogueFilm.defaultID(film.path))
            }
        }

        mutating func add(_ film: CatalogueFilm, source: String, explicitID: Bool = false) throws {
            guard var known = byPath[film.path] else {
                byPath[film.path] = (film, explicitID, source)
                return
            }
            if explicitID {
                if known.explicitID, known.film.filmID != film.filmID {
                    throw CatalogueError.input(source, "\(film.path) has film_id '\(film.filmID)' here and '\(known.film.filmID)' in \(known.source)")
                }
                known.film.filmID = film.filmID
                known.explicitID = true
            }
            if let imdb = film.imdbID {
                if let other = known.film.imdbID, other != imdb {
                    throw CatalogueError.input(source, "\(film.path) has imdb_id '\(imdb)' here and '\(other)' in \(known.source)")
                }
                known.film.imdbID = imdb
            }
            byPath[film.path] = known
        }
    }
}
