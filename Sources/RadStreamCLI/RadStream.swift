import ArgumentParser

/// The `radstream` command: local tooling for the RadStream Lambda suite.
@main
struct RadStream: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radstream",
        abstract: "Local tooling for the RadStream Lambda suite.",
        subcommands: [
            EmulateCommand.self, InspectCommand.self, InvokeCommand.self, PrepareCommand.self, ReportCommand.self, RunLocalCommand.self,
            ValidateCommand.self,
        ]
    )
}
