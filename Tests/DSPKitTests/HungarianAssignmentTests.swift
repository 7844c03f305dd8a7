import XCTest
@testable import DSPKit

final class HungarianAssignmentTests: XCTestCase {
    func testClassicSquareCase() {
        // Optimal: row0→col1 (1), row1→col0 (2), row2→col2 (2): total 5.
        let cost: [Double] = [4, 1, 3,
                              2, 0, 5,
                              3, 2, 2]
        XCTAssertEqual(HungarianAssignment.minimumCost(cost, rows: 3, cols: 3), [1, 0, 2])
    }

    func testGreedyWouldBeWorse() {
        // Greedy takes the 10 and then gets 1; optimal takes 9 + 9.
        let w: [Double] = [10, 9,
                           9, 1]
        XCTAssertEqual(HungarianAssignment.maximumWeight(w, rows: 2, cols: 2), [1, 0])
    }

    func testRectangularBothWays() {
        let wide: [Double] = [1, 5, 3, 0]          // 1 row, 4 columns
        XCTAssertEqual(HungarianAssignment.maximumWeight(wide, rows: 1, cols: 4), [1])
        let tall: [Double] = [1, 5, 3, 0]          // 4 rows, 1 column
        XCTAssertEqual(HungarianAssignment.maximumWeight(tall, rows: 4, cols: 1), [nil, 0, nil, nil])
        XCTAssertEqual(HungarianAssignment.minimumCost([], rows: 0, cols: 3), [])
        XCTAssertEqual(HungarianAssignment.minimumCost([], rows: 2, cols: 0), [nil, nil])
    }

    func testMatchesBruteForceOnRandomMatrices() {
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 40) / Double(1 << 24)
        }
        for trial in 0..<200 {
            let rows = 1 + trial % 5, cols = 1 + (trial / 5) % 5
            let cost = (0..<(rows * cols)).map { _ in (next() * 10).rounded() }
            let got = HungarianAssignment.minimumCost(cost, rows: rows, cols: cols)
            let assigned = got.compactMap { $0 }
            XCTAssertEqual(assigned.count, min(rows, cols))
            XCTAssertEqual(Set(assigned).count, assigned.count, "columns used once")
            var total = 0.0
            for (r, c) in got.enumerated() { if let c { total += cost[r * cols + c] } }
            XCTAssertEqual(total, bruteForce(cost, rows: rows, cols: cols), accuracy: 1e-9, "trial \(trial)")
        }
    }

    /// Smallest total cost over all ways to pick min(rows, cols) disjoint pairs.
    private func bruteForce(_ cost: [Double], rows: Int, cols: Int) -> Double {
        var best = Double.infinity
        func go(_ r: Int, _ used: Set<Int>, _ sum: Double, _ picked: Int) {
            if r == rows {
                if picked == min(rows, cols) { best = min(best, sum) }
                return
            }
            if rows - r > min(rows, cols) - picked { go(r + 1, used, sum, picked) }  // leave row out
            for c in 0..<cols where !used.contains(c) { go(r + 1, used.union([c]), sum + cost[r * cols + c], picked + 1) }
        }
        go(0, [], 0, 0)
        return best
    }
}
