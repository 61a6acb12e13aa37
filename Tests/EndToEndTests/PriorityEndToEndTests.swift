import Foundation
import SurveyAnalyze
import SurveyLoad
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// The priority tables of a whole run: `explain priority` agrees with every row, and a weight
/// changed in the scoring file changes the scores as the formula says.
@Suite(.serialized) struct PriorityEndToEndTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")

    /// Runs the demo with the project's statistics keys; `scoring` replaces the scoring file.
    static func demoRun(scoring: String? = nil) async throws -> (Pipeline, URL) {
        let folder = Fixtures.temporaryFolder("priorities")
        let output = folder.appendingPathComponent("out")
        var extra = Fixtures.defaultStatisticsKeys
        if let scoring {
            let file = folder.appendingPathComponent("scoring.yml")
            try Data(scoring.utf8).write(to: file)
            extra = extra.components(separatedBy: "\n").map { $0.hasPrefix("priorities:") ? "priorities: \(file.path)" : $0 }
                .joined(separator: "\n")
        }
        let file = try Fixtures.pipelineFile(in: folder, input: input, output: output, extra: extra)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        _ = try await pipeline.run()
        return (pipeline, output)
    }

    /// One demo run shared by the tests that only read it.
    static let shared = Task { try await demoRun() }

    static func rows(_ url: URL) throws -> [[String: String]] {
        let records = MinimalReader.splitCSV(try String(contentsOf: url, encoding: .utf8))
        guard let header = records.first else { return [] }
        return records.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func explainPriorityAddsUpToEveryScoreOfTheDemo() async throws {
        let (pipeline, output) = try await Self.shared.value
        let model = try #require(pipeline.scoringModel)
        let rows = try Self.rows(output.appendingPathComponent("priorities_by_country.csv"))
        #expect(rows.count == 145 * model.areas.count, "145 accepted submissions × 6 areas")
        let store = try await SurveyStores.open(pipeline.configuration.store, mustExist: true)
        var partial = 0
        for row in rows {
            let place = "\(row["round"]!)/\(row["country"]!)/\(row["area"]!)"
            let explanation = try await PriorityExplanation.explain(
                store: store, model: model, country: row["country"]!, areaID: row["area"]!, round: row["round"]!,
                declaredRounds: pipeline.configuration.rounds)
            let shown = explanation.score.map { String(format: "%.1f", $0) } ?? ""
            #expect(shown == row["score"], "\(place): score")
            #expect(String(format: "%.3f", explanation.coverage) == row["coverage"], "\(place): coverage")
            if explanation.coverage < 1 { partial += 1 }
            guard explanation.score != nil else { continue }
            // The displayed points add up to the displayed score, in tenths, exactly.
            let tenths = explanation.terms.compactMap(\.points).map { Int(($0 * 10).rounded()) }.reduce(0, +)
            #expect(String(format: "%.1f", Double(tenths) / 10) == row["score"], "\(place): points add up")
            // Each term's points are its share 100·w·gap/Σw, rounded up or down.
            for term in explanation.terms {
                guard let points = term.points, let gap = term.gap else { continue }
                #expect(abs(points - 100 * term.weight * gap / explanation.denominator) < 0.1 + 1e-9, "\(place): \(term.id)")
            }
            // The printed arithmetic: Σ(weight × gap) / Σ(weight) as shown gives the score shown.
            let text = explanation.text
            #expect(text.contains("= \(row["score"]!)\n"), "\(place): the text ends its arithmetic on the score")
            let request = explanation.terms.first { $0.id == "request" }?.gap
            #expect((request.map { $0 == 1 ? "yes" : "no" } ?? "") == row["requested"], "\(place): requested")
        }
        #expect(partial > 0, "some demo scores rest on part of their area's weight")
    }

    @Test func aWeightChangedInTheScoringFileChangesScoresAsTheFormulaSays() async throws {
        let shipped = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("Pipelines/scoring/priorities.yml"), encoding: .utf8)
        // no_specialized_unit: weight 2 → 6.
        let marker = "        items: [ch5_specialized_unit]\n        gap: {\"no\": 1}\n        weight: 2\n"
        #expect(shipped.contains(marker))
        let changed = shipped.replacingOccurrences(of: marker, with: marker.replacingOccurrences(of: "weight: 2", with: "weight: 6"))
        let (before, beforeOutput) = try await Self.shared.value
        let (after, afterOutput) = try await Self.demoRun(scoring: changed)
        let old = try Self.rows(beforeOutput.appendingPathComponent("priorities_by_country.csv"))
        let new = try Self.rows(afterOutput.appendingPathComponent("priorities_by_country.csv"))
        #expect(old.count == new.count)
        let store = try await SurveyStores.open(before.configuration.store, mustExist: true)
        let model = try #require(before.scoringModel)
        var changedScores = 0
        for (a, b) in zip(old, new) {
            #expect(a["country"] == b["country"] && a["area"] == b["area"])
            guard a["area"] == "investigations" else {
                #expect(a["score"] == b["score"], "other areas keep their scores")
                continue
            }
            // score' = 100 × Σ w'·gap / Σ w' over the answered terms, with the gaps of the first run.
            let terms = try await PriorityExplanation.explain(
                store: store, model: model, country: a["country"]!, areaID: "investigations", round: a["round"]!,
                declaredRounds: before.configuration.rounds
            ).terms
            var numerator = 0.0
            var denominator = 0.0
            for term in terms {
                guard let gap = term.gap else { continue }
                let weight = term.id == "no_specialized_unit" ? 6 : term.weight
                numerator += weight * gap
                denominator += weight
            }
            let expected = denominator > 0 ? String(format: "%.1f", 100 * numerator / denominator) : ""
            #expect(b["score"] == expected, "\(a["round"]!)/\(a["country"]!)")
            if a["score"] != b["score"] { changedScores += 1 }
        }
        #expect(changedScores > 10)
        #expect(after.scoringModel?.area(id: "investigations")?.gaps.first { $0.id == "no_specialized_unit" }?.weight == 6)
    }

    @Test func thePlanningListAndGroupTableHoldTogether() async throws {
        let (_, output) = try await Self.shared.value
        let planning = try Self.rows(output.appendingPathComponent("ta_planning.csv"))
        let byCountry = try Self.rows(output.appendingPathComponent("priorities_by_country.csv"))
        let latest = byCountry.filter { $0["round"] == "2026" && !($0["score"] ?? "").isEmpty }
        #expect(planning.count == latest.count, "every scored pair of the latest round, once")
        let scores = planning.map { Double($0["score"]!)! }
        #expect(scores == scores.sorted(by: >), "highest priority first")
        #expect(planning.map { $0["priority"]! } == (1...planning.count).map(String.init))
        #expect(Set(planning.map(\.["pillar"])) == ["regulatory_framework", "capacity_building", "cooperation", "prevention"])
        let groups = try Self.rows(output.appendingPathComponent("priorities_by_group.csv"))
        // priorities_by_country.csv has every country; the world group only the population's
        // (UN Member States), the others are in `outside`.
        func isMember(_ row: [String: String]) -> Bool { Fixtures.reference.country(iso3: row["country"]!)?.unStatus == .member }
        for row in groups where row["group_type"] == "world" || row["group_type"] == "outside" {
            let scored = byCountry.filter {
                $0["round"] == row["round"] && $0["area"] == row["area"] && !($0["score"] ?? "").isEmpty
                    && isMember($0) == (row["group_type"] == "world")
            }
            #expect(row["n_countries"] == String(scored.count))
            let high = scored.filter { Double($0["score"]!)! >= 50 }.count
            #expect(row["n_high_priority"] == String(high))
            let asked = scored.filter { $0["requested"] == "yes" }.count
            #expect(row["n_requested"] == String(asked))
        }
    }

    @Test func theCommandExplainsAndRefusesInOneLine() async throws {
        let (pipeline, _) = try await Self.shared.value
        let explanation = try await pipeline.explainPriority(country: "Ghana", area: "investigations", round: nil)
        #expect(explanation.country == "GHA" && explanation.round == "2026")
        #expect(explanation.text.hasPrefix("Priority: GHA, area investigations"))
        for (country, area, expected) in [
            ("GHA", "space", "no area 'space'"), ("Atlantis", "investigations", "no country 'Atlantis'"),
            ("USA", "investigations", "no accepted submission from USA"),
        ] {
            do {
                _ = try await pipeline.explainPriority(country: country, area: area, round: nil)
                Issue.record("\(country) \(area) should fail")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
                #expect(!"\(error)".contains("\n"))
            }
        }
    }
}
