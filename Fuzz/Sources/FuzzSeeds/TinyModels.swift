import BechdelKit
import CDSP
import DSPKit

/// Small valid models for seeds, derived from the shipped ones (see `FuzzSeeds`).
enum TinyModels {
    /// Deterministic small weights (|w| < 0.15), different for every tensor.
    static func weights(_ count: Int, salt: Int) -> [Float] {
        (0..<count).map { i in Float((i * 7919 + salt * 104_729) % 301 - 150) / 1000 }
    }

    /// Every section of `shipped` that is not a weight of its tensor table (metadata, hyper-parameters, tables).
    static func metadata(_ shipped: ModelContainer, excluding weightNames: Set<String>) -> ModelContainer {
        var c = ModelContainer()
        for name in shipped.names where !weightNames.contains(name) { c.set(name, shipped[name]!) }
        return c
    }

    /// The shipped sex model with two components per GMM (and with or without its embedding cue).
    static func sex(from shipped: ModelContainer, embedding: Bool) throws -> ModelContainer {
        let model = try SexClassifier(container: shipped)
        func shrink(_ g: DiagonalGMM) -> DiagonalGMM {
            let d = g.dimension
            return DiagonalGMM(weights: [0.4, 0.6], means: Array(g.means[0..<(2 * d)]), variances: Array(g.variances[0..<(2 * d)]))
        }
        let small = SexClassifier(options: model.options, female: shrink(model.female), male: shrink(model.male),
                                  background: shrink(model.background), joint: model.joint, gmmOnly: model.gmmOnly,
                                  embeddingCue: embedding ? model.embeddingCue : nil, trainingNotes: "fuzz seed")
        return small.container()
    }

