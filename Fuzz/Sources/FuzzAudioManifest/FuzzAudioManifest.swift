import DSPKit
import Foundation
import FuzzSupport

/// Audio manifest text of any bytes (`AudioManifest(text:source:base:)`, what `models train-audio` and
/// `models evaluate-sex` read): entries or a `TextFileError`, never a crash; every entry is resolved to an absolute path
/// and speech entries carry a speaker and a sex.
@_cdecl("FuzzAudioManifest_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let base = URL(fileURLWithPath: "/fuzz/manifests", isDirectory: true)
    return FuzzDriver.run(argc, argv) { data in
        let text = String(decoding: data, as: UTF8.self)
        guard let manifest = try? AudioManifest(text: text, source: "fuzz.csv", base: base) else { return }
        precondition(!manifest.entries.isEmpty)
        for entry in manifest.entries {
            precondition(entry.path.hasPrefix("/"), "entry path \(entry.path) is not absolute")
            precondition(entry.kind != .speech || (entry.speaker != nil && entry.sex != nil), "speech entry without speaker or sex")
        }
    }
}
