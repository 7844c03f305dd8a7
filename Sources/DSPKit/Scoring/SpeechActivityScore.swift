/// Frame-level speech detection errors against a reference timeline (10 ms steps, no-score collar around
/// reference boundaries), summable over files: the yardstick for speech activity detection.
public struct SpeechActivityScore: Equatable, Sendable {
    /// Reference speech not detected, seconds.
    public var missed: Double = 0
    /// Detected speech where the reference has none, seconds.
    public var falseAlarm: Double = 0
    /// Scored reference speech, seconds.
    public var speech: Double = 0
    /// Scored reference non-speech, seconds.
    public var nonSpeech: Double = 0

    public init() {}

    /// missed / speech (0 when there is no speech).
    public var missRate: Double { speech > 0 ? missed / speech : 0 }
    /// falseAlarm / nonSpeech (0 when there is no non-speech).
    public var falseAlarmRate: Double { nonSpeech > 0 ? falseAlarm / nonSpeech : 0 }
    /// (missed + falseAlarm) / speech, the detection error rate as pyannote.metrics defines it.
    public var detectionErrorRate: Double { speech > 0 ? (missed + falseAlarm) / speech : (falseAlarm > 0 ? 1 : 0) }

    public static func + (a: SpeechActivityScore, b: SpeechActivityScore) -> SpeechActivityScore {
        var s = SpeechActivityScore()
        s.missed = a.missed + b.missed
        s.falseAlarm = a.falseAlarm + b.falseAlarm
        s.speech = a.speech + b.speech
        s.nonSpeech = a.nonSpeech + b.nonSpeech
        return s
    }

    /// Scores `hypothesis` against `reference` over [0, duration) in `step`-second frames; frames whose centre
    /// lies within ±`collar` of a reference boundary are not scored.
    public static func score(reference: [TimeSegment], hypothesis: [TimeSegment], duration: Double,
                             collar: Double = 0.25, step: Double = 0.01) -> SpeechActivityScore {
        let n = max(0, Int((duration / step).rounded(.down)))
        var ref = [Bool](repeating: false, count: n), hyp = ref, skip = ref
        func mark(_ segs: [TimeSegment], _ a: inout [Bool]) {
            for s in segs {
                let lo = max(0, Int((s.start / step - 0.5).rounded(.up))), hi = min(n, Int((s.end / step - 0.5).rounded(.up)))
                if lo < hi { for i in lo..<hi { a[i] = true } }
            }
        }
        let refU = TimeSegment.union(reference)
        mark(refU, &ref)
        mark(TimeSegment.union(hypothesis), &hyp)
        if collar > 0 {
            var zones: [TimeSegment] = []
            for s in refU {
                zones.append(TimeSegment(start: s.start - collar, end: s.start + collar))
                zones.append(TimeSegment(start: s.end - collar, end: s.end + collar))
            }
            mark(zones, &skip)
        }
        var out = SpeechActivityScore()
        for i in 0..<n where !skip[i] {
            if ref[i] {
                out.speech += step
                if !hyp[i] { out.missed += step }
            } else {
                out.nonSpeech += step
                if hyp[i] { out.falseAlarm += step }
            }
        }
        return out
    }
}
