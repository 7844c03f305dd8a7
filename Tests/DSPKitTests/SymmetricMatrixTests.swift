import XCTest
@testable import DSPKit

/// Cholesky solves, inverse and Jacobi eigen-decomposition against their defining identities.
final class SymmetricMatrixTests: XCTestCase {
    /// A random symmetric positive-definite n × n matrix (B·Bᵀ + n·I).
    func randomSPD(_ n: Int, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        let b = (0..<(n * n)).map { _ in g.nextUnit() * 2 - 1 }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += b[i * n + k] * b[j * n + k] } } }
        for i in 0..<n { a[i * n + i] += Double(n) }
        return a
    }

    func multiply(_ a: [Double], _ x: [Double], n: Int) -> [Double] {
        (0..<n).map { i in (0..<n).reduce(0.0) { $0 + a[i * n + $1] * x[$1] } }
    }

    func testCholeskySolveAndInverse() {
        let n = 12
        let a = randomSPD(n, seed: 3)
        var l = a
        XCTAssertTrue(SymmetricMatrix.choleskyFactor(&l, n: n))
        let b = (0..<n).map { Double($0) - 5.5 }
        let x = SymmetricMatrix.solve(factor: l, n: n, b)
        for (u, v) in zip(multiply(a, x, n: n), b) { XCTAssertEqual(u, v, accuracy: 1e-9) }
        let inverse = SymmetricMatrix.inverse(factor: l, n: n)
        for i in 0..<n {
            for j in 0..<n {
                let p = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * inverse[$1 * n + j] }
                XCTAssertEqual(p, i == j ? 1 : 0, accuracy: 1e-9)
            }
        }
    }

    func testCholeskyRejectsIndefiniteMatrix() {
        var a: [Double] = [1, 2, 2, 1]
        XCTAssertFalse(SymmetricMatrix.choleskyFactor(&a, n: 2))
    }

    func testEigenDecomposition() {
        let n = 10
        var a = randomSPD(n, seed: 5)
        a[0] -= 30  // make it indefinite too: Jacobi does not need definiteness
        let (values, vectors) = SymmetricMatrix.eigen(a, n: n)
        for k in 1..<n { XCTAssertGreaterThanOrEqual(values[k - 1], values[k]) }
        for k in 0..<n {
            let v = (0..<n).map { vectors[$0 * n + k] }
            let av = multiply(a, v, n: n)
            for i in 0..<n { XCTAssertEqual(av[i], values[k] * v[i], accuracy: 1e-8) }
            for m in 0..<n {
                let dot = (0..<n).reduce(0.0) { $0 + vectors[$1 * n + k] * vectors[$1 * n + m] }
                XCTAssertEqual(dot, k == m ? 1 : 0, accuracy: 1e-9)
            }
        }
    }
}
