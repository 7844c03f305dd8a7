import XCTest
import DSPKit

final class AudioManifestTests: XCTestCase {
    private func write(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("m.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testReadsEntriesAndResolvesRelativePaths() throws {
        let path = try write("path,kind,speaker,sex\na/x.flac,speech,s1,F\n/abs/m.flac,music,,\n")
        let manifest = try AudioManifest(contentsOf: path)
        XCTAssertEqual(manifest.entries.count, 2)
        XCTAssertEqual(manifest.entries[0].sex, .female)
        XCTAssertEqual(manifest.entries[0].speaker, "s1")
        XCTAssertTrue(manifest.entries[0].path.hasSuffix("/a/x.flac"))
        XCTAssertTrue(manifest.entries[0].path.hasPrefix("/"))
        XCTAssertEqual(manifest.entries[1].path, "/abs/m.flac")
        XCTAssertEqual(manifest.entries(of: .music).count, 1)
    }

    func testRelativeManifestPathKeepsParentDirectories() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        let sub = dir.appendingPathComponent("training")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "path,kind,speaker,sex\n../../data/x.flac,speech,s1,M\n".write(
            to: sub.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(dir.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let manifest = try AudioManifest(contentsOf: "training/m.csv")
        let expected = dir.deletingLastPathComponent().appendingPathComponent("data/x.flac").standardized.path
        XCTAssertEqual(manifest.entries[0].path, expected)
    }

    func testRejectsSpeechWithoutSexNamingTheLine() throws {
        let path = try write("path,kind,speaker,sex\na.flac,speech,s1,X\n")
        XCTAssertThrowsError(try AudioManifest(contentsOf: path)) { error in
            XCTAssertTrue("\(error)".contains(":2:"), "\(error)")
        }
    }

    func testRejectsBadHeader() throws {
        let path = try write("file,label\na.flac,speech\n")
        XCTAssertThrowsError(try AudioManifest(contentsOf: path))
    }

    func testShippedTrainingManifestParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let manifest = try AudioManifest(contentsOf: root.appendingPathComponent("training/audio_train.csv").path)
        XCTAssertEqual(Set(manifest.entries(of: .speech).compactMap(\.speaker)).count, 200)
    }
}
