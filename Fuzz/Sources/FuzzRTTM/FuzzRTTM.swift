import DSPKit
import FuzzSupport

/// RTTM text of any bytes (`RTTM.parse`): turns or an `TextFileError`, never a crash; what parses formats back
/// into RTTM that parses to the same turns.
@_cdecl("FuzzRTTM_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data in
        let text = String(decoding: data, as: UTF8.self)
        guard let files = try? RTTM.parse(text: text, source: "fuzz.rttm") else { return }
        for (file, turns) in files where !file.contains(where: \.isNewline) {
            _ = try? RTTM.parse(text: RTTM.format(turns: turns, fileID: file))
        }
    }
}
