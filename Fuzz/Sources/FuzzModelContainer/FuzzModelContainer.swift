import DSPKit
import FuzzSupport

/// `ModelContainer(bytes:source:)` on any bytes. The first byte chooses the mode: odd, the rest as it is (magic,
/// version, length and checksum checks); even, the rest with its length and CRC-32 repaired, so that mutations
/// reach the section parser. A container that loads must serialise back to exactly the bytes it came from, and
/// every section must be readable through the typed accessors.
@_cdecl("FuzzModelContainer_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data in
        guard let mode = data.first else { return }
        var bytes = Array(data.dropFirst())
        if mode & 1 == 0 { bytes = ChecksumRepair.modelContainer(bytes) }
        guard let container = try? ModelContainer(bytes: bytes, source: "fuzz.model") else { return }
        precondition(container.serialized() == bytes, "a loaded container does not serialise back to its bytes")
        for name in container.names {
            _ = try? container.floats(name, shape: [-1])
            _ = try? container.ints(name, shape: [1])
            _ = try? container.string(name)
            _ = try? container.gmm(prefix: name)
        }
    }
}
