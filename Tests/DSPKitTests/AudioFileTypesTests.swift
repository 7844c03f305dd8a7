import DSPKit
import XCTest

/// Catalogue folders are searched by file name: every audio container's extension, in any case, and nothing else.
final class AudioFileTypesTests: XCTestCase {
    func testAudioFileTypesChooseByExtension() {
        for name in ["a.wav", "B.FLAC", "c.Mp3", "d.ogg", "e.opus", "f.aiff", "g.caf", "h.rf64"] {
            XCTAssertTrue(AudioFileTypes.isAudioFileName(name), name)
        }
        for name in ["a.csv", "b.txt", "wav", ".wav", "c.wav.part", "d.rttm", "e"] {
            XCTAssertFalse(AudioFileTypes.isAudioFileName(name), name)
        }
    }
}
