import BechdelKit
import CatalogueKit
import DSPKit
import Foundation

/// The catalogue report (`bechdelcli report`): one self-contained HTML page of a results store, to look at what
/// was measured. An overview of the catalogue (women among speakers, women's share of speaking time, its
/// distribution across films, films ranked by it, failed files), then one section per film (who speaks when,
/// speaking time per speaker, turn exchanges by sex, women-to-women conversation time) and, given a metadata
/// table, each film's predicted Bechdel rating with its explanation and the film clusters.
///
/// The page needs nothing else: inline CSS and SVG, no script, no font or image fetched. Every value from a file
/// name, a manifest or a CSV cell is HTML-escaped by the template engine. The same store and table give the same
/// bytes.
public enum CatalogueReport {
    /// What the page holds beyond the defaults.
    public struct Options: Sendable {
        /// Film sections drawn at most (in path order; the ranking lists every film): a section of a 2-hour film
        /// is about 150 KB of SVG. 0 = every film.
        public var maximumSections: Int
        /// Title of the page.
        public var title: String
        /// What made the page (tool and version), shown in its footer.
        public var generator: String

        public init(maximumSections: Int = 200, title: String = "Who speaks: catalogue report",
                    generator: String = "bechdelcli") {
            self.maximumSections = maximumSections
            self.title = title
            self.generator = generator
        }
    }

    /// Renders the report of `store` (and of `predictions`, the films' metadata, when given).
    public static func html(store: ResultsStore, predictions: FilmPredictions? = nil, options: Options = .init()) throws -> String {
        try ReportTemplate.shipped().render(page(store: store, predictions: predictions, options: options))
    }

