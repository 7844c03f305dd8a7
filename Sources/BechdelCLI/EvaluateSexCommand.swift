import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli models evaluate-sex`: accuracy of the sex classifier on held-out speakers, clean or degraded
/// (short pieces, music under the speech, telephone band), as reported in EVALUATION.md.
struct EvaluateSexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-sex",
        abstract: "Measure the sex classifier on a manifest of held-out labelled speakers.")

    @Option(help: "Manifest CSV of held-out speakers (never the training manifest).") var manifest: String
    @Option(help: "Sex model file (default: the shipped model).") var model: String?
    @Option(help: "Score pieces of this many seconds of speech instead of whole recordings.") var pieceSeconds: Double?
    @Option(help: "Mix music under the speech at this SNR in dB.") var snr: Double?
    @Option(help: "Music files to mix under the speech (repeatable; default: the manifest's music entries).") var music: [String] = []
    @Flag(help: "Band-limit to the telephone band (300-3400 Hz).") var telephone = false
    @Flag(help: "Run the standard grid (whole, 5 s, 2 s) × (clean, music at --snr or 10 dB, telephone) and print a Markdown table.")
    var standard = false
    @Option(help: ArgumentHelp("Speaker embedding for the model's embedding cue (default: the shipped Models/campplus.model).",
                               valueName: "file"))
    var embeddingModel: String?
    @Flag(help: "Decide without the speaker-embedding cue (GMM and F0 only), as models without one do.") var noEmbedding = false
    @Option(help: "Worker threads.") var threads = 1

    func validate() throws {
        try WorkerCount.check(threads, "--threads")
        if let p = pieceSeconds, !(p > 0) { throw ValidationError("--piece-seconds must be positive") }
    }

    func run() throws {
        let list: AudioManifest
        do { list = try AudioManifest(contentsOf: manifest) } catch let e as TextFileError {
            throw CommandFailure(message: e.description, exitCode: ExitStatus.inputError)
        }
        let classifier = try model.map { try SexClassifier(container: ModelContainer(contentsOf: $0)) } ?? SexClassifier.shipped()
        let embedder = noEmbedding || classifier.embeddingCue == nil ? nil
            : CAMPlusEmbedder(model: try embeddingModel.map { try CAMPlusModel(contentsOf: $0) } ?? CAMPlusModel.shipped())
        var conditions: [SexEvaluation.Condition] = []
        if standard {
            for piece in [nil, 5.0, 2.0] as [Double?] {
                conditions.append(.init(pieceSeconds: piece))
                conditions.append(.init(pieceSeconds: piece, musicSNR: snr ?? 10, musicPaths: music))
                conditions.append(.init(pieceSeconds: piece, telephone: true))
            }
        } else {
            conditions = [.init(pieceSeconds: pieceSeconds, musicSNR: snr, musicPaths: music, telephone: telephone)]
        }
        print("| condition | speakers | trials | right sex | female right | male right | mean confidence | log loss |")
        print("|---|---|---|---|---|---|---|---|")
        for c in conditions {
            let r = try SexEvaluation.run(classifier, manifest: list, condition: c, embedder: embedder, threads: threads)
            print("| \(c.name) " + String(format: "| %d | %d | %.1f %% | %d/%d | %d/%d | %.3f | %.3f |", r.speakers, r.trials,
                         100 * r.accuracy, r.femaleCorrect, r.femaleTrials, r.maleCorrect, r.maleTrials, r.meanConfidence, r.logLoss))
        }
    }
}
