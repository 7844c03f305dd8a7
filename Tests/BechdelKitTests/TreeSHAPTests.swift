import SeededRandom
import XCTest
@testable import BechdelKit

/// TreeSHAP: additivity on random ensembles with missing values, and agreement with Shapley values computed by
/// brute force over all feature subsets with the same (cover-weighted, path-dependent) value function.
final class TreeSHAPTests: XCTestCase {
    /// A random tree with consistent covers (internal cover = sum of children), features reused along paths.
    static func randomTree(features: Int, maxDepth: Int, rng: inout SeededGenerator) -> RegressionTree {
        var f: [Int32] = [], th: [Float] = [], l: [Int32] = [], r: [Int32] = [], dl: [Bool] = []
        var v: [Float] = [], c: [Float] = []
        func add() -> Int {
            f.append(-1); th.append(0); l.append(-1); r.append(-1); dl.append(false); v.append(0); c.append(0)
            return f.count - 1
        }
        func build(_ node: Int, _ depth: Int) -> Float {
            if depth == maxDepth || (depth > 0 && rng.unit() < 0.25) {
                v[node] = Float(rng.unit() * 4 - 2)
                c[node] = Float(0.5 + rng.unit() * 10)
                return c[node]
            }
            f[node] = Int32(rng.below(features))
            th[node] = Float(rng.unit() * 2 - 1)
            dl[node] = rng.below(2) == 0
            let a = add(), b = add()
            l[node] = Int32(a); r[node] = Int32(b)
            let cover = build(a, depth + 1) + build(b, depth + 1)
            c[node] = cover
            v[node] = Float(rng.unit())
            return cover
        }
        _ = build(add(), 0)
        return RegressionTree(feature: f, threshold: th, left: l, right: r, defaultLeft: dl, value: v, cover: c)
    }

    static func randomRow(features: Int, missing: Double, rng: inout SeededGenerator) -> [Float] {
        (0..<features).map { _ in rng.unit() < missing ? Float.nan : Float(rng.unit() * 2 - 1) }
    }

    /// v(S): expected tree output when the features in S take the row's values and the others are integrated
    /// out along the tree, each child weighted by its share of the cover.
    static func conditionalExpectation(_ tree: RegressionTree, _ row: [Float], _ known: Set<Int>, node: Int = 0) -> Double {
        let f = Int(tree.feature[node])
        if f < 0 { return Double(tree.value[node]) }
        let l = Int(tree.left[node]), r = Int(tree.right[node])
        if known.contains(f) {
            let x = row[f]
            let goLeft = x.isNaN ? tree.defaultLeft[node] : x <= tree.threshold[node]
            return conditionalExpectation(tree, row, known, node: goLeft ? l : r)
        }
        let cl = Double(tree.cover[l]), cr = Double(tree.cover[r])
        return (cl * conditionalExpectation(tree, row, known, node: l)
              + cr * conditionalExpectation(tree, row, known, node: r)) / (cl + cr)
    }

    /// Shapley values of a sum of trees by enumerating all subsets.
    static func bruteForceShapley(_ trees: [RegressionTree], _ row: [Float], features m: Int) -> [Double] {
        func v(_ mask: Int) -> Double {
            let set = Set((0..<m).filter { mask & (1 << $0) != 0 })
            return trees.reduce(0) { $0 + conditionalExpectation($1, row, set) }
        }
        var values = [Double](repeating: 0, count: 1 << m)
        for mask in 0..<(1 << m) { values[mask] = v(mask) }
        func factorial(_ n: Int) -> Double { n <= 1 ? 1 : Double(n) * factorial(n - 1) }
        var phi = [Double](repeating: 0, count: m)
        for i in 0..<m {
            for mask in 0..<(1 << m) where mask & (1 << i) == 0 {
                let s = mask.nonzeroBitCount
                let weight = factorial(s) * factorial(m - s - 1) / factorial(m)
                phi[i] += weight * (values[mask | (1 << i)] - values[mask])
            }
        }
        return phi
    }

