import XCTest
@testable import DSPKit

/// The i-vector extractor, its EM training, the LDA projection and the stored embedder, on synthetic
/// speakers whose GMM mean offsets lie in a known low-rank subspace.
final class SpeakerEmbeddingTests: XCTestCase {
    /// A 4-component, 3-dimensional background model with well separated components.
    static let ubm = DiagonalGMM(weights: [0.25, 0.25, 0.25, 0.25],
                                 means: [-4, 0, 0, 4, 0, 0, 0, -4, 0, 0, 4, 0],
                                 variances: [Float](repeating: 1, count: 12))

    /// Segments of `speakers` synthetic speakers, each speaker's mean offset along `direction` scaled by its
    /// own factor, every segment drawn fresh (`frames` frames) with a random "condition" offset along a
    /// second direction; returns statistics, speaker labels and the speakers' factors.
    func synthetic(speakers: Int, segmentsPerSpeaker: Int, frames: Int, seed: UInt64)
        -> (stats: [BaumWelchStatistics], labels: [Int], factors: [Double]) {
        var g = SeededGenerator(seed: seed)
        func gaussian() -> Double {
            let u1 = max(g.nextUnit(), 1e-300), u2 = g.nextUnit()
            return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        let ubm = Self.ubm
        let speaker: [Double] = [0, 1, 0.5, 0, 1, -0.5, 0, 1, 0.5, 0, 1, -0.5]      // shifts dims 2 and 3
        let condition: [Double] = [1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]            // shifts dim 1
        let factors = (0..<speakers).map { _ in gaussian() }
        var stats: [BaumWelchStatistics] = [], labels: [Int] = []
        for s in 0..<speakers {
            for _ in 0..<segmentsPerSpeaker {
                let c = 0.8 * gaussian()
                var data: [Float] = []
                for _ in 0..<frames {
                    let k = g.nextIndex(4)
                    for j in 0..<3 {
                        let i = k * 3 + j
                        data.append(Float(Double(ubm.means[i]) + factors[s] * speaker[i] + c * condition[i] + gaussian()))
                    }
                }
                let x = FeatureMatrix(rows: frames, cols: 3, data: data)
                stats.append(BaumWelchStatistics(x, under: ubm, rows: 0..<frames))
                labels.append(s)
            }
        }
        return (stats, labels, factors)
    }

    func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb) }
        return sab / (saa * sbb).squareRoot()
    }

    func testEmptyStatisticsGiveTheZeroIVector() {
        var g = SeededGenerator(seed: 1)
        let t = (0..<(12 * 2)).map { _ in g.nextUnit() - 0.5 }
        let e = IVectorExtractor(ubm: Self.ubm, rank: 2, matrix: t)
        let w = e.extract(BaumWelchStatistics(components: 4, dimension: 3))
        XCTAssertEqual(w, [0, 0])
    }

    func testTrainedIVectorsRecoverTheLatentFactors() {
        let data = synthetic(speakers: 30, segmentsPerSpeaker: 4, frames: 400, seed: 7)
        let extractor = IVectorTrainer.train(segments: data.stats, ubm: Self.ubm, rank: 2, iterations: 15, seed: 2)
        let w = data.stats.map { extractor.extract($0) }
        // Some linear combination of the two i-vector dimensions must track the speaker factor: regress on both.
        let truth = data.labels.map { data.factors[$0] }
        let lda = SpeakerEmbeddingProjection.train(ivectors: w, labels: data.labels, dimension: 1)
        let projected = w.map { v -> Double in
            let x = zip(v, lda.mean).map { $0 - $1 }
            return (0..<2).reduce(0.0) { $0 + x[$1] * lda.matrix[$1] }
        }
        XCTAssertGreaterThan(abs(correlation(projected, truth)), 0.9)
    }

    func testTrainingIsDeterministicWhateverTheThreads() {
        let data = synthetic(speakers: 6, segmentsPerSpeaker: 50, frames: 100, seed: 9)
        let a = IVectorTrainer.train(segments: data.stats, ubm: Self.ubm, rank: 3, iterations: 3, seed: 4, threads: 1)
        let b = IVectorTrainer.train(segments: data.stats, ubm: Self.ubm, rank: 3, iterations: 3, seed: 4, threads: 3)
        XCTAssertEqual(a.matrix, b.matrix)
    }

    func testProjectionKeepsTheSpeakerDirection() {
        // Two classes apart along x, with large within-class spread along y: LDA must keep x.
        var g = SeededGenerator(seed: 11)
        var vectors: [[Double]] = [], labels: [Int] = []
        for i in 0..<400 {
            let c = i % 2
            vectors.append([Double(c) * 2 + 0.3 * (g.nextUnit() - 0.5), 20 * (g.nextUnit() - 0.5), 0.3 * (g.nextUnit() - 0.5)])
            labels.append(c)
        }
        // Without length normalisation in the way: centre the classes around a far-away origin.
        let shifted = vectors.map { [$0[0] + 100, $0[1], $0[2]] }
        let p = SpeakerEmbeddingProjection.train(ivectors: shifted, labels: labels, dimension: 1)
        let separation = abs(p.matrix[0]) / (abs(p.matrix[0]) + abs(p.matrix[1]) + abs(p.matrix[2]))
        XCTAssertGreaterThan(separation, 0.5)
        // Same-class embeddings agree in sign, different classes disagree.
        let e0 = p.embed(shifted[0]), e1 = p.embed(shifted[1]), e2 = p.embed(shifted[2])
        XCTAssertGreaterThan(SpeakerEmbedder.similarity(e0, e2), 0)
        XCTAssertLessThan(SpeakerEmbedder.similarity(e0, e1), 0)
    }

    func testEmbedderSurvivesTheModelContainer() throws {
        let data = synthetic(speakers: 8, segmentsPerSpeaker: 5, frames: 200, seed: 13)
        let extractor = IVectorTrainer.train(segments: data.stats, ubm: Self.ubm, rank: 3, iterations: 4, seed: 1)
        let w = data.stats.map { extractor.extract($0) }
        let embedder = SpeakerEmbedder(extractor: extractor,
                                       projection: SpeakerEmbeddingProjection.train(ivectors: w, labels: data.labels, dimension: 2))
        var c = BackgroundModelTrainer.container(Self.ubm, options: {
            var o = DiarizationOptions(); o.backgroundColumns = 0..<3; return o
        }(), embedder: embedder)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("embedder-\(UUID().uuidString).model").path
        try c.write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try XCTUnwrap(try BackgroundModelTrainer.loadWithEmbedder(path: path).embedder)
        for s in data.stats.prefix(5) {
            for (a, b) in zip(embedder.embed(s), loaded.embed(s)) { XCTAssertEqual(a, b, accuracy: 1e-4) }
        }
        // A projection whose shape does not fit the i-vector rank is a clean error naming the file.
        c.setFloats("diarization.embedding.projection", [1, 2, 3, 4], shape: [4, 1])
        try c.write(to: path)
        XCTAssertThrowsError(try BackgroundModelTrainer.loadWithEmbedder(path: path)) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }

    func testShippedDiarizationModelHasAnEmbedder() throws {
        let m = try BackgroundModelTrainer.shippedWithEmbedder()
        let e = try XCTUnwrap(m.embedder)
        XCTAssertEqual(e.extractor.ubm.dimension, m.features.dimension)
    }

    func testEmbeddingPassMergesClustersOfOneSpeaker() {
        // Four initial clusters: two of speaker A, two of speaker B (factors far apart).
        let data = synthetic(speakers: 40, segmentsPerSpeaker: 4, frames: 300, seed: 17)
        let extractor = IVectorTrainer.train(segments: data.stats, ubm: Self.ubm, rank: 2, iterations: 10, seed: 3)
        let w = data.stats.map { extractor.extract($0) }
        let embedder = SpeakerEmbedder(extractor: extractor,
                                       projection: SpeakerEmbeddingProjection.train(ivectors: w, labels: data.labels, dimension: 1))
        let lowest = data.factors.indices.min { data.factors[$0] < data.factors[$1] }!
        let highest = data.factors.indices.max { data.factors[$0] < data.factors[$1] }!
        // Frames of the two speakers, 4 segments each, as one feature matrix.
        var g = SeededGenerator(seed: 21)
        func gaussian() -> Double {
            let u1 = max(g.nextUnit(), 1e-300), u2 = g.nextUnit()
            return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        let direction: [Double] = [0, 1, 0.5, 0, 1, -0.5, 0, 1, 0.5, 0, 1, -0.5]
        var rows: [Float] = [], segments: [Range<Int>] = []
        for (n, s) in [lowest, highest, lowest, highest].enumerated() {
            for _ in 0..<300 {
                let k = g.nextIndex(4)
                for j in 0..<3 { rows.append(Float(Double(Self.ubm.means[k * 3 + j]) + data.factors[s] * direction[k * 3 + j] + gaussian())) }
            }
            segments.append((n * 300)..<((n + 1) * 300))
        }
        let x = FeatureMatrix(rows: 1200, cols: 3, data: rows)
        var options = DiarizationOptions()
        options.embeddingScoring = .cosine
        options.embeddingThreshold = 0.5
        let result = SpeakerClusterer(options: options).refineByEmbedding(
            segmentStatistics: BaumWelchStatistics.ofSegments(x, under: Self.ubm, segments: segments), segments: segments, initial: .init(labels: [0, 1, 2, 3], clusterCount: 4), embedder: embedder)
        XCTAssertEqual(result.clusterCount, 2)
        XCTAssertEqual(result.labels, [0, 1, 0, 1])
    }
}

