import CatalogueKit
import XCTest

/// `--shard I/N` splits a catalogue so that every film is analysed exactly once, in balanced parts, the same
/// way in every task whatever order the task lists its inputs in.
final class ShardTests: XCTestCase {
    func films(_ count: Int) -> [CatalogueFilm] {
        (0..<count).map { CatalogueFilm(path: "/catalogue/\(["b", "a", "c"][$0 % 3])/film \($0).wav") }
    }

    func testEveryFilmInExactlyOneShardForOneToSevenShards() throws {
        for filmCount in [0, 1, 5, 6, 7, 23, 100] {
            let catalogue = films(filmCount)
            for n in 1...7 {
                let parts = try (1...n).map { try Shard(index: $0, count: n).select(catalogue) }
                let all = parts.flatMap { $0 }
                XCTAssertEqual(all.count, filmCount, "\(filmCount) films, \(n) shards: no film twice")
                XCTAssertEqual(Set(all.map(\.path)), Set(catalogue.map(\.path)), "\(filmCount) films, \(n) shards: none missing")
                let sizes = parts.map(\.count)
                XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1, "balanced: \(sizes)")
                // The same shards whatever the order of the inputs.
                var shuffled = catalogue
                var generator = SystemRandomNumberGenerator()
                shuffled.shuffle(using: &generator)
                XCTAssertEqual(try (1...n).map { try Shard(index: $0, count: n).select(shuffled) }, parts)
            }
        }
    }

    func testPartitionIsByByteOrderOfPaths() throws {
        let catalogue = ["/x/é.wav", "/x/Z.wav", "/x/a.wav", "/x/e.wav"].map { CatalogueFilm(path: $0) }
        // Byte order: "Z" (0x5A) < "a" < "e" < "é" (0xC3 0xA9), on every machine and locale.
        XCTAssertEqual(try Shard(index: 1, count: 2).select(catalogue).map(\.path), ["/x/Z.wav", "/x/e.wav"])
        XCTAssertEqual(try Shard(index: 2, count: 2).select(catalogue).map(\.path), ["/x/a.wav", "/x/é.wav"])
    }

    func testParsing() throws {
        XCTAssertEqual(try Shard(parsing: "3/8"), try Shard(index: 3, count: 8))
        XCTAssertEqual(try Shard(parsing: " 1 / 1 "), Shard.all)
        for bad in ["0/3", "4/3", "1/0", "-1/2", "3", "a/b", "1/2/3", ""] {
            XCTAssertThrowsError(try Shard(parsing: bad), bad) { error in
                XCTAssertTrue((error as? CatalogueError)?.isInputError == true)
                XCTAssertTrue("\(error)".hasPrefix("--shard: "), "\(error)")
            }
        }
    }
}
