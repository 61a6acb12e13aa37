import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// The pipeline file's `rounds:` (issue 16, section 2): required, an ordered, non-empty list of
/// unique plain names; `default_round` and `progress:` must name declared rounds.
@Suite struct DeclaredRoundsDefinitionTests {
    /// Loads a pipeline file declaring `rounds` (nil: no `rounds:` key at all).
    func load(round: String = "2026", rounds: [String]?, extra: String = "") throws -> PipelineConfiguration {
        let folder = Fixtures.temporaryFolder("rounds")
        let file = try Fixtures.pipelineFile(
            in: folder, input: folder, output: folder.appendingPathComponent("out"), round: round, rounds: rounds,
            declaringRounds: rounds != nil, extra: extra)
        return try PipelineConfiguration.load(path: file.path)
    }

    func failure(round: String = "2026", rounds: [String]?, extra: String = "") -> String {
        do {
            _ = try load(round: round, rounds: rounds, extra: extra)
            return ""
        } catch { return "\(error)" }
    }

    @Test func theShippedPipelinesDeclareTheirRoundsInOrder() throws {
        let project = try PipelineConfiguration.load(path: Fixtures.pipelineFile.path)
        #expect(project.rounds == ["2022", "2024", "2026"])
        #expect(project.defaultRound == "2026")
        let bench = try PipelineConfiguration.load(
            path: Fixtures.packageRoot.appendingPathComponent("Benchmarks/bench.yml").path)
        #expect(bench.rounds == ["2022", "2026"])
    }

    @Test func declaredRoundsAreKeptInTheirOrder() throws {
        let configuration = try load(round: "2026-A", rounds: ["2026-B", "2026-A", "2025"])
        #expect(configuration.rounds == ["2026-B", "2026-A", "2025"])
        #expect(configuration.defaultRound == "2026-A")
    }

    /// A pipeline file without `rounds:` is refused with one line that says what to add, with an
    /// example (before: it loaded, and any round value was taken as written and ordered as text).
    @Test func aPipelineFileWithoutRoundsIsRefusedSayingWhatToAdd() {
        for round in ["2026", "-2026", "2013"] {
            let message = failure(round: round, rounds: nil)
            #expect(
                message.hasSuffix(
                    "pipeline.yml: rounds: missing: declare the survey's rounds in the pipeline file, oldest first, "
                        + "e.g. rounds: [\"2022\", \"2026\"] (default_round must be one of them)"), "\(message)")
            #expect(!message.contains("\n"))
        }
        // Also with the keys that name rounds elsewhere (progress:): the missing list is the line.
        let message = failure(rounds: nil, extra: "progress:\n  baseline: \"2022\"\n  latest: \"2026\"\n")
        #expect(message.contains("rounds: missing"), "\(message)")
    }

    @Test func badListsAreRefusedWithALineNamingTheProblem() {
        #expect(failure(rounds: []).contains("rounds: declare at least one round"))
        #expect(failure(rounds: ["2022", "2026", "2022"]).contains("'2022' is declared twice"))
        for bad in ["-2026", "..", "2013/14", "NA 2", ""] {
            #expect(failure(rounds: ["2026", bad]).contains("rounds[1] '\(bad)'"), "\(bad)")
        }
        // What data tools write for a missing value is never a round, not even a declared one.
        for marker in ["NA", "null", "NaN", "None"] {
            #expect(
                failure(rounds: ["2026", marker]).contains("rounds[1] '\(marker)' is what data tools write for a missing value"),
                "\(marker)")
        }
    }

    @Test func defaultRoundMustBeDeclared() {
        let message = failure(round: "2027", rounds: ["2022", "2026"])
        #expect(message.contains("default_round '2027' is not a declared round (rounds: 2022, 2026)"))
        #expect(failure(round: "-2026", rounds: ["2022", "2026"]).contains("default_round '-2026' is not a declared round"))
    }

    @Test func progressRoundsMustBeDeclaredAndInOrder() throws {
        let ok = try load(rounds: ["2013", "2022", "2026"], extra: "progress:\n  baseline: \"2013\"\n  latest: \"2026\"\n")
        #expect(ok.baselineRound == "2013" && ok.latestRound == "2026")
        #expect(
            failure(rounds: ["2022", "2026"], extra: "progress:\n  baseline: \"2013\"\n")
                .contains("progress.baseline '2013' is not a declared round"))
        #expect(
            failure(rounds: ["2022", "2026"], extra: "progress:\n  latest: \"2026.0\"\n")
                .contains("progress.latest '2026.0' is not a declared round"))
        #expect(
            failure(rounds: ["2022", "2026"], extra: "progress:\n  baseline: \"2026\"\n  latest: \"2022\"\n")
                .contains("baseline '2026' must come before latest '2022'"))
    }

    @Test func aRoundNamedOnTheCommandLineMustBeDeclared() throws {
        let configuration = try load(rounds: ["2022", "2026"])
        try configuration.checkRound("2022", what: "sample --round")
        #expect(throws: DefinitionError.self) { try configuration.checkRound("2027", what: "sample --round") }
        do {
            try configuration.checkRound("2026.0", what: "sample --round")
            Issue.record("2026.0 was taken as a declared round")
        } catch {
            #expect("\(error)".contains("sample --round '2026.0' is not a declared round (rounds: 2022, 2026)"))
        }
    }
}
