/// How women's share of speaking time is distributed across the catalogue's films: ten bins of 10 % (the last
/// one includes 100 %), bar heights in films. Geometry only; the template draws it.
struct ShareHistogram {
    struct Bin { var x, y, width, height, count, countY, label, labelX: String }
    struct Tick { var y, label: String }

    var width: String, height: String, plotLeft: String, plotRight: String, baseY: String, axisLabelY: String
    var bins: [Bin]
    var ticks: [Tick]

    static let totalWidth = 520.0, plotHeight = 160.0, left = 40.0, right = 10.0, top = 14.0, bottom = 36.0
    static let binCount = 10

    /// `shares`: women's share of each film's speaking time, 0…1 (films without speech left out by the caller).
    init(shares: [Double]) {
        var counts = [Int](repeating: 0, count: Self.binCount)
        for share in shares where share.isFinite {
            counts[min(Self.binCount - 1, max(0, Int(share * Double(Self.binCount))))] += 1
        }
        let highest = max(counts.max() ?? 0, 1)
        let ticks = AxisTicks(maximum: Double(highest), maximumTicks: 4)
        let yMax = max(Double(highest), ticks.values.last ?? 1)
        let binWidth = (Self.totalWidth - Self.left - Self.right) / Double(Self.binCount)
        let base = Self.top + Self.plotHeight
        bins = counts.enumerated().map { i, n in
            let h = Double(n) / yMax * Self.plotHeight
            let x = Self.left + Double(i) * binWidth
            return Bin(x: ReportFormat.number(x + 1, 1), y: ReportFormat.number(base - h, 1),
                       width: ReportFormat.number(binWidth - 2, 1), height: ReportFormat.number(h, 1),
                       count: n == 0 ? "" : String(n), countY: ReportFormat.number(base - h - 3, 1),
                       label: "\(i * 10)–\(i * 10 + 10)", labelX: ReportFormat.number(x + binWidth / 2, 1))
        }
        self.ticks = ticks.values.filter { $0 == $0.rounded() }.map {
            Tick(y: ReportFormat.number(base - $0 / yMax * Self.plotHeight, 1), label: ReportFormat.number($0, 0))
        }
        width = ReportFormat.number(Self.totalWidth, 0)
        height = ReportFormat.number(base + Self.bottom, 0)
        plotLeft = ReportFormat.number(Self.left, 0)
        plotRight = ReportFormat.number(Self.totalWidth - Self.right, 0)
        baseY = ReportFormat.number(base, 1)
        axisLabelY = ReportFormat.number(base + 30, 1)
    }
}
