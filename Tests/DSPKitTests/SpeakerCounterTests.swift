import XCTest
@testable import DSPKit

/// The counting pipeline on committed fixtures with reference speech regions (so it is tested apart from
/// the speech detector) and the shipped speaker embedding.
final class SpeakerCounterTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The shipped sex classifier (GMM, F0 and embedding cue).
    static let shippedSex: SpeakerCounter.SexClassification = {
        let classifier = try? SexClassifier.shipped()
        return { frames, pitch, strength, embedding in
            guard let d = classifier?.classify(frames: frames, pitch: pitch, pitchStrength: strength, embedding: embedding) else {
                return (.female, 0.5)
            }
            return (d.sex, d.confidence)
        }
    }()

    static let embedding = try? CAMPlusModel.shipped()

    func counter(reference: [TimeSegment], options: DiarizationOptions = .init()) throws -> SpeakerCounter {
        SpeakerCounter(options: options, embedder: CAMPlusEmbedder(model: try XCTUnwrap(Self.embedding)),
                       detectSpeech: { _, _ in reference }, classifySex: Self.shippedSex)
    }

    func referenceSpeech(_ rttm: String) throws -> [TimeSegment] {
        let turns = try RTTM.read(path: Self.fixtures.appendingPathComponent(rttm).path).values.flatMap { $0 }
        return TimeSegment.union(turns.map(\.segment))
    }

    func count(_ audio: String, _ rttm: String, threads: Int = 1) throws -> CountResult {
        var t = SpeakerCounter.Timings()
        return try counter(reference: try referenceSpeech(rttm))
            .analyze(path: Self.fixtures.appendingPathComponent(audio).path, threads: threads, timings: &t)
    }

    func testSingleSpeakerGivesOneSpeaker() throws {
        let r = try count("single_speaker.flac", "single_speaker.rttm")
        XCTAssertEqual(r.speakers.count, 1, r.detailsJSON)
    }

    func testFixtureScenesGiveTheirSpeakerCounts() throws {
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("scenes/expected.csv"))
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        var found: [String: Int] = [:], truth: [String: Int] = [:]
        for row in expected {
            let name = row[0]
            let r = try count("scenes/" + name, "scenes/" + name.replacingOccurrences(of: ".flac", with: ".rttm"))
            found[name] = r.speakers.count
            truth[name] = Int(row[1])! + Int(row[2])!
        }
        XCTAssertEqual(found, truth)
    }

    func testNoSpeechGivesNoSpeaker() throws {
        var t = SpeakerCounter.Timings()
        let r = try counter(reference: []).analyze(path: Self.fixtures.appendingPathComponent("music_only.flac").path, timings: &t)
        XCTAssertEqual(r.countsJSON, "{\"M\": 0, \"F\": 0}")
        XCTAssertTrue(r.turns.isEmpty)
    }

    func testExampleSceneWithReferenceSpeech() throws {
        let r = try count("example_scene.flac", "example_scene.rttm")
        XCTAssertEqual(r.countsJSON, "{\"M\": 1, \"F\": 2}", r.detailsJSON)
    }

    func testStricterSimilarityNeverFindsFewerSpeakers() throws {
        let speech = try referenceSpeech("example_scene.rttm")
        let path = Self.fixtures.appendingPathComponent("example_scene.flac").path
        var previous = 0
        for similarity in [-1.0, 0.2, 0.4, 0.6, 0.8, 1.0] {
            var o = DiarizationOptions()
            o.speakerSimilarity = similarity
            o.minimumSpeech = 0
            var t = SpeakerCounter.Timings()
            let r = try counter(reference: speech, options: o).analyze(path: path, timings: &t)
            XCTAssertGreaterThanOrEqual(r.speakers.count, previous, "similarity \(similarity)")
            previous = r.speakers.count
            if similarity == -1 { XCTAssertEqual(r.speakers.count, 1) }
        }
        XCTAssertGreaterThan(previous, 3)
    }

    func testSameResultForAnyThreadCount() throws {
        let one = try count("example_scene.flac", "example_scene.rttm", threads: 1)
        let two = try count("example_scene.flac", "example_scene.rttm", threads: 2)
        let five = try count("example_scene.flac", "example_scene.rttm", threads: 5)
        XCTAssertEqual(one, two)
        XCTAssertEqual(one, five)
        XCTAssertEqual(one.detailsJSON, five.detailsJSON)
    }
}
