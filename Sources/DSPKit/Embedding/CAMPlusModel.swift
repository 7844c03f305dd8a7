import CDSP
import Foundation

/// The pretrained CAM++ speaker embedding network (3D-Speaker, Apache-2.0; `Models/campplus.model`), loaded
/// and checked once so that the C forward pass (`cdsp_campplus_embed`) can trust it: every weight section
/// present with exactly the shape the stored hyper-parameters imply, hyper-parameters in range, every value
/// finite. A damaged or foreign file is a `ModelContainerError` naming the file, never a crash. The weights
/// live in one 64-byte-aligned buffer in the layout the C code defines; the model is immutable and shared by
/// any number of threads (`CAMPlusEmbedder`).
public final class CAMPlusModel: @unchecked Sendable {
    /// Value of the container's `model` string for a speaker embedding.
    public static let modelKind = "speaker-embedding"
    /// Value of `embedding.architecture` this class reads.
    public static let architecture = "campplus"
    /// Cost bounds of a model file. Its hyper-parameters set the network's size, so a crafted or mistaken file
    /// could ask for hours of computing per minute of speech or gigabytes of memory per batch; such a file is
    /// refused when loaded, before the weights are allocated. Both are measured on 10 s of speech (1000 frames,
    /// one window): the shipped model needs 5.4e8 multiply-accumulates per second and a 15 MB workspace; the
    /// bounds leave 15× and 18×.
    public static let maxMultiplyAccumulatesPerSecond = 8e9
    /// Most workspace bytes for one window of 10 s (see `maxMultiplyAccumulatesPerSecond`).
    public static let maxWorkspaceBytesPer10Seconds = 256 << 20

    /// Log-mel bands per input frame (80).
    public var featureDimension: Int { Int(config.feature_dim) }
    /// Size of an embedding (192).
    public var embeddingDimension: Int { Int(config.embedding_dim) }
    /// Where the model was read from (for messages).
    public let source: String
    /// The container's `embedding.features` description (empty if absent).
    public let featuresDescription: String

    let config: cdsp_campplus_config
    let weights: AlignedFloatBuffer

    /// Reads and validates a CAM++ model from a container.
    public init(container c: ModelContainer) throws {
        NetworkWeights.singleThreadedBLAS
        guard (try? c.string("model")) == Self.modelKind else {
            throw c.error(.invalidModel, "not a speaker embedding model (section 'model' is not '\(Self.modelKind)')")
        }
        let architecture = try c.string("embedding.architecture")
        guard architecture == Self.architecture else {
            throw c.error(.invalidModel, "speaker embedding architecture '\(architecture)' is not '\(Self.architecture)'")
        }
        func int(_ name: String) throws -> Int32 { try c.ints(name, shape: [1]).values[0] }
        let layers = try c.ints("campplus.block_layers", shape: [3]).values
        let dilations = try c.ints("campplus.block_dilations", shape: [3]).values
        var cfg = cdsp_campplus_config()
        cfg.feature_dim = try int("campplus.feature_dim")
        cfg.head_channels = try int("campplus.head_channels")
        cfg.tdnn_channels = try int("campplus.tdnn_channels")
        cfg.growth_rate = try int("campplus.growth_rate")
        cfg.bottleneck_channels = try int("campplus.bottleneck_channels")
        cfg.block_layers = (layers[0], layers[1], layers[2])
        cfg.block_dilations = (dilations[0], dilations[1], dilations[2])
        cfg.embedding_dim = try int("campplus.embedding_dim")
        cfg.segment_frames = try int("campplus.segment_frames")
        guard cdsp_campplus_check_config(&cfg) == CDSP_CAMPPLUS_OK else {
            throw c.error(.invalidModel, "CAM++ hyper-parameters out of range or inconsistent: feature_dim \(cfg.feature_dim), "
                + "head_channels \(cfg.head_channels), tdnn_channels \(cfg.tdnn_channels), growth_rate \(cfg.growth_rate), "
                + "bottleneck_channels \(cfg.bottleneck_channels), block_layers \(layers), block_dilations \(dilations), "
                + "embedding_dim \(cfg.embedding_dim), segment_frames \(cfg.segment_frames)")
        }

        var tenSeconds: [Int32] = [1000]
        let perSecond = cdsp_campplus_macs(&cfg, 1, &tenSeconds) / 10
        let workspaceBytes = cdsp_campplus_workspace_floats(&cfg, 1, &tenSeconds) * MemoryLayout<Float>.size
        guard perSecond <= Self.maxMultiplyAccumulatesPerSecond, workspaceBytes <= Self.maxWorkspaceBytesPer10Seconds else {
            throw c.error(.invalidModel, "CAM++ network too costly: \(String(format: "%.1e", perSecond)) multiply-accumulates "
                + "per second of speech (at most \(String(format: "%.1e", Self.maxMultiplyAccumulatesPerSecond))), "
                + "\(workspaceBytes >> 20) MiB of workspace for 10 s (at most \(Self.maxWorkspaceBytesPer10Seconds >> 20))")
        }

        // Every tensor the configuration implies, read and checked before the weight buffer is allocated.
        let config = cfg
        weights = try NetworkWeights.load(
            from: c, network: "CAM++", tensorCount: Int(cdsp_campplus_tensor_count(&cfg)),
            weightFloats: cdsp_campplus_weight_floats(&cfg),
            describe: { index in
                var cfg = config, info = cdsp_campplus_tensor()
                guard cdsp_campplus_tensor_info(&cfg, index, &info) == CDSP_CAMPPLUS_OK else { return nil }
                return .init(name: info.name, rank: info.rank, shape: info.shape, count: info.count, computed: false)
            },
            store: { index, values, buffer in
                var cfg = config
                return cdsp_campplus_store_tensor(&cfg, index, values.baseAddress, values.count, buffer.pointer, buffer.count)
            })
        self.config = config
        source = c.source
        featuresDescription = (try? c.string("embedding.features")) ?? ""
    }

    /// Reads and validates a CAM++ model file.
    public convenience init(contentsOf path: String) throws {
        try self.init(container: ModelContainer(contentsOf: path))
    }

    /// The speaker embedding shipped with bechdelcli (`Models/campplus.model`, converted from the pretrained
    /// checkpoint by scripts/convert_campplus.py).
    public static func shipped() throws -> CAMPlusModel {
        guard let url = Bundle.module.url(forResource: "campplus", withExtension: "model", subdirectory: "Models")
                ?? Bundle.module.url(forResource: "campplus", withExtension: "model") else {
            throw ModelContainerError(path: "Models/campplus.model", kind: .unreadable,
                                      problem: "the shipped speaker embedding model is missing from the installation")
        }
        return try CAMPlusModel(contentsOf: url.path)
    }

    /// Multiply-accumulates of the network's convolutions and linear layers for windows of these lengths (as
    /// the C code counts them: CAM context layers once per segment), for throughput figures.
    public func multiplyAccumulates(frames: [Int]) -> Double {
        var cfg = config
        return frames.reduce(0.0) { sum, t in
            var length = Int32(clamping: t)
            return sum + max(0, cdsp_campplus_macs(&cfg, 1, &length))
        }
    }
}
