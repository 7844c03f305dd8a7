/// The ensemble laid out for fast prediction: all trees' nodes in one array of 16-byte records, siblings
/// adjacent (right child = left child + 1) so a step is one load and a compare, leaves carrying their value
/// in the threshold slot. Rows are scored in blocks, tree by tree, so each tree stays in cache across the
/// block. Scores are summed in Double in tree order, exactly as `TreeEnsemble.rawScores`, so both give
/// bit-identical results.
public struct CompiledForest: Sendable {
    struct Node {
        /// Split feature, or -1 at a leaf.
        var feature: Int32
        /// Split threshold, or the leaf value.
        var threshold: Float
        /// Absolute index of the left child; the right child follows it.
        var left: Int32
        /// Absolute index of the child taken by a missing value.
        var missing: Int32
    }

    let nodes: [Node]
    let roots: [Int32]
    let classCount: Int
    let baseScores: [Double]

    public init(_ ensemble: TreeEnsemble) {
        var nodes: [Node] = []
        var roots: [Int32] = []
        for tree in ensemble.trees {
            let root = nodes.count
            roots.append(Int32(root))
            nodes.append(Node(feature: -1, threshold: 0, left: -1, missing: -1))
            // Breadth-first: (original index, new index)
            var queue: [(Int, Int)] = [(0, root)]
            var head = 0
            while head < queue.count {
                let (o, k) = queue[head]
                head += 1
                let f = tree.feature[o]
                if f < 0 {
                    nodes[k] = Node(feature: -1, threshold: tree.value[o], left: -1, missing: -1)
                    continue
                }
                let l = nodes.count
                nodes.append(Node(feature: -1, threshold: 0, left: -1, missing: -1))
                nodes.append(Node(feature: -1, threshold: 0, left: -1, missing: -1))
                nodes[k] = Node(feature: f, threshold: tree.threshold[o], left: Int32(l),
                                missing: Int32(tree.defaultLeft[o] ? l : l + 1))
                queue.append((Int(tree.left[o]), l))
                queue.append((Int(tree.right[o]), l + 1))
            }
        }
        self.nodes = nodes
        self.roots = roots
        self.classCount = ensemble.classCount
        self.baseScores = ensemble.baseScores.map(Double.init)
    }

    /// Number of node records.
    public var nodeCount: Int { nodes.count }

    /// Raw scores, `rows × classCount` row-major, for row-major `values` (`rows × cols`, NaN = missing).
    public func rawScores(_ values: [Float], rows: Int, cols: Int) -> [Float] {
        precondition(values.count == rows * cols)
        let k = classCount
        var out = [Float](repeating: 0, count: rows * k)
        let block = 64
        var acc = [Double](repeating: 0, count: block * k)
        values.withUnsafeBufferPointer { v in
            nodes.withUnsafeBufferPointer { nd in
                acc.withUnsafeMutableBufferPointer { a in
                    var start = 0
                    while start < rows {
                        let m = min(block, rows - start)
                        for r in 0..<m { for c in 0..<k { a[r * k + c] = baseScores[c] } }
                        for (t, root) in roots.enumerated() {
                            let c = t % k
                            for r in 0..<m {
                                let row = v.baseAddress! + (start + r) * cols
                                var i = Int(root)
                                while true {
                                    let n = nd[i]
                                    if n.feature < 0 { break }
                                    let x = row[Int(n.feature)]
                                    i = x.isNaN ? Int(n.missing) : Int(n.left) + (x <= n.threshold ? 0 : 1)
                                }
                                a[r * k + c] += Double(nd[i].threshold)
                            }
                        }
                        for r in 0..<m { for c in 0..<k { out[(start + r) * k + c] = Float(a[r * k + c]) } }
                        start += m
                    }
                }
            }
        }
        return out
    }

    /// Nodes visited (internal nodes plus the leaf) when scoring `values`, for throughput reports.
    public func nodeVisits(_ values: [Float], rows: Int, cols: Int) -> Int {
        var visits = 0
        values.withUnsafeBufferPointer { v in
            for root in roots {
                for r in 0..<rows {
                    var i = Int(root)
                    visits += 1
                    while nodes[i].feature >= 0 {
                        let n = nodes[i]
                        let x = v[r * cols + Int(n.feature)]
                        i = x.isNaN ? Int(n.missing) : Int(n.left) + (x <= n.threshold ? 0 : 1)
                        visits += 1
                    }
                }
            }
        }
        return visits
    }
}
