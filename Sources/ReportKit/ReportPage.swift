/// Everything the report template shows, already laid out and formatted as text: the template only places it
/// (and HTML-escapes every value). Built by `CatalogueReport`; one property per thing on the page. Only stored
/// properties: the template engine reads values through reflection.
struct ReportPage {
    struct RankedFilm {
        var name: String, anchor: String, hasSection: Bool, share: String, barWidth: String, f: Int, m: Int,
            speech: String
    }
    struct FailedFilm { var name: String, path: String, error: String }
    struct Probability { var rating: Int, value: String, width: String, predicted: Bool }
    struct Prediction {
        var id: String, title: String?, rating: Int, pPass: String, probabilities: [Probability]
        var waterfall: WaterfallChart, cluster: String?
    }
    struct FilmSection {
        var anchor: String, name: String, path: String, duration: String, f: Int, m: Int, uncounted: Int
        var speakingF: String, speakingM: String, womenShare: String
        var timeline: TimelineChart, bars: SpeakingTimeBars
        var exchangesFF: Int, exchangesFM: Int, exchangesMF: Int, exchangesMM: Int
        var womenConversation: String, womenConversations: Int
        var hasSpeakers: Bool
        var hasUncounted = false
        var prediction: Prediction?
        var predictionMissing: Bool
    }
    struct Distinction { var feature: String, z: String }
    struct ClusterRow {
        var index: Int, size: Int, passRate: String, labelled: Int, predictedPass: String,
            catalogueFilms: Int, distinctions: [Distinction], examples: String
    }

    var title: String
    var store: String
    var filmsDone: Int, filmsFailed: Int, filmsTotal: Int
    var speakersF: Int, speakersM: Int, womenAmongSpeakers: String
    var speechF: String, speechM: String, womenShareOfSpeech: String
    var medianWomenShare: String
    var histogram: ShareHistogram
    var ranking: [RankedFilm]
    var failures: [FailedFilm]
    var sections: [FilmSection]
    var omittedSections: Int
    // Flags for the template's conditional parts (Mustache sees stored properties only; set by `CatalogueReport`).
    var hasOmittedSections = false, hasFailures = false, hasClusters = false
    var hasPredictions: Bool
    var metadataSource: String
    var matchedFilms: Int
    var clusters: [ClusterRow]
    var clusterProblem: String?
    var generator: String
}
