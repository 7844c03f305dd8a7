import ArgumentParser

/// `bechdelcli models`: the commands that rebuild or evaluate the models, kept apart from the ones users run on
/// films (`count`, `batch`, `report`, `predict`...), so that `bechdelcli --help` shows those first. Each
/// subcommand lives in its own file.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Rebuild or evaluate the models (sex model, predictor, speech detector, speaker embedding).",
        subcommands: [
            TrainPredictorCommand.self,
            TrainAudioModelsCommand.self,
            TrainSexModelCommand.self,
            EvaluateSADCommand.self,
            EvaluateSexCommand.self,
            EvaluateEmbeddingCommand.self,
        ]
    )
}
