import Foundation
import Mustache

/// The report's HTML template (`Templates/report.mustache`, shipped as a resource): logic-less Mustache, so the
/// page's structure lives in one file a designer can edit, and every `{{value}}` is HTML-escaped (`<`, `>`, `&`,
/// quotes) by the engine. The template never uses unescaped `{{{…}}}` output (a test checks).
struct ReportTemplate {
    let template: MustacheTemplate

    /// Parses the shipped template; a damaged installation is a `ReportError.template`.
    static func shipped() throws -> ReportTemplate { try ReportTemplate(text: try shippedText()) }

    /// The text of the shipped template.
    static func shippedText() throws -> String {
        guard let url = Bundle.module.url(forResource: "report", withExtension: "mustache", subdirectory: "Templates"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ReportError.template("Templates/report.mustache is missing from the installation")
        }
        return text
    }

    init(text: String) throws {
        do {
            template = try MustacheTemplate(string: text)
        } catch {
            throw ReportError.template("Templates/report.mustache: \(error)")
        }
    }

    func render(_ page: ReportPage) -> String { template.render(page) }
}

/// Why a report could not be made (the store and the metadata table report their own errors).
public enum ReportError: Error, CustomStringConvertible, Sendable {
    /// The shipped template is missing or unreadable (a broken installation: a runtime failure).
    case template(String)

    public var description: String {
        switch self {
        case .template(let text): return "report template: \(text)"
        }
    }
}
