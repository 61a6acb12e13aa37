import Foundation
import ArgumentParser
import SurveyModel
import SurveyPipeline

/// `legisurvey store`: the store itself (issue 28). `migrate` brings its schema up to date.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Manage the store itself (a SQLite file or a PostgreSQL schema).",
        subcommands: [Migrate.self, Copy.self])

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

    /// `legisurvey store copy --from A --to B`: the whole store, history included, into a new or
    /// empty store of either backend, checked row for row.
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a whole store (runs, submissions, answers, diagnostics, file cache, arrivals) into a new or empty store, SQLite or PostgreSQL, and check the copy row for row.")

        @Option(help: "The store to copy: a path or a postgresql:// URL.") var from: String
        @Option(help: "The store to copy into (created when missing; it must hold no run): a path or a postgresql:// URL.") var to: String
        @Option(help: "How long to wait, in seconds, for a run that holds either store's writer lock.") var wait: Double = 0

        func run() async throws {
            try await Command.perform {
                let source = try StoreLocation(commandLine: from)
                let target = try StoreLocation(commandLine: to)
                let result = try await Pipeline.copyStore(from: source, to: target, wait: wait) { line in
                    FileHandle.standardError.write(Data("legisurvey: \(line)\n".utf8))
                }
                let counts = result.rows.map { "\($0.table) \($0.count)" }.joined(separator: ", ")
                print("copied \(result.from) to \(result.to), every table checked row for row: \(counts)")
                return 0
            }
        }
    }
}