    static func page(store: ResultsStore, predictions: FilmPredictions?, options: Options) throws -> ReportPage {
        let stored = try store.storedFilms().values.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var ranking: [(share: Double?, film: ReportPage.RankedFilm)] = []
        var failures: [ReportPage.FailedFilm] = []
        var sections: [ReportPage.FilmSection] = []
        var speakersF = 0, speakersM = 0, speechF = 0.0, speechM = 0.0, shares: [Double] = [], done = 0, omitted = 0
        var matched = 0
        var catalogueClusters: [Int: Int] = [:]
        for (index, film) in stored.enumerated() {
            let name = film.filmID.isEmpty ? (film.path as NSString).lastPathComponent : film.filmID
            guard film.status == .done, let result = try store.result(path: film.path) else {
                failures.append(.init(name: name, path: film.path, error: film.error ?? "failed"))
                continue
            }
            done += 1
            let f = result.count(.female), m = result.count(.male)
            let timeF = result.speakingTime(.female), timeM = result.speakingTime(.male)
            speakersF += f
            speakersM += m
            speechF += timeF
            speechM += timeM
            let share: Double? = timeF + timeM > 0 ? timeF / (timeF + timeM) : nil
            if let share { shares.append(share) }
            let anchor = "film-\(index + 1)"
            let drawn = options.maximumSections == 0 || sections.count < options.maximumSections
            ranking.append((share, .init(name: name, anchor: anchor, hasSection: drawn,
                                         share: share.map(ReportFormat.percent) ?? "no speech",
                                         barWidth: ReportFormat.number((share ?? 0) * 100, 1), f: f, m: m,
                                         speech: ReportFormat.duration(timeF + timeM))))
            let prediction = predictions?.film(filmID: film.filmID, imdbID: film.imdbID)
            if prediction != nil { matched += 1 }
            if let c = prediction?.cluster { catalogueClusters[c, default: 0] += 1 }
            guard drawn else { omitted += 1; continue }
            let conversation = result.conversation
            sections.append(.init(
                anchor: anchor, name: name, path: film.path, duration: ReportFormat.duration(result.duration), f: f, m: m,
                uncounted: result.uncounted.count, speakingF: ReportFormat.duration(timeF),
                speakingM: ReportFormat.duration(timeM), womenShare: share.map(ReportFormat.percent) ?? "no speech",
                timeline: TimelineChart(result: result), bars: SpeakingTimeBars(result: result),
                exchangesFF: conversation.femaleToFemale, exchangesFM: conversation.femaleToMale,
                exchangesMF: conversation.maleToFemale, exchangesMM: conversation.maleToMale,
                womenConversation: ReportFormat.duration(conversation.womenConversationSeconds),
                womenConversations: conversation.womenConversations,
                hasSpeakers: !(result.speakers.isEmpty && result.uncounted.isEmpty), hasUncounted: !result.uncounted.isEmpty,
                prediction: prediction.map(Self.prediction), predictionMissing: predictions != nil && prediction == nil))
        }
        // Films by women's share of speaking time, largest first; films without speech last; ties by path.
        let ranked = ranking.enumerated().sorted { a, b in
            switch (a.element.share, b.element.share) {
            case let (x?, y?) where x != y: return x > y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }.map(\.element.film)
        let sortedShares = shares.sorted()
        let median = sortedShares.isEmpty ? nil : sortedShares.count % 2 == 1 ? sortedShares[sortedShares.count / 2]
            : (sortedShares[sortedShares.count / 2 - 1] + sortedShares[sortedShares.count / 2]) / 2
        var page = ReportPage(
            title: options.title, store: store.path, filmsDone: done, filmsFailed: failures.count, filmsTotal: stored.count,
            speakersF: speakersF, speakersM: speakersM,
            womenAmongSpeakers: speakersF + speakersM > 0 ? ReportFormat.percent(Double(speakersF) / Double(speakersF + speakersM)) : "–",
            speechF: ReportFormat.duration(speechF), speechM: ReportFormat.duration(speechM),
            womenShareOfSpeech: speechF + speechM > 0 ? ReportFormat.percent(speechF / (speechF + speechM)) : "–",
            medianWomenShare: median.map(ReportFormat.percent) ?? "–",
            histogram: ShareHistogram(shares: shares), ranking: ranked, failures: failures, sections: sections,
            omittedSections: omitted, hasPredictions: predictions != nil, metadataSource: predictions?.source ?? "",
            matchedFilms: matched, clusters: predictions.map { clusterRows($0, catalogue: catalogueClusters) } ?? [],
            clusterProblem: predictions?.clusterProblem, generator: options.generator)
        page.hasOmittedSections = omitted > 0
        page.hasFailures = !failures.isEmpty
        page.hasClusters = !page.clusters.isEmpty
        return page
    }

    static func prediction(_ film: FilmPredictions.Film) -> ReportPage.Prediction {
        .init(id: film.id, title: film.title, rating: film.rating, pPass: ReportFormat.percent(film.pPass),
              probabilities: film.probabilities.enumerated().map { r, p in
                  .init(rating: r, value: ReportFormat.percent(p), width: ReportFormat.number(p * 100, 1),
                        predicted: r == film.rating)
              },
              waterfall: WaterfallChart(bias: film.bias, contributions: film.top, others: film.others, rawScore: film.rawScore),
              cluster: film.cluster.map(String.init))
    }

    static func clusterRows(_ predictions: FilmPredictions, catalogue: [Int: Int]) -> [ReportPage.ClusterRow] {
        guard let clusters = predictions.clusters else { return [] }
        return clusters.clusters.map { c in
            let members = c.members
            let predicted = members.isEmpty ? nil
                : members.reduce(0.0) { $0 + predictions.films[$1].pPass } / Double(members.count)
            let examples = c.representatives.prefix(3).map { predictions.films[$0].title ?? predictions.films[$0].id }
            return .init(index: c.index, size: c.size, passRate: c.passRate.map(ReportFormat.percent) ?? "–",
                         labelled: c.labelled, predictedPass: predicted.map(ReportFormat.percent) ?? "–",
                         catalogueFilms: catalogue[c.index] ?? 0,
                         distinctions: c.distinctions.prefix(3).map {
                             .init(feature: $0.feature, z: ($0.standardizedDifference >= 0 ? "+" : "") + ReportFormat.number($0.standardizedDifference, 2))
                         },
                         examples: examples.joined(separator: "; "))
        }
    }
}
