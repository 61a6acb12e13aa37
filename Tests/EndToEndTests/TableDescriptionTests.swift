import ArgumentParser
import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyPublish
import SurveyTestSupport
import Testing

@testable import legisurvey

/// A table defined here, outside the package's sources, added through the public API: a whole run
/// writes it, `run --help` lists it, and a row that breaks its invariant is refused by name.
@Suite struct OutputTableTests {
    /// One row of the test's own table.
    struct RoundCount: Sendable {
        var round: String
        var countries: Int
    }

    static let countriesByRound = TableDescription<RoundCount>(
        name: "countries_by_round", file: "countries_by_round.csv",
        summary: "How many countries answered in each round.",
        grain: "one row per round",
        columns: [TableColumn("round", "The round."), TableColumn.number("countries", "Countries with an accepted submission.")],
        invariants: [.row("countries ≥ 1") { $0.countries >= 1 }, .unique("no duplicate round") { $0.round }],
        key: { $0.round })

    static func cells(_ row: RoundCount) -> [CSVCell] { [.text(row.round), .number(String(row.countries))] }

    /// The table as a run writes it: one row per round of the store.
    static let table = OutputTable(countriesByRound) { context in
        TableRows(context.countriesByRound.map { RoundCount(round: $0.round, countries: $0.countries) }, cells: cells)
    }

    /// The same description, fed a row that breaks "countries ≥ 1" after the real ones.
    static let brokenTable = OutputTable(countriesByRound) { context in
        TableRows(
            context.countriesByRound.map { RoundCount(round: $0.round, countries: $0.countries) }
                + [RoundCount(round: "2030", countries: 0)], cells: cells)
    }

    /// Three countries in 2026, one of them also in 2022.
    func pipeline(_ name: String) throws -> (Pipeline, output: URL) {
        let folder = Fixtures.temporaryFolder(name)
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write(
            ["answers.csv": "country,round,ch8_cert\r\nDEU,2022,yes\r\nDEU,2026,yes\r\nFRA,2026,no\r\nGHA,2026,yes\r\n"], in: input)
        let file = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        return (try Pipeline(configuration: try PipelineConfiguration.load(path: file.path)), output)
    }

    @Test func anAddedTableIsWrittenByAWholeRun() async throws {
        let (pipeline, output) = try pipeline("added-table")
        let summary = try await OutputTables.$added.withValue([Self.table]) {
            #expect(pipeline.tables.map(\.file) == Pipeline.outputFiles + ["countries_by_round.csv"])
            return try await pipeline.run()
        }
        #expect(summary.total.accepted == 4)
        let text = try String(contentsOf: output.appendingPathComponent("countries_by_round.csv"), encoding: .utf8)
        #expect(text == "round,countries\r\n2022,1\r\n2026,3\r\n")
        #expect(summary.outputs.contains(output.appendingPathComponent("countries_by_round.csv").path))
        // The standard tables are still all there, and the added table only where it was added.
        for name in Pipeline.outputFiles where !name.hasPrefix("priorities") && !name.hasPrefix("ta_") {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), "\(name)")
        }
        #expect(!pipeline.tables.contains { $0.file == "countries_by_round.csv" })
    }

    @Test func runHelpListsAnAddedTable() throws {
        let help = OutputTables.$added.withValue([Self.table]) { LegiSurvey.helpMessage(for: Run.self, columns: 200) }
        #expect(help.contains("  countries_by_round.csv: How many countries answered in each round."))
        for file in Pipeline.outputFiles { #expect(help.contains("  \(file): "), "\(file)") }
        #expect(help.contains("statistics.sdmx-structure.xml (the SDMX-ML 2.1 structure"), "the file beside the tables")
        let plain = LegiSurvey.helpMessage(for: Run.self, columns: 200)
        #expect(!plain.contains("countries_by_round.csv"), "the table is listed only where it was added")
        // The generated documentation describes it too: grain, columns, invariants.
        let docs = OutputTables.$added.withValue([Self.table]) {
            TableDocumentation.markdown(OutputTables.registered.map(\.table))
        }
        #expect(docs.contains("## `countries_by_round.csv`") && docs.contains("Grain: one row per round."))
        #expect(docs.contains("| `countries` | Countries with an accepted submission. |") && docs.contains("- countries ≥ 1\n"))
    }

    @Test func aRowBreakingAnAddedTablesInvariantIsRefused() async throws {
        let (pipeline, output) = try pipeline("added-table-broken")
        var refusal: (any Error)?
        do { _ = try await OutputTables.$added.withValue([Self.brokenTable]) { try await pipeline.run() } } catch { refusal = error }
        let message = refusal.map { "\($0)" } ?? "no error"
        #expect(message.contains("countries_by_round.csv"), "\(message)")
        #expect(message.contains("\"countries ≥ 1\""), "\(message)")
        #expect(message.contains("row 3 (2030)"), "\(message)")
        let left = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.contains("countries_by_round") }
        #expect(left.isEmpty, "neither the file nor its temporary file is left: \(left)")
    }

    /// docs/outputs.md and README.md's output list are generated from the descriptions; regenerate
    /// with `make docs`.
    @Test func docsAndReadmeMatchTheDescriptions() throws {
        let tables = OutputTables.standard.map(\.table)
        let docs = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/outputs.md"), encoding: .utf8)
        #expect(docs == TableDocumentation.markdown(tables), "run: make docs (legisurvey docs outputs > docs/outputs.md)")
        let readme = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(TableDocumentation.readmeList(tables)), "run: make docs (legisurvey docs outputs --readme README.md)")
        #expect(TableDocumentation.updatingReadme(readme, tables: tables) == readme)
        for table in tables {
            #expect(docs.contains("## `\(table.file)`"), "\(table.file)")
            for column in table.columns { #expect(docs.contains("| `\(column.header)` |"), "\(table.file): \(column.header)") }
            for invariant in table.invariants { #expect(docs.contains("- \(invariant.name)"), "\(table.file): \(invariant.name)") }
        }
    }

    /// The command `make docs` runs prints the same page.
    @Test func theDocsCommandPrintsTheGeneratedPage() async throws {
        let result = try await ExternalProgram.run(CommandLineTests.binary, ["docs", "outputs"])
        let text = result.text
        #expect(result.status == 0, "\(result.errors)")
        #expect(text == TableDocumentation.markdown(OutputTables.standard.map(\.table)))
    }
}
