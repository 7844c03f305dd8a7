/// Options of `KMeans` (k-means++ seeding, Lloyd iterations, best of several restarts).
public struct KMeansOptions: Equatable, Sendable {
    /// Number of clusters. Default 6.
    public var k: Int = 6
    /// Independent k-means++ restarts; the one with the lowest inertia is kept. Default 8.
    public var restarts: Int = 8
    /// Maximum Lloyd iterations per restart. Default 100.
    public var maxIterations: Int = 100
    /// Seed of the k-means++ draws (restart r uses a stream derived from seed and r). Default 1.
    public var seed: UInt64 = 1

    public init(k: Int = 6, restarts: Int = 8, maxIterations: Int = 100, seed: UInt64 = 1) {
        self.k = k
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.seed = seed
    }
}
