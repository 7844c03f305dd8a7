/// Per-frame acoustic features of a recording: MFCCs with log energy, and pitch.
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

    public init(mfcc: FeatureMatrix, pitch: [Float], pitchStrength: [Float]) {
        self.mfcc = mfcc
        self.pitch = pitch
        self.pitchStrength = pitchStrength
    }

    /// Number of frames.
    public var count: Int { mfcc.rows }
}
