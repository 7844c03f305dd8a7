/// Why an ensemble cannot be explained: the trees do not fit the feature table or the class does not exist.
/// Loaded model files are validated before they get here, so these point at a programming or file error.
public enum TreeSHAPError: Error, Equatable, CustomStringConvertible {
    /// The requested class index is outside the ensemble's classes.
    case noSuchClass(Int, Int)
    /// Tree `t` splits on feature `f`, but rows have only `count` features.
    case featureOutOfRange(Int, Int, Int)
    /// Tree `t` is not a valid flat tree.
    case malformedTree(Int, String)

    public var description: String {
        switch self {
        case let .noSuchClass(c, n): return "model has no class \(c) (it has \(n) classes)"
        case let .featureOutOfRange(t, f, n): return "tree \(t) splits on feature \(f) but the schema has \(n) features"
        case let .malformedTree(t, why): return "tree \(t) is malformed: \(why)"
        }
    }
}
