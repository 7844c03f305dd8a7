// swift-tools-version:5.10
import PackageDescription

// Hot loops in C are always compiled with optimisation, even in debug builds,
// so that tests and development runs process audio at a realistic speed.
let cOptimised: [CSetting] = [.unsafeFlags(["-O3", "-fno-math-errno"])]

let package = Package(
    name: "bechdelcli",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bechdelcli", targets: ["BechdelCLI"]),
        .library(name: "DSPKit", targets: ["DSPKit"]),
        .library(name: "BechdelKit", targets: ["BechdelKit"]),
        .library(name: "CatalogueKit", targets: ["CatalogueKit"]),
        .library(name: "ReportKit", targets: ["ReportKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        // SQLite results store of catalogue runs (Debian: libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Logic-less HTML templates of the catalogue report (every value HTML-escaped).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // System libraries (Debian: libsndfile1-dev, libsamplerate0-dev, libsoxr-dev, libfftw3-dev, libopenblas-dev).
        .systemLibrary(name: "CSndFile", path: "Sources/CSndFile", pkgConfig: "sndfile",
                       providers: [.apt(["libsndfile1-dev"])]),
        // MP3 decoded directly (not through libsndfile) so that the decoder's notes can be silenced (Debian: libmpg123-dev).
        .systemLibrary(name: "CMPG123", path: "Sources/CMPG123", pkgConfig: "libmpg123",
                       providers: [.apt(["libmpg123-dev"])]),
        .systemLibrary(name: "CSampleRate", path: "Sources/CSampleRate", pkgConfig: "samplerate",
                       providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(name: "CSoxr", path: "Sources/CSoxr", pkgConfig: "soxr",
                       providers: [.apt(["libsoxr-dev"])]),
        // BLAS (cblas_sgemm) for the CAM++ speaker embedding; its header path comes from pkg-config.
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        // XXH3-128 content hashes of audio and model files (Debian: libxxhash-dev).
        .systemLibrary(name: "CXXHash", path: "Sources/CXXHash", pkgConfig: "libxxhash",
                       providers: [.apt(["libxxhash-dev"])]),
        // SplitMix64, the one seeded random source of training, benchmarks and test data.
        .target(name: "SeededRandom", path: "Sources/SeededRandom"),
        // What a user's path names (one stat), and model files and text tables read whole under a size limit.
        .target(name: "BoundedFiles", path: "Sources/BoundedFiles"),
        // C hot loops: framing, FFT (FFTW single precision), mel, MFCC, pitch, GMM scoring, CAM++ forward pass.
        .target(name: "CDSP", dependencies: ["COpenBLAS"], path: "Sources/CDSP", cSettings: cOptimised,
                linkerSettings: [.linkedLibrary("fftw3f"), .linkedLibrary("m")]),
        // Safe Swift audio layer: decoding, resampling, features, speech detection, diarization, sex.
        .target(name: "DSPKit", dependencies: ["SeededRandom", "BoundedFiles", "CDSP", "CSndFile", "CMPG123", "CSampleRate", "CSoxr", "COpenBLAS", "CXXHash"],
                path: "Sources/DSPKit",
                exclude: ["README.md"] + ["Audio", "Features", "SpeechActivity", "Embedding", "Diarization", "Sex", "Mixtures",
                                          "Networks", "ModelFiles", "Scoring", "Training", "Support"].map { $0 + "/README.md" },
                resources: [.copy("Models")]),
        // Tabular Bechdel predictor: CSV features, gradient-boosted trees, TreeSHAP, clusters.
        .target(name: "BechdelKit", dependencies: ["SeededRandom", "BoundedFiles", .product(name: "CSV", package: "CSV.swift")],
                path: "Sources/BechdelKit", resources: [.copy("Models")]),
        // Catalogue runs: many films into a resumable SQLite results store (inputs, shards, merge, export).
        .target(name: "CatalogueKit", dependencies: [
            "DSPKit", "BechdelKit", "BoundedFiles",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Sources/CatalogueKit"),
        // The catalogue report: one self-contained HTML file (inline SVG and CSS) of a results store.
        .target(name: "ReportKit", dependencies: [
            "DSPKit", "BechdelKit", "CatalogueKit", .product(name: "Mustache", package: "swift-mustache"),
        ], path: "Sources/ReportKit", resources: [.copy("Templates")]),
        .executableTarget(name: "BechdelCLI", dependencies: [
            "DSPKit", "BechdelKit", "CatalogueKit", "ReportKit", "SeededRandom", "BoundedFiles",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/BechdelCLI"),
        .testTarget(name: "BoundedFilesTests", dependencies: ["BoundedFiles"], path: "Tests/BoundedFilesTests"),
        .testTarget(name: "DSPKitTests", dependencies: ["DSPKit", "CDSP", "CSndFile", "SeededRandom"], path: "Tests/DSPKitTests"),
        .testTarget(name: "BechdelKitTests", dependencies: ["BechdelKit", "SeededRandom"], path: "Tests/BechdelKitTests"),
        .testTarget(name: "CatalogueKitTests", dependencies: [
            "CatalogueKit", "DSPKit", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Tests/CatalogueKitTests"),
        .testTarget(name: "ReportKitTests", dependencies: [
            "ReportKit", "CatalogueKit", "DSPKit", "BechdelKit",
        ], path: "Tests/ReportKitTests"),
        .testTarget(name: "BechdelCLITests", dependencies: [
            "BechdelCLI", "CatalogueKit", "DSPKit", "SeededRandom", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Tests/BechdelCLITests"),
    ]
)
