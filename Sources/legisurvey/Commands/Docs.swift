import ArgumentParser
import Foundation
import SurveyPipeline
import SurveyPublish

/// `legisurvey docs`: the documentation generated from the code (`make docs`).
struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print documentation generated from the code (docs/outputs.md).", subcommands: [DocsOutputs.self])
}

/// `legisurvey docs outputs`: docs/outputs.md, or README.md's output list, from the table
/// descriptions; a test fails when the files in the repository differ from what this writes.
struct DocsOutputs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outputs",
        abstract: "Print docs/outputs.md: each output table's grain, columns and invariants.",
        discussion: "With --readme, rewrite that README's output list (between its outputs:begin and outputs:end comments) instead.")

    @Option(help: ArgumentHelp("Update the output list of this README instead of printing.", valueName: "path"))
    var readme: String?

    func run() throws {
        try Command.perform {
            let tables = OutputTables.registered.map(\.table)
            guard let readme else {
                print(TableDocumentation.markdown(tables), terminator: "")
                return 0
            }
            let url = URL(fileURLWithPath: readme)
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let updated = TableDocumentation.updatingReadme(text, tables: tables) else {
                throw PipelineError.invalidArgument(
                    "--readme \(readme): no \(TableDocumentation.readmeBegin) … \(TableDocumentation.readmeEnd) section")
            }
            if updated != text { try Data(updated.utf8).write(to: url, options: .atomic) }
            return 0
        }
    }
}
