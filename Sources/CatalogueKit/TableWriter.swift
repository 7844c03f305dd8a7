import Foundation

/// Streams a text table to standard output (`-`) or to a file, in 1 MB writes so memory stays bounded for any
/// catalogue; a file is written under a temporary name beside it and renamed into place by `finish()`, so an
/// interrupted export never leaves half a table under the final name.
final class TableWriter {
    private let output: String
    private let temporary: String?
    private let handle: FileHandle
    private var buffer = ""
    private var finished = false

    init(output: String) throws {
        self.output = output
        if output == "-" {
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        let url = URL(fileURLWithPath: output)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        guard FileManager.default.createFile(atPath: temp, contents: nil), let h = FileHandle(forWritingAtPath: temp) else {
            throw CatalogueError.runtime(output, "cannot write the file (missing folder or no permission)")
        }
        temporary = temp
        handle = h
    }

    deinit {
        if !finished, let temporary {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }

    func append(_ text: String) throws {
        buffer += text
        if buffer.utf8.count >= 1 << 20 { try flush() }
    }

    func finish() throws {
        try flush()
        finished = true
        guard let temporary else { return }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw CatalogueError.runtime(output, "cannot write the file")
        }
        guard rename(temporary, output) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CatalogueError.runtime(output, "cannot write the file (\(String(cString: strerror(errno))))")
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(buffer.utf8))
        } catch {
            throw CatalogueError.runtime(output, "cannot write the file (disk full?)")
        }
        buffer = ""
    }
}
