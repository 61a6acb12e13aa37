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
            #expect(shown == row["need"], "\(place): need")
            #expect(explanation.quadrant == row["quadrant"], "\(place): quadrant")
            #expect((explanation.tier?.id ?? "") == row["need_tier"], "\(place): tier")
            #expect(String(format: "%.3f", explanation.coverage) == row["coverage"], "\(place): coverage")
            if explanation.coverage < 1 { partial += 1 }
            // The uncertainty columns, which the explanation computes for this country alone from
            // the round's seeded draws: the same as the table's (to the table's decimals).
            let uncertainty = try #require(explanation.uncertainty, "\(place)")
            func near(_ value: Double?, _ cell: String?, step: Double) -> Bool {
                guard let value else { return (cell ?? "").isEmpty }
                guard let cell, let shown = Double(cell) else { return false }
                return abs(value - shown) <= step / 2 + 1e-9
            }
            #expect(near(uncertainty.needP5, row["need_p5"], step: 0.1), "\(place): need_p5")
            #expect(near(uncertainty.needP95, row["need_p95"], step: 0.1), "\(place): need_p95")
            #expect(near(uncertainty.pTierChange, row["p_tier_change"], step: 0.001), "\(place): p_tier_change")
            #expect(near(uncertainty.pQuadrantChange, row["p_quadrant_change"], step: 0.001), "\(place): p_quadrant_change")
            #expect((uncertainty.tierLeaveOneOut ?? "") == row["tier_loo"], "\(place): tier_loo")
            #expect(near(uncertainty.needIfMissingGaps, row["need_if_missing_gaps"], step: 0.1), "\(place): need_if_missing_gaps")
            #expect(near(uncertainty.needIfMissingNone, row["need_if_missing_none"], step: 0.1), "\(place): need_if_missing_none")
            #expect((uncertainty.tierRangeMissing ?? "") == row["tier_range_missing"], "\(place): tier_range_missing")
            guard explanation.score != nil else { continue }
            #expect(explanation.text.contains("p_tier_change = "), "\(place): the text shows the uncertainty")
            // The displayed points add up to the displayed score, in tenths, exactly.
            let tenths = explanation.terms.compactMap(\.points).map { Int(($0 * 10).rounded()) }.reduce(0, +)
            #expect(String(format: "%.1f", Double(tenths) / 10) == row["need"], "\(place): points add up")
            // Each term's points are its share 100·w·gap/Σw, rounded up or down.
            for term in explanation.terms {
                guard let points = term.points, let gap = term.gap else { continue }
                #expect(abs(points - 100 * term.weight * gap / explanation.denominator) < 0.1 + 1e-9, "\(place): \(term.id)")
            }
            // The printed arithmetic: Σ(weight × gap) / Σ(weight) as shown gives the score shown.
            let text = explanation.text
            #expect(text.contains("= \(row["need"]!)\n"), "\(place): the text ends its arithmetic on the need")
            let demand = explanation.request?.requested.map { $0 ? "requested" : "not_requested" } ?? "unknown"
            #expect(demand == row["demand"], "\(place): demand")
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
                #expect(a["need"] == b["need"], "other areas keep their needs")
                continue
            }
            // score' = 100 × Σ w'·gap / Σ w' over the answered terms, with the gaps of the first run.
            let terms = try await PriorityExplanation.explain(
                store: store, model: model, country: a["country"]!, areaID: "investigations", round: a["round"]!,
                declaredRounds: before.configuration.rounds
            ).terms
            // The coverage moves with the weight too: below the minimum (0.6), no need.
            var numerator = 0.0
            var denominator = 0.0
            var total = 0.0
            for term in terms {
                let weight = term.id == "no_specialized_unit" ? 6 : term.weight
                total += weight
                guard let gap = term.gap else { continue }
                numerator += weight * gap
                denominator += weight
            }
            let expected = denominator > 0 && denominator / total >= 0.6 - 1e-9
                ? String(format: "%.1f", 100 * numerator / denominator) : ""
            #expect(b["need"] == expected, "\(a["round"]!)/\(a["country"]!)")
            if a["need"] != b["need"] { changedScores += 1 }
        }
        #expect(changedScores > 10)
        #expect(after.scoringModel?.area(id: "investigations")?.gaps.first { $0.id == "no_specialized_unit" }?.weight == 6)
    }

    @Test func thePlanningListAndGroupTableHoldTogether() async throws {
        let (_, output) = try await Self.shared.value
        let planning = try Self.rows(output.appendingPathComponent("ta_planning.csv"))
        let byCountry = try Self.rows(output.appendingPathComponent("priorities_by_country.csv"))
        // Issue 25: the planning list holds the latest round's plan, scope and outreach pairs, by
        // quadrant then need; never a pair whose demand is unknown (a blank is never a "no", and
        // never ranks above one either) nor one without a need.
        let latest = byCountry.filter { $0["round"] == "2026" && ["plan", "scope", "outreach"].contains($0["quadrant"]!) }
        #expect(planning.count == latest.count, "every plan / scope / outreach pair of the latest round, once")
        #expect(planning.allSatisfy { $0["demand"] != "unknown" && !($0["need"] ?? "").isEmpty })
        let order = ["plan": 0, "scope": 1, "outreach": 2]
        let keys = planning.map { (order[$0["quadrant"]!]!, -Double($0["need"]!)!) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 }, "by quadrant, then need highest first")
        #expect(Set(planning.map(\.["pillar"])) == ["regulatory_framework", "capacity_building", "cooperation", "prevention"])
        let groups = try Self.rows(output.appendingPathComponent("priorities_by_group.csv"))
        // priorities_by_country.csv has every country; the world group only the population's
        // (UN Member States), the others are in `outside`.
        func isMember(_ row: [String: String]) -> Bool { Fixtures.reference.country(iso3: row["country"]!)?.unStatus == .member }
        for row in groups where row["group_type"] == "world" || row["group_type"] == "outside" {
            let members = byCountry.filter {
                $0["round"] == row["round"] && $0["area"] == row["area"] && isMember($0) == (row["group_type"] == "world")
            }
            let scored = members.filter { !($0["need"] ?? "").isEmpty }
            #expect(row["n_countries"] == String(scored.count))
            let high = scored.filter { $0["need_tier"] == "high" }.count
            #expect(row["n_high_need"] == String(high))
            #expect(row["n_requested"] == String(members.filter { $0["demand"] == "requested" }.count))
            #expect(row["n_request_unknown"] == String(members.filter { $0["demand"] == "unknown" }.count))
        }
    }

    /// Issue 25 acceptance: the quadrant of each demo country × area of the latest round,
    /// recomputed by this test's own code from `answers.csv` (labels read back to codes through
    /// the questionnaire) and the scoring file: need over the answered gap indicators, coverage
    /// against the minimum, the tier bands, the request by the one rule. No analyzer function.
    @Test func everyQuadrantOfTheDemoRecomputedFromAnswersCSV() async throws {
        let (pipeline, output) = try await Self.shared.value
        let model = try #require(pipeline.scoringModel)
        let questionnaire = Fixtures.questionnaire
        let answers = try Self.rows(output.appendingPathComponent("answers.csv")).filter { $0["round"] == "2026" }
        let matrix = try Self.rows(output.appendingPathComponent("ta_matrix.csv"))
        #expect(matrix.count == answers.count * model.areas.count, "one row per country × area of the latest round")
        var byKey: [String: [String: String]] = [:]
        for row in matrix { byKey["\(row["country"]!)/\(row["area"]!)"] = row }
        // The codes of one cell: a choice's label (or code) read back; multiple choice from its
        // `q__option` columns; nil = not answered.
        func codes(_ row: [String: String], _ id: String) -> [String]? {
            guard let question = questionnaire.question(id: id) else { return nil }
            if question.type == .multipleChoice {
                let cells = question.choices.map { (code: $0.code, cell: row["\(id)__\($0.code)"] ?? "") }
                guard cells.contains(where: { !$0.cell.isEmpty }) else { return nil }
                return cells.filter { $0.cell == "1" }.map(\.code)
            }
            guard let cell = row[id], !cell.isEmpty else { return nil }
            guard let choice = question.choices.first(where: { $0.code == cell || $0.label[.en] == cell }) else {
                Issue.record("\(id): no option '\(cell)'")
                return nil
            }
            return [choice.code]
        }
        var counts: [String: Int] = [:]
        for row in answers {
            let country = row["country"]!
            for area in model.areas {
                var numerator = 0.0
                var answeredWeight = 0.0
                var totalWeight = 0.0
                for indicator in area.gaps {
                    totalWeight += indicator.weight
                    var gaps: [Double] = []
                    for item in indicator.items {
                        if let linear = indicator.linear, let number = Double(row[item] ?? "") {
                            let t = (number - linear.zeroGapAt) / (linear.fullGapAt - linear.zeroGapAt)
                            gaps.append(min(1, max(0, t)))
                            continue
                        }
                        guard let selected = codes(row, item) else { continue }
                        let counted = selected.filter { !indicator.notCounted.contains($0) }
                        guard !counted.isEmpty else { continue }
                        gaps.append(counted.map { indicator.gapByOption[$0] ?? 0 }.max()!)
                    }
                    guard !gaps.isEmpty else { continue }
                    numerator += indicator.weight * gaps.reduce(0, +) / Double(gaps.count)
                    answeredWeight += indicator.weight
                }
                let coverage = totalWeight > 0 ? answeredWeight / totalWeight : 0
                let need: Double? = answeredWeight > 0 && coverage >= model.coverageMinimum - 1e-9
                    ? 100 * numerator / answeredWeight : nil
                var readings: [Bool?] = []
                for source in area.request?.sources ?? [] {
                    readings.append(codes(row, source.questionID).flatMap { $0.isEmpty ? nil : $0.contains(where: source.yes.contains) })
                }
                let requested: Bool? = readings.contains(true) ? true : (readings.allSatisfy { $0 == false } ? false : nil)
                let quadrant: String
                if let need {
                    let high = model.tiers.first { need >= $0.from - 1e-9 }?.highNeed ?? false
                    if let requested {
                        quadrant = requested ? (high ? "plan" : "scope") : (high ? "outreach" : "neither")
                    } else {
                        quadrant = "request_unknown"
                    }
                } else {
                    quadrant = "insufficient_data"
                }
                let shown = try #require(byKey["\(country)/\(area.id)"], "\(country)/\(area.id)")
                #expect(shown["quadrant"] == quadrant, "\(country)/\(area.id)")
                if let need, let value = Double(shown["need"] ?? "") {
                    #expect(abs(value - need) < 0.05 + 1e-9, "\(country)/\(area.id): need")
                } else {
                    #expect(need == nil && shown["need"] == "", "\(country)/\(area.id): no need")
                }
                counts[quadrant, default: 0] += 1
            }
        }
        // The demo has every kind of cell (printed for the report on the issue).
        print("demo quadrants (2026):", counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        #expect(counts["plan", default: 0] > 0 && counts["outreach", default: 0] > 0 && counts["insufficient_data", default: 0] > 0)
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
