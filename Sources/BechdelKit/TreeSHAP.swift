import Foundation

/// Exact TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution for tree
/// ensembles", Algorithm 2) for the trees of one class of a `TreeEnsemble`: answers "why does the model give
/// this film this score" with one additive contribution per feature.
///
/// The value function is the path-dependent conditional expectation: a feature outside the coalition sends the
/// row down both children, weighted by the children's training cover; a feature inside follows the row's own
/// decision (`x <= threshold` left, NaN along `defaultLeft`). For every row,
/// `bias + Σ contributions == raw score of the class` (up to float rounding), where `bias` is the base score
/// plus the cover-weighted mean output of the class's trees.
///
/// The flattened trees are kept in contiguous arrays; each call walks them with one preallocated path buffer
/// (`Workspace`), so explaining a row allocates nothing per node.
public struct TreeSHAP: Sendable {
    /// The class whose raw score is explained (3 = passes the Bechdel test, for the shipped model).
    public let classIndex: Int
    /// Number of features (columns of the rows given to `explain`).
    public let featureCount: Int
    /// Expected raw score: base score + Σ over the class's trees of the cover-weighted mean leaf value.
    public let bias: Double

    // Flattened nodes of the class's trees; child indices are absolute.
    let feature: [Int32]
    let threshold: [Float]
    let left: [Int32]
    let right: [Int32]
    let defaultLeft: [Bool]
    let value: [Double]
    /// Share of its parent's cover carried by each node (1 at roots).
    let coverShare: [Double]
    let roots: [Int32]
    /// Longest root-to-leaf path (in splits) over the class's trees.
    let maxDepth: Int
    let baseScore: Double

    /// Prepares the class's trees. Throws when a split refers to a feature outside `0..<featureCount`,
    /// a child index is out of range, or the class does not exist.
    public init(ensemble: TreeEnsemble, classIndex: Int, featureCount: Int) throws {
        guard ensemble.classCount > 0, (0..<ensemble.classCount).contains(classIndex),
              ensemble.baseScores.count == ensemble.classCount else {
            throw TreeSHAPError.noSuchClass(classIndex, ensemble.classCount)
        }
        self.classIndex = classIndex
        self.featureCount = featureCount
        self.baseScore = Double(ensemble.baseScores[classIndex])

        var feature: [Int32] = [], threshold: [Float] = [], left: [Int32] = [], right: [Int32] = []
        var defaultLeft: [Bool] = [], value: [Double] = [], coverShare: [Double] = [], roots: [Int32] = []
        var maxDepth = 0
        var expected = 0.0
        var t = classIndex
        while t < ensemble.trees.count {
            let tree = ensemble.trees[t]
            let n = tree.nodeCount
            guard n > 0, tree.threshold.count == n, tree.left.count == n, tree.right.count == n,
                  tree.defaultLeft.count == n, tree.value.count == n, tree.cover.count == n else {
                throw TreeSHAPError.malformedTree(t, "arrays of different lengths or no nodes")
            }
            let offset = Int32(feature.count)
            roots.append(offset)
            var share = [Double](repeating: 1, count: n)
            for i in 0..<n {
                let f = Int(tree.feature[i])
                if f < 0 { continue }
                guard f < featureCount else { throw TreeSHAPError.featureOutOfRange(t, f, featureCount) }
                let l = Int(tree.left[i]), r = Int(tree.right[i])
                guard l > i, r > i, l < n, r < n, l != r else {
                    throw TreeSHAPError.malformedTree(t, "node \(i) has children \(l), \(r)")
                }
                let cl = max(0, Double(tree.cover[l])), cr = max(0, Double(tree.cover[r]))
                let total = cl + cr
                share[l] = total > 0 ? cl / total : 0.5
                share[r] = total > 0 ? cr / total : 0.5
            }
            // Depth and expected value, walking from the root (children have larger indices than parents,
            // which the check above guarantees, so the walk terminates).
            var depth = [Int](repeating: 0, count: n)
            var mass = [Double](repeating: 0, count: n)
            mass[0] = 1
            var treeExpected = 0.0
            for i in 0..<n {
                if tree.feature[i] < 0 {
                    treeExpected += mass[i] * Double(tree.value[i])
                    maxDepth = max(maxDepth, depth[i])
                } else {
                    let l = Int(tree.left[i]), r = Int(tree.right[i])
                    depth[l] = depth[i] + 1; depth[r] = depth[i] + 1
                    mass[l] += mass[i] * share[l]; mass[r] += mass[i] * share[r]
                }
            }
            expected += treeExpected
            for i in 0..<n {
                feature.append(tree.feature[i])
                threshold.append(tree.threshold[i])
                let isLeaf = tree.feature[i] < 0
                left.append(isLeaf ? -1 : tree.left[i] + offset)
                right.append(isLeaf ? -1 : tree.right[i] + offset)
                defaultLeft.append(tree.defaultLeft[i])
                value.append(Double(tree.value[i]))
                coverShare.append(share[i])
            }
            t += ensemble.classCount
        }
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.defaultLeft = defaultLeft
        self.value = value
        self.coverShare = coverShare
        self.roots = roots
        self.maxDepth = maxDepth
        self.bias = baseScore + expected
    }

