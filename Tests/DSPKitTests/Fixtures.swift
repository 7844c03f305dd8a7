import Foundation

/// Paths of committed test inputs under `Fixtures/`, found from this source file's location.
enum Fixtures {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}
