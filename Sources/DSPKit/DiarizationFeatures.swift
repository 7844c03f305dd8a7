/// The feature space of the diarization background model, the cross-likelihood pass and the speaker
/// embedding: chosen cepstra of the front end, mean- and variance-normalised over a file's speech frames,
/// optionally followed by their time derivatives.
///
/// Shared by the trainers (training files and scenes) and `SpeakerCounter` (the film) so that both always
/// see the same transform. Normalising per file removes the channel's average colouring while keeping what
/// differs between the speakers of that file. Stored in the diarization model with the GMM it belongs to.
public struct DiarizationFeatures: Equatable, Sendable {
    /// Front-end columns used (of c0…c19, log energy).
    public var columns: Range<Int>
    /// Regression half-width of the appended deltas, in frames; 0 appends none.
    public var deltaWindow: Int

    public init(columns: Range<Int>, deltaWindow: Int = 0) {
        precondition(columns.lowerBound >= 0 && !columns.isEmpty && deltaWindow >= 0, "invalid diarization feature space")
        self.columns = columns
        self.deltaWindow = deltaWindow
    }

    /// Values per frame.
    public var dimension: Int { columns.count * (deltaWindow > 0 ? 2 : 1) }

    /// Every frame of `mfcc` in this space, normalised over the frames of `speech` (all frames if `speech`
    /// is empty or covers no frame).
    public func transform(_ mfcc: FeatureMatrix, speech: [Range<Int>]) -> FeatureMatrix {
        let statics = Self.normalized(mfcc, columns: columns, speech: speech)
        guard deltaWindow > 0 else { return statics }
        let d = columns.count
        let dynamics = deltas(statics, window: deltaWindow)
        var out = [Float](repeating: 0, count: mfcc.rows * 2 * d)
        for t in 0..<mfcc.rows {
            for j in 0..<d {
                out[t * 2 * d + j] = statics.data[t * d + j]
                out[t * 2 * d + d + j] = dynamics.data[t * d + j]
            }
        }
        return FeatureMatrix(rows: mfcc.rows, cols: 2 * d, data: out)
    }

    /// The columns `columns` of `mfcc`, normalised to zero mean and unit variance over the frames of
    /// `speech` (all frames if `speech` is empty or covers no frame). Every frame is transformed.
    public static func normalized(_ mfcc: FeatureMatrix, columns: Range<Int>, speech: [Range<Int>]) -> FeatureMatrix {
        precondition(columns.lowerBound >= 0 && columns.upperBound <= mfcc.cols, "columns outside the features")
        let d = columns.count
        var regions = speech.map { max(0, $0.lowerBound)..<min(mfcc.rows, $0.upperBound) }.filter { !$0.isEmpty }
        if regions.isEmpty { regions = [0..<mfcc.rows] }
        var sum = [Double](repeating: 0, count: d), sq = [Double](repeating: 0, count: d)
        var n = 0.0
        mfcc.data.withUnsafeBufferPointer { x in
            for r in regions {
                for t in r {
                    let base = t * mfcc.cols + columns.lowerBound
                    for j in 0..<d { let v = Double(x[base + j]); sum[j] += v; sq[j] += v * v }
                }
                n += Double(r.count)
            }
        }
        var mean = [Float](repeating: 0, count: d), scale = [Float](repeating: 1, count: d)
        if n > 0 {
            for j in 0..<d {
                let m = sum[j] / n
                let v = max(sq[j] / n - m * m, 1e-6)
                mean[j] = Float(m)
                scale[j] = Float(1 / v.squareRoot())
            }
        }
        var out = [Float](repeating: 0, count: mfcc.rows * d)
        mfcc.data.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                for t in 0..<mfcc.rows {
                    let base = t * mfcc.cols + columns.lowerBound
                    for j in 0..<d { y[t * d + j] = (x[base + j] - mean[j]) * scale[j] }
                }
            }
        }
        return FeatureMatrix(rows: mfcc.rows, cols: d, data: out)
    }
}
