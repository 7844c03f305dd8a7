/// Seeds of FuzzCDSP: for every entry point (the first byte), a plausible call followed by a stretch of
/// ordinary sample values, so that mutation starts from calls that get past the argument checks.
enum CDSPSeeds {
    static var all: [(String, [UInt8])] {
        // Bytes that FuzzInput.hostileFloat reads as ordinary values around 0 (selector >= 96).
        let ordinary: [UInt8] = (0..<1200).map { i in UInt8(140 + (i * 37) % 80) }
        let names = ["frontend-samples", "frontend-options", "frame-sizes", "decimate", "pitch", "gmm",
                     "campplus-api", "segmentation-api"]
        var seeds: [(String, [UInt8])] = []
        for (selector, name) in names.enumerated() {
            // Small sizes (a count read as 32 bits, then flags alternating true and false).
            let header: [UInt8] = [UInt8(selector), 200, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1]
            seeds.append((name, header + ordinary))
            seeds.append((name + "-hostile", [UInt8(selector)] + (0..<300).map { UInt8(($0 * 53) % 256) }))
        }
        return seeds
    }
}