    /// Number of trees of the explained class.
    public var treeCount: Int { roots.count }

    /// Reusable scratch memory for `explain(row:contributions:workspace:)`: one path buffer sized for the
    /// deepest tree. One per thread.
    public final class Workspace {
        let path: UnsafeMutablePointer<PathElement>
        let capacity: Int
        let phi: UnsafeMutablePointer<Double>
        let phiCount: Int
        let recip: UnsafeMutablePointer<Double>

        public init(for shap: TreeSHAP) {
            // Each recursion level keeps its own copy of the path (at most depth + 2 elements).
            let d = shap.maxDepth + 2
            capacity = d * (d + 1) / 2 + 1
            path = .allocate(capacity: capacity)
            path.initialize(repeating: PathElement(), count: capacity)
            phiCount = max(1, shap.featureCount)
            phi = .allocate(capacity: phiCount)
            phi.initialize(repeating: 0, count: phiCount)
            recip = .allocate(capacity: d + 2)
            recip[0] = 0
            for n in 1..<(d + 2) { recip[n] = 1 / Double(n) }
        }

        deinit {
            path.deallocate()
            phi.deallocate()
            recip.deallocate()
        }
    }

    /// One element of the unique path of Algorithm 2.
    struct PathElement {
        var feature: Int32 = -1
        var zeroFraction: Double = 0
        var oneFraction: Double = 0
        var weight: Double = 0
    }

    /// Explains one row (`featureCount` values, NaN = missing): writes one contribution per feature into
    /// `contributions` and returns the raw score of the class (base score + Σ tree outputs), which equals
    /// `bias + Σ contributions` up to rounding.
    @discardableResult
    public func explain(row: UnsafeBufferPointer<Float>, contributions: UnsafeMutableBufferPointer<Float>,
                        workspace: Workspace) -> Double {
        precondition(row.count >= featureCount && contributions.count >= featureCount)
        let phi = workspace.phi
        for j in 0..<featureCount { phi[j] = 0 }
        var raw = baseScore
        feature.withUnsafeBufferPointer { feature in
        threshold.withUnsafeBufferPointer { threshold in
        left.withUnsafeBufferPointer { left in
        right.withUnsafeBufferPointer { right in
        defaultLeft.withUnsafeBufferPointer { defaultLeft in
        value.withUnsafeBufferPointer { value in
        coverShare.withUnsafeBufferPointer { coverShare in
            let walker = Walker(feature: feature.baseAddress!, threshold: threshold.baseAddress!,
                                left: left.baseAddress!, right: right.baseAddress!,
                                defaultLeft: defaultLeft.baseAddress!, value: value.baseAddress!,
                                coverShare: coverShare.baseAddress!, row: row.baseAddress!, phi: phi,
                                recip: workspace.recip)
            for root in roots {
                let r = Int(root)
                // The row's own prediction (for the raw score), then the tree's contributions.
                var node = r
                while feature[node] >= 0 { node = walker.hotChild(node) }
                raw += value[node]
                walker.recurse(node: r, parentPath: workspace.path, depth: 0,
                               zeroFraction: 1, oneFraction: 1, parentFeature: -1)
            }
        }}}}}}}
        for j in 0..<featureCount { contributions[j] = Float(phi[j]) }
        return raw
    }