/// Equal error rate of pair scores.
final class EmbeddingEvaluationTests: XCTestCase {
    func testSeparatedScoresGiveZeroEqualErrorRate() {
        var e = EmbeddingEvaluation()
        e.add(scene: [("a", [1, 0]), ("a", [0.9, 0.1].unitVector), ("b", [0, 1]), ("b", [0.1, 0.9].unitVector)])
        let eer = try! XCTUnwrap(e.equalErrorRate)
        XCTAssertEqual(eer.rate, 0)
        XCTAssertEqual(e.pairs.count, 6)
        XCTAssertEqual(e.pairs.filter(\.same).count, 2)
    }

    func testOverlappingScoresGiveTheCrossingRate() {
        var e = EmbeddingEvaluation()
        // one same-speaker pair (0.5) below one different-speaker pair (0.55): at 0.55 one miss in four,
        // one false alarm in four
        e.pairs = [0.5, 0.6, 0.7, 0.8].map { ($0, true) } + [0.1, 0.2, 0.3, 0.55].map { ($0, false) }
        let eer = try! XCTUnwrap(e.equalErrorRate)
        XCTAssertEqual(eer.rate, 0.25, accuracy: 1e-12)
        XCTAssertNil(EmbeddingEvaluation().equalErrorRate)
    }
}

