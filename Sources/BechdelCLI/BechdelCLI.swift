import ArgumentParser

/// The `bechdelcli` root command: measures how women are represented in films,
/// from soundtracks (who speaks, of which sex) and from film metadata (Bechdel score).
/// Each subcommand lives in its own file and only parses options and prints;
/// the work is done in DSPKit and BechdelKit.
struct BechdelCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bechdelcli",
        abstract: "Measure how women are represented in films: speakers by sex, and the Bechdel test.",
        version: "0.1.0",
        subcommands: [
            // Audio (DSPKit)
            CountCommand.self,
            EvaluateCommand.self,
            InfoCommand.self,
            FeaturesCommand.self,
            TrainSexModelCommand.self,
            EvaluateSexCommand.self,
            EvaluateSADCommand.self,
            EvaluateEmbeddingCommand.self,
            TrainAudioModelsCommand.self,
            // Catalogues (CatalogueKit)
            BatchCommand.self,
            MergeCommand.self,
            ExportCommand.self,
            ReportCommand.self,
            // Tabular (BechdelKit)
            TrainCommand.self,
            PredictCommand.self,
            ExplainCommand.self,
            ClustersCommand.self,
            // Measurement
            BenchCommand.self,
        ]
    )
}