    /// Explains `rows` rows of a row-major matrix with `featureCount` columns. Rows are split into fixed
    /// chunks spread over `threads` threads; every row is computed the same way whatever the thread count,
    /// so the output is byte-identical for any `threads`.
    public func explain(values: [Float], rows: Int, threads: Int = 1) -> FeatureContributions {
        precondition(values.count >= rows * featureCount)
        let cols = featureCount
        var contributions = [Float](repeating: 0, count: rows * cols)
        var raw = [Double](repeating: 0, count: rows)
        let chunk = 64
        let chunks = (rows + chunk - 1) / chunk
        values.withUnsafeBufferPointer { input in
            contributions.withUnsafeMutableBufferPointer { output in
                raw.withUnsafeMutableBufferPointer { rawOut in
                    let inBase = input.baseAddress, outBase = output.baseAddress, rawBase = rawOut.baseAddress
                    let work: (Int) -> Void = { c in
                        let workspace = Workspace(for: self)
                        for i in (c * chunk)..<min(rows, (c + 1) * chunk) {
                            let row = UnsafeBufferPointer(start: inBase.map { $0 + i * cols }, count: cols)
                            let out = UnsafeMutableBufferPointer(start: outBase.map { $0 + i * cols }, count: cols)
                            rawBase![i] = self.explain(row: row, contributions: out, workspace: workspace)
                        }
                    }
                    if threads <= 1 || chunks <= 1 {
                        for c in 0..<chunks { work(c) }
                    } else {
                        let workers = min(threads, chunks)
                        DispatchQueue.concurrentPerform(iterations: workers) { w in
                            var c = w
                            while c < chunks { work(c); c += workers }
                        }
                    }
                }
            }
        }
        return FeatureContributions(rows: rows, featureCount: cols, classIndex: classIndex, bias: bias,
                                    contributions: contributions, rawScores: raw)
    }
}

/// The inner loops of Algorithm 2 over raw pointers (no bounds checks, no retain/release in the recursion).
private struct Walker {
    let feature: UnsafePointer<Int32>
    let threshold: UnsafePointer<Float>
    let left: UnsafePointer<Int32>
    let right: UnsafePointer<Int32>
    let defaultLeft: UnsafePointer<Bool>
    let value: UnsafePointer<Double>
    let coverShare: UnsafePointer<Double>
    let row: UnsafePointer<Float>
    let phi: UnsafeMutablePointer<Double>
    /// recip[n] = 1 / n, for n up to the deepest path + 2 (divisions are the slow part of the inner loops).
    let recip: UnsafePointer<Double>

    typealias Element = TreeSHAP.PathElement

    /// The child the row follows at an internal node.
    @inline(__always)
    func hotChild(_ node: Int) -> Int {
        let x = row[Int(feature[node])]
        let goLeft = x.isNaN ? defaultLeft[node] : (x <= threshold[node])
        return Int(goLeft ? left[node] : right[node])
    }

    @inline(__always)
    func extend(_ path: UnsafeMutablePointer<Element>, _ depth: Int, _ zero: Double, _ one: Double, _ f: Int32) {
        path[depth] = Element(feature: f, zeroFraction: zero, oneFraction: one, weight: depth == 0 ? 1 : 0)
        let inverse = recip[depth + 1]
        var i = depth - 1
        while i >= 0 {
            let w = path[i].weight
            path[i + 1].weight += one * w * Double(i + 1) * inverse
            path[i].weight = zero * w * Double(depth - i) * inverse
            i -= 1
        }
    }

    @inline(__always)
    func unwind(_ path: UnsafeMutablePointer<Element>, _ depth: Int, _ index: Int) {
        let one = path[index].oneFraction, zero = path[index].zeroFraction
        var nextOnePortion = path[depth].weight
        let d1 = Double(depth + 1), inverse = recip[depth + 1]
        var i = depth - 1
        if one != 0 {
            let scale = d1 / one
            while i >= 0 {
                let tmp = path[i].weight
                let w = nextOnePortion * scale * recip[i + 1]
                path[i].weight = w
                nextOnePortion = tmp - w * zero * Double(depth - i) * inverse
                i -= 1
            }
        } else {
            let scale = d1 / zero
            while i >= 0 {
                path[i].weight = path[i].weight * scale * recip[depth - i]
                i -= 1
            }
        }
        var k = index
        while k < depth {
            path[k].feature = path[k + 1].feature
            path[k].zeroFraction = path[k + 1].zeroFraction
            path[k].oneFraction = path[k + 1].oneFraction
            k += 1
        }
    }

