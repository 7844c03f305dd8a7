/// BechdelKit: the tabular side of bechdelcli: film metadata from CSV, gradient-boosted trees
/// predicting the bechdeltest.com score, TreeSHAP explanations and clusters of films.
public enum BechdelKitInfo {
    /// Version of the model file format this build reads and writes.
    public static let libraryVersion = "0.1.0"
}
