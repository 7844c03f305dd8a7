import BechdelKit
import CDSP
import DSPKit
import Foundation

/// Writes the structured seed corpora under Fuzz/Corpus (run by scripts/make_fuzz_seeds; deterministic).
///
/// The shipped networks are 6–27 MB, far beyond what a fuzzer can mutate usefully, so the model seeds are tiny
/// networks built from the shipped files: every metadata section (model kind, architecture, provenance strings,
/// powerset, SincNet band edges, GMM settings) is copied, the hyper-parameters are shrunk, and the weight
/// sections are regenerated with the shapes the C tensor tables give for the small configuration. They load
/// and run like the real ones, only faster. Containers for targets that repair the checksum are written without
/// their trailing CRC-32 (the target appends it).
@main
struct FuzzSeeds {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 2 else {
            FileHandle.standardError.write("usage: FuzzSeeds REPOSITORY\n".data(using: .utf8)!)
            exit(2)
        }
        let root = URL(fileURLWithPath: arguments[1], isDirectory: true)
        let corpus = root.appendingPathComponent("Fuzz/Corpus")
        func models(_ name: String) throws -> ModelContainer {
            try ModelContainer(contentsOf: root.appendingPathComponent("Sources/DSPKit/Models/\(name).model").path)
        }
        func write(_ target: String, _ name: String, _ bytes: [UInt8]) throws {
            let folder = corpus.appendingPathComponent(target)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
        func withoutCRC(_ c: ModelContainer) -> [UInt8] { Array(c.serialized().dropLast(4)) }

        let sex = try TinyModels.sex(from: models("sex"), embedding: true)
        let sexPlain = try TinyModels.sex(from: models("sex"), embedding: false)
        let campplus = try TinyModels.campplus(from: models("campplus"), featureDimension: 80, embeddingDimension: 192)
        let campplusSmall = try TinyModels.campplus(from: models("campplus"), featureDimension: 8, embeddingDimension: 4)
        let segmentation = try TinyModels.segmentation(from: models("segmentation"), windowSamples: 400)

        try write("FuzzModelContainer", "sex-repaired", [0] + withoutCRC(sex))
        try write("FuzzModelContainer", "sex-raw", [1] + sex.serialized())
        try write("FuzzModelContainer", "campplus-repaired", [0] + withoutCRC(campplusSmall))
        try write("FuzzModelContainer", "segmentation-raw", [1] + segmentation.serialized())
        try write("FuzzSexModel", "sex-embedding", withoutCRC(sex))
        try write("FuzzSexModel", "sex-plain", withoutCRC(sexPlain))
        try write("FuzzCAMPlusModel", "campplus-80", [0x11] + withoutCRC(campplus))
        try write("FuzzCAMPlusModel", "campplus-8", [0x22] + withoutCRC(campplusSmall))
        try write("FuzzSegmentationModel", "segmentation-400", [0x12] + withoutCRC(segmentation))

        let tree = ModelFile.encode(TinyModels.tree())
        try write("FuzzTreeModel", "tree-repaired", [0] + tree)
        try write("FuzzTreeModel", "tree-raw", [1] + tree)

        for (name, bytes) in CDSPSeeds.all { try write("FuzzCDSP", name, bytes) }
        for (target, seeds) in TextSeeds.all {
            for (name, text) in seeds { try write(target, name, Array(text.utf8)) }
        }
    }
}
