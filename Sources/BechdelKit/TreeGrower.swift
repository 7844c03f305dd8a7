import Dispatch

/// A tree grown on binned data: the `RegressionTree` with float thresholds for prediction, plus the split
/// bins, which route binned training and validation rows without converting back to floats.
struct GrownTree {
    var tree: RegressionTree
    /// Per node: the last bin sent left (value bins 1…), unused at leaves.
    var splitBin: [Int32]

    /// Leaf value for row `r` of column-major bins with `rowCount` rows.
    @inline(__always)
    func predictBinned(_ bins: UnsafePointer<UInt8>, row r: Int, rowCount: Int) -> Double {
        var node = 0
        while true {
            let f = Int(tree.feature[node])
            if f < 0 { return Double(tree.value[node]) }
            let b = Int32(bins[f * rowCount + r])
            let goLeft = b == 0 ? tree.defaultLeft[node] : b <= splitBin[node]
            node = Int(goLeft ? tree.left[node] : tree.right[node])
        }
    }
}

/// Grows one regression tree on gradient statistics with histograms over binned features (as LightGBM and
/// XGBoost-hist): leaf-wise, always splitting the leaf with the largest loss reduction, up to `maxLeaves`
/// and `maxDepth`. Missing values (bin 0) learn a default direction: both directions are scored at every
/// candidate split and the better one is kept. The histogram of the larger child is the parent's minus the
/// smaller child's, so only the smaller child is scanned. Work over features may use several threads; each
/// feature's histogram is summed by one thread in row order, so the tree does not depend on the thread count.
final class TreeGrower {
    let bins: UnsafePointer<UInt8>
    let rowCount: Int
    let binning: HistogramBinning
    let options: BoostingOptions
    /// Histogram offset (in bins) of each feature.
    let offsets: [Int]
    let totalBins: Int
    /// Reusable histogram buffers, 2 doubles (gradient, hessian) per bin. As in LightGBM, row counts are not
    /// summed: a bin's count is estimated as its hessian times the leaf's rows per unit of hessian.
    private var pool: [UnsafeMutablePointer<Double>] = []
    private var ordered: UnsafeMutablePointer<Double>
    private var scratch: UnsafeMutablePointer<Int32>
    /// Sparse features (one bin holds at least `sparseFraction` of the rows): the rows outside that bin, in row
    /// order (CSR), with their bins. A leaf's histogram of such a feature sums only those rows that belong to
    /// the leaf and gets the dominant bin by subtraction from the leaf totals.
    private var dominantBin: [Int]
    private var sparseStart: [Int]
    private var sparseRows: [Int32]
    private var sparseBins: [UInt8]
    /// Leaf (node index) of every row in the tree being grown; -1 for rows outside the sample.
    private var leafOf: UnsafeMutablePointer<Int32>
    static let sparseFraction = 0.7
    /// Per worker: four histogram copies of the largest feature (see `build`).
    private var replicaBuffers: [UnsafeMutablePointer<Double>] = []

    init(bins: UnsafePointer<UInt8>, rowCount: Int, binning: HistogramBinning, options: BoostingOptions) {
        self.bins = bins
        self.rowCount = rowCount
        self.binning = binning
        self.options = options
        var o: [Int] = []
        var total = 0
        for f in 0..<binning.featureCount { o.append(total); total += binning.binCount(f) }
        offsets = o
        totalBins = total
        ordered = .allocate(capacity: max(1, 2 * rowCount))
        scratch = .allocate(capacity: max(1, rowCount))
        leafOf = .allocate(capacity: max(1, rowCount))
        var dominant: [Int] = [], start: [Int] = [0], sRows: [Int32] = [], sBins: [UInt8] = []
        for f in 0..<binning.featureCount {
            var counts = [Int](repeating: 0, count: binning.binCount(f))
            let col = bins + f * rowCount
            for r in 0..<rowCount { counts[Int(col[r])] += 1 }
            let top = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0
            if Double(counts[top]) >= Self.sparseFraction * Double(rowCount) {
                dominant.append(top)
                for r in 0..<rowCount where Int(col[r]) != top { sRows.append(Int32(r)); sBins.append(col[r]) }
            } else {
                dominant.append(-1)
            }
            start.append(sRows.count)
        }
        dominantBin = dominant
        sparseStart = start
        sparseRows = sRows
        sparseBins = sBins
        let widest = (0..<binning.featureCount).map { binning.binCount($0) }.max() ?? 1
        let workers = options.threads > 1 ? options.threads * 4 : 1
        replicaBuffers = (0..<workers).map { _ in .allocate(capacity: 4 * 2 * widest) }
    }