    /// Σ of the path weights with element `index` unwound (the Shapley weight of that feature's split),
    /// without modifying the path.
    @inline(__always)
    func unwoundSum(_ path: UnsafeMutablePointer<Element>, _ depth: Int, _ index: Int) -> Double {
        let one = path[index].oneFraction, zero = path[index].zeroFraction
        var nextOnePortion = path[depth].weight
        var total = 0.0
        let d1 = Double(depth + 1), inverse = recip[depth + 1]
        var i = depth - 1
        if one != 0 {
            let scale = d1 / one
            let zeroScaled = zero * inverse
            while i >= 0 {
                let tmp = nextOnePortion * scale * recip[i + 1]
                total += tmp
                nextOnePortion = path[i].weight - tmp * zeroScaled * Double(depth - i)
                i -= 1
            }
        } else if zero != 0 {
            let scale = d1 / zero
            while i >= 0 {
                total += path[i].weight * scale * recip[depth - i]
                i -= 1
            }
        }
        return total
    }

    func recurse(node: Int, parentPath: UnsafeMutablePointer<Element>, depth parentDepth: Int,
                 zeroFraction: Double, oneFraction: Double, parentFeature: Int32) {
        var depth = parentDepth
        // Each level works on its own copy of the path, right after its parent's.
        let path = parentPath + (depth + 1)
        if depth > 0 { path.update(from: parentPath, count: depth) }
        extend(path, depth, zeroFraction, oneFraction, parentFeature)

        let f = feature[node]
        if f < 0 {
            let v = value[node]
            if depth > 0 {
                for i in 1...depth {
                    let w = unwoundSum(path, depth, i)
                    let el = path[i]
                    phi[Int(el.feature)] += w * (el.oneFraction - el.zeroFraction) * v
                }
            }
            return
        }
        let hot = hotChild(node)
        let cold = hot == Int(left[node]) ? Int(right[node]) : Int(left[node])
        var incomingZero = 1.0, incomingOne = 1.0
        // A feature already on the path is unwound and split again here with the combined fractions.
        var k = 0
        while k <= depth {
            if path[k].feature == f { break }
            k += 1
        }
        if k <= depth {
            incomingZero = path[k].zeroFraction
            incomingOne = path[k].oneFraction
            unwind(path, depth, k)
            depth -= 1
        }
        let hotZero = coverShare[hot] * incomingZero
        if hotZero != 0 || incomingOne != 0 {
            recurse(node: hot, parentPath: path, depth: depth + 1, zeroFraction: hotZero,
                    oneFraction: incomingOne, parentFeature: f)
        }
        let coldZero = coverShare[cold] * incomingZero
        // A subtree reached with both fractions zero weighs nothing in any coalition: skip it.
        if coldZero != 0 {
            recurse(node: cold, parentPath: path, depth: depth + 1, zeroFraction: coldZero,
                    oneFraction: 0, parentFeature: f)
        }
    }
}

extension TreeSHAP {
    /// Rating whose raw score `explain` explains by default: 3 = passes the Bechdel test.
    public static let passClass = 3

    /// Explainer for one class of a trained model (default: rating 3, passes), over the model's schema.
    public init(model: BechdelModel, classIndex: Int = TreeSHAP.passClass) throws {
        try self.init(ensemble: model.ensemble, classIndex: classIndex, featureCount: model.schema.featureCount)
    }

    /// Explains every film of `films` (encoded with the model's schema).
    public func explain(_ films: EncodedFilms, threads: Int = 1) -> FeatureContributions {
        precondition(films.cols == featureCount, "films encoded with another schema")
        return explain(values: films.values, rows: films.rows, threads: threads)
    }
}
