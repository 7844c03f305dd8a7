// swift-tools-version:5.10
import Foundation
import PackageDescription

// libFuzzer targets for bechdelcli's parsers and C core (docs/FUZZING.md). Built and run only by scripts/fuzz,
// which adds the sanitizer, coverage and libFuzzer flags; `scripts/make_fuzz_seeds` runs FuzzSeeds.
// The main package is a path dependency; its identity is the name of the folder it was cloned into.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let main = root.lastPathComponent.lowercased()

/// A fuzz target: an executable whose `<name>_main` runs libFuzzer (`FuzzDriver`).
func fuzzer(_ name: String, _ products: [String]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: main) },
                      path: "Sources/\(name)", swiftSettings: [.unsafeFlags(["-parse-as-library"])])
}

let package = Package(
    name: "bechdelcli-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
        fuzzer("FuzzModelContainer", ["DSPKit"]),
        fuzzer("FuzzSexModel", ["DSPKit"]),
        fuzzer("FuzzCAMPlusModel", ["DSPKit"]),
        fuzzer("FuzzSegmentationModel", ["DSPKit"]),
        fuzzer("FuzzTreeModel", ["BechdelKit"]),
        fuzzer("FuzzPredict", ["BechdelKit"]),
        fuzzer("FuzzRTTM", ["DSPKit"]),
        fuzzer("FuzzAudioManifest", ["DSPKit"]),
        fuzzer("FuzzSceneList", ["DSPKit"]),
        fuzzer("FuzzAudioDecoder", ["DSPKit"]),
        fuzzer("FuzzCDSP", ["DSPKit"]),
        fuzzer("FuzzResultsStore", ["CatalogueKit", "DSPKit"]),
        // Writes the structured seeds under Corpus/ (not a fuzz target).
        .executableTarget(name: "FuzzSeeds", dependencies: [.product(name: "DSPKit", package: main),
                                                            .product(name: "BechdelKit", package: main)],
                          path: "Sources/FuzzSeeds", swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
