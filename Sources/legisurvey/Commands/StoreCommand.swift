import Foundation
import ArgumentParser
import SurveyModel
import SurveyPipeline

/// `legisurvey store`: the store itself (issue 28). `migrate` brings its schema up to date.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Manage the store itself (a SQLite file or a PostgreSQL schema).",
        subcommands: [Migrate.self])

    /// `legisurvey store migrate`: creates the store when missing and runs the migrations it lacks
    /// (every command does on opening; this does only that, e.g. for a new PostgreSQL schema
    /// before a team's first run). A store from a newer LegiSurvey is refused, untouched.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the store when missing and bring its schema up to date; nothing else is read or written.")

        @OptionGroup var options: PipelineOptions
        @Option(help: "Store path or postgresql:// URL (overrides the pipeline file).") var store: String?

        func run() async throws {
            try await Command.perform {
                let result = try await options.pipeline(store: store).migrateStore()
                print("store \(result.store): schema up to date (\(result.newest)); \(result.backend ?? "backend unknown")")
                return 0
            }
        }
    }
}
