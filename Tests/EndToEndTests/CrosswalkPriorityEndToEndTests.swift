import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Issue 18 leftovers: priority scores, `explain priority`, `explain stat` and indicators named
/// by id read a round that answered an older questionnaire version through the crosswalks where
/// they map an item exactly (renamed, options recoded), and leave a split, merged or new item out.
@Suite(.serialized) struct CrosswalkPriorityEndToEndTests {
    static let crosswalk = Fixtures.packageRoot.appendingPathComponent("Pipelines/crosswalks/cybercrime-survey.yml")
    /// The second step, 2026.2 → 2026.3 (issue 25), and the version between: the chain from 2022.1
    /// to the current questionnaire goes through 2026.2, which a round (here one without
    /// submissions) must declare.
    static let crosswalk2026 = Fixtures.packageRoot.appendingPathComponent("Pipelines/crosswalks/cybercrime-survey-2026.3.yml")
    static let version2026_2 = Fixtures.packageRoot.appendingPathComponent("Pipelines/questionnaires/cybercrime-survey-2026.2.yml")

    static func rows(_ url: URL) throws -> [[String: String]] {
        let records = MinimalReader.splitCSV(try String(contentsOf: url, encoding: .utf8))
        guard let header = records.first else { return [] }
        return records.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// One indicator naming a renamed item (`ch3_framework_sufficient`, 2022.1
    /// `ch3_framework_adequate`), a split one (`ch4_fraud_forgery`) and an unchanged one. On
    /// QuestionnaireVersionTests' inbox (2022: FRA sufficient/general, DEU partly/general, ITA
    /// not_sufficient/cyber_specific), 2022: FRA 2 of 2 met = 100, DEU 1 of 2 = 50, ITA 1 of 2 = 50,
    /// items_total 2 (the split item left out). Before: the renamed item was left out too (total 1).
    @Test func indicatorsNamedByIdReadTheRenamedItem() async throws {
        let folder = Fixtures.temporaryFolder("crosswalk-indicators")
        let output = folder.appendingPathComponent("out")
        let extra = """
            rounds:
              - {id: "2022", questionnaire: \(QuestionnaireVersionTests.version2022.path)}
              - {id: "2024", questionnaire: \(Self.version2026_2.path)}
              - "2026"
            crosswalks: [\(Self.crosswalk.path), \(Self.crosswalk2026.path)]
            indicators:
              - id: framework
                chapter: "3"
                label: "Framework"
                formula: "items met / items answered"
                items:
                  - {question: ch3_framework_sufficient, met: [sufficient]}
                  - {question: ch4_fraud_forgery, met: [general]}
                  - {question: ch4_illegal_access, met: [cyber_specific, general]}

            """
        let file = try Fixtures.pipelineFile(
            in: folder, input: try QuestionnaireVersionTests.inbox(), output: output, declaringRounds: false, extra: extra)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        let old = try #require(pipeline.definitions.roundIndicators["2022"]?.first)
        #expect(old.items.map(\.questionID) == ["ch3_framework_adequate", "ch4_illegal_access"])
        #expect(old.items.first?.met == ["sufficient"])
        #expect(pipeline.definitions.roundIndicators["2026"]?.first?.items.count == 3)
        _ = try await pipeline.run()
        let rows = try Self.rows(output.appendingPathComponent("country_indicators.csv")).filter { $0["round"] == "2022" }
        let shown = Dictionary(uniqueKeysWithValues: rows.map { ($0["country"]!, "\($0["items_met"]!)/\($0["items_answered"]!)/\($0["items_total"]!) \($0["value"]!)") })
        #expect(shown == ["FRA": "2/2/2 100.0", "DEU": "1/2/2 50.0", "ITA": "1/2/2 50.0"])
    }

    /// The demo (Pipelines/default.yml): the 2022 round answers 2022.1. Its legislation scores
    /// read `ch3_framework_adequate` as `ch3_framework_sufficient` (the 2022 coverage includes the
    /// renamed item), leave the split fraud/identity items out, and `explain priority` shows where
    /// each term came from and agrees with every 2022 row. `explain stat` takes the round's own ids,
    /// and the report's progress table finds the renamed item's 2022 statistic.
    @Test func theDemos2022PrioritiesReadTheRenamedItem() async throws {
        let output = Fixtures.temporaryFolder("crosswalk-demo").appendingPathComponent("out")
        let configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, output: output.path, store: output.appendingPathComponent("store.sqlite").path)
        let pipeline = try Pipeline(configuration: configuration)
        let summary = try await pipeline.run()
        #expect(summary.total.accepted == 145)
        let rows = try Self.rows(output.appendingPathComponent("priorities_by_country.csv"))
            .filter { $0["round"] == "2022" && $0["area"] == "legislation" }
        #expect(!rows.isEmpty)
        var renamed = 0
        for row in rows {
            let explanation = try await pipeline.explainPriority(country: row["country"]!, area: "legislation", round: "2022")
            #expect(explanation.score.map { String(format: "%.1f", $0) } ?? "" == row["need"], "\(row["country"]!): need")
            #expect(String(format: "%.3f", explanation.coverage) == row["coverage"], "\(row["country"]!): coverage")
            #expect(explanation.roundVersion == "2022.1")
            let framework = try #require(explanation.terms.first { $0.id == "framework_insufficient" }?.items.first)
            #expect(framework.questionID == "ch3_framework_sufficient" && framework.sourceQuestionID == "ch3_framework_adequate")
            if framework.gap != nil {
                renamed += 1
                #expect(explanation.text.contains("ch3_framework_sufficient (2022.1: ch3_framework_adequate) = "))
            }
            let acts = try #require(explanation.terms.first { $0.id == "acts_not_criminalized" })
            #expect(acts.items.first { $0.questionID == "ch4_fraud_forgery" }?.leftOut == "split")
            #expect(acts.items.first { $0.questionID == "ch4_identity_offences" }?.leftOut == "split")
        }
        #expect(renamed > 0, "the 2022 coverage includes the renamed item")

        // The report's progress table shows the 2022 statistic of the renamed item (its own id),
        // with its interval, as for every other item; before, only the bare progress share.
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains(
            #"<tr data-question="ch3_framework_sufficient"><td>Sufficiency of the national legal framework — Sufficient</td><td class="num">39.2% (28.6–51.0); 51 of 193 States answered"#))

        // explain stat: the round's own id works; the latest id names it.
        let lineage = try await pipeline.explainStatistic(round: "2022", question: "ch3_framework_adequate", option: "sufficient", group: "world")
        #expect(lineage.question.id == "ch3_framework_adequate")
        do {
            _ = try await pipeline.explainStatistic(round: "2022", question: "ch3_framework_sufficient", option: "sufficient", group: "world")
            Issue.record("a latest id on the 2022 round is explained")
        } catch {
            #expect("\(error)".contains("round 2022 answered questionnaire 2022.1, where ch3_framework_sufficient is ch3_framework_adequate"))
        }
        do {
            _ = try await pipeline.explainStatistic(round: "2022", question: "ch4_fraud_forgery", option: "general", group: "world")
            Issue.record("a split item on the 2022 round is explained")
        } catch {
            #expect("\(error)".contains("has no exact counterpart of ch4_fraud_forgery (split after 2022.1)"))
        }
    }
}
