/// The ensemble laid out for fast prediction. All trees' nodes sit in one array of 16-byte records with
/// siblings adjacent (right child = left child + 1), so a step is one load, one compare and an add. Leaves
/// point to themselves (threshold +∞, both children = the leaf), so every row can take the same number of
/// steps, the tree's depth, without a branch on "is this a leaf"; eight rows walk a tree together, which gives
/// the processor eight independent chains of loads instead of one. Rows are scored in blocks, tree by tree,
/// so each tree stays in cache. Scores are summed in Double in tree order, exactly as
/// `TreeEnsemble.rawScores`, so both give bit-identical results.
public struct CompiledForest: Sendable {
    struct Node {
        /// Split feature (0 at a leaf, whose threshold +∞ keeps every value on the leaf).
        var feature: Int32
        /// Split threshold; +∞ at a leaf.
        var threshold: Float
        /// Absolute index of the left child (the right child follows it); the node itself at a leaf.
        var left: Int32
        /// Absolute index of the child taken by a missing value; the node itself at a leaf.
        var missing: Int32
    }

    let nodes: [Node]
    /// Leaf value of each node (0 for internal nodes).
    let leafValue: [Float]
    /// Depth of each node (root = 0), for counting node visits.
    let depth: [Int32]
    let roots: [Int32]
    /// Maximum leaf depth of each tree: the number of steps that brings every row to its leaf.
    let treeDepth: [Int32]
    let classCount: Int
    let baseScores: [Double]

    public init(_ ensemble: TreeEnsemble) {
        var nodes: [Node] = [], leafValue: [Float] = [], depth: [Int32] = []
        var roots: [Int32] = [], treeDepth: [Int32] = []
        func placeholder() { nodes.append(Node(feature: 0, threshold: .infinity, left: 0, missing: 0)); leafValue.append(0); depth.append(0) }
        for tree in ensemble.trees {
            let root = nodes.count
            roots.append(Int32(root))
            placeholder()
            var maxDepth: Int32 = 0
            // Breadth-first: (original index, new index, depth)
            var queue: [(Int, Int, Int32)] = [(0, root, 0)]
            var head = 0
            while head < queue.count {
                let (o, k, d) = queue[head]
                head += 1
                depth[k] = d
                let f = tree.feature[o]
                if f < 0 {
                    nodes[k] = Node(feature: 0, threshold: .infinity, left: Int32(k), missing: Int32(k))
                    leafValue[k] = tree.value[o]
                    maxDepth = max(maxDepth, d)
                    continue
                }
                let l = nodes.count
                placeholder()
                placeholder()
                nodes[k] = Node(feature: f, threshold: tree.threshold[o], left: Int32(l),
                                missing: Int32(tree.defaultLeft[o] ? l : l + 1))
                queue.append((Int(tree.left[o]), l, d + 1))
                queue.append((Int(tree.right[o]), l + 1, d + 1))
            }
            treeDepth.append(maxDepth)
        }
        self.nodes = nodes
        self.leafValue = leafValue
        self.depth = depth
        self.roots = roots
        self.treeDepth = treeDepth
        self.classCount = ensemble.classCount
        self.baseScores = ensemble.baseScores.map(Double.init)
    }

    /// Number of node records.
    public var nodeCount: Int { nodes.count }

    /// Walks `lanes` rows (at most 8) starting at `rows` through one tree; leaves are written to `leaf`.
    @inline(__always)
    private static func walk(_ nd: UnsafePointer<Node>, root: Int32, steps: Int32, rows: UnsafePointer<Float>,
                             cols: Int, lanes: Int, leaf: UnsafeMutablePointer<Int32>) {
        for u in 0..<lanes { leaf[u] = root }
        if lanes == 8 {
            // Stop early once no lane moves (all eight rows are at their leaves).
            for _ in 0..<steps {
                var moved: Int32 = 0
                for u in 0..<8 {
                    let current = leaf[u]
                    let n = nd[Int(current)]
                    let x = rows[u * cols + Int(n.feature)]
                    let next = x <= n.threshold ? n.left : n.left &+ 1
                    let chosen = x.isNaN ? n.missing : next
                    moved |= chosen ^ current
                    leaf[u] = chosen
                }
                if moved == 0 { break }
            }
        } else {
            for _ in 0..<steps {
                for u in 0..<lanes {
                    let n = nd[Int(leaf[u])]
                    let x = rows[u * cols + Int(n.feature)]
                    let next = x <= n.threshold ? n.left : n.left &+ 1
                    leaf[u] = x.isNaN ? n.missing : next
                }
            }
        }
    }

    /// Raw scores, `rows × classCount` row-major, for row-major `values` (`rows × cols`, NaN = missing).
    public func rawScores(_ values: [Float], rows: Int, cols: Int) -> [Float] {
        precondition(values.count == rows * cols)
        let k = classCount
        var out = [Float](repeating: 0, count: rows * k)
        let block = 64
        var acc = [Double](repeating: 0, count: block * k)
        var leaf = [Int32](repeating: 0, count: 8)
        values.withUnsafeBufferPointer { v in
            nodes.withUnsafeBufferPointer { nd in
                leafValue.withUnsafeBufferPointer { lv in
                    acc.withUnsafeMutableBufferPointer { a in
                        leaf.withUnsafeMutableBufferPointer { lf in
                            var start = 0
                            while start < rows {
                                let m = min(block, rows - start)
                                for r in 0..<m { for c in 0..<k { a[r * k + c] = baseScores[c] } }
                                for t in 0..<roots.count {
                                    let c = t % k
                                    var r = 0
                                    while r < m {
                                        let lanes = min(8, m - r)
                                        Self.walk(nd.baseAddress!, root: roots[t], steps: treeDepth[t],
                                                  rows: v.baseAddress! + (start + r) * cols, cols: cols, lanes: lanes,
                                                  leaf: lf.baseAddress!)
                                        for u in 0..<lanes { a[(r + u) * k + c] += Double(lv[Int(lf[u])]) }
                                        r += lanes
                                    }
                                }
                                for r in 0..<m { for c in 0..<k { out[(start + r) * k + c] = Float(a[r * k + c]) } }
                                start += m
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Nodes on the rows' paths (internal nodes plus the leaf) when scoring `values`, for throughput reports.
    public func nodeVisits(_ values: [Float], rows: Int, cols: Int) -> Int {
        var visits = 0
        var leaf = [Int32](repeating: 0, count: 8)
        values.withUnsafeBufferPointer { v in
            nodes.withUnsafeBufferPointer { nd in
                for t in 0..<roots.count {
                    var r = 0
                    while r < rows {
                        let lanes = min(8, rows - r)
                        Self.walk(nd.baseAddress!, root: roots[t], steps: treeDepth[t], rows: v.baseAddress! + r * cols,
                                  cols: cols, lanes: lanes, leaf: &leaf)
                        for u in 0..<lanes { visits += Int(depth[Int(leaf[u])]) + 1 }
                        r += lanes
                    }
                }
            }
        }
        return visits
    }
}
