import CatalogueKit
import DSPKit
import Foundation

/// A results store in a temporary folder, filled with hand-made results (no audio analysed): films whose names,
/// identifiers and errors hold everything a page must escape.
final class ReportTestStore {
    let folder: URL
    let path: String

    static let configuration = AnalysisConfiguration(
        models: ModelIdentity(toolVersion: "test", sex: ContentHash.of(bytes: Array("sex".utf8)),
                              segmentation: ContentHash.of(bytes: Array("segmentation".utf8)),
                              embedding: ContentHash.of(bytes: Array("campplus".utf8))))

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("results.sqlite").path
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A result whose speakers are `sexes` (labels F1, M2, ...), each with two turns; every other speaker replies
    /// within 2 s.
    static func result(_ sexes: [Sex], duration: Double = 120) -> CountResult {
        var speakers: [CountResult.Speaker] = [], turns: [CountResult.Turn] = []
        for (k, sex) in sexes.enumerated() {
            let label = sex.rawValue + String(k + 1)
            let first = CountResult.Turn(start: Double(k) * 6, end: Double(k) * 6 + 5, speaker: label)
            let second = CountResult.Turn(start: 60 + Double(k) * 6, end: 60 + Double(k) * 6 + 4, speaker: label)
            turns += [first, second]
            speakers.append(.init(label: label, sex: sex, confidence: 0.9, speakingTime: 9, firstAppearance: first.start,
                                  lastAppearance: second.end))
        }
        turns.sort { $0.start < $1.start }
        return CountResult(speakers: speakers, uncounted: [], turns: turns, duration: duration)
    }

    /// Records a done film.
    func record(path: String, filmID: String? = nil, imdbID: String? = nil, _ result: CountResult) throws {
        let store = try ResultsStore(path: self.path)
        defer { try? store.close() }
        try store.record(FilmRecord(film: CatalogueFilm(path: path, filmID: filmID, imdbID: imdbID), result: result,
                                    failure: nil, contentHash: ContentHash.of(bytes: Array(path.utf8)), fingerprint: nil,
                                    info: nil, configuration: Self.configuration, timings: nil, hashSeconds: nil))
    }

    /// Records a failed film with `error`.
    func fail(path: String, error: String) throws {
        let store = try ResultsStore(path: self.path)
        defer { try? store.close() }
        try store.record(FilmRecord(film: CatalogueFilm(path: path), result: nil, failure: FilmFailure(error),
                                    contentHash: nil, fingerprint: nil, info: nil, configuration: Self.configuration,
                                    timings: nil, hashSeconds: nil))
    }

    func open() throws -> ResultsStore { try ResultsStore(path: path, create: false) }
}
