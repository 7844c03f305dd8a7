/// Why the model gives a film its chance of passing: its TreeSHAP contributions drawn as a waterfall, from the
/// model's bias (the average raw score) through the largest contributions and the sum of the others to the film's
/// raw score of rating 3. Bars to the right raise the chance (green), to the left lower it (red). Geometry only.
struct WaterfallChart {
    struct Step {
        var label: String, value: String?, contribution: String
        var x: String, width: String, y: String, textY: String
        /// "up", "down" or "total".
        var kind: String
    }

    var width: String, height: String, zeroX: String, plotTop: String, plotBottom: String
    var steps: [Step]

    static let totalWidth = 640.0, labelWidth = 300.0, valueWidth = 60.0, rowHeight = 16.0, rowGap = 4.0

    /// One contribution: a feature (with the film's value of it, as text) and its effect on the raw score.
    struct Contribution { var feature: String, value: String, amount: Double }

    init(bias: Double, contributions: [Contribution], others: Double, rawScore: Double) {
        var entries: [(String, String, Double, Double, String)] = []   // label, value, from, to, kind
        entries.append(("bias (average film)", "", 0, bias, "total"))
        var level = bias
        for c in contributions {
            entries.append((c.feature, c.value, level, level + c.amount, c.amount >= 0 ? "up" : "down"))
            level += c.amount
        }
        if others != 0 {
            entries.append(("(other features)", "", level, level + others, others >= 0 ? "up" : "down"))
            level += others
        }
        entries.append(("raw score of rating 3", "", 0, rawScore, "total"))
        let low = min(0, entries.map { min($0.2, $0.3) }.min() ?? 0)
        let high = max(0, entries.map { max($0.2, $0.3) }.max() ?? 0)
        let span = max(high - low, 1e-9)
        let plot = Self.totalWidth - Self.labelWidth - Self.valueWidth
        func x(_ v: Double) -> Double { Self.labelWidth + (v - low) / span * plot }
        steps = entries.enumerated().map { i, e in
            let top = Double(i) * (Self.rowHeight + Self.rowGap)
            let left = x(min(e.2, e.3)), right = x(max(e.2, e.3))
            let amount = e.4 == "total" ? e.3 : e.3 - e.2
            return Step(label: e.0, value: e.1.isEmpty ? nil : e.1,
                        contribution: (e.4 == "total" || amount < 0 ? "" : "+") + ReportFormat.number(amount, 3),
                        x: ReportFormat.number(left, 2), width: ReportFormat.number(max(right - left, 0.8), 2),
                        y: ReportFormat.number(top, 1), textY: ReportFormat.number(top + Self.rowHeight * 0.75, 1), kind: e.4)
        }
        width = ReportFormat.number(Self.totalWidth, 0)
        height = ReportFormat.number(Double(steps.count) * (Self.rowHeight + Self.rowGap), 0)
        zeroX = ReportFormat.number(x(0), 2)
        plotTop = "0"
        plotBottom = height
    }
}
