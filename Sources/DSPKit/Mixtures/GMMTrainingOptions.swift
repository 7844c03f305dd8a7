/// Options of diagonal-GMM training (k-means++ initialisation, then EM), one struct for the whole stage.
public struct GMMTrainingOptions: Equatable, Sendable {
    /// Mixture components K. Default 64.
    public var components: Int = 64
    /// EM iterations after initialisation. Default 20.
    public var iterations: Int = 20
    /// Absolute floor on every variance, in squared feature units. Default 1e-3.
    public var varianceFloor: Float = 1e-3
    /// Seed of every random choice (sampling and k-means++). Default 1.
    public var seed: UInt64 = 1
    /// Frames drawn (seeded, without replacement) for the k-means++ initialisation. Default 20000.
    public var initializationFrames: Int = 20000
    /// Lloyd iterations of k-means after the k-means++ seeding. Default 10.
    public var kMeansIterations: Int = 10
    /// Components whose occupancy falls below this (in frames) keep their previous mean and variance
    /// and a small weight. Default 1e-3.
    public var minOccupancy: Double = 1e-3

    public init(components: Int = 64, iterations: Int = 20, varianceFloor: Float = 1e-3, seed: UInt64 = 1) {
        self.components = components
        self.iterations = iterations
        self.varianceFloor = varianceFloor
        self.seed = seed
    }
}
