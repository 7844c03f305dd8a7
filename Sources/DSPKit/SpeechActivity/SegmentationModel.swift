import CDSP
import Foundation

/// The pretrained speaker segmentation network (pyannote segmentation-3.0, MIT; `Models/segmentation.model`),
/// loaded and checked once so that the C forward pass (`cdsp_segmentation_run`) can trust it: hyper-parameters
/// in range and consistent, every weight section present with exactly the shape they imply, every value finite,
/// the powerset table well formed. A damaged or foreign file is a `ModelContainerError` naming the file, never a
/// crash. The SincNet filters are computed here from the learned band edges (`SincFilterbank`), and the weights
/// live in one 64-byte-aligned buffer in the layout the C code defines; the model is immutable and shared by any
/// number of threads (`SegmentationNetwork`).
public final class SegmentationModel: @unchecked Sendable {
    /// Value of the container's `model` string for a speech segmentation model.
    public static let modelKind = "speech-segmentation"
    /// Value of `segmentation.architecture` this class reads.
    public static let architecture = "pyannet"
    /// Lowest SincNet band edge and narrowest band, Hz (asteroid's ParamSincFB defaults, as pyannote uses them).
    static let minLowHz = 50.0, minBandHz = 50.0
    /// Cost bounds of a model file. Its hyper-parameters set the network's size, so a crafted or mistaken file
    /// could ask for hours of computing per minute of audio or gigabytes of memory per window; such a file is
    /// refused when loaded, before anything is allocated. The shipped model needs 1.3e8 multiply-accumulates per
    /// second of audio, a workspace of 6.4 MB for one window of 10 s and 16 kHz audio; the bounds leave 15×, 10×,
    /// 6× and 3×.
    public static let maxMultiplyAccumulatesPerSecond = 2e9
    /// Most workspace bytes for one window (see `maxMultiplyAccumulatesPerSecond`).
    public static let maxWorkspaceBytesPerWindow = 64 << 20
    /// Highest sample rate, Hz (see `maxMultiplyAccumulatesPerSecond`): the audio is resampled to it.
    public static let maxSampleRate: Int32 = 48_000
    /// Longest window, seconds (the shipped model's is 10 s; pyannote's models use 5–10 s).
    public static let maxWindowSeconds = 60.0

    /// Where the model was read from (for messages).
    public let source: String
    /// Samples per second the network expects (16000).
    public var sampleRate: Int { Int(config.sample_rate) }
    /// Samples of the window the network was trained on (160000 = 10 s); `SegmentationNetwork` runs windows of
    /// this length unless told otherwise.
    public var windowSamples: Int { Int(config.window_samples) }
    /// Frames of a `windowSamples` window (589).
    public var framesPerWindow: Int { frames(windowSamples: windowSamples)! }
    /// Powerset classes per frame (7).
    public var classes: Int { Int(config.classes) }
    /// Local speakers the classes are made of (3).
    public let localSpeakers: Int
    /// The local speakers (0-based) that each class stands for, in class order: [], [0], [1], [2], [0, 1], [0, 2],
    /// [1, 2]. Class 0 is always "nobody", so P(speech) = 1 − p[0].
    public let powerset: [[Int]]
    /// Samples between the starts of consecutive frames (270), as pyannote defines them from the receptive field.
    public let frameStep: Int
    /// Samples each frame's receptive field covers (991).
    public let frameDuration: Int
    /// Start of frame 0 in its window, samples (0); frame t covers [start + t·step, start + t·step + duration).
    public let frameStart: Double

    let config: cdsp_segmentation_config
    let weights: AlignedFloatBuffer

