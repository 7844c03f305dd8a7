import DSPKit
import Foundation

/// How the report writes numbers: fixed decimals with a point whatever the locale, so that the same store always
/// gives the same bytes and SVG coordinates parse in every browser.
enum ReportFormat {
    /// `value` with `decimals` decimals ("12.5"); non-finite values as "0".
    static func number(_ value: Double, _ decimals: Int = 1) -> String {
        guard value.isFinite else { return "0" }
        let text = String(format: "%.\(decimals)f", value)
        // "-0.0" (a tiny negative value rounded) reads as 0.
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }

    /// A share as a percentage: "42 %" (one decimal under 10 %).
    static func percent(_ share: Double) -> String {
        guard share.isFinite else { return "–" }
        let p = share * 100
        return (p < 10 && p > 0 ? number(p, 1) : number(p, 0)) + " %"
    }

    /// A duration: "48 s", "12 min 05 s", "1 h 52 min".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(String(format: "%02d", s % 60)) s" }
        return "\(s / 3600) h \(String(format: "%02d", (s % 3600) / 60)) min"
    }

    /// CSS class of a speaker's bars: "f" or "m" (the page's two colours), plus " uncounted" (drawn fainter).
    static func sexClass(_ sex: Sex, counted: Bool) -> String {
        (sex == .female ? "f" : "m") + (counted ? "" : " uncounted")
    }

    /// A time on a film's axis: "m:ss" ("2:30"), or "h:mm" ("1:40") when `hours`.
    static func clock(_ seconds: Double, hours: Bool) -> String {
        let s = Int(seconds.rounded())
        return hours ? "\(s / 3600):\(String(format: "%02d", (s % 3600) / 60))"
                     : "\(s / 60):\(String(format: "%02d", s % 60))"
    }
}

/// A "nice" axis: ticks at 1, 2 or 5 × 10^k so that at most `maximumTicks` fit between 0 and `maximum`.
struct AxisTicks {
    let step: Double
    let values: [Double]

    init(maximum: Double, maximumTicks: Int = 8) {
        let top = maximum.isFinite && maximum > 0 ? maximum : 1
        let rough = top / Double(max(1, maximumTicks))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        self.step = step
        values = (0...Int((top / step).rounded(.down))).map { Double($0) * step }
    }
}