    /// Hand-built tree over 4 features, feature 0 split twice on one path, one missing-value default each way.
    static let handTree = RegressionTree(
        feature:     [0,    1,    2,   -1,   -1,    0,   -1,   -1,    3,   -1,   -1],
        threshold:   [0.5,  1.0, -1.0,  0,    0,   0.2,   0,    0,   2.0,   0,    0],
        left:        [1,    2,    3,   -1,   -1,    6,   -1,   -1,    9,   -1,   -1],
        right:       [8,    5,    4,   -1,   -1,    7,   -1,   -1,   10,   -1,   -1],
        defaultLeft: [true, false, true, false, false, false, false, false, true, false, false],
        value:       [0,    0,    0,   1.5, -0.5,   0,   2.0, -1.0,   0,   0.25, 3.0],
        cover:       [100,  60,   35,  20,   15,   25,   10,   15,   40,   30,   10])

    func testMatchesBruteForceOnHandBuiltTree() throws {
        let ensemble = TreeEnsemble(classCount: 1, baseScores: [0.1], trees: [Self.handTree])
        let shap = try TreeSHAP(ensemble: ensemble, classIndex: 0, featureCount: 4)
        let workspace = TreeSHAP.Workspace(for: shap)
        let rows: [[Float]] = [[0.1, 0.5, -2, 1], [0.3, 2, .nan, 5], [.nan, .nan, .nan, .nan], [0.9, 0, 0, 3],
                               [0.4, .nan, 0, .nan], [-1, 1.0, -1.0, 2.0]]
        for row in rows {
            var out = [Float](repeating: 0, count: 4)
            let raw = row.withUnsafeBufferPointer { r in
                out.withUnsafeMutableBufferPointer { shap.explain(row: r, contributions: $0, workspace: workspace) }
            }
            let expected = Self.bruteForceShapley([Self.handTree], row, features: 4)
            for j in 0..<4 { XCTAssertEqual(Double(out[j]), expected[j], accuracy: 1e-5, "row \(row) feature \(j)") }
            let direct = row.withUnsafeBufferPointer { ensemble.rawScores($0)[0] }
            XCTAssertEqual(raw, Double(direct), accuracy: 1e-5)
            XCTAssertEqual(shap.bias + out.reduce(0) { $0 + Double($1) }, Double(direct), accuracy: 1e-5)
        }
        // Bias: base score + cover-weighted mean of the leaves.
        let leaves = (0..<Self.handTree.nodeCount).filter { Self.handTree.feature[$0] < 0 }
        let mean = leaves.reduce(0.0) { $0 + Double(Self.handTree.cover[$1] * Self.handTree.value[$1]) } / 100
        XCTAssertEqual(shap.bias, 0.1 + mean, accuracy: 1e-6)
    }

    func testMatchesBruteForceOnRandomTrees() throws {
        var rng = SeededGenerator(state: 42)
        let m = 5
        for _ in 0..<20 {
            let trees = (0..<3).map { _ in Self.randomTree(features: m, maxDepth: 6, rng: &rng) }
            let ensemble = TreeEnsemble(classCount: 1, baseScores: [0], trees: trees)
            let shap = try TreeSHAP(ensemble: ensemble, classIndex: 0, featureCount: m)
            let workspace = TreeSHAP.Workspace(for: shap)
            for _ in 0..<5 {
                let row = Self.randomRow(features: m, missing: 0.2, rng: &rng)
                var out = [Float](repeating: 0, count: m)
                row.withUnsafeBufferPointer { r in
                    out.withUnsafeMutableBufferPointer { _ = shap.explain(row: r, contributions: $0, workspace: workspace) }
                }
                let expected = Self.bruteForceShapley(trees, row, features: m)
                for j in 0..<m { XCTAssertEqual(Double(out[j]), expected[j], accuracy: 1e-5) }
            }
        }
    }

