import DSPKit
import Foundation

/// Everything a run writes about one film, in one transaction: the outcome (a `CountResult` or a one-line
/// failure) with the file's identity, the configuration that produced it and the time each step took.
public struct FilmRecord: Sendable {
    public var film: CatalogueFilm
    /// The count; nil for a failed film.
    public var result: CountResult?
    /// Why the film failed; nil for a done film.
    public var failure: FilmFailure?
    /// Hash of the file's bytes; nil when the file could not be read.
    public var contentHash: ContentHash?
    public var fingerprint: FileFingerprint?
    /// Header facts (format, rate, channels); nil when the header could not be read.
    public var info: AudioInfo?
    public var configuration: AnalysisConfiguration
    /// Wall time of the stages of the analysis, seconds (nil when no analysis ran).
    public var timings: SpeakerCounter.Timings?
    /// Wall time of hashing the file, seconds (nil when the stored hash was trusted).
    public var hashSeconds: Double?
    public var recordedAt: Date

    public init(film: CatalogueFilm, result: CountResult?, failure: FilmFailure?, contentHash: ContentHash?,
                fingerprint: FileFingerprint?, info: AudioInfo?, configuration: AnalysisConfiguration,
                timings: SpeakerCounter.Timings?, hashSeconds: Double?, recordedAt: Date = Date()) {
        precondition((result == nil) != (failure == nil), "a film record is either a result or a failure")
        self.film = film
        self.result = result
        self.failure = failure
        self.contentHash = contentHash
        self.fingerprint = fingerprint
        self.info = info
        self.configuration = configuration
        self.timings = timings
        self.hashSeconds = hashSeconds
        self.recordedAt = recordedAt
    }

    public var status: FilmStatus { result == nil ? .failed : .done }
}
