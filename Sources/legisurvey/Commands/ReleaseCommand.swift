import ArgumentParser
import Foundation
import SurveyModel
import SurveyPipeline

/// `legisurvey release NAME`, `release verify NAME`, `release list`: citable releases
/// (docs/releases.md). Exit status: 0 done (verify: identical), 1 verify found differences,
/// 2 usage errors (an unsafe name, an existing release, no such release).
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Freeze the outputs into <output>/releases/NAME/ (a release that can be cited and recomputed), verify or list releases.",
        subcommands: [Create.self, Verify.self, List.self], defaultSubcommand: Create.self)

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Freeze the inbox, the definitions and the outputs computed from them into <output>/releases/NAME/ with manifest.json (`legisurvey release NAME`).")

        @OptionGroup var options: PipelineOptions
        @Option(help: "Inbox folder (overrides the pipeline file).") var input: String?
        @Option(help: "Output folder (overrides the pipeline file); the release goes to its releases/ folder.") var output: String?
        @Option(help: "Store path (overrides the pipeline file).") var store: String?
        @Flag(help: "Print only the release's folder.") var quiet = false
        @Option(name: .customLong("lang"), help: "Also write the release's report in this language (ar, en, es, fr, ru, zh): report.<lang>.html.")
        var languages: [String] = []
        @Argument(help: "The release's name: letters, digits, '.', '_', '-' (e.g. 2026-04-expert-group).") var name: String

        func run() async throws {
            try await Command.perform {
                let pipeline = try options.pipeline(input: input, output: output, store: store)
                let quiet = self.quiet
                let reportLanguages = try Command.languages(languages)
                let made = try await pipeline.makeRelease(name: name, reportLanguages: reportLanguages) { message in
                    if !quiet { FileHandle.standardError.write(Data("legisurvey: \(message)\n".utf8)) }
                }
                let manifest = made.manifest
                if !quiet {
                    print("Release \(manifest.name) (\(manifest.created), LegiSurvey \(manifest.softwareVersion))")
                    print("  \(manifest.definitions.count) definition files, \(manifest.inputs.count) input files, \(manifest.outputs.count) output files")
                    print("  \(manifest.filesRead) files read; \(manifest.accounting.submissionsSeen) submissions seen = \(manifest.accounting.accepted) accepted + \(manifest.accounting.superseded) superseded + \(manifest.accounting.excluded) excluded + \(manifest.accounting.rejected) rejected")
                }
                print(made.folder.path)
                return 0
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a release from its own inputs and definitions and compare every file with its manifest (exit 0 identical, 1 differences).")

        @OptionGroup var options: PipelineOptions
        @Option(help: "Output folder holding releases/ (overrides the pipeline file).") var output: String?
        // Accepted so that the arguments of `run` and `release NAME` work here too; a release is
        // recomputed from its own copies, never from the inbox or the store.
        @Option(help: "Accepted as for `run`; not used (a release has its own inputs).") var input: String?
        @Option(help: "Accepted as for `run`; not used (a release is recomputed with a temporary store).") var store: String?
        @Argument(help: "The release's name.") var name: String

        func run() async throws {
            try await Command.perform {
                let pipeline = try options.pipeline(input: input, output: output, store: store)
                let result = try await pipeline.verifyRelease(name: name)
                for difference in result.differences { print(difference) }
                if result.passed {
                    print("release \(name): verified, \(result.manifest.inputs.count) inputs, \(result.manifest.definitions.count) definitions and \(result.manifest.outputs.count) outputs as the manifest says")
                    return 0
                }
                print("release \(name): \(result.differences.count) difference\(result.differences.count == 1 ? "" : "s")" + (result.recomputed ? "" : " (not recomputed: its inputs or definitions differ)"))
                return 1
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the releases (name, date made, files).")

        @OptionGroup var options: PipelineOptions
        @Option(help: "Output folder holding releases/ (overrides the pipeline file).") var output: String?
        // Accepted so that the arguments of `run` and `release NAME` work here too; a release is
        // recomputed from its own copies, never from the inbox or the store.
        @Option(help: "Accepted as for `run`; not used (a release has its own inputs).") var input: String?
        @Option(help: "Accepted as for `run`; not used (a release is recomputed with a temporary store).") var store: String?

        func run() async throws {
            try await Command.perform {
                let pipeline = try options.pipeline(input: input, output: output, store: store)
                for release in pipeline.listReleases() { print("\(release.name)\t\(release.created)\t\(release.files) files") }
                return 0
            }
        }
    }
}
