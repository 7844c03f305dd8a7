/// The parts of the diarization error rate, in seconds of speaker time, so they can be summed over files.
public struct DERComponents: Equatable, Sendable, Codable {
    /// Reference speaker time with too few hypothesis speakers.
    public var missed: Double
    /// Hypothesis speaker time beyond the reference speakers present.
    public var falseAlarm: Double
    /// Speaker time attributed to the wrong (mapped) speaker.
    public var confusion: Double
    /// Scored reference speaker time (overlapped speech counts once per speaker).
    public var total: Double

    public init(missed: Double = 0, falseAlarm: Double = 0, confusion: Double = 0, total: Double = 0) {
        self.missed = missed
        self.falseAlarm = falseAlarm
        self.confusion = confusion
        self.total = total
    }

    /// (missed + false alarm + confusion) / total; 0 when nothing is to be found and nothing was found,
    /// 1 when nothing is to be found but something was (the convention of pyannote.metrics).
    public var rate: Double {
        let errors = missed + falseAlarm + confusion
        if total == 0 { return errors == 0 ? 0 : 1 }
        return errors / total
    }

    /// Sums the components of several files (the overall rate is the ratio of the sums).
    public static func + (a: DERComponents, b: DERComponents) -> DERComponents {
        DERComponents(missed: a.missed + b.missed, falseAlarm: a.falseAlarm + b.falseAlarm,
                      confusion: a.confusion + b.confusion, total: a.total + b.total)
    }
}

/// Diarization error rate (NIST RT / pyannote.metrics definition), the standard yardstick for
/// "who spoke when": hypothesis speakers are mapped one-to-one to reference speakers so that their shared
/// time is largest (Hungarian algorithm), then every stretch of time contributes
/// missed = max(0, R − H), false alarm = max(0, H − R), confusion = min(R, H) − correct
/// where R and H are the numbers of reference and hypothesis speakers talking.
///
/// Scored region: from the earliest to the latest turn of either side, minus no-score zones of ±`collar`
/// seconds around every reference turn boundary (and minus reference overlap when `skipOverlap`).
/// `collar: 0.25` here equals `collar=0.5` in pyannote.metrics, whose collar is the total width.
public enum DiarizationErrorRate {
    /// Scores one file.
    public static func evaluate(reference: [SpeechTurn], hypothesis: [SpeechTurn], collar: Double = 0.25,
                                skipOverlap: Bool = false) -> DERComponents {
        evaluateWithMapping(reference: reference, hypothesis: hypothesis, collar: collar, skipOverlap: skipOverlap).components
    }

    /// Scores one file and also returns the optimal mapping (hypothesis label → reference label).
    public static func evaluateWithMapping(reference: [SpeechTurn], hypothesis: [SpeechTurn], collar: Double = 0.25,
                                           skipOverlap: Bool = false) -> (components: DERComponents, mapping: [String: String]) {
        let ref = reference.filter { $0.duration > 0 }
        let hyp = hypothesis.filter { $0.duration > 0 }
        let all = ref + hyp
        guard let first = all.map(\.start).min(), let last = all.map(\.end).max() else {
            return (DERComponents(), [:])
        }
        // Scored region: [first, last] minus the no-score zones.
        var excluded: [TimeSegment] = []
        if collar > 0 {
            for t in ref {
                excluded.append(TimeSegment(start: t.start - collar, end: t.start + collar))
                excluded.append(TimeSegment(start: t.end - collar, end: t.end + collar))
            }
        }
        if skipOverlap {
            excluded += overlapRegions(ref)
        }
        let scored = complement(of: TimeSegment.union(excluded), within: TimeSegment(start: first, end: last))

        let refLabels = sortedLabels(ref), hypLabels = sortedLabels(hyp)
        let refIndex = Dictionary(uniqueKeysWithValues: refLabels.enumerated().map { ($1, $0) })
        let hypIndex = Dictionary(uniqueKeysWithValues: hypLabels.enumerated().map { ($1, $0) })
        let refPieces = crop(ref, to: scored, labelIndex: refIndex)
        let hypPieces = crop(hyp, to: scored, labelIndex: hypIndex)
        let R = refLabels.count, H = hypLabels.count

        // Elementary stretches with the number of active turns per label on each side.
        let stretches = sweep(refPieces: refPieces, hypPieces: hypPieces, refCount: R, hypCount: H)

        // Shared time of every (hypothesis, reference) label pair, then the optimal mapping.
        var shared = [Double](repeating: 0, count: H * R)
        for s in stretches {
            for (h, nh) in s.hyp { for (r, nr) in s.ref { shared[h * R + r] += s.duration * Double(nh * nr) } }
        }
        let assignment = HungarianAssignment.maximumWeight(shared, rows: H, cols: R)
        var mapped = [Int](repeating: -1, count: H)
        var mapping: [String: String] = [:]
        for h in 0..<H {
            if let r = assignment[h], shared[h * R + r] > 0 {
                mapped[h] = r
                mapping[hypLabels[h]] = refLabels[r]
            }
        }

        var c = DERComponents()
        for s in stretches {
            let nRef = s.ref.reduce(0) { $0 + $1.count }
            let nHyp = s.hyp.reduce(0) { $0 + $1.count }
            var correct = 0
            for (h, nh) in s.hyp where mapped[h] >= 0 {
                if let nr = s.ref.first(where: { $0.label == mapped[h] })?.count { correct += min(nh, nr) }
            }
            c.total += s.duration * Double(nRef)
            c.missed += s.duration * Double(max(0, nRef - nHyp))
            c.falseAlarm += s.duration * Double(max(0, nHyp - nRef))
            c.confusion += s.duration * Double(min(nRef, nHyp) - correct)
        }
        return (c, mapping)
    }