private extension Array where Element == Double {
    var unitVector: [Double] { let n = (self.reduce(0) { $0 + $1 * $1 }).squareRoot(); return map { $0 / n } }
}

/// Training segments cut from a committed scene with its reference RTTM, and the shipped embedder on them.
final class SpeakerEmbeddingTrainerTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    func testSegmentsComeFromEachReferenceSpeaker() throws {
        let scene = SceneList.Scene(id: "example_scene", audio: Self.fixtures.appendingPathComponent("example_scene.flac").path,
                                    rttm: Self.fixtures.appendingPathComponent("example_scene.rttm").path, females: 2, males: 1)
        let model = try BackgroundModelTrainer.shippedWithEmbedder()
        let items = try SpeakerEmbeddingTrainer.segments(scene: scene, extractor: FeatureExtractor(options: FrontEndOptions()),
                                                         ubm: model.ubm, features: model.features, frameRate: 100,
                                                         minimumSegment: 100, threads: 1)
        XCTAssertEqual(Set(items.map(\.speaker)), ["F_librispeech-1841", "F_librispeech-1246", "M_librispeech-1594"])
        XCTAssertTrue(items.allSatisfy { $0.statistics.frames >= 99 })
        // The shipped embedder scores one speaker's stretches above different speakers' on average.
        let embedder = try XCTUnwrap(model.embedder)
        var evaluation = EmbeddingEvaluation()
        let vectors = items.map { embedder.vector($0.statistics) }
        for i in items.indices { for j in (i + 1)..<items.count {
            evaluation.pairs.append((embedder.score(vectors[i], vectors[j]), items[i].speaker == items[j].speaker))
        } }
        XCTAssertGreaterThan(evaluation.means.same, evaluation.means.different)
    }
}
