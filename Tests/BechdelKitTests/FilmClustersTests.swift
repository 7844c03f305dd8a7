import SeededRandom
import XCTest
@testable import BechdelKit

/// Film clusters: summaries add up, missing values and constant columns are handled, the distinguishing
/// features are the ones that were planted.
final class FilmClustersTests: XCTestCase {
    /// 120 films, two planted groups: group A (even rows) has high "female_share" and mostly passes;
    /// group B (odd rows) has low "female_share", a "credits" column missing on most of its films, and fails.
    static func films() -> (values: [Float], ratings: [Int?], names: [String]) {
        var rng = SeededGenerator(state: 21)
        let names = ["female_share", "credits_women", "noise", "constant"]
        var values: [Float] = [], ratings: [Int?] = []
        for i in 0..<120 {
            let a = i % 2 == 0
            values.append(Float((a ? 0.6 : 0.1) + rng.unit() * 0.05))
            values.append(a || i % 6 == 1 ? Float((a ? 5 : 1) + rng.unit()) : .nan)
            values.append(Float(rng.unit()))
            values.append(7)
            ratings.append(i % 10 == 9 ? nil : (a ? (i % 4 == 0 ? 3 : 2) : i % 3))
        }
        return (values, ratings, names)
    }

    func testSummariesAddUp() throws {
        let (values, ratings, names) = Self.films()
        let result = try FilmClusters(values: values, rows: 120, featureNames: names, ratings: ratings,
                                      options: FilmClusterOptions(kmeans: KMeansOptions(k: 3, seed: 2)))
        XCTAssertEqual(result.clusters.count, 3)
        XCTAssertEqual(result.clusters.map(\.size).reduce(0, +), 120)
        XCTAssertEqual(result.clusters.flatMap(\.members).sorted(), Array(0..<120))
        let labelled = ratings.compactMap { $0 }.count
        XCTAssertEqual(result.clusters.map(\.labelled).reduce(0, +), labelled)
        for cluster in result.clusters {
            XCTAssertEqual(cluster.ratingCounts.reduce(0, +), cluster.labelled)
            XCTAssertEqual(cluster.ratingShares.reduce(0, +), cluster.labelled > 0 ? 1 : 0, accuracy: 1e-12)
            for i in cluster.members { XCTAssertEqual(result.assignments[i], cluster.index) }
            XCTAssertEqual(cluster.representatives.count, min(5, cluster.size))
            XCTAssertTrue(Set(cluster.representatives).isSubset(of: cluster.members))
        }
        for r in 0...3 {
            XCTAssertEqual(result.clusters.map { $0.ratingCounts[r] }.reduce(0, +),
                           ratings.filter { $0 == r }.count)
        }
        XCTAssertEqual(result.droppedFeatures, ["constant"])
        XCTAssertTrue(result.clusteredFeatures.contains("missing:credits_women"))
    }

    func testPlantedGroupsAndTheirDistinctions() throws {
        let (values, ratings, names) = Self.films()
        let result = try FilmClusters(values: values, rows: 120, featureNames: names, ratings: ratings,
                                      options: FilmClusterOptions(kmeans: KMeansOptions(k: 2, seed: 5)))
        let clusterOfA = result.assignments[0]
        for i in 0..<120 { XCTAssertEqual(result.assignments[i] == clusterOfA, i % 2 == 0, "film \(i)") }
        let a = result.clusters[clusterOfA], b = result.clusters[1 - clusterOfA]
        XCTAssertGreaterThan(a.passRate!, b.passRate!)
        XCTAssertEqual(b.passRate!, 0)
        // The planted features come first; raw means are in the data's own units.
        XCTAssertEqual(Set(a.distinctions.prefix(2).map(\.feature)), ["female_share", "credits_women"])
        XCTAssertEqual(a.missingDistinctions.map(\.feature), ["missing:credits_women"])
        XCTAssertEqual(result.missingGroups, ["missing:credits_women": ["credits_women"]])
        let share = try XCTUnwrap(a.distinctions.first { $0.feature == "female_share" })
        XCTAssertEqual(share.meanInCluster, 0.625, accuracy: 0.02)
        XCTAssertEqual(share.meanOutside, 0.125, accuracy: 0.02)
        XCTAssertGreaterThan(share.standardizedDifference, 1.5)
        let missing = try XCTUnwrap(b.missingDistinctions.first { $0.feature == "missing:credits_women" })
        XCTAssertTrue(missing.isMissingIndicator)
        XCTAssertEqual(missing.meanInCluster, 40.0 / 60, accuracy: 1e-9)
        XCTAssertEqual(missing.meanOutside, 0, accuracy: 1e-9)
        XCTAssertEqual(result.overallPassRate!, Double(ratings.filter { $0 == 3 }.count) / Double(ratings.compactMap { $0 }.count), accuracy: 1e-12)
    }