    deinit {
        for p in pool { p.deallocate() }
        for p in replicaBuffers { p.deallocate() }
        ordered.deallocate()
        scratch.deallocate()
        leafOf.deallocate()
    }

    private func takeHistogram() -> UnsafeMutablePointer<Double> {
        if let p = pool.popLast() { return p }
        return .allocate(capacity: max(1, totalBins * 2))
    }

    private struct Split {
        var gain: Double = 0
        var feature = -1
        var bin = 0
        var defaultLeft = false
    }

    private struct Leaf {
        var node: Int
        var begin: Int
        var end: Int
        var depth: Int
        var g: Double
        var h: Double
        var hist: UnsafeMutablePointer<Double>
        var best: Split
    }

    /// Grows a tree on rows `rows` (indices into the binned matrix) with per-row gradients and hessians,
    /// splitting only on `features`. Leaf values are `-G / (H + λ) · learningRate`.
    func grow(gradients: UnsafePointer<Double>, hessians: UnsafePointer<Double>, rows: inout [Int32],
              features: [Int]) -> GrownTree {
        let lambda = options.l2
        let lr = options.learningRate
        var feature: [Int32] = [-1], splitBin: [Int32] = [0], left: [Int32] = [-1], right: [Int32] = [-1]
        var defaultLeft: [Bool] = [false], value: [Float] = [0], cover: [Float] = [0]

        var G = 0.0, H = 0.0
        for r in rows { G += gradients[Int(r)]; H += hessians[Int(r)] }
        value[0] = Float(-G / (H + lambda) * lr)
        cover[0] = Float(H)

        let rowTotal = rows.count
        for r in 0..<rowCount { leafOf[r] = -1 }
        for r in rows { leafOf[Int(r)] = 0 }
        return rows.withUnsafeMutableBufferPointer { idxBuf -> GrownTree in
            let idx = idxBuf.baseAddress!
            let rootHist = takeHistogram()
            build(rootHist, idx: idx, begin: 0, end: rowTotal, leaf: 0, totals: (G, H),
                  gradients: gradients, hessians: hessians, features: features)
            var leaves: [Leaf] = [Leaf(node: 0, begin: 0, end: rowTotal, depth: 0, g: G, h: H, hist: rootHist, best: Split())]
            leaves[0].best = bestSplit(leaves[0], features: features)

            while leaves.count < max(2, options.maxLeaves) {
                var chosen = -1
                var bestGain = options.minGain
                for (k, l) in leaves.enumerated() where l.best.feature >= 0 && l.best.gain > bestGain {
                    chosen = k
                    bestGain = l.best.gain
                }
                if chosen < 0 { break }
                let parent = leaves[chosen]
                let s = parent.best
                // Stable partition of the parent's rows.
                let col = bins + s.feature * rowCount
                var nl = parent.begin, nr = 0
                for i in parent.begin..<parent.end {
                    let r = idx[i]
                    let b = Int(col[Int(r)])
                    let goLeft = b == 0 ? s.defaultLeft : b <= s.bin
                    if goLeft { idx[nl] = r; nl += 1 } else { scratch[nr] = r; nr += 1 }
                }
                for j in 0..<nr { idx[nl + j] = scratch[j] }
                let mid = nl
                let ln = feature.count, rn = ln + 1
                for i in parent.begin..<mid { leafOf[Int(idx[i])] = Int32(ln) }
                for i in mid..<parent.end { leafOf[Int(idx[i])] = Int32(rn) }
                // Child statistics.
                var gl = 0.0, hl = 0.0
                for i in parent.begin..<mid { gl += gradients[Int(idx[i])]; hl += hessians[Int(idx[i])] }
                let gr = parent.g - gl, hr = parent.h - hl
                // New nodes.
                feature[parent.node] = Int32(s.feature)
                splitBin[parent.node] = Int32(s.bin)
                left[parent.node] = Int32(ln)
                right[parent.node] = Int32(rn)
                defaultLeft[parent.node] = s.defaultLeft
                for (cg, ch) in [(gl, hl), (gr, hr)] {
                    feature.append(-1); splitBin.append(0); left.append(-1); right.append(-1)
                    defaultLeft.append(false)
                    value.append(Float(-cg / (ch + lambda) * lr))
                    cover.append(Float(ch))
                }
                // Histograms: scan the smaller child, subtract for the larger (reusing the parent's buffer).
                let leftSmaller = (mid - parent.begin) <= (parent.end - mid)
                let small = takeHistogram()
                if leftSmaller {
                    build(small, idx: idx, begin: parent.begin, end: mid, leaf: ln, totals: (gl, hl),
                          gradients: gradients, hessians: hessians, features: features)
                } else {
                    build(small, idx: idx, begin: mid, end: parent.end, leaf: rn, totals: (gr, hr),
                          gradients: gradients, hessians: hessians, features: features)
                }
                let large = parent.hist
                for f in features {
                    let o = offsets[f] * 2, n = binning.binCount(f) * 2
                    for j in o..<(o + n) { large[j] -= small[j] }
                }
                var l = Leaf(node: ln, begin: parent.begin, end: mid, depth: parent.depth + 1, g: gl, h: hl,
                             hist: leftSmaller ? small : large, best: Split())
                var r = Leaf(node: rn, begin: mid, end: parent.end, depth: parent.depth + 1, g: gr, h: hr,
                             hist: leftSmaller ? large : small, best: Split())
                l.best = bestSplit(l, features: features)
                r.best = bestSplit(r, features: features)
                leaves[chosen] = l
                leaves.insert(r, at: chosen + 1)
            }
            for l in leaves { pool.append(l.hist) }
            let thresholds: [Float] = (0..<feature.count).map { k in
                feature[k] < 0 ? 0 : binning.threshold(feature: Int(feature[k]), bin: Int(splitBin[k]))
            }
            return GrownTree(tree: RegressionTree(feature: feature, threshold: thresholds, left: left, right: right,
                                                  defaultLeft: defaultLeft, value: value, cover: cover),
                             splitBin: splitBin)
        }
    }

