import XCTest
@testable import DSPKit

/// Floor passes by sex and women-to-women conversation time on turns whose answers are worked out by hand.
final class ConversationStatisticsTests: XCTestCase {
    private func turn(_ start: Double, _ end: Double, _ speaker: String) -> CountResult.Turn {
        CountResult.Turn(start: start, end: end, speaker: speaker)
    }
    private let sexes: [String: Sex] = ["F1": .female, "F2": .female, "F3": .female, "M1": .male, "M2": .male]

    func testFloorPassesBySex() {
        let turns = [turn(0, 3, "F1"), turn(3.5, 5, "F2"), turn(5.2, 8, "M1"),   // F→F, F→M
                     turn(7.5, 9, "M2"),                                          // M→M (overlap)
                     turn(9.5, 10, "F1"),                                         // M→F
                     turn(13, 14, "M1"),                                          // gap 3 s: no pass
                     turn(14.5, 15, "M1")]                                        // same speaker: no pass
        let c = ConversationStatistics(turns: turns, sexes: sexes)
        XCTAssertEqual([c.femaleToFemale, c.femaleToMale, c.maleToFemale, c.maleToMale], [1, 1, 1, 1])
    }

    func testWomenConversationNeedsTwoWomenAndNoMan() {
        let turns = [turn(0, 2, "F1"), turn(2.5, 4, "F2"), turn(4.1, 6, "F1"),   // F1-F2-F1: 0…6 = 6 s
                     turn(6.5, 7, "M1"),                                         // a man ends it
                     turn(7.5, 9, "F1"), turn(9.2, 10, "F1"),                    // one woman alone: not a conversation
                     turn(15, 16, "F2"), turn(17.5, 19, "F3"),                   // F2-F3, gap 1.5 s: 15…19 = 4 s
                     turn(22, 23, "F3"), turn(23.5, 24, "U9")]                   // unknown speaker ignored
        let c = ConversationStatistics(turns: turns, sexes: sexes)
        XCTAssertEqual(c.womenConversations, 2)
        XCTAssertEqual(c.womenConversationSeconds, 10, accuracy: 1e-9)
    }

    func testEmptyAndOneSpeaker() {
        XCTAssertEqual(ConversationStatistics(turns: [], sexes: sexes), ConversationStatistics())
        let c = ConversationStatistics(turns: [turn(0, 1, "F1"), turn(1.5, 2, "F1")], sexes: sexes)
        XCTAssertEqual(c.womenConversations, 0)
        XCTAssertEqual(c.femaleToFemale, 0)
    }

    func testDetailsCarryTheStatisticsOfTheCountedSpeakers() {
        let r = CountResult(speakers: [CountResult.Speaker(label: "F1", sex: .female, confidence: 0.9, speakingTime: 5, firstAppearance: 0, lastAppearance: 6),
                                       CountResult.Speaker(label: "F2", sex: .female, confidence: 0.9, speakingTime: 4, firstAppearance: 1, lastAppearance: 4)],
                            uncounted: [CountResult.Speaker(label: "uM1", sex: .male, confidence: 0.9, speakingTime: 1, firstAppearance: 3, lastAppearance: 3.5)],
                            turns: [turn(0, 2, "F1"), turn(2.2, 3, "F2"), turn(3, 3.5, "uM1"), turn(3.6, 4, "F2"), turn(4.5, 6, "F1")],
                            duration: 10)
        XCTAssertEqual(r.conversation.womenConversationSeconds, 6, accuracy: 1e-9, "uncounted speakers are left out")
        XCTAssertTrue(r.detailsJSON.contains("\"exchanges\": {\"F->F\": 2, \"F->M\": 0, \"M->F\": 0, \"M->M\": 0}"), r.detailsJSON)
        XCTAssertTrue(r.detailsJSON.contains("\"women_conversation\": {\"seconds\": 6.00, \"stretches\": 1}"), r.detailsJSON)
    }
}