    func testDeterministicAndWeightsCanRemoveFeatures() throws {
        let (values, ratings, names) = Self.films()
        var options = FilmClusterOptions(kmeans: KMeansOptions(k: 4, seed: 3))
        let one = try FilmClusters(values: values, rows: 120, featureNames: names, ratings: ratings, options: options)
        let two = try FilmClusters(values: values, rows: 120, featureNames: names, ratings: ratings, options: options)
        XCTAssertEqual(one, two)
        options.featureWeights = ["noise": 0]
        options.missingIndicators = false
        let weighted = try FilmClusters(values: values, rows: 120, featureNames: names, ratings: ratings, options: options)
        XCTAssertEqual(weighted.clusteredFeatures, ["female_share", "credits_women"])
    }

    func testRareIndicatorsAreLeftOut() throws {
        let (values, ratings, names) = Self.films()
        var extended: [Float] = []
        for i in 0..<120 {
            extended += values[(i * 4)..<((i + 1) * 4)]
            extended.append(i < 3 ? 1 : 0)        // 2.5 % ones: rare
            extended.append(i % 5 == 0 ? 1 : 0)   // 20 % ones: kept
        }
        let result = try FilmClusters(values: extended, rows: 120, featureNames: names + ["rare", "common"],
                                      ratings: ratings, options: FilmClusterOptions(kmeans: KMeansOptions(k: 2)))
        XCTAssertEqual(result.rareFeatures, ["rare"])
        XCTAssertTrue(result.clusteredFeatures.contains("common"))
        XCTAssertFalse(result.clusteredFeatures.contains("rare"))
    }

    func testColumnsMissingTogetherShareOneIndicator() throws {
        let (values, ratings, names) = Self.films()
        var extended: [Float] = []
        for i in 0..<120 {
            extended += values[(i * 4)..<((i + 1) * 4)]
            extended.append(values[i * 4 + 1].isNaN ? .nan : Float(i % 7))   // missing with credits_women
            extended.append(i % 3 == 0 ? .nan : Float(i % 5))                // its own pattern
        }
        let result = try FilmClusters(values: extended, rows: 120, featureNames: names + ["credits_men", "other"],
                                      ratings: ratings, options: FilmClusterOptions(kmeans: KMeansOptions(k: 2)))
        XCTAssertEqual(result.missingGroups, ["missing:credits_women": ["credits_women", "credits_men"],
                                              "missing:other": ["other"]])
        XCTAssertEqual(result.clusteredFeatures.filter { $0.hasPrefix("missing:") }.count, 2)
    }

    func testBadInput() {
        XCTAssertThrowsError(try FilmClusters(values: [1, 2], rows: 2, featureNames: ["a"], ratings: [nil, nil],
                                              options: FilmClusterOptions(kmeans: KMeansOptions(k: 3)))) {
            XCTAssertEqual($0 as? ClusteringError, .invalidK(k: 3, rows: 2))
        }
        XCTAssertThrowsError(try FilmClusters(values: [1, 1, 1], rows: 3, featureNames: ["a"], ratings: [nil, nil, nil],
                                              options: FilmClusterOptions(kmeans: KMeansOptions(k: 2)))) {
            XCTAssertEqual($0 as? ClusteringError, .noVaryingFeatures)
        }
    }
}
