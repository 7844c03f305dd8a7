import DSPKit
import Foundation
import FuzzSupport

/// Scene-list text of any bytes (`SceneList(text:source:base:)`, the `scenes.csv` every evaluation command
/// reads): scenes or a `TextFileError`, never a crash; counts are non-negative and paths absolute.
@_cdecl("FuzzSceneList_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let base = URL(fileURLWithPath: "/fuzz/scenes", isDirectory: true)
    return FuzzDriver.run(argc, argv) { data in
        let text = String(decoding: data, as: UTF8.self)
        guard let list = try? SceneList(text: text, source: "scenes.csv", base: base) else { return }
        for scene in list.scenes {
            precondition(scene.females >= 0 && scene.males >= 0)
            precondition(scene.audio.hasPrefix("/") && scene.rttm.hasPrefix("/"), "scene path is not absolute")
        }
    }
}
