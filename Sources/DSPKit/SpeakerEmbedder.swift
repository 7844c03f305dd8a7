import Foundation

/// A cluster's speaker embedding: i-vector of its Baum-Welch statistics (`IVectorExtractor`) projected
/// by `SpeakerEmbeddingProjection` to a unit vector, so that the cosine similarity of two clusters says
/// how likely they are one speaker, largely whatever music, reverb or effects lie under each.
///
/// Stored inside the diarization model (`Models/diarization.model`) next to the background model it
/// depends on, so the two can never be mixed up.
public struct SpeakerEmbedder: Sendable {
    public let extractor: IVectorExtractor
    public let projection: SpeakerEmbeddingProjection

    public init(extractor: IVectorExtractor, projection: SpeakerEmbeddingProjection) {
        precondition(extractor.rank == projection.inputDimension, "projection does not match the i-vector rank")
        self.extractor = extractor
        self.projection = projection
    }

    /// The unit-length embedding of some frames' statistics.
    public func embed(_ statistics: BaumWelchStatistics) -> [Double] {
        projection.embed(extractor.extract(statistics))
    }

    /// The embedding before length normalisation, for PLDA scoring (`score`).
    public func vector(_ statistics: BaumWelchStatistics) -> [Double] {
        projection.project(extractor.extract(statistics))
    }

    /// PLDA log-likelihood ratio that two `vector`s are one speaker.
    public func score(_ a: [Double], _ b: [Double]) -> Double { projection.pldaScore(a, b) }

    /// Cosine similarity of two unit-length embeddings.
    public static func similarity(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
        return s
    }

    // MARK: Storage

    static let matrixSection = "diarization.embedding.tv"
    static let meanSection = "diarization.embedding.mean"
    static let projectionSection = "diarization.embedding.projection"
    static let betweenSection = "diarization.embedding.between"

    /// Adds the embedder's sections to a diarization model container.
    public func store(in container: inout ModelContainer) {
        let kd = extractor.ubm.components * extractor.ubm.dimension
        container.setFloats(Self.matrixSection, extractor.matrix.map { Float($0) }, shape: [kd, extractor.rank])
        container.setFloats(Self.meanSection, projection.mean.map { Float($0) }, shape: [extractor.rank])
        container.setFloats(Self.projectionSection, projection.matrix.map { Float($0) },
                            shape: [extractor.rank, projection.dimension])
        container.setFloats(Self.betweenSection, projection.betweenVariances.map { Float($0) }, shape: [projection.dimension])
    }

    /// The embedder stored in `container` for the background model `ubm`; nil if the container has none
    /// (a model from before embeddings); an error if the sections are damaged or do not fit `ubm`.
    public static func load(from container: ModelContainer, ubm: DiagonalGMM) throws -> SpeakerEmbedder? {
        guard container[matrixSection] != nil else { return nil }
        let kd = ubm.components * ubm.dimension
        let t = try container.floats(matrixSection, shape: [kd, -1])
        let rank = t.shape[1]
        guard rank > 0 else { throw container.error(.invalidModel, "empty total-variability matrix") }
        let mean = try container.floats(meanSection, shape: [rank])
        let p = try container.floats(projectionSection, shape: [rank, -1])
        guard p.shape[1] > 0 else { throw container.error(.invalidModel, "empty embedding projection") }
        let between = try container.floats(betweenSection, shape: [p.shape[1]])
        let values = t.values + mean.values + p.values + between.values
        guard values.allSatisfy(\.isFinite) else { throw container.error(.invalidModel, "non-finite embedding parameters") }
        let extractor = IVectorExtractor(ubm: ubm, rank: rank, matrix: t.values.map(Double.init))
        let projection = SpeakerEmbeddingProjection(mean: mean.values.map(Double.init), matrix: p.values.map(Double.init),
                                                    dimension: p.shape[1], betweenVariances: between.values.map(Double.init))
        return SpeakerEmbedder(extractor: extractor, projection: projection)
    }
}
