import ArgumentParser

/// The `bechdelcli` root command: measures how women are represented in films,
/// from soundtracks (who speaks, of which sex) and from film metadata (Bechdel score).
/// Each subcommand lives in its own file and only parses options and prints; the work is done in DSPKit,
/// BechdelKit, CatalogueKit and ReportKit. The commands for users come first in `--help`; those that rebuild or
/// evaluate models are under `models`, the speed measurements under `bench`.
struct BechdelCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bechdelcli",
        abstract: "Measure how women are represented in films: speakers by sex, and the Bechdel test.",
        version: "0.1.0",
        subcommands: [
            // What users run on films and catalogues, in the order of a session.
            CountCommand.self,
            BatchCommand.self,
            ReportCommand.self,
            ExportCommand.self,
            MergeCommand.self,
            PredictCommand.self,
            ExplainCommand.self,
            ClustersCommand.self,
            InfoCommand.self,
            FeaturesCommand.self,
            EvaluateCommand.self,
            // Rebuilding and evaluating the models; measuring speed.
            ModelsCommand.self,
            BenchCommand.self,
        ]
    )
}