    func testAdditivityOnRandomMulticlassEnsemble() throws {
        var rng = SeededGenerator(state: 7)
        let m = 12, classes = 4, rounds = 25
        let trees = (0..<(rounds * classes)).map { _ in Self.randomTree(features: m, maxDepth: 7, rng: &rng) }
        let ensemble = TreeEnsemble(classCount: classes, baseScores: [0.2, -0.1, 0.05, 0.3], trees: trees)
        let rows = 200
        var values: [Float] = []
        for _ in 0..<rows { values += Self.randomRow(features: m, missing: 0.3, rng: &rng) }
        for c in 0..<classes {
            let shap = try TreeSHAP(ensemble: ensemble, classIndex: c, featureCount: m)
            XCTAssertEqual(shap.treeCount, rounds)
            let result = shap.explain(values: values, rows: rows)
            for i in 0..<rows {
                let direct = values[(i * m)..<((i + 1) * m)].withUnsafeBufferPointer { ensemble.rawScores($0)[c] }
                let sum = result.row(i).reduce(shap.bias) { $0 + Double($1) }
                XCTAssertEqual(sum, Double(direct), accuracy: 1e-4, "class \(c) row \(i)")
                XCTAssertEqual(result.rawScores[i], Double(direct), accuracy: 1e-4)
            }
        }
    }

    func testThreadCountDoesNotChangeOutput() throws {
        var rng = SeededGenerator(state: 99)
        let m = 8
        let trees = (0..<40).map { _ in Self.randomTree(features: m, maxDepth: 6, rng: &rng) }
        let ensemble = TreeEnsemble(classCount: 4, baseScores: [0, 0, 0, 0], trees: trees)
        var values: [Float] = []
        for _ in 0..<300 { values += Self.randomRow(features: m, missing: 0.1, rng: &rng) }
        let shap = try TreeSHAP(ensemble: ensemble, classIndex: 3, featureCount: m)
        XCTAssertEqual(shap.explain(values: values, rows: 300, threads: 1),
                       shap.explain(values: values, rows: 300, threads: 3))
    }

    func testFeatureNotUsedGetsZero() throws {
        let ensemble = TreeEnsemble(classCount: 1, baseScores: [0], trees: [Self.handTree])
        let shap = try TreeSHAP(ensemble: ensemble, classIndex: 0, featureCount: 6)
        let result = shap.explain(values: [0.1, 0.5, -2, 1, 7, 8], rows: 1)
        XCTAssertEqual(result.contributions[4], 0)
        XCTAssertEqual(result.contributions[5], 0)
        XCTAssertEqual(result.topFeatures(row: 0, count: 10).count, 4)
    }

    func testRejectsFeatureOutsideSchema() {
        let ensemble = TreeEnsemble(classCount: 1, baseScores: [0], trees: [Self.handTree])
        XCTAssertThrowsError(try TreeSHAP(ensemble: ensemble, classIndex: 0, featureCount: 3))
        XCTAssertThrowsError(try TreeSHAP(ensemble: ensemble, classIndex: 1, featureCount: 4))
    }

    func testGlobalImportanceIsSortedMeanAbs() {
        let c = FeatureContributions(rows: 2, featureCount: 3, classIndex: 0, bias: 0,
                                     contributions: [1, -3, 0.5, -1, 1, 0.5], rawScores: [0, 0])
        let g = GlobalImportance(c, featureNames: ["a", "b", "c"])
        XCTAssertEqual(g.entries.map(\.name), ["b", "a", "c"])
        XCTAssertEqual(g.entries[0].meanAbsContribution, 2, accuracy: 1e-12)
        XCTAssertEqual(g.entries[0].meanContribution, -1, accuracy: 1e-12)
        XCTAssertEqual(g.entries[1].meanContribution, 0, accuracy: 1e-12)
    }
}
