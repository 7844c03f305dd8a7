/// What a results store holds about a film apart from its speakers and turns: enough for a run to decide whether
/// the film needs work (`CatalogueRun`) and for `merge` to choose between two copies.
public struct StoredFilm: Equatable, Sendable {
    public var key: Int64
    public var path: String
    public var filmID: String
    public var imdbID: String?
    public var status: FilmStatus
    public var error: String?
    /// 32 hex digits; nil when the file could not be read.
    public var contentHash: String?
    /// Size and modification time when the hash was computed.
    public var fingerprint: FileFingerprint?
    public var configuration: StoredConfiguration

    public init(key: Int64, path: String, filmID: String, imdbID: String?, status: FilmStatus, error: String?,
                contentHash: String?, fingerprint: FileFingerprint?, configuration: StoredConfiguration) {
        self.key = key
        self.path = path
        self.filmID = filmID
        self.imdbID = imdbID
        self.status = status
        self.error = error
        self.contentHash = contentHash
        self.fingerprint = fingerprint
        self.configuration = configuration
    }
}
