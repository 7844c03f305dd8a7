import CDSP
import FuzzSupport

/// The two networks' C entry points with hostile configurations (any int32 values, as a model file may hold
/// them) and hostile call sizes: configuration checks, tensor tables, workspace sizes and multiply-accumulate
/// counts must answer or refuse; a forward pass with a batch, frame counts, buffer sizes or kernels it cannot
/// honour must return its error code and write nothing. Buffers are always as large as the sizes declared (a
/// smaller real buffer would be the caller's bug), so an accepted call that strays is an AddressSanitizer report.
enum NetworkAPICases {
    /// The smallest consistent CAM++: 8 bands, one head channel, growth 2 (channel counts stay even).
    static let tinyCAMPlus: cdsp_campplus_config = {
        var c = cdsp_campplus_config()
        c.feature_dim = 8; c.head_channels = 1; c.tdnn_channels = 2; c.growth_rate = 2; c.bottleneck_channels = 2
        c.block_layers = (1, 1, 1); c.block_dilations = (1, 2, 2); c.embedding_dim = 3; c.segment_frames = 4
        return c
    }()

    static func campplus(_ input: inout FuzzInput) {
        // Any configuration: the queries must answer or refuse, never crash or overflow.
        var any = cdsp_campplus_config()
        any.feature_dim = input.hostileInt32(); any.head_channels = input.hostileInt32()
        any.tdnn_channels = input.hostileInt32(); any.growth_rate = input.hostileInt32()
        any.bottleneck_channels = input.hostileInt32()
        any.block_layers = (input.hostileInt32(), input.hostileInt32(), input.hostileInt32())
        any.block_dilations = (input.hostileInt32(), input.hostileInt32(), input.hostileInt32())
        any.embedding_dim = input.hostileInt32(); any.segment_frames = input.hostileInt32()
        var cfg = input.bool() ? tinyCAMPlus : any
        let accepted = cdsp_campplus_check_config(&cfg) == CDSP_CAMPPLUS_OK
        let tensors = cdsp_campplus_tensor_count(&cfg), floats = cdsp_campplus_weight_floats(&cfg)
        precondition(accepted == (tensors > 0) && accepted == (floats > 0), "configuration checks disagree")
        var info = cdsp_campplus_tensor()
        _ = cdsp_campplus_tensor_info(&cfg, input.hostileInt32(), &info)
        let batch = input.bool() ? Int32(input.int(in: 0...5)) : input.hostileInt32()
        // One frame count per window of the batch (the C code reads `batch` of them): the first eight from the input.
        let windows = (1...Int(CDSP_CAMPPLUS_MAX_BATCH)).contains(Int(batch)) ? Int(batch) : 1
        let frames = (0..<windows).map { w -> Int32 in
            w >= 8 ? 1 : input.bool() ? Int32(input.int(in: 1...50)) : input.hostileInt32()
        }
        let workspace = frames.withUnsafeBufferPointer { cdsp_campplus_workspace_floats(&cfg, batch, $0.baseAddress) }
        _ = frames.withUnsafeBufferPointer { cdsp_campplus_macs(&cfg, batch, $0.baseAddress) }
        guard accepted, floats <= 1 << 20, workspace <= 1 << 24 else { return }

        // A forward pass of a small accepted network with hostile sizes.
        let weights = Buffer(count: floats) { i in Float((i * 37) % 19 - 9) / 64 }
        let kernels = input.bool() ? Int32(input.int(in: 0...2)) : input.hostileInt32()
        let plausibleFrames = frames.reduce(0) { $0 + Int(max(0, min($1, 1 << 12))) }
        let fbankCapacity = min(plausibleFrames * Int(cfg.feature_dim), 1 << 22)
        let fbank = Buffer(count: max(1, fbankCapacity)) { _ in input.hostileFloat() }
        let declaredFbank = input.bool() ? fbankCapacity : min(fbankCapacity, Int(input.hostileInt32()))
        let workspaceCapacity = max(1, min(workspace > 0 ? workspace : 1, 1 << 24))
        let scratch = Buffer(count: workspaceCapacity) { _ in 0 }
        let declaredWorkspace = input.bool() ? workspaceCapacity : min(workspaceCapacity, Int(input.hostileInt32()))
        let outputCapacity = max(1, min(windows, 64) * Int(cfg.embedding_dim))
        let output = Buffer(count: outputCapacity) { _ in -7 }
        let declaredOutput = input.bool() ? outputCapacity : min(outputCapacity, Int(input.hostileInt32()))
        let rc = frames.withUnsafeBufferPointer { f in
            cdsp_campplus_embed(&cfg, kernels, weights.pointer, floats, fbank.pointer, declaredFbank,
                                batch, f.baseAddress, scratch.pointer, declaredWorkspace, output.pointer, declaredOutput)
        }
        if rc != CDSP_CAMPPLUS_OK { precondition(output.pointer[0] == -7, "refused CAM++ call wrote its output") }
    }

