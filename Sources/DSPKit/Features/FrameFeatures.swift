/// Per-frame acoustic features of a recording: MFCCs with log energy, pitch and, when asked for, the log mel
/// filterbank energies the speaker embedding reads.
///
/// What `FeatureExtractor` keeps of a whole film (about 100 rows per second); speech detection,
/// diarization and sex classification all start from it.
public struct FrameFeatures: Equatable, Sendable {
    /// One row per 10 ms frame: c0…c19 then the natural log of the frame energy (21 columns by default).
    public var mfcc: FeatureMatrix
    /// F0 per frame, Hz; 0 for unvoiced or silent frames.
    public var pitch: [Float]
    /// Voicing strength per frame, 0…1 (normalised autocorrelation at the chosen period).
    public var pitchStrength: [Float]
    /// Log mel filterbank energies per frame (`FilterbankOptions`, 80 columns by default), row i = frame i;
    /// nil when the extractor was not asked for them.
    public var filterbank: FeatureMatrix?
    /// Speech and overlap probabilities of the segmentation network per 16.875 ms frame (its own grid), when
    /// the extractor ran the network.
    public var segmentation: SegmentationScores?

    public init(mfcc: FeatureMatrix, pitch: [Float], pitchStrength: [Float], filterbank: FeatureMatrix? = nil) {
        precondition(filterbank == nil || filterbank!.rows == mfcc.rows, "FrameFeatures: filterbank rows differ from MFCC rows")
        self.mfcc = mfcc
        self.pitch = pitch
        self.pitchStrength = pitchStrength
        self.filterbank = filterbank
    }

    /// Number of frames.
    public var count: Int { mfcc.rows }
}