    /// Labels in a fixed order (sorted), so results do not depend on dictionary order.
    private static func sortedLabels(_ turns: [SpeechTurn]) -> [String] {
        Array(Set(turns.map(\.speaker))).sorted()
    }

    /// Regions where at least two reference turns are active.
    private static func overlapRegions(_ turns: [SpeechTurn]) -> [TimeSegment] {
        var events: [(Double, Int)] = []
        for t in turns { events.append((t.start, 1)); events.append((t.end, -1)) }
        events.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var out: [TimeSegment] = []
        var active = 0
        var since = 0.0
        for (time, delta) in events {
            if active >= 2 && time > since { out.append(TimeSegment(start: since, end: time)) }
            active += delta
            since = time
        }
        return out
    }

    /// `within` minus sorted disjoint `excluded` segments.
    private static func complement(of excluded: [TimeSegment], within: TimeSegment) -> [TimeSegment] {
        var out: [TimeSegment] = []
        var cursor = within.start
        for e in excluded {
            if e.end <= cursor { continue }
            if e.start >= within.end { break }
            if e.start > cursor { out.append(TimeSegment(start: cursor, end: e.start)) }
            cursor = max(cursor, e.end)
        }
        if cursor < within.end { out.append(TimeSegment(start: cursor, end: within.end)) }
        return out
    }

    private struct Piece { var start: Double; var end: Double; var label: Int }

    /// Intersections of every turn with the scored segments.
    private static func crop(_ turns: [SpeechTurn], to scored: [TimeSegment], labelIndex: [String: Int]) -> [Piece] {
        var out: [Piece] = []
        for t in turns {
            let label = labelIndex[t.speaker]!
            // scored is sorted: binary search the first segment that ends after the turn starts
            var lo = 0, hi = scored.count
            while lo < hi { let mid = (lo + hi) / 2; if scored[mid].end <= t.start { lo = mid + 1 } else { hi = mid } }
            var i = lo
            while i < scored.count && scored[i].start < t.end {
                let s = max(t.start, scored[i].start), e = min(t.end, scored[i].end)
                if e > s { out.append(Piece(start: s, end: e, label: label)) }
                i += 1
            }
        }
        return out
    }

    private struct Stretch {
        var duration: Double
        var ref: [(label: Int, count: Int)]
        var hyp: [(label: Int, count: Int)]
    }

    /// Cuts the time line at every piece boundary; for each stretch lists the active labels with multiplicity.
    private static func sweep(refPieces: [Piece], hypPieces: [Piece], refCount: Int, hypCount: Int) -> [Stretch] {
        // events: time, side (0 ref, 1 hyp), label, +1/-1
        var events: [(time: Double, side: Int, label: Int, delta: Int)] = []
        events.reserveCapacity(2 * (refPieces.count + hypPieces.count))
        for p in refPieces { events.append((p.start, 0, p.label, 1)); events.append((p.end, 0, p.label, -1)) }
        for p in hypPieces { events.append((p.start, 1, p.label, 1)); events.append((p.end, 1, p.label, -1)) }
        events.sort { $0.time < $1.time }
        var refActive = [Int](repeating: 0, count: refCount)
        var hypActive = [Int](repeating: 0, count: hypCount)
        var out: [Stretch] = []
        var i = 0
        var previous = events.first?.time ?? 0
        while i < events.count {
            let time = events[i].time
            if time > previous {
                var r: [(label: Int, count: Int)] = []
                var h: [(label: Int, count: Int)] = []
                for (l, n) in refActive.enumerated() where n > 0 { r.append((l, n)) }
                for (l, n) in hypActive.enumerated() where n > 0 { h.append((l, n)) }
                if !r.isEmpty || !h.isEmpty { out.append(Stretch(duration: time - previous, ref: r, hyp: h)) }
            }
            while i < events.count && events[i].time == time {
                let e = events[i]
                if e.side == 0 { refActive[e.label] += e.delta } else { hypActive[e.label] += e.delta }
                i += 1
            }
            previous = time
        }
        return out
    }
}
