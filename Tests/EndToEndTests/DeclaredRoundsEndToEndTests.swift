import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Issue 16, section 2, through whole runs: a stray round value beside the demo inbox cannot
/// become a round of its own, and "latest" is the last declared round.
@Suite(.serialized) struct DeclaredRoundsEndToEndTests {
    static let demo = Fixtures.packageRoot.appendingPathComponent("Input")

    /// A copy of the demo inbox with `files` added (relative path → text) and the 2022 baseline's
    /// round cells replaced by `baselineRound`.
    static func inbox(adding files: [String: String], baselineRound: String = "2022") throws -> URL {
        let folder = Fixtures.temporaryFolder("rounds-inbox").appendingPathComponent("in")
        try FileManager.default.copyItem(at: demo, to: folder)
        if baselineRound != "2022" {
            let baseline = folder.appendingPathComponent("demo-9-baseline-2022.csv")
            let text = try String(contentsOf: baseline, encoding: .utf8)
            // Lines end in CRLF ("\r\n" is one Character, so split on isNewline).
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line -> String in
                var cells = line.components(separatedBy: ",")
                if cells.count > 1, cells[1] == "2022" { cells[1] = baselineRound }
                return cells.joined(separator: ",")
            }
            #expect(lines.filter { $0.contains(",\(baselineRound),") }.count > 10)
            try Data(lines.joined(separator: text.contains("\r\n") ? "\r\n" : "\n").utf8).write(to: baseline)
        }
        try Fixtures.write(files, in: folder)
        return folder
    }

    struct Outcome {
        var summary: RunSummary
        var output: URL
        var pipeline: Pipeline
        func text(_ name: String) throws -> String { try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8) }
        func rows(_ name: String) throws -> [[String: String]] {
            let records = MinimalReader.splitCSV(try text(name))
            guard let header = records.first else { return [] }
            return records.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        }
    }

    static func run(input: URL, rounds: [String], round: String = "2026") async throws -> Outcome {
        let folder = Fixtures.temporaryFolder("rounds-run")
        let output = folder.appendingPathComponent("out")
        let file = try Fixtures.pipelineFile(
            in: folder, input: input, output: output, round: round, rounds: rounds, extra: Fixtures.defaultStatisticsKeys)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        let summary = try await pipeline.run()
        return Outcome(summary: summary, output: output, pipeline: pipeline)
    }

    /// The instance of the issue with a pipeline file that declares no rounds (before: it ran, and
    /// `2026.0` became a round of its own, the latest by text): refused before anything is read
    /// or written, with one line saying what to add.
    @Test func aPipelineFileWithoutRoundsIsRefusedBeforeTheRun() throws {
        let folder = Fixtures.temporaryFolder("rounds-run")
        let output = folder.appendingPathComponent("out")
        let file = try Fixtures.pipelineFile(
            in: folder, input: try Self.inbox(adding: ["stray-round.csv": "country,round,ch3_specific_law\nFRA,2026.0,yes\n"]),
            output: output, declaringRounds: false, extra: Fixtures.defaultStatisticsKeys)
        do {
            _ = try PipelineConfiguration.load(path: file.path)
            Issue.record("a pipeline file without rounds: was loaded")
        } catch let error as DefinitionError {
            #expect(
                error.description == "\(file.path): rounds: missing: declare the survey's rounds in the pipeline file, oldest first, "
                    + "e.g. rounds: [\"2022\", \"2026\"] (default_round must be one of them)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// The instance of the issue: `FRA,2026.0,yes` next to the demo inbox. Before: a round
    /// "2026.0", the latest by text, with the report's headline on it, progress comparing
    /// 2022→2026.0 and ta_planning.csv down to one row, no diagnostic.
    @Test func aPandasFloatRoundBesideTheDemoIsRound2026WithANote() async throws {
        let plain = try await Self.run(input: Self.demo, rounds: ["2022", "2026"])
        let stray = try await Self.run(
            input: try Self.inbox(adding: ["stray-round.csv": "country,round,ch3_specific_law\nFRA,2026.0,yes\n"]),
            rounds: ["2022", "2026"])

        #expect(stray.summary.rounds == ["2022", "2026"])
        #expect(stray.summary.total.accepted == plain.summary.total.accepted + 1)
        let notes = try stray.rows("validation_report.csv").filter { $0["code"] == "round-normalized" }
        #expect(notes.count == 1)
        #expect(notes.first?["severity"] == "info")
        #expect(notes.first?["found"] == "2026.0" && notes.first?["expected"] == "2026")

        // ta_planning.csv keeps the demo's 2026 rows (before: one row, round 2026.0's), plus
        // France's own (not in the demo), all of round 2026.
        let planning = try stray.rows("ta_planning.csv")
        let plainPlanning = try plain.rows("ta_planning.csv")
        #expect(plainPlanning.count > 100)
        #expect(planning.count == plainPlanning.count + planning.filter { $0["country"] == "FRA" }.count)
        #expect(planning.allSatisfy { $0["round"] == "2026" })
        let progress = try stray.rows("progress.csv")
        #expect(!progress.isEmpty)
        #expect(progress.allSatisfy { $0["baseline_round"] == "2022" && $0["latest_round"] == "2026" })
        #expect(Set(try stray.rows("statistics.csv").compactMap { $0["round"] }) == ["2022", "2026"])
        let report = try stray.text("report.html")
        #expect(!report.contains("2026.0"))
        #expect(report.contains("(Round 2026)"))
    }

    /// Every class of stray value: rejected with `round-invalid` naming the declared rounds; none
    /// becomes a round, and nothing published carries it.
    @Test func strayRoundValuesAreRejectedAndNeverBecomeRounds() async throws {
        let values = ["NA", "null", ".", "..", "-", "-2026", "2027", "2026.5"]
        let countries = ["DEU", "ITA", "ESP", "PRT", "NLD", "BEL", "AUT", "CHE"]
        var csv = "country,round,ch3_specific_law\n"
        for (country, value) in zip(countries, values) { csv += "\(country),\(value),yes\n" }
        let plain = try await Self.run(input: Self.demo, rounds: Fixtures.rounds)
        let stray = try await Self.run(input: try Self.inbox(adding: ["stray-rounds.csv": csv]), rounds: Fixtures.rounds)

        #expect(stray.summary.rounds == Fixtures.rounds)
        #expect(stray.summary.total.accepted == plain.summary.total.accepted)
        #expect(stray.summary.total.rejected == plain.summary.total.rejected + values.count)
        let invalid = try stray.rows("validation_report.csv").filter { $0["code"] == "round-invalid" }
        // validation_report.csv guards cells starting with '-' against formula injection ('-2026).
        let found = invalid.compactMap { $0["found"] }.map { $0.hasPrefix("'") ? String($0.dropFirst()) : $0 }
        #expect(Set(found) == Set(values))
        #expect(invalid.allSatisfy { $0["expected"] == "one of the declared rounds: 2022, 2024, 2026" })
        #expect(Set(try stray.rows("statistics.csv").compactMap { $0["round"] }) == Set(Fixtures.rounds))
        #expect(try stray.text("ta_planning.csv") == (try plain.text("ta_planning.csv")))
        #expect(try stray.text("statistics.csv") == (try plain.text("statistics.csv")))
    }

    /// "Latest" follows the declaration, not text: a pilot round declared before 2026 ("pilot" >
    /// "2026" as text) is the baseline, 2026 the latest, in progress, the report and ta_planning.
    @Test func latestIsTheLastDeclaredRoundNotTheGreatestText() async throws {
        let outcome = try await Self.run(input: try Self.inbox(adding: [:], baselineRound: "pilot"), rounds: ["pilot", "2026"])
        #expect(outcome.summary.rounds == ["pilot", "2026"])
        let progress = try outcome.rows("progress.csv")
        #expect(!progress.isEmpty)
        #expect(progress.allSatisfy { $0["baseline_round"] == "pilot" && $0["latest_round"] == "2026" })
        let report = try outcome.text("report.html")
        #expect(report.contains("(Round 2026)"))
        #expect(!report.contains("(Round pilot)"))
        // ta_planning.csv is the latest round's: the same rows as the demo's (whose latest is 2026).
        let demo = try await Self.run(input: Self.demo, rounds: ["2022", "2026"])
        #expect(try outcome.text("ta_planning.csv") == (try demo.text("ta_planning.csv")))
        // explain priority without --round explains the latest declared round.
        let scored = try outcome.rows("priorities_by_country.csv").filter { !($0["need"] ?? "").isEmpty }
        let both = try #require(
            scored.first { row in row["round"] == "2026" && scored.contains { $0["round"] == "pilot" && $0["country"] == row["country"] && $0["area"] == row["area"] } })
        let explained = try await outcome.pipeline.explainPriority(country: both["country"]!, area: both["area"]!, round: nil)
        #expect(explained.round == "2026")
        // Statistics list the rounds in the declared order.
        let rounds = try outcome.rows("statistics.csv").compactMap { $0["round"] }
        #expect(rounds.first == "pilot" && rounds.last == "2026")
    }
}
