/// Row-major matrix of per-frame features (one row per 10 ms frame), the currency between the audio stages.
public struct FeatureMatrix {
    public var rows: Int
    public var cols: Int
    public var data: [Float]

    public init(rows: Int, cols: Int, data: [Float]) {
        self.rows = rows
        self.cols = cols
        self.data = data
    }
}
