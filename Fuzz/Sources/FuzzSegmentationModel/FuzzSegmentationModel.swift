import DSPKit
import FuzzSupport

/// `SegmentationModel(container:)` on any container (length and CRC-32 repaired; seeds are tiny networks with the
/// shipped model's metadata and powerset), then, if it loads, the forward pass (`cdsp_segmentation_run`: SincNet,
/// LSTM, linear layers, softmax, on the shared matrix engine) over windows of the model's own length as the
/// counter runs it: noise, a short window zero-padded, and digital silence (the constant-window path), with the
/// kernels and batch size chosen by the input's first byte. No probability may lie outside [0, 1] (NaN from weights
/// so large that float arithmetic overflows is allowed: the loader accepts any finite weight).
@_cdecl("FuzzSegmentationModel_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let kernels = MatrixKernels.allCases.filter(\.isAvailable)
    return FuzzDriver.run(argc, argv) { data in
        guard let first = data.first else { return }
        let bytes = ChecksumRepair.modelContainer(Array(data.dropFirst()))
        guard let container = try? ModelContainer(bytes: bytes, source: "segmentation.model"),
              let model = try? SegmentationModel(container: container) else { return }
        let options = SegmentationNetworkOptions(maxWindowsPerBatch: Int(first >> 4) % 3 + 1,
                                                 kernels: kernels[Int(first) % kernels.count])
        let network = SegmentationNetwork(model: model, options: options)
        let n = network.windowSamples
        let noise = (0..<n).map { i in Float((i * 7919) % 2001 - 1000) / 1000 }
        let windows = [noise, Array(noise.prefix(n / 3)), [Float](repeating: 0.25, count: n), []]
        let probabilities = network.probabilities(windows)
        precondition(probabilities.count == windows.count)
        for p in probabilities {
            precondition(p.count == network.framesPerWindow * network.classes)
            precondition(!p.contains { $0 < 0 || $0 > 1 }, "probability outside [0, 1]")
        }
        _ = model.multiplyAccumulates(windows: 3)
        _ = model.frames(windowSamples: Int(first) * 1000)
    }
}
