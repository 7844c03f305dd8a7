/// Every setting of speech detection with the segmentation network (pyannote segmentation-3.0), with its
/// default and unit: how the film is cut into the network's windows, how window outputs are combined, and
/// how the combined speech probability becomes speech regions.
///
/// Defaults were chosen on the calibration and tuning scenes (EVALUATION.md, "Speech activity"); the
/// network itself fixes the window length (10 s) and its frame grid (270 samples = 16.875 ms).
public struct SpeechSegmentationOptions: Equatable, Sendable {
    /// Step between consecutive 10 s windows, seconds; every frame is seen by about 10 / step windows, whose
    /// outputs are averaged with Hamming weights (pyannote's aggregation). Default 5: as accurate as 1 s on
    /// the calibration scenes (1.2 % against 1.0 % missed speech) at a fifth of the cost.
    public var windowStep: Double = 5
    /// Windows handed to the network at a time (it splits them into its own batches and spreads those over
    /// the threads). Default 32. Groups depend only on the window order, never on the thread count.
    public var groupWindows: Int = 32
    /// A frame becomes speech when its speech probability (1 − P(nobody speaks)) rises above this. Default 0.7.
    public var onset: Double = 0.7
    /// A speech stretch ends when the speech probability falls below this. Default 0.5.
    public var offset: Double = 0.5
    /// Speech regions shorter than this are dropped, seconds. Default 0.25.
    public var minimumSpeech: Double = 0.25
    /// Gaps between speech regions up to this long are filled, seconds. Default 0.1.
    public var minimumGap: Double = 0.1

    public init() {}

    /// A problem with the settings, or nil.
    public var problem: String? {
        if !(windowStep >= 0.5 && windowStep <= 10) { return "window step \(windowStep) s is outside 0.5…10 s" }
        if groupWindows < 1 || groupWindows > 4096 { return "group of \(groupWindows) windows is outside 1…4096" }
        if !(onset > 0 && onset < 1 && offset > 0 && offset < 1 && offset <= onset) {
            return "onset \(onset) and offset \(offset) must satisfy 0 < offset ≤ onset < 1"
        }
        if !(minimumSpeech >= 0 && minimumGap >= 0) { return "minimum speech and gap must be non-negative" }
        return nil
    }
}
