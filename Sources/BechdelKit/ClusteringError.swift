/// Why films cannot be clustered as asked (too few rows for k, nothing to cluster on). The description is one
/// line; the caller prefixes the input file.
public enum ClusteringError: Error, Equatable, CustomStringConvertible {
    /// k is below 1 or above the number of rows.
    case invalidK(k: Int, rows: Int)
    /// Every feature is constant or missing over the rows.
    case noVaryingFeatures
    /// Feature names and matrix width disagree.
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case let .invalidK(k, rows): return "cannot make \(k) clusters from \(rows) films (k must be between 1 and the number of films)"
        case .noVaryingFeatures: return "no feature varies across these films, nothing to cluster on"
        case let .shapeMismatch(why): return "feature matrix does not match its names: \(why)"
        }
    }
}
