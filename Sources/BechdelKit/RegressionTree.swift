/// One regression tree of a boosted ensemble, stored as flat arrays (node 0 is the root) so that it can be
/// written to and read from the model file without translation, and walked without pointer chasing.
///
/// Split rule: a row goes left when `value <= threshold`, right otherwise; a missing value (NaN) goes
/// left when `defaultLeft` is true. Leaves have `feature == -1` and carry `value`; `cover` is the sum of
/// hessians of the training rows that reached the node (TreeSHAP weighs paths by it).
public struct RegressionTree: Equatable, Sendable {
    /// Split feature index, or -1 for a leaf.
    public var feature: [Int32]
    /// Split threshold (ignored at leaves).
    public var threshold: [Float]
    /// Index of the left child (-1 at leaves).
    public var left: [Int32]
    /// Index of the right child (-1 at leaves).
    public var right: [Int32]
    /// Direction taken by a missing value.
    public var defaultLeft: [Bool]
    /// Leaf output in raw-score units (internal nodes: the value the node would have as a leaf).
    public var value: [Float]
    /// Sum of training hessians reaching the node.
    public var cover: [Float]

    public init(feature: [Int32], threshold: [Float], left: [Int32], right: [Int32],
                defaultLeft: [Bool], value: [Float], cover: [Float]) {
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.defaultLeft = defaultLeft
        self.value = value
        self.cover = cover
    }

    /// Number of nodes.
    public var nodeCount: Int { feature.count }

    /// Index of the leaf a row ends in. `row` holds one value per feature, NaN for missing.
    @inlinable
    public func leafIndex(for row: UnsafeBufferPointer<Float>) -> Int {
        var node = 0
        while true {
            let f = Int(feature[node])
            if f < 0 { return node }
            let x = row[f]
            let goLeft = x.isNaN ? defaultLeft[node] : (x <= threshold[node])
            node = Int(goLeft ? left[node] : right[node])
        }
    }

    /// The tree's output for a row.
    @inlinable
    public func predict(_ row: UnsafeBufferPointer<Float>) -> Float {
        value[leafIndex(for: row)]
    }
}