    /// Sums gradient and hessian per bin of every listed feature over rows idx[begin..<end].
    private func build(_ hist: UnsafeMutablePointer<Double>, idx: UnsafeMutablePointer<Int32>, begin: Int, end: Int,
                       leaf: Int, totals: (Double, Double),
                       gradients: UnsafePointer<Double>, hessians: UnsafePointer<Double>, features: [Int]) {
        // Gradients in leaf order, so the per-feature loops read them sequentially.
        let m = end - begin
        let gh = ordered
        for i in 0..<m {
            let r = Int(idx[begin + i])
            gh[2 * i] = gradients[r]
            gh[2 * i + 1] = hessians[r]
        }
        let rowsPtr = idx + begin
        let work = { (f: Int, replicas: UnsafeMutablePointer<Double>) in
            let h = hist + self.offsets[f] * 2
            let nb = self.binning.binCount(f)
            let col = self.bins + f * self.rowCount
            let dominant = self.dominantBin[f]
            let s0 = self.sparseStart[f], s1 = self.sparseStart[f + 1]
            if dominant >= 0 && s1 - s0 < m {
                for j in 0..<(nb * 2) { h[j] = 0 }
                let leafID = Int32(leaf)
                self.sparseRows.withUnsafeBufferPointer { sr in
                    self.sparseBins.withUnsafeBufferPointer { sb in
                        for k in s0..<s1 {
                            let r = Int(sr[k])
                            if self.leafOf[r] != leafID { continue }
                            let b = Int(sb[k]) * 2
                            h[b] += gradients[r]
                            h[b + 1] += hessians[r]
                        }
                    }
                }
                var sg = 0.0, sh = 0.0
                for j in 0..<nb where j != dominant { sg += h[2 * j]; sh += h[2 * j + 1] }
                h[2 * dominant] = totals.0 - sg
                h[2 * dominant + 1] = totals.1 - sh
            } else if m >= 8 * nb {
                // Four interleaved copies of the histogram: consecutive rows usually fall in the same bin
                // (one-hot and mostly-missing features), and one copy would chain every add on the previous
                // store. Copies are summed in a fixed order, so the result does not depend on threads.
                let stride = nb * 2
                for j in 0..<(4 * stride) { replicas[j] = 0 }
                var i = 0
                while i + 4 <= m {
                    for u in 0..<4 {
                        let b = Int(col[Int(rowsPtr[i + u])]) * 2 + u * stride
                        replicas[b] += gh[2 * (i + u)]
                        replicas[b + 1] += gh[2 * (i + u) + 1]
                    }
                    i += 4
                }
                while i < m {
                    let b = Int(col[Int(rowsPtr[i])]) * 2
                    replicas[b] += gh[2 * i]
                    replicas[b + 1] += gh[2 * i + 1]
                    i += 1
                }
                for j in 0..<stride {
                    h[j] = (replicas[j] + replicas[j + stride]) + (replicas[j + 2 * stride] + replicas[j + 3 * stride])
                }
            } else {
                for j in 0..<(nb * 2) { h[j] = 0 }
                for i in 0..<m {
                    let b = Int(col[Int(rowsPtr[i])]) * 2
                    h[b] += gh[2 * i]
                    h[b + 1] += gh[2 * i + 1]
                }
            }
        }
        let threads = max(1, options.threads)
        if threads == 1 || features.count < 8 {
            for f in features { work(f, replicaBuffers[0]) }
        } else {
            let chunks = min(replicaBuffers.count, features.count)
            let buffers = replicaBuffers
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var k = c
                while k < features.count { work(features[k], buffers[c]); k += chunks }
            }
        }
    }

    /// Best split of a leaf over the listed features (feature -1 when none is allowed).
    private func bestSplit(_ leaf: Leaf, features: [Int]) -> Split {
        var best = Split()
        let count = leaf.end - leaf.begin
        let minData = Double(max(1, options.minDataInLeaf))
        if Double(count) < 2 * minData { return best }
        if options.maxDepth > 0 && leaf.depth >= options.maxDepth { return best }
        let lambda = options.l2, minChild = options.minChildWeight
        let G = leaf.g, H = leaf.h, N = Double(count)
        let parentScore = G * G / (H + lambda)
        let rowsPerHessian = N / H
        for f in features {
            let h = leaf.hist + offsets[f] * 2
            let nb = binning.binCount(f)
            let gm = h[0], hm = h[1]
            let nm = (hm * rowsPerHessian).rounded()
            var gv = 0.0, hv = 0.0
            for b in 1..<nb {
                gv += h[2 * b]; hv += h[2 * b + 1]
                let nv = hv * rowsPerHessian
                // Missing values right, then (if there are any) left.
                for option in 0..<(nm > 0 ? 2 : 1) {
                    let missingLeft = option == 1
                    let gl = missingLeft ? gv + gm : gv
                    let hl = missingLeft ? hv + hm : hv
                    let nl = missingLeft ? nv + nm : nv
                    let gr = G - gl, hr = H - hl, nr = N - nl
                    if nl < minData || nr < minData || hl < minChild || hr < minChild { continue }
                    let gain = 0.5 * (gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parentScore)
                    if gain > best.gain + 1e-12 {
                        best = Split(gain: gain, feature: f, bin: b,
                                     defaultLeft: nm > 0 ? missingLeft : nl >= nr)
                    }
                }
            }
        }
        return best
    }
}
