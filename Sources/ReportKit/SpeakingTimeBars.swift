import DSPKit

/// Speaking time per speaker of one film as horizontal bars (longest first), coloured by sex, with the time
/// written beside each bar. Geometry only; the template draws it.
struct SpeakingTimeBars {
    struct Row { var label, sexClass, y, textY, width, valueX, value: String }

    var width: String, height: String, barLeft: String
    var rows: [Row]

    static let totalWidth = 420.0, labelWidth = 56.0, valueWidth = 76.0, rowHeight = 16.0, rowGap = 4.0

    init(result: CountResult) {
        let speakers = result.everySpeaker.sorted { a, b in
            a.speaker.speakingTime != b.speaker.speakingTime ? a.speaker.speakingTime > b.speaker.speakingTime
                                                             : a.speaker.label < b.speaker.label
        }
        let longest = max(speakers.first?.speaker.speakingTime ?? 0, 1e-9)
        let plot = Self.totalWidth - Self.labelWidth - Self.valueWidth
        rows = speakers.enumerated().map { index, entry in
            let (speaker, counted) = entry
            let top = Double(index) * (Self.rowHeight + Self.rowGap)
            let w = max(speaker.speakingTime / longest * plot, 0.5)
            return Row(label: speaker.label, sexClass: ReportFormat.sexClass(speaker.sex, counted: counted),
                       y: ReportFormat.number(top, 1), textY: ReportFormat.number(top + Self.rowHeight * 0.75, 1),
                       width: ReportFormat.number(w, 2), valueX: ReportFormat.number(Self.labelWidth + w + 4, 2),
                       value: ReportFormat.duration(speaker.speakingTime))
        }
        width = ReportFormat.number(Self.totalWidth, 0)
        height = ReportFormat.number(max(Double(rows.count) * (Self.rowHeight + Self.rowGap), Self.rowHeight), 0)
        barLeft = ReportFormat.number(Self.labelWidth, 0)
    }
}
