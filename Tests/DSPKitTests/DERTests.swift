import XCTest
@testable import DSPKit

final class DERTests: XCTestCase {
    private func t(_ s: Double, _ e: Double, _ who: String) -> SpeechTurn { SpeechTurn(start: s, duration: e - s, speaker: who) }

    private func assertComponents(_ c: DERComponents, missed: Double, falseAlarm: Double, confusion: Double, total: Double,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(c.missed, missed, accuracy: 1e-9, "missed", file: file, line: line)
        XCTAssertEqual(c.falseAlarm, falseAlarm, accuracy: 1e-9, "false alarm", file: file, line: line)
        XCTAssertEqual(c.confusion, confusion, accuracy: 1e-9, "confusion", file: file, line: line)
        XCTAssertEqual(c.total, total, accuracy: 1e-9, "total", file: file, line: line)
    }

    let reference = [SpeechTurn(start: 0, duration: 4, speaker: "A"), SpeechTurn(start: 5, duration: 3, speaker: "B"),
                     SpeechTurn(start: 9, duration: 2, speaker: "A")]

    func testPerfectHypothesis() {
        let c = DiarizationErrorRate.evaluate(reference: reference, hypothesis: reference, collar: 0)
        assertComponents(c, missed: 0, falseAlarm: 0, confusion: 0, total: 9)
        XCTAssertEqual(c.rate, 0)
    }

    func testAllMissed() {
        let c = DiarizationErrorRate.evaluate(reference: reference, hypothesis: [], collar: 0)
        assertComponents(c, missed: 9, falseAlarm: 0, confusion: 0, total: 9)
        XCTAssertEqual(c.rate, 1)
    }

    func testAllFalseAlarm() {
        let c = DiarizationErrorRate.evaluate(reference: [], hypothesis: [t(1, 6, "x")], collar: 0.25)
        assertComponents(c, missed: 0, falseAlarm: 5, confusion: 0, total: 0)
        XCTAssertEqual(c.rate, 1, "nothing to find but something found")
        XCTAssertEqual(DiarizationErrorRate.evaluate(reference: [], hypothesis: []).rate, 0)
    }

    func testSwappedLabelsAreNotConfusion() {
        let hyp = reference.map { SpeechTurn(start: $0.start, duration: $0.duration, speaker: $0.speaker == "A" ? "spk2" : "spk1") }
        let (c, mapping) = DiarizationErrorRate.evaluateWithMapping(reference: reference, hypothesis: hyp, collar: 0)
        assertComponents(c, missed: 0, falseAlarm: 0, confusion: 0, total: 9)
        XCTAssertEqual(mapping, ["spk2": "A", "spk1": "B"])
    }

    func testMergedSpeakersAreConfusion() {
        let hyp = reference.map { SpeechTurn(start: $0.start, duration: $0.duration, speaker: "one") }
        let c = DiarizationErrorRate.evaluate(reference: reference, hypothesis: hyp, collar: 0)
        // "one" maps to A (6 s shared vs 3 s with B): B's 3 s are confusion.
        assertComponents(c, missed: 0, falseAlarm: 0, confusion: 3, total: 9)
    }

    func testCollarForgivesBoundaryErrors() {
        let ref = [t(0, 10, "A")]
        let hyp = [t(0.2, 10, "s")]
        assertComponents(DiarizationErrorRate.evaluate(reference: ref, hypothesis: hyp, collar: 0),
                         missed: 0.2, falseAlarm: 0, confusion: 0, total: 10)
        // ±0.25 s around 0 and 10 are not scored: scored region [0.25, 9.75].
        assertComponents(DiarizationErrorRate.evaluate(reference: ref, hypothesis: hyp, collar: 0.25),
                         missed: 0, falseAlarm: 0, confusion: 0, total: 9.5)
        // A boundary error larger than the collar is counted beyond the collar only.
        assertComponents(DiarizationErrorRate.evaluate(reference: ref, hypothesis: [t(1, 10, "s")], collar: 0.25),
                         missed: 0.75, falseAlarm: 0, confusion: 0, total: 9.5)
    }

