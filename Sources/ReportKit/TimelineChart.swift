import DSPKit

/// The who-speaks-when picture of one film: one lane per speaker (counted speakers by first appearance, then the
/// uncounted ones, fainter), each turn a bar coloured by the speaker's sex, the time axis as m:ss (h:mm for films
/// of an hour or more).
/// Geometry only (SVG user units as text); the template draws it.
struct TimelineChart {
    struct Bar { var x, y, width, height: String }
    struct Lane {
        var label: String
        /// CSS class of the lane's bars: "f" or "m", plus " uncounted".
        var sexClass: String
        var labelY: String
        var bars: [Bar]
    }
    struct Tick { var x, label: String }

    var width: String, height: String
    var plotLeft: String, plotRight: String, axisY: String, axisLabelY: String, tickLabelY: String
    var lanes: [Lane]
    var ticks: [Tick]
    /// "time (m:ss)" or "time (h:mm)".
    var axisLabel: String
    /// Accessible summary ("Timeline of 3 speakers over 48 s").
    var summary: String

    /// Layout constants, SVG user units.
    static let totalWidth = 900.0, labelWidth = 70.0, rightMargin = 12.0, laneHeight = 18.0, laneGap = 4.0,
               topMargin = 6.0, axisHeight = 26.0
    /// Tick spacings of the time axis, seconds: the first that gives at most 10 intervals is used.
    static let tickSeconds: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600]
    /// A bar is drawn at least this wide so that short turns stay visible.
    static let minimumBarWidth = 0.6

    init(result: CountResult) {
        let duration = max(result.duration, result.turns.map(\.end).max() ?? 0, 1)
        let plotWidth = Self.totalWidth - Self.labelWidth - Self.rightMargin
        func x(_ seconds: Double) -> Double { Self.labelWidth + min(max(seconds, 0), duration) / duration * plotWidth }
        let speakers = result.everySpeaker
        var byLabel: [String: [CountResult.Turn]] = [:]
        for turn in result.turns { byLabel[turn.speaker, default: []].append(turn) }
        lanes = speakers.enumerated().map { index, entry in
            let (speaker, counted) = entry
            let top = Self.topMargin + Double(index) * (Self.laneHeight + Self.laneGap)
            let bars = (byLabel[speaker.label] ?? []).map { turn -> Bar in
                let left = x(turn.start), right = x(turn.end)
                return Bar(x: ReportFormat.number(left, 2), y: ReportFormat.number(top, 1),
                           width: ReportFormat.number(max(right - left, Self.minimumBarWidth), 2),
                           height: ReportFormat.number(Self.laneHeight, 1))
            }
            return Lane(label: speaker.label, sexClass: ReportFormat.sexClass(speaker.sex, counted: counted),
                        labelY: ReportFormat.number(top + Self.laneHeight * 0.72, 1), bars: bars)
        }
        let axis = Self.topMargin + Double(max(lanes.count, 1)) * (Self.laneHeight + Self.laneGap)
        let step = Self.tickSeconds.first { duration / $0 <= 10 } ?? 3600 * (duration / 36000).rounded(.up)
        self.ticks = (0...Int(duration / step)).map { i in
            let t = Double(i) * step
            return Tick(x: ReportFormat.number(x(t), 2), label: ReportFormat.clock(t, hours: duration >= 3600))
        }
        axisLabel = duration >= 3600 ? "time (h:mm)" : "time (m:ss)"
        width = ReportFormat.number(Self.totalWidth, 0)
        height = ReportFormat.number(axis + Self.axisHeight, 0)
        plotLeft = ReportFormat.number(Self.labelWidth, 0)
        plotRight = ReportFormat.number(Self.totalWidth - Self.rightMargin, 0)
        axisY = ReportFormat.number(axis, 1)
        tickLabelY = ReportFormat.number(axis + 13, 1)
        axisLabelY = ReportFormat.number(axis + 24, 1)
        summary = "Timeline of \(speakers.count) speaker\(speakers.count == 1 ? "" : "s") over \(ReportFormat.duration(result.duration))"
    }
}
