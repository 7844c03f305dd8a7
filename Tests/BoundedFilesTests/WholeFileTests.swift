import Foundation
import XCTest
@testable import BoundedFiles

/// Every way a file can fail to be read whole gives its own reason; pipes and devices are read under the limit.
final class WholeFileTests: XCTestCase {
    struct Refused: Error { let reason: String }

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("wholefile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func reason(_ path: String, limit: Int64 = 1 << 20, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try WholeFile.read(path, limit: limit) { Refused(reason: $0) }
            return nil
        } catch let r as Refused {
            return r.reason
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    func testRegularFileUpToTheLimit() throws {
        let path = directory.appendingPathComponent("ten.txt").path
        try Data("0123456789".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try WholeFile.read(path, limit: 10) { Refused(reason: $0) }, Data("0123456789".utf8))
        XCTAssertEqual(reason(path, limit: 9), "file of 10 bytes is larger than the 9 bytes allowed")
        let empty = directory.appendingPathComponent("empty.txt").path
        try Data().write(to: URL(fileURLWithPath: empty))
        XCTAssertEqual(try WholeFile.read(empty, limit: 10) { Refused(reason: $0) }, Data())
    }

    func testMissingDirectoryAndLinkLoop() throws {
        XCTAssertEqual(reason(directory.appendingPathComponent("absent.csv").path), "no such file")
        XCTAssertEqual(reason(directory.appendingPathComponent("absent/deeper.csv").path), "no such file")
        XCTAssertEqual(reason(directory.path), "is a directory, not a file")
        let a = directory.appendingPathComponent("a").path, b = directory.appendingPathComponent("b").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        let loop = try XCTUnwrap(reason(a))
        XCTAssertTrue(loop.hasPrefix("cannot be read (") && loop.lowercased().contains("symbolic links"), loop)
    }

    func testDevicesAreRefused() throws {
        // /dev/zero never ends: it is not read at all. (Some containers make /dev/null a regular empty file, so
        // only /dev/zero is used.)
        var status = stat()
        try XCTSkipUnless(stat("/dev/zero", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR, "/dev/zero is no device here")
        XCTAssertEqual(reason("/dev/zero"), "is a device or socket, not a file")
    }

    func testNamedPipeIsReadUnderTheLimit() throws {
        let path = directory.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        signal(SIGPIPE, SIG_IGN)   // should the reader close first, the writer gets an error, not a signal
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data(repeating: 1, count: 3 << 20))
            try? handle.close()
        }
        writer.start()
        XCTAssertEqual(reason(path, limit: 2 << 20), "more than the 2 MiB allowed")
    }

    func testPipeIsRead() throws {
        let pipe = Pipe()
        let writer = Thread {
            pipe.fileHandleForWriting.write(Data(repeating: 7, count: 3 << 20))
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        let data = try WholeFile.read(pipe.fileHandleForReading, limit: 4 << 20) { Refused(reason: $0) }
        XCTAssertEqual(data.count, 3 << 20)
        XCTAssertTrue(data.allSatisfy { $0 == 7 })
    }

    func testSizesInMessages() {
        XCTAssertEqual(WholeFile.size(512 << 20), "512 MiB")
        XCTAssertEqual(WholeFile.size(1000), "1000 bytes")
        XCTAssertEqual(WholeFile.size((1 << 20) + 1), "1048577 bytes")
    }
}