    func testOverlapScoredAndSkipped() {
        let ref = [t(0, 4, "A"), t(2, 5, "B")]
        let hyp = [t(0, 6, "s")]
        // [0,2] A correct; [2,4] A+B vs s: 1 correct, 2 s missed; [4,5] B vs s→A: confusion; [5,6] false alarm.
        assertComponents(DiarizationErrorRate.evaluate(reference: ref, hypothesis: hyp, collar: 0),
                         missed: 2, falseAlarm: 1, confusion: 1, total: 7)
        assertComponents(DiarizationErrorRate.evaluate(reference: ref, hypothesis: hyp, collar: 0, skipOverlap: true),
                         missed: 0, falseAlarm: 1, confusion: 1, total: 3)
    }

    func testComponentsAddUp() {
        let a = DERComponents(missed: 1, falseAlarm: 2, confusion: 3, total: 10)
        let b = DERComponents(missed: 1, falseAlarm: 0, confusion: 0, total: 10)
        XCTAssertEqual((a + b).rate, 7.0 / 20.0, accuracy: 1e-12)
    }

    /// Values computed with pyannote.metrics 4.2.0 (pyannote.core 6.1.0), DiarizationErrorRate(collar=c, skip_overlap=s)
    /// on these annotations; pyannote's collar is the total width, so collar=0.5 there is ±0.25 s here.
    func testAgreesWithPyannoteMetrics() {
        let ref = [t(0.0, 3.5, "A"), t(3.0, 5.0, "B"), t(6.0, 10.0, "A"), t(10.5, 13.0, "C"), t(12.0, 13.0, "B")]
        let hyp = [t(0.2, 3.2, "s1"), t(3.1, 5.6, "s2"), t(6.3, 9.3, "s1"), t(9.3, 10.3, "s2"), t(10.4, 13.2, "s3"), t(14.0, 15.0, "s3")]
        // collar=0, skip_overlap=False: missed 1.9, confusion 0.7, false alarm 2.2, total 13.0, DER 0.369231
        var c = DiarizationErrorRate.evaluate(reference: ref, hypothesis: hyp, collar: 0)
        assertComponents(c, missed: 1.9, falseAlarm: 2.2, confusion: 0.7, total: 13.0)
        XCTAssertEqual(c.rate, 0.369231, accuracy: 1e-6)
        // collar=0.5, skip_overlap=False: missed 0.55, confusion 0.45, false alarm 1.35, total 9.0, DER 0.261111
        c = DiarizationErrorRate.evaluate(reference: ref, hypothesis: hyp, collar: 0.25)
        assertComponents(c, missed: 0.55, falseAlarm: 1.35, confusion: 0.45, total: 9.0)
        XCTAssertEqual(c.rate, 0.261111, accuracy: 1e-6)
        // collar=0.5, skip_overlap=True: missed 0.05, confusion 0.45, false alarm 1.35, total 8.0, DER 0.23125
        c = DiarizationErrorRate.evaluate(reference: ref, hypothesis: hyp, collar: 0.25, skipOverlap: true)
        assertComponents(c, missed: 0.05, falseAlarm: 1.35, confusion: 0.45, total: 8.0)
        XCTAssertEqual(c.rate, 0.23125, accuracy: 1e-6)
    }

    func testTimeSegmentUnion() {
        let u = TimeSegment.union([TimeSegment(start: 3, end: 4), TimeSegment(start: 0, end: 1),
                                   TimeSegment(start: 0.5, end: 2), TimeSegment(start: 5, end: 5)])
        XCTAssertEqual(u, [TimeSegment(start: 0, end: 2), TimeSegment(start: 3, end: 4)])
    }
}
