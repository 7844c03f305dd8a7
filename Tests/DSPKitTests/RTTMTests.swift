import XCTest
@testable import DSPKit

final class RTTMTests: XCTestCase {
    func testParsesSpeakerLinesPerFileSkippingOthers() throws {
        let text = """
        ;; a comment
        SPKR-INFO meeting 1 <NA> <NA> <NA> unknown A <NA>
        SPEAKER meeting 1 0.500 1.250 <NA> <NA> F_a <NA> <NA>
        SPEAKER other 1 2.000 3.000 <NA> <NA> M_b <NA> <NA>

        SPEAKER\tmeeting 1 4.0 0.5 <NA> <NA> M_b <NA> <NA>
        """
        let turns = try RTTM.parse(text: text)
        XCTAssertEqual(turns.keys.sorted(), ["meeting", "other"])
        XCTAssertEqual(turns["meeting"], [SpeechTurn(start: 0.5, duration: 1.25, speaker: "F_a"),
                                          SpeechTurn(start: 4.0, duration: 0.5, speaker: "M_b")])
        XCTAssertEqual(turns["other"]?.first?.end, 5.0)
    }

    func testErrorsNameTheFileAndLine() {
        let text = "SPEAKER f 1 0.0 1.0 <NA> <NA> A <NA> <NA>\nSPEAKER f 1 abc 1.0 <NA> <NA> A <NA> <NA>\n"
        XCTAssertThrowsError(try RTTM.parse(text: text, source: "hyp.rttm")) { error in
            XCTAssertEqual((error as? TextFileError)?.description, "hyp.rttm:2: start time 'abc' is not a number")
        }
        XCTAssertThrowsError(try RTTM.parse(text: "SPEAKER f 1 0.0\n", source: "x.rttm")) { error in
            XCTAssertEqual((error as? TextFileError)?.line, 1)
        }
        XCTAssertThrowsError(try RTTM.parse(text: "SPEAKER f 1 1.0 -2 <NA> <NA> A <NA> <NA>", source: "x.rttm"))
        XCTAssertThrowsError(try RTTM.read(path: "/nonexistent/file.rttm")) { error in
            XCTAssertTrue("\(error)".hasPrefix("/nonexistent/file.rttm:"))
        }
    }

    func testFormatRoundTripsAtMillisecondPrecision() throws {
        let turns = [SpeechTurn(start: 0, duration: 1.2344, speaker: "F_x"),
                     SpeechTurn(start: 12.0006, duration: 0.05, speaker: "M_y")]
        let text = RTTM.format(turns: turns, fileID: "scene")
        XCTAssertEqual(text, """
        SPEAKER scene 1 0.000 1.234 <NA> <NA> F_x <NA> <NA>
        SPEAKER scene 1 12.001 0.050 <NA> <NA> M_y <NA> <NA>

        """)
        let back = try RTTM.parse(text: text)["scene"]!
        XCTAssertEqual(back.map(\.speaker), ["F_x", "M_y"])
        XCTAssertEqual(back[1].start, 12.001, accuracy: 1e-9)
    }

    func testSharedDevReferencesParse() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/data/speech/dev/debug_trn01.rttm").standardized.path
        try XCTSkipUnless(FileManager.default.fileExists(atPath: dir), "shared dev data not present")
        let turns = try RTTM.read(path: dir)
        XCTAssertEqual(Set(turns["pyannote_debug_trn01"]!.map(\.speaker)), ["FEO065", "FEO066", "MEE068", "MEO069"])
    }
}