    /// The shipped CAM++ metadata with one head channel, two TDNN channels, one dense layer per block.
    static func campplus(from shipped: ModelContainer, featureDimension: Int32, embeddingDimension: Int32) throws -> ModelContainer {
        var cfg = cdsp_campplus_config()
        cfg.feature_dim = featureDimension; cfg.head_channels = 1; cfg.tdnn_channels = 2; cfg.growth_rate = 2
        cfg.bottleneck_channels = 2; cfg.block_layers = (1, 1, 1); cfg.block_dilations = (1, 2, 2)
        cfg.embedding_dim = embeddingDimension; cfg.segment_frames = 4
        precondition(cdsp_campplus_check_config(&cfg) == CDSP_CAMPPLUS_OK)
        let weightNames = shipped.names.filter { $0 != "model" && !$0.hasPrefix("embedding.") && !$0.hasPrefix("campplus.") }
        var c = metadata(shipped, excluding: Set(weightNames))
        c.setInts("campplus.feature_dim", [cfg.feature_dim], shape: [1])
        c.setInts("campplus.head_channels", [cfg.head_channels], shape: [1])
        c.setInts("campplus.tdnn_channels", [cfg.tdnn_channels], shape: [1])
        c.setInts("campplus.growth_rate", [cfg.growth_rate], shape: [1])
        c.setInts("campplus.bottleneck_channels", [cfg.bottleneck_channels], shape: [1])
        c.setInts("campplus.block_layers", [1, 1, 1], shape: [3])
        c.setInts("campplus.block_dilations", [1, 2, 2], shape: [3])
        c.setInts("campplus.embedding_dim", [cfg.embedding_dim], shape: [1])
        c.setInts("campplus.segment_frames", [cfg.segment_frames], shape: [1])
        for index in 0..<cdsp_campplus_tensor_count(&cfg) {
            var info = cdsp_campplus_tensor()
            precondition(cdsp_campplus_tensor_info(&cfg, index, &info) == CDSP_CAMPPLUS_OK)
            let name = withUnsafeBytes(of: info.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let shape: [Int] = withUnsafeBytes(of: info.shape) { raw in raw.bindMemory(to: Int32.self).prefix(Int(info.rank)).map { Int($0) } }
            c.setFloats(name, weights(info.count, salt: Int(index)), shape: shape)
        }
        _ = try CAMPlusModel(container: c)
        return c
    }

    /// The shipped segmentation metadata (powerset, first SincNet bands) with a tiny network and window.
    static func segmentation(from shipped: ModelContainer, windowSamples: Int32) throws -> ModelContainer {
        var cfg = cdsp_segmentation_config()
        cfg.sample_rate = 16000; cfg.window_samples = windowSamples; cfg.sinc_bands = 2; cfg.sinc_taps = 9
        cfg.sinc_stride = 3; cfg.conv_channels = 2; cfg.conv_kernel = 2; cfg.pool = 2; cfg.lstm_hidden = 2
        cfg.lstm_layers = 1; cfg.linear_hidden = 3; cfg.linear_layers = 1; cfg.classes = 7
        precondition(cdsp_segmentation_check_config(&cfg) == CDSP_SEGMENTATION_OK)
        let keep: Set<String> = ["model", "segmentation.architecture", "segmentation.source", "segmentation.licence",
                                 "segmentation.powerset"]
        var c = metadata(shipped, excluding: Set(shipped.names.filter { !keep.contains($0) }))
        let values: [(String, Int32)] = [
            ("sample_rate", cfg.sample_rate), ("window_samples", cfg.window_samples), ("sinc_bands", cfg.sinc_bands),
            ("sinc_taps", cfg.sinc_taps), ("sinc_stride", cfg.sinc_stride), ("conv_channels", cfg.conv_channels),
            ("conv_kernel", cfg.conv_kernel), ("pool", cfg.pool), ("lstm_hidden", cfg.lstm_hidden),
            ("lstm_layers", cfg.lstm_layers), ("linear_hidden", cfg.linear_hidden), ("linear_layers", cfg.linear_layers),
            ("classes", cfg.classes),
        ]
        for (name, v) in values { c.setInts("segmentation." + name, [v], shape: [1]) }
        c.setFloats("sincnet.filterbank.low_hz", Array(try shipped.floats("sincnet.filterbank.low_hz").values.prefix(2)), shape: [2])
        c.setFloats("sincnet.filterbank.band_hz", Array(try shipped.floats("sincnet.filterbank.band_hz").values.prefix(2)), shape: [2])
        for index in 0..<cdsp_segmentation_tensor_count(&cfg) {
            var info = cdsp_segmentation_tensor()
            precondition(cdsp_segmentation_tensor_info(&cfg, index, &info) == CDSP_SEGMENTATION_OK)
            guard info.computed == 0 else { continue }
            let name = withUnsafeBytes(of: info.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let shape: [Int] = withUnsafeBytes(of: info.shape) { raw in raw.bindMemory(to: Int32.self).prefix(Int(info.rank)).map { Int($0) } }
            c.setFloats(name, weights(info.count, salt: Int(index)), shape: shape)
        }
        _ = try SegmentationModel(container: c)
        return c
    }

    /// A four-class tree model over one column of every kind and a share, with a few small trees.
    static func tree() -> BechdelModel {
        let schema = FeatureSchema(columns: [
            .init(name: "year", kind: .numeric),
            .init(name: "genres", kind: .list, vocabulary: ["Drama", "Comedy"]),
            .init(name: "language", kind: .categorical, vocabulary: ["en", "fr"]),
            .init(name: "plot", kind: .text),
            .init(name: "budget", kind: .numeric),
            .init(name: "gross", kind: .numeric),
        ], shares: [SharePair(numerator: "budget", other: "gross")], idColumn: "imdb_id", labelColumn: "rating")
        let f = Int32(schema.featureCount)
        func stump(_ feature: Int32, _ threshold: Float, _ salt: Float) -> RegressionTree {
            RegressionTree(feature: [feature, -1, -1], threshold: [threshold, 0, 0], left: [1, -1, -1], right: [2, -1, -1],
                           defaultLeft: [true, false, false], value: [0, -salt, salt], cover: [10, 6, 4])
        }
        let deep = RegressionTree(feature: [0, 3, -1, -1, f - 1, -1, -1], threshold: [1990, 0.5, 0, 0, 0.3, 0, 0],
                                  left: [1, 2, -1, -1, 5, -1, -1], right: [4, 3, -1, -1, 6, -1, -1],
                                  defaultLeft: [false, true, false, false, true, false, false],
                                  value: [0, 0, 0.2, -0.1, 0, 0.3, -0.4], cover: [20, 12, 7, 5, 8, 3, 5])
        let trees = [stump(0, 2000, 0.1), stump(1, 2, 0.2), stump(8, 10, 0.3), deep,
                     stump(5, 0.5, 0.05), stump(f - 1, 0.4, 0.15), deep, stump(4, 1, 0.25)]
        return BechdelModel(schema: schema, ensemble: TreeEnsemble(classCount: 4, baseScores: [0.1, -0.2, 0.3, 0.0], trees: trees),
                            classWeights: [1, 1.2, 0.9, 1], notes: "fuzz seed")
    }
}
