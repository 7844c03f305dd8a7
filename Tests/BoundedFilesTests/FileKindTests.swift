import Foundation
import XCTest
@testable import BoundedFiles

/// One `stat`, every case the readers of user paths tell apart; nothing is opened.
final class FileKindTests: XCTestCase {
    func testEveryKind() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("filekind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ten.txt").path
        try Data("0123456789".utf8).write(to: URL(fileURLWithPath: file))
        guard case .regular(10, let modified) = FileKind.of(file) else { return XCTFail("\(FileKind.of(file))") }
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        let date = try XCTUnwrap(attributes[.modificationDate] as? Date)
        XCTAssertEqual(Double(modified) / 1e9, date.timeIntervalSince1970, accuracy: 1e-3)
        XCTAssertEqual(FileKind.of(dir.path), .directory)
        let fifo = dir.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertEqual(FileKind.of(fifo), .pipe)   // not opened: no writer needed
        XCTAssertEqual(FileKind.of(dir.appendingPathComponent("absent").path), .missing)
        XCTAssertEqual(FileKind.of(file + "/below"), .missing)   // ENOTDIR
        let loop = dir.appendingPathComponent("loop").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        guard case .unreachable(let words) = FileKind.of(loop) else { return XCTFail("\(FileKind.of(loop))") }
        XCTAssertTrue(words.lowercased().contains("symbolic links"), words)
        var status = stat()
        if stat("/dev/zero", &status) == 0, status.st_mode & S_IFMT == S_IFCHR {
            XCTAssertEqual(FileKind.of("/dev/zero"), .device)
        }
    }
}
