import Foundation
import SurveyLoad
import SurveyModel

/// `legisurvey status`: what the store holds — rounds, countries per round and region — and the
/// last runs with their accounting.
struct StatusReport: Encodable {
    struct Round: Encodable {
        var round: String
        var countries: Int
        /// M49 region code → countries (`none` for a country without a region).
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
        var accounting: ValidationJSON.Counts
    }
    var store: String
    var rounds: [Round]
    var runs: [Run]
    /// Region code → English name, for the text.
    private var regionNames: [String: String]

    private enum CodingKeys: String, CodingKey { case store, rounds, runs }

    init(pipeline: Pipeline, runs limit: Int) throws {
        let database = try pipeline.existingStore()
        store = pipeline.configuration.store.path
        var byRound: [String: [String: Int]] = [:]
        var countries: [String: Int] = [:]
        for submission in try database.acceptedSubmissions() {
            let region = pipeline.reference.country(iso3: submission.country)?.region ?? "none"
            byRound[submission.round, default: [:]][region, default: 0] += 1
            countries[submission.round, default: 0] += 1
        }
        rounds = byRound.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map {
            Round(round: $0, countries: countries[$0] ?? 0, by_region: byRound[$0] ?? [:])
        }
        runs = try database.recentRuns(limit: max(0, limit)).map {
            Run(
                run_id: $0.id, started_at: $0.startedAt, pipeline: $0.pipeline,
                questionnaire: "\($0.questionnaireID) \($0.questionnaireVersion)", files_read: $0.filesRead,
                files_reused: $0.filesReused, withdrawn: $0.withdrawn,
                accounting: ValidationJSON.Counts($0.accounting))
        }
        regionNames = Dictionary(uniqueKeysWithValues: pipeline.reference.regions.map { ($0.code, $0.name[.en] ?? $0.code) })
        regionOrder = pipeline.reference.regions.map(\.code) + ["none"]
    }

    private var regionOrder: [String] = []

    var text: String {
        var lines = ["Store: \(store)"]
        if rounds.isEmpty { lines.append("Rounds: none (no accepted submission)") }
        for round in rounds {
            let parts = regionOrder.compactMap { code in
                round.by_region[code].map { "\(regionNames[code] ?? "no region") \($0)" }
            }
            lines.append("Round \(round.round): \(round.countries) countries (\(parts.joined(separator: ", ")))")
        }
        lines.append("Last runs:")
        if runs.isEmpty { lines.append("  none") }
        for run in runs {
            let a = run.accounting
            lines.append(
                "  #\(run.run_id) \(run.started_at ?? "(time not recorded)") \(run.pipeline): \(run.files_read) files; "
                    + "\(a.submissions_seen) submissions = \(a.accepted) accepted + \(a.superseded) superseded + "
                    + "\(a.excluded) excluded + \(a.rejected) rejected; \(a.answers_seen) answers = \(a.answers_kept) kept + "
                    + "\(a.answers_dropped) dropped" + (run.withdrawn > 0 ? "; \(run.withdrawn) withdrawn" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
