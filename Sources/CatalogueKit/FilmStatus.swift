/// Whether a film of a results store was analysed (`done`) or could not be (`failed`, with its one-line error).
public enum FilmStatus: String, Sendable, Equatable {
    case done
    case failed
}
