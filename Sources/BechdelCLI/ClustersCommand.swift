import ArgumentParser
import BechdelKit
import Foundation

/// `bechdelcli clusters`: which kinds of films fail the Bechdel test systematically. Groups the films by
/// k-means on the model's standardised features and describes each group: size, ratings, pass rate, the
/// features that set it apart (with raw means in and out of the group) and typical films.
struct ClustersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "Group films by their features and show which groups pass or fail the Bechdel test.",
        discussion: """
            Clusters on the features of the model's schema (standardised; missing values at the mean, plus one
            "missing:<column>" indicator per group of columns missing together; rare 0/1 indicators left out).
            Ratings are only used to describe the clusters. Clusters are numbered from 0 by decreasing size.
            "z" is the difference between the cluster's mean and the other films' mean in standard deviations.
            "missing:" lines show groups of columns that are empty more (or less) often in the cluster (at most 3).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .long, help: "Model file whose feature schema is used (default: the shipped model).")
    var model: String?

    @Argument(help: "Film table (CSV with a header; same columns as the training table).")
    var csv: String

    @Option(name: .customShort("k"), help: "Number of clusters.")
    var k: Int = 6

    @Option(name: .long, help: "Seed of the k-means++ initialisation.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "k-means restarts (the lowest inertia is kept).")
    var restarts: Int = 8

    @Option(name: .long, help: "Distinguishing features shown per cluster.")
    var features: Int = 6

    @Flag(name: .long, help: "Do not add missing-value indicator columns.")
    var noMissingIndicators = false

    @Option(name: .long, help: "Write each film's cluster to this CSV file (id column, cluster).")
    var assignments: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Treat unreadable numbers as missing (with a warning) instead of failing.")
    var lenient = false

    func validate() throws {
        if k < 1 { throw ValidationError("-k must be at least 1") }
        if restarts < 1 { throw ValidationError("--restarts must be at least 1") }
        if features < 0 { throw ValidationError("--features must be 0 or more") }
    }

    func run() throws {
        let input = try ExplainInput.load(modelPath: model, csvPath: csv, lenient: lenient)
        let films = input.films
        var options = FilmClusterOptions(kmeans: KMeansOptions(k: k, restarts: restarts, seed: seed))
        options.missingIndicators = !noMissingIndicators
        options.distinguishingFeatures = features
        let result: FilmClusters
        do {
            result = try FilmClusters(values: films.values, rows: films.rows, featureNames: input.model.schema.featureNames,
                                      ratings: films.ratings, options: options)
        } catch {
            throw CommandFailure.input(csv, String(describing: error))
        }
        if let assignments {
            var text = "\(ExplanationFormatting.csv(input.model.schema.idColumn)),cluster\n"
            for i in 0..<films.rows {
                text += "\(ExplanationFormatting.csv(input.id(i))),\(result.assignments[i])\n"
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: assignments))
            } catch {
                throw CommandFailure.runtime(assignments, "cannot write: \(error.localizedDescription)")
            }
        }
        ExplanationFormatting.write(format == .text ? report(result, input) : json(result, input))
    }

    /// "Title (year)" of a film when the table has those columns, else its id.
    private func label(_ input: ExplainInput, _ i: Int) -> String {
        guard let title = input.cell("title", i) else { return input.id(i) }
        return input.cell("year", i).map { "\(title) (\($0))" } ?? title
    }

    private func report(_ r: FilmClusters, _ input: ExplainInput) -> String {
        let F = ExplanationFormatting.self
        let n = r.assignments.count
        let labelled = r.clusters.map(\.labelled).reduce(0, +)
        var s = "\(r.clusters.count) clusters of \(n) films"
        if let overall = r.overallPassRate {
            s += " (\(labelled) rated, \(F.percent(overall)) pass)"
        }
        s += "\nclustered on \(r.clusteredFeatures.count) columns"
        let indicators = r.clusteredFeatures.filter { $0.hasPrefix("missing:") }.count
        if indicators > 0 { s += " (\(indicators) missing-value indicators)" }
        s += "; left out \(r.droppedFeatures.count) constant and \(r.rareFeatures.count) rare features"
        s += "; seed \(seed), \(restarts) restarts, inertia \(F.number(r.inertia, digits: 6))\n"
        let width = max(28, (r.clusters.flatMap { $0.distinctions.map { $0.feature.count } }.max() ?? 0))
        func pad(_ t: String, _ w: Int, right: Bool = false) -> String {
            t.count >= w ? t : (right ? String(repeating: " ", count: w - t.count) + t : t + String(repeating: " ", count: w - t.count))
        }
        for c in r.clusters {
            s += "\nCluster \(c.index): \(c.size) films (\(F.percent(Double(c.size) / Double(max(1, n)))))"
            if let pass = c.passRate {
                s += ", pass rate \(F.percent(pass))"
                if let overall = r.overallPassRate {
                    let diff = 100 * (pass - overall)
                    s += " (\(diff >= 0 ? "+" : "")\(F.fixed(diff, 1)) points)"
                }
                s += "\n  ratings of \(c.labelled) rated films: "
                s += (0...3).map { "\($0): \(c.ratingCounts[$0]) (\(F.percent(c.ratingShares[$0])))" }.joined(separator: "  ")
            } else {
                s += ", no rated films"
            }
            s += "\n"
            if !c.distinctions.isEmpty {
                s += "  " + pad("sets it apart", width) + pad("z", 8, right: true) + pad("in cluster", 13, right: true)
                    + pad("other films", 13, right: true) + pad("known in/out", 16, right: true) + "\n"
                for d in c.distinctions {
                    let z = (d.standardizedDifference >= 0 ? "+" : "") + F.fixed(d.standardizedDifference, 2)
                    let known = "\(Int((100 * d.knownInCluster).rounded())) % / \(Int((100 * d.knownOutside).rounded())) %"
                    s += "  " + pad(d.feature, width) + pad(z, 8, right: true)
                        + pad(F.number(d.meanInCluster, digits: 4), 13, right: true)
                        + pad(F.number(d.meanOutside, digits: 4), 13, right: true) + pad(known, 16, right: true) + "\n"
                }
            }
            for d in c.missingDistinctions.prefix(3) {
                let others = (r.missingGroups[d.feature]?.count ?? 1) - 1
                let name = String(d.feature.dropFirst("missing:".count)) + (others > 0 ? " and \(others) more column\(others == 1 ? "" : "s")" : "")
                let z = (d.standardizedDifference >= 0 ? "+" : "") + F.fixed(d.standardizedDifference, 2)
                s += "  missing: \(name): \(F.percent(d.meanInCluster)) of the cluster vs \(F.percent(d.meanOutside)) of other films (z \(z))\n"
            }
            if !c.representatives.isEmpty {
                s += "  typical films: " + c.representatives.map { label(input, $0) }.joined(separator: "; ") + "\n"
            }
        }
        return s
    }

    private func json(_ r: FilmClusters, _ input: ExplainInput) -> String {
        let F = ExplanationFormatting.self
        func strings(_ a: [String]) -> String { "[" + a.map { F.json($0) }.joined(separator: ", ") + "]" }
        var s = "{\n  \"films\": \(r.assignments.count),\n  \"k\": \(r.clusters.count),\n  \"seed\": \(seed),\n"
        s += "  \"restarts\": \(restarts),\n  \"inertia\": \(F.jsonNumber(r.inertia, digits: 9)),\n"
        s += "  \"overall_pass_rate\": \(r.overallPassRate.map { F.jsonNumber($0) } ?? "null"),\n"
        s += "  \"clustered_features\": \(strings(r.clusteredFeatures)),\n"
        s += "  \"dropped_features\": \(strings(r.droppedFeatures)),\n"
        s += "  \"rare_features\": \(strings(r.rareFeatures)),\n"
        s += "  \"missing_groups\": {" + r.missingGroups.keys.sorted().map { "\(F.json($0)): \(strings(r.missingGroups[$0]!))" }
            .joined(separator: ", ") + "},\n"
        s += "  \"clusters\": [\n"
        s += r.clusters.map { c in
            var t = "    {\"cluster\": \(c.index), \"size\": \(c.size), \"labelled\": \(c.labelled), "
            t += "\"rating_counts\": [\(c.ratingCounts.map(String.init).joined(separator: ", "))], "
            t += "\"pass_rate\": \(c.passRate.map { F.jsonNumber($0) } ?? "null"),\n"
            func list(_ ds: [FilmClusters.Distinction]) -> String {
                "[" + ds.map { d in
                    "{\"feature\": \(F.json(d.feature)), \"z\": \(F.jsonNumber(d.standardizedDifference)), \"mean_in_cluster\": \(F.jsonNumber(d.meanInCluster)), \"mean_outside\": \(F.jsonNumber(d.meanOutside)), \"known_in_cluster\": \(F.jsonNumber(d.knownInCluster)), \"known_outside\": \(F.jsonNumber(d.knownOutside))}"
                }.joined(separator: ", ") + "]"
            }
            t += "     \"distinguishing_features\": \(list(c.distinctions)),\n"
            t += "     \"missing_data\": \(list(c.missingDistinctions)),\n"
            t += "     \"typical_films\": \(strings(c.representatives.map { input.id($0) })),\n"
            t += "     \"films\": \(strings(c.members.map { input.id($0) }))}"
            return t
        }.joined(separator: ",\n")
        s += "\n  ]\n}\n"
        return s
    }
}