    /// A small consistent segmentation network: 2 bands of 9 taps, stride 3, 2 channels, 1 LSTM layer of 2.
    static let tinySegmentation: cdsp_segmentation_config = {
        var c = cdsp_segmentation_config()
        c.sample_rate = 16000; c.window_samples = 200; c.sinc_bands = 2; c.sinc_taps = 9; c.sinc_stride = 3
        c.conv_channels = 2; c.conv_kernel = 2; c.pool = 2; c.lstm_hidden = 2; c.lstm_layers = 1
        c.linear_hidden = 3; c.linear_layers = 1; c.classes = 4
        return c
    }()

    static func segmentation(_ input: inout FuzzInput) {
        var any = cdsp_segmentation_config()
        any.sample_rate = input.hostileInt32(); any.window_samples = input.hostileInt32()
        any.sinc_bands = input.hostileInt32(); any.sinc_taps = input.hostileInt32(); any.sinc_stride = input.hostileInt32()
        any.conv_channels = input.hostileInt32(); any.conv_kernel = input.hostileInt32(); any.pool = input.hostileInt32()
        any.lstm_hidden = input.hostileInt32(); any.lstm_layers = input.hostileInt32()
        any.linear_hidden = input.hostileInt32(); any.linear_layers = input.hostileInt32(); any.classes = input.hostileInt32()
        var cfg = tinySegmentation
        switch input.byte() % 3 {
        case 0: cfg = any
        case 1: cfg.window_samples = input.bool() ? Int32(input.int(in: 0...3000)) : input.hostileInt32()
        default: break
        }
        let accepted = cdsp_segmentation_check_config(&cfg) == CDSP_SEGMENTATION_OK
        let tensors = cdsp_segmentation_tensor_count(&cfg), floats = cdsp_segmentation_weight_floats(&cfg)
        let frames = cdsp_segmentation_frames(&cfg)
        precondition(accepted == (tensors > 0) && accepted == (floats > 0) && accepted == (frames > 0), "configuration checks disagree")
        var start = 0.0, step = 0.0, duration = 0.0
        _ = cdsp_segmentation_frame_timing(&cfg, &start, &step, &duration)
        var info = cdsp_segmentation_tensor()
        _ = cdsp_segmentation_tensor_info(&cfg, input.hostileInt32(), &info)
        let batch = input.bool() ? Int32(input.int(in: 0...4)) : input.hostileInt32()
        let workspace = cdsp_segmentation_workspace_floats(&cfg, batch)
        _ = cdsp_segmentation_macs(&cfg, batch)
        guard accepted, floats <= 1 << 20, workspace <= 1 << 24, Int(cfg.window_samples) <= 1 << 16 else { return }

        let weights = Buffer(count: floats) { i in Float((i * 37) % 19 - 9) / 64 }
        let kernels = input.bool() ? Int32(input.int(in: 0...2)) : input.hostileInt32()
        let sampleCapacity = max(1, min(max(0, Int(batch)), 4) * Int(cfg.window_samples))
        let samples = Buffer(count: sampleCapacity) { _ in input.hostileFloat() }
        let declaredSamples = input.bool() ? sampleCapacity : min(sampleCapacity, Int(input.hostileInt32()))
        let workspaceCapacity = max(1, workspace > 0 ? workspace : 1)
        let scratch = Buffer(count: workspaceCapacity) { _ in 0 }
        let declaredWorkspace = input.bool() ? workspaceCapacity : min(workspaceCapacity, Int(input.hostileInt32()))
        let outputCapacity = max(1, min(max(0, Int(batch)), 4) * Int(frames) * Int(cfg.classes))
        let output = Buffer(count: outputCapacity) { _ in -7 }
        let declaredOutput = input.bool() ? outputCapacity : min(outputCapacity, Int(input.hostileInt32()))
        let rc = cdsp_segmentation_run(&cfg, kernels, weights.pointer, floats, samples.pointer, declaredSamples, batch,
                                       scratch.pointer, declaredWorkspace, output.pointer, declaredOutput)
        if rc != CDSP_SEGMENTATION_OK { precondition(output.pointer[0] == -7, "refused segmentation call wrote its output") }
    }
}

/// A 64-byte-aligned float buffer filled by `value(index)`, freed with its owner.
final class Buffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int, value: (Int) -> Float) {
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64).bindMemory(to: Float.self, capacity: count)
        for i in 0..<count { pointer[i] = value(i) }
    }

    deinit { pointer.deallocate() }
}