    /// Reads and validates a segmentation model from a container.
    public init(container c: ModelContainer) throws {
        NetworkWeights.singleThreadedBLAS
        guard (try? c.string("model")) == Self.modelKind else {
            throw c.error(.invalidModel, "not a speech segmentation model (section 'model' is not '\(Self.modelKind)')")
        }
        let architecture = try c.string("segmentation.architecture")
        guard architecture == Self.architecture else {
            throw c.error(.invalidModel, "segmentation architecture '\(architecture)' is not '\(Self.architecture)'")
        }
        func int(_ name: String) throws -> Int32 { try c.ints("segmentation." + name, shape: [1]).values[0] }
        var cfg = cdsp_segmentation_config()
        cfg.sample_rate = try int("sample_rate")
        cfg.window_samples = try int("window_samples")
        cfg.sinc_bands = try int("sinc_bands")
        cfg.sinc_taps = try int("sinc_taps")
        cfg.sinc_stride = try int("sinc_stride")
        cfg.conv_channels = try int("conv_channels")
        cfg.conv_kernel = try int("conv_kernel")
        cfg.pool = try int("pool")
        cfg.lstm_hidden = try int("lstm_hidden")
        cfg.lstm_layers = try int("lstm_layers")
        cfg.linear_hidden = try int("linear_hidden")
        cfg.linear_layers = try int("linear_layers")
        cfg.classes = try int("classes")
        guard cdsp_segmentation_check_config(&cfg) == CDSP_SEGMENTATION_OK else {
            throw c.error(.invalidModel, "segmentation hyper-parameters out of range or inconsistent: sample_rate \(cfg.sample_rate), "
                + "window_samples \(cfg.window_samples), sinc_bands \(cfg.sinc_bands), sinc_taps \(cfg.sinc_taps), "
                + "sinc_stride \(cfg.sinc_stride), conv_channels \(cfg.conv_channels), conv_kernel \(cfg.conv_kernel), "
                + "pool \(cfg.pool), lstm_hidden \(cfg.lstm_hidden), lstm_layers \(cfg.lstm_layers), "
                + "linear_hidden \(cfg.linear_hidden), linear_layers \(cfg.linear_layers), classes \(cfg.classes)")
        }
        let windowSeconds = Double(cfg.window_samples) / Double(cfg.sample_rate)
        let perSecond = cdsp_segmentation_macs(&cfg, 1) / windowSeconds
        let workspaceBytes = cdsp_segmentation_workspace_floats(&cfg, 1) * MemoryLayout<Float>.size
        guard cfg.sample_rate <= Self.maxSampleRate, windowSeconds <= Self.maxWindowSeconds,
              perSecond <= Self.maxMultiplyAccumulatesPerSecond, workspaceBytes <= Self.maxWorkspaceBytesPerWindow else {
            throw c.error(.invalidModel, "segmentation network too costly: sample_rate \(cfg.sample_rate) (at most "
                + "\(Self.maxSampleRate)), windows of \(String(format: "%.1f", windowSeconds)) s (at most "
                + "\(Int(Self.maxWindowSeconds))), "
                + "\(String(format: "%.1e", perSecond)) multiply-accumulates per second of audio (at most "
                + "\(String(format: "%.1e", Self.maxMultiplyAccumulatesPerSecond))), \(workspaceBytes >> 20) MiB of workspace per "
                + "window (at most \(Self.maxWorkspaceBytesPerWindow >> 20))")
        }
        guard cfg.sample_rate / 2 > Int32(Self.minLowHz + Self.minBandHz) else {
            throw c.error(.invalidModel, "segmentation sample_rate \(cfg.sample_rate) leaves no room for SincNet bands")
        }

        // Powerset: one row per class, 0/1 per local speaker, rows distinct, class 0 = nobody.
        let table = try c.ints("segmentation.powerset", shape: [Int(cfg.classes), -1])
        let speakers = table.shape[1]
        guard speakers >= 1, speakers <= 16, table.values.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw c.error(.invalidModel, "section 'segmentation.powerset' must hold 0 or 1 for 1...16 local speakers, got shape \(table.shape)")
        }
        let sets = (0..<Int(cfg.classes)).map { row in (0..<speakers).filter { table.values[row * speakers + $0] == 1 } }
        guard sets[0].isEmpty, Set(sets.map { $0.description }).count == sets.count else {
            throw c.error(.invalidModel, "section 'segmentation.powerset' must start with the empty class and list distinct classes, got \(sets)")
        }

