import ArgumentParser
import SurveyModel
import SurveyPipeline
import SurveyPublish

/// `legisurvey status`: what the store holds, as text or JSON; exit status 0.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the store holds: rounds, countries per round and region, the last runs.")

    @OptionGroup var options: PipelineOptions
    @Option(help: "Store path (overrides the pipeline file).") var store: String?
    @Option(parsing: .unconditional, help: "How many of the last runs to list (1 or more).") var runs = 5

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be 1 or more; got \(runs)") }
    }
    @Flag(help: "Print it as JSON.") var json = false

    func run() async throws {
        try await Command.perform {
            let status = try await options.pipeline(store: store).storeStatus(runs: runs)
            if json {
                print(try StatusDocument(status).encoded())
            } else {
                print(status.text, terminator: "")
            }
            return 0
        }
    }
}

extension StoreStatus {
    /// The text `legisurvey status` prints: rounds with their countries per region, the last runs.
    var text: String {
        let regionNames = Dictionary(uniqueKeysWithValues: regions.map { ($0.code, $0.name) })
        let regionOrder = regions.map(\.code) + ["none"]
        var lines = ["Store: \(store)"]
        if rounds.isEmpty { lines.append("Rounds: none (no accepted submission)") }
        for round in rounds {
            let parts = regionOrder.compactMap { code in
                round.byRegion[code].map { "\(regionNames[code] ?? "no region") \($0)" }
            }
            lines.append("Round \(round.round): \(round.countries) countries (\(parts.joined(separator: ", ")))")
        }
        lines.append("Last runs:")
        if runs.isEmpty { lines.append("  none") }
        for run in runs {
            let a = run.accounting
            lines.append(
                "  #\(run.id) \(run.startedAt ?? "(time not recorded)") \(run.pipeline): \(run.filesRead) files; "
                    + "\(a.submissionsSeen) submissions = \(a.accepted) accepted + \(a.superseded) superseded + "
                    + "\(a.excluded) excluded + \(a.rejected) rejected; \(a.answersSeen) answers = \(a.answersKept) kept + "
                    + "\(a.answersDropped) dropped" + (run.withdrawn > 0 ? "; \(run.withdrawn) withdrawn" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `legisurvey status --json`.
struct StatusDocument: JSONDocument {
    struct Round: Encodable {
        var round: String
        var countries: Int
        var by_region: [String: Int]
    }
    struct Run: Encodable {
        var run_id: Int64
        var started_at: String?
        var pipeline: String
        var questionnaire: String
        var files_read: Int
        var files_reused: Int
        var withdrawn: Int
        var accounting: AccountingJSON
    }
    var store: String
    var rounds: [Round]
    var runs: [Run]

    init(_ status: StoreStatus) {
        store = status.store
        rounds = status.rounds.map { Round(round: $0.round, countries: $0.countries, by_region: $0.byRegion) }
        runs = status.runs.map {
            Run(
                run_id: $0.id, started_at: $0.startedAt, pipeline: $0.pipeline,
                questionnaire: "\($0.questionnaireID) \($0.questionnaireVersion)", files_read: $0.filesRead,
                files_reused: $0.filesReused, withdrawn: $0.withdrawn, accounting: AccountingJSON($0.accounting))
        }
    }
}
