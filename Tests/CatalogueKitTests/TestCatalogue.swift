import CatalogueKit
import DSPKit
import Foundation
import XCTest

/// A temporary folder of stand-in "films" (any bytes) with a stand-in analyzer, so the bookkeeping of catalogue
/// runs (resuming, skipping, failures, jobs, merging) is tested quickly and exactly, without audio.
final class TestCatalogue {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Writes a file (creating folders); returns its absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// `count` stand-in films `film00.wav`…, each with different bytes.
    func films(_ count: Int, folder: String = "films") throws -> [CatalogueFilm] {
        try (0..<count).map { i in
            CatalogueFilm(path: try write("\(folder)/film\(String(format: "%02d", i)).wav", "film \(i) " + String(repeating: "x", count: i * 37)))
        }
    }

    static let configuration = AnalysisConfiguration(
        models: ModelIdentity(toolVersion: "test", sex: ContentHash.of(bytes: Array("sex".utf8)),
                              segmentation: ContentHash.of(bytes: Array("segmentation".utf8)),
                              embedding: ContentHash.of(bytes: Array("campplus".utf8))))

    /// Runs a catalogue into the store at `store` and closes it.
    @discardableResult
    func run(_ films: [CatalogueFilm], store: String, analyzer: StandInAnalyzer,
             configuration: AnalysisConfiguration = TestCatalogue.configuration,
             options: BatchOptions = .init()) throws -> BatchSummary {
        let results = try ResultsStore(path: store)
        defer { try? results.close() }
        return try CatalogueRun(store: results, films: films, configuration: configuration, options: options) { analyzer }.run()
    }

    /// The films, speakers and turns tables as exported (everything results determine), one string.
    func exported(_ store: String) throws -> String {
        let results = try ResultsStore(path: store, create: false)
        defer { try? results.close() }
        var text = ""
        for (name, export) in [("films", results.exportFilms), ("speakers", results.exportSpeakers), ("turns", results.exportTurns)] {
            let out = path("export-\(UUID().uuidString).csv")
            try export(out)
            text += "== \(name)\n" + (try String(contentsOfFile: out, encoding: .utf8))
            try FileManager.default.removeItem(atPath: out)
        }
        return text
    }
}

/// Stands in for the counting pipeline: a file starting with `BAD` is not audio; any other file gets a count
/// derived from its bytes (so different files give different results, the same bytes the same). Counts calls.
final class StandInAnalyzer: FilmAnalyzer, @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [String] = []
    /// Seconds each count takes (to let parallel jobs overlap).
    let delay: Double

    init(delay: Double = 0) { self.delay = delay }

    /// Paths counted so far, in call order.
    var counted: [String] { lock.lock(); defer { lock.unlock() }; return calls }

    struct NotAudio: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path): not a readable audio file (stand-in)" }
    }

    func info(path: String) throws -> AudioInfo {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if data.starts(with: Array("BAD".utf8)) { throw NotAudio(path: path) }
        return AudioInfo(path: path, format: "WAV (stand-in)", subtype: "Signed 16 bit PCM", sampleRate: 16000,
                         channels: 1, frameCount: Int64(data.count) * 160)
    }

    func count(path: String, threads: Int, timings: inout SpeakerCounter.Timings) throws -> CountResult {
        lock.lock()
        calls.append(path)
        lock.unlock()
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let h = ContentHash.of(bytes: data)
        let speakers = Int(h.low % 4) + 1
        var counted: [CountResult.Speaker] = [], turns: [CountResult.Turn] = []
        for k in 0..<speakers {
            let sex: Sex = (h.high >> UInt64(k)) & 1 == 0 ? .female : .male
            let start = Double(k) * 2.5, end = start + 2 + Double(data.count % 7) / 10
            let label = sex.rawValue + String(k + 1)
            counted.append(.init(label: label, sex: sex, confidence: 0.5 + Double(k) / 10, speakingTime: end - start,
                                 firstAppearance: start, lastAppearance: end))
            turns.append(.init(start: start, end: end, speaker: label))
        }
        timings.features = 0.001
        return CountResult(speakers: counted, uncounted: [], turns: turns, duration: Double(data.count) / 100)
    }
}
