import DSPKit
import FuzzSupport

/// `CAMPlusModel(container:)` on any container (length and CRC-32 repaired; seeds are tiny networks with the
/// shipped model's metadata), then, if it loads, the counting pipeline's compatibility check
/// (`SpeakerCounter.checkCompatible`) and the forward pass (`cdsp_campplus_embed` and the shared matrix engine)
/// on a ragged batch of windows of the model's own feature dimension, with the kernels and batch size chosen by
/// the input's first byte.
@_cdecl("FuzzCAMPlusModel_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let kernels = MatrixKernels.allCases.filter(\.isAvailable)
    let filterbank = FilterbankOptions()
    return FuzzDriver.run(argc, argv) { data in
        guard let first = data.first else { return }
        let bytes = ChecksumRepair.modelContainer(Array(data.dropFirst()))
        guard let container = try? ModelContainer(bytes: bytes, source: "campplus.model"),
              let model = try? CAMPlusModel(container: container) else { return }
        _ = try? SpeakerCounter.checkCompatible(embedding: model, embeddingModelPath: "campplus.model", filterbank: filterbank)
        let f = model.featureDimension
        // Windows of 1, 2, 13 and 40 frames of log-mel-like values (finite, as the front end gives them).
        let windows = [1, 2, 13, 40].enumerated().map { w, frames in
            (0..<(frames * f)).map { i in Float((i * 31 + w * 17) % 97) / 8 - 6 }
        }
        let options = CAMPlusEmbedderOptions(maxWindowsPerBatch: Int(first >> 4) % 4 + 1, maxFramesPerBatch: 64,
                                             kernels: kernels[Int(first) % kernels.count])
        let embeddings = CAMPlusEmbedder(model: model, options: options).embed(windows)
        precondition(embeddings.count == windows.count && embeddings.allSatisfy { $0.count == model.embeddingDimension })
        _ = model.multiplyAccumulates(frames: [1, 100, 1 << 20])
    }
}