        // SincNet band edges → filters.
        let bands = Int(cfg.sinc_bands)
        let lowHz = try NetworkWeights.finiteFloats(c, "sincnet.filterbank.low_hz", shape: [bands])
        let bandHz = try NetworkWeights.finiteFloats(c, "sincnet.filterbank.band_hz", shape: [bands])
        let filterbank = SincFilterbank(lowHz: lowHz, bandHz: bandHz, sampleRate: Int(cfg.sample_rate),
                                        minLowHz: Self.minLowHz, minBandHz: Self.minBandHz)
        if let band = filterbank.emptyBand {
            throw c.error(.invalidModel, "SincNet band \(band) is empty (low_hz \(lowHz[band]) reaches the Nyquist frequency)")
        }
        let filters = filterbank.filters(taps: Int(cfg.sinc_taps))
        guard filters.allSatisfy({ $0.isFinite }) else {
            throw c.error(.invalidModel, "the SincNet filters computed from low_hz and band_hz are not finite")
        }

        // Every tensor the configuration implies; the one computed tensor is the SincNet filters.
        let config = cfg
        weights = try NetworkWeights.load(
            from: c, network: "segmentation", tensorCount: Int(cdsp_segmentation_tensor_count(&cfg)),
            weightFloats: cdsp_segmentation_weight_floats(&cfg),
            describe: { index in
                var cfg = config, info = cdsp_segmentation_tensor()
                guard cdsp_segmentation_tensor_info(&cfg, index, &info) == CDSP_SEGMENTATION_OK else { return nil }
                return .init(name: info.name, rank: info.rank, shape: info.shape, count: info.count, computed: info.computed != 0)
            },
            compute: { tensor in
                guard filters.count == tensor.count else {
                    throw c.error(.invalidModel, "SincNet filters have \(filters.count) values, the network needs \(tensor.shape)")
                }
                return filters
            },
            store: { index, values, buffer in
                var cfg = config
                return cdsp_segmentation_store_tensor(&cfg, index, values.baseAddress, values.count, buffer.pointer, buffer.count)
            })
        var start = 0.0, step = 0.0, duration = 0.0
        guard cdsp_segmentation_frame_timing(&cfg, &start, &step, &duration) == CDSP_SEGMENTATION_OK else {
            throw c.error(.invalidModel, "segmentation frame timing undefined")
        }
        self.config = config
        source = c.source
        localSpeakers = speakers
        powerset = sets
        frameStep = Int(step)
        frameDuration = Int(duration)
        frameStart = start
    }

    /// Reads and validates a segmentation model file.
    public convenience init(contentsOf path: String) throws {
        try self.init(container: ModelContainer(contentsOf: path))
    }

    /// The segmentation network shipped with bechdelcli (`Models/segmentation.model`, converted from the
    /// pretrained checkpoint by scripts/convert_segmentation.py).
    public static func shipped() throws -> SegmentationModel {
        guard let url = Bundle.module.url(forResource: "segmentation", withExtension: "model", subdirectory: "Models")
                ?? Bundle.module.url(forResource: "segmentation", withExtension: "model") else {
            throw ModelContainerError(path: "Models/segmentation.model", kind: .unreadable,
                                      problem: "the shipped speech segmentation model is missing from the installation")
        }
        return try SegmentationModel(contentsOf: url.path)
    }

    /// Frames the network gives for a window of `windowSamples` samples (any length from 991 samples on), or nil
    /// if the window is too short or too long.
    public func frames(windowSamples: Int) -> Int? {
        guard let cfg = config(windowSamples: windowSamples) else { return nil }
        var c = cfg
        return Int(cdsp_segmentation_frames(&c))
    }

    /// Multiply-accumulates of the network's convolutions, LSTM and linear layers for `windows` windows of
    /// `windowSamples` samples (default: the model's), counted as a direct implementation does them (the C code
    /// does half of the SincNet filterbank's, thanks to the filters' symmetry), for throughput figures.
    public func multiplyAccumulates(windows: Int, windowSamples: Int? = nil) -> Double {
        guard windows >= 1, var cfg = config(windowSamples: windowSamples ?? self.windowSamples) else { return 0 }
        return max(0, cdsp_segmentation_macs(&cfg, Int32(clamping: windows)))
    }

    /// The configuration for windows of another length, or nil if the network gives no frame for it.
    func config(windowSamples: Int) -> cdsp_segmentation_config? {
        guard windowSamples >= 1, windowSamples <= Int(CDSP_SEGMENTATION_MAX_WINDOW_SAMPLES) else { return nil }
        var cfg = config
        cfg.window_samples = Int32(windowSamples)
        return cdsp_segmentation_check_config(&cfg) == CDSP_SEGMENTATION_OK ? cfg : nil
    }
}
