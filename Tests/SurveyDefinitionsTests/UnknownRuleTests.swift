import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// Issue 17 part 5: one rule for "don't know"-type answers (`dont_know: true` in the questionnaire;
/// `unknown` of `legal_form` and `legal_basis`), the same in statistics, country indicators and
/// priority scores. Every figure below is computed by hand in the comments, from the project's own
/// pipeline file (its questionnaire, indicators and scoring model: none of them repeats
/// `not_counted: [unknown]` any more, so the rule can only come from the questionnaire).
@Suite struct UnknownRuleTests {
    static let round = "2026"
    static let definitions: PipelineDefinitions = {
        try! PipelineDefinitions(configuration: try! PipelineConfiguration.load(path: Fixtures.pipelineFile.path))
    }()

    static func choice(_ country: String, _ question: String, _ options: [String]) -> StoredAnswer {
        StoredAnswer(round: round, country: country, questionID: question, options: options, number: nil, text: nil)
    }

    /// Five European Member States (region 150, N = 43):
    ///
    ///     FRA  ch4_illegal_access cyber_specific
    ///     DEU  ch4_illegal_access unknown;  ch4_illegal_interception general
    ///     ITA  ch4_illegal_access not_criminalized
    ///     ESP  ch4_illegal_access general
    ///     SWE  ch4_illegal_access unknown;  ch3_specific_law yes
    ///     POL  ch3_specific_law no (ch4_illegal_access not answered)
    static let data = AnswerMatrix(
        answers: [
            choice("FRA", "ch4_illegal_access", ["cyber_specific"]),
            choice("DEU", "ch4_illegal_access", ["unknown"]),
            choice("DEU", "ch4_illegal_interception", ["general"]),
            choice("ITA", "ch4_illegal_access", ["not_criminalized"]),
            choice("ESP", "ch4_illegal_access", ["general"]),
            choice("SWE", "ch4_illegal_access", ["unknown"]),
            choice("SWE", "ch3_specific_law", ["yes"]),
            choice("POL", "ch3_specific_law", ["no"]),
        ],
        submissions: ["FRA", "DEU", "ITA", "ESP", "SWE", "POL"].map { AcceptedSubmission(round: round, country: $0) })

    /// Thresholds of 1 so that the small fixture's percents are published (the rule, not suppression, is tested).
    static let analyzer = Analyzer(
        questionnaire: definitions.questionnaire, reference: definitions.reference,
        rules: ReliabilityRules(suppressBelow: 1, lowReliabilityBelow: 1), population: definitions.population)

    static let shares = analyzer.shareStatistics(from: data)

    func share(_ option: String, _ group: CountryGroup = CountryGroup(type: .region, code: "150")) throws -> ShareStatistic {
        try #require(Self.shares.first { $0.questionID == "ch4_illegal_access" && $0.option == option && $0.group == group })
    }

    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-6 } ?? false }

    @Test func theQuestionnaireDeclaresTheRuleOnce() throws {
        let questionnaire = Self.definitions.questionnaire
        #expect(try #require(questionnaire.question(id: "ch4_illegal_access")).dontKnowCodes == ["unknown"])
        #expect(try #require(questionnaire.question(id: "ch5_search_basis")).dontKnowCodes == ["unknown"])
        #expect(try #require(questionnaire.question(id: "ch3_specific_law")).dontKnowCodes.isEmpty)
        // The pipeline and scoring files no longer repeat it.
        for file in ["Pipelines/default.yml", "Pipelines/scoring/priorities.yml"] {
            let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("not_counted: [unknown]"), "\(file)")
        }
    }

    /// The acceptance line: DEU answered `unknown` to ch4_illegal_access. It is in the unknown
    /// share's denominator, not in the substantive shares', not in the indicator's items_answered,
    /// and not in the priority score's answered coverage.
    @Test func statisticsIndicatorsAndPrioritiesAgree() throws {
        // Statistics, Europe: answered FRA DEU ITA ESP SWE = 5, unknown DEU SWE = 2.
        //   unknown: 2 of 5 (denominator answered)              = 40%
        //   any_form: FRA ESP = 2 of 5 − 2 = 3 (substantive)    = 66.667%
        let unknown = try share("unknown")
        #expect(unknown.nResponding == 5 && unknown.nOption == 2 && close(unknown.percent, 40))
        #expect(unknown.denominator == .answered)
        let anyForm = try share("any_form")
        #expect(anyForm.nResponding == 3 && anyForm.nOption == 2 && close(anyForm.percent, 66.666666667))
        #expect(anyForm.denominator == .substantive)

        // Indicator criminalization_breadth (14 acts, met cyber_specific or general), DEU:
        //   access unknown → not answered; interception general → answered, met → 1 / 1 = 100.
        //   SWE: access unknown only → 0 answered → blank.
        let breadth = try #require(Self.definitions.indicators.first { $0.id == "criminalization_breadth" })
        let indicators = Self.analyzer.countryIndicators(from: Self.data, definitions: [breadth])
        let deu = try #require(indicators.first { $0.country == "DEU" })
        #expect(deu.itemsAnswered == 1 && deu.itemsMet == 1 && deu.itemsTotal == 14 && close(deu.value, 100))
        let swe = try #require(indicators.first { $0.country == "SWE" })
        #expect(swe.itemsAnswered == 0 && swe.value == nil)

        // Priority area `legislation` (gap weights: acts_not_criminalized 3, no_cybercrime_law 2,
        // framework_insufficient 1; total 6; the request is not a term of the need).
        //   DEU: acts — access unknown (not answered), interception general (gap 0) → 1 item
        //        answered, gap 0; nothing else answered → coverage 3/6 = 0.5: below the coverage
        //        minimum 0.6, no need (insufficient_data).
        //   SWE: acts — only unknown → not answered (gap blank); no_cybercrime_law `yes` → gap 0
        //        → coverage 2/6, no need.
        let model = try #require(Self.definitions.scoringModel)
        let area = try #require(model.areas.first { $0.id == "legislation" })
        let scores = Self.analyzer.compactPriorityScores(from: Self.data, model: model)
        var rows: [PriorityScore] = []
        scores.forEachRow { if $0.area == "legislation" { rows.append($0) } }
        let deuScore = try #require(rows.first { $0.country == "DEU" })
        let deuActs = try #require(deuScore.components.first { $0.id == "acts_not_criminalized" })
        #expect(deuActs.itemsAnswered == 1 && deuActs.gap == 0)
        #expect(close(deuScore.coverage, 3.0 / 6) && deuScore.score == nil && deuScore.status == .insufficientData)
        let sweScore = try #require(rows.first { $0.country == "SWE" })
        let sweActs = try #require(sweScore.components.first { $0.id == "acts_not_criminalized" })
        #expect(sweActs.itemsAnswered == 0 && sweActs.gap == nil)
        #expect(close(sweScore.coverage, 2.0 / 6) && sweScore.score == nil)
        // The same through the row-by-row path.
        let direct = Analyzer.score(
            area: area, answers: Self.data.answers(of: "SWE", in: Self.round), round: Self.round, country: "SWE")
        #expect(close(direct.coverage, 2.0 / 6) && direct.score == nil)
    }

    /// The new columns, by hand. Europe (150): N = 43 Member States; answered 5, unknown 2,
    /// substantive 3; not responding 43 − 5 = 38 (an `unknown` is a response).
    @Test func newColumnsAndBoundsUseTheRowsDenominator() throws {
        let rows = Self.shares.filter { $0.questionID == "ch4_illegal_access" && $0.group == CountryGroup(type: .region, code: "150") }
        #expect(rows.map(\.option) == ["cyber_specific", "general", "not_criminalized", "unknown", "any_form"])
        #expect(rows.allSatisfy { $0.nAnswered == 5 && $0.nUnknown == 2 && $0.nInGroup == 43 && $0.nNotResponding == 38 })
        #expect(rows.map(\.denominator) == [.substantive, .substantive, .substantive, .answered, .substantive])
        #expect(rows.map(\.nResponding) == [3, 3, 3, 5, 3])
        // cyber_specific: 1 of 3 = 33.333%; bounds 1/43 = 2.326%, (1 + 43 − 3)/43 = 41/43 = 95.349%.
        let cs = try share("cyber_specific")
        #expect(cs.nOption == 1 && close(cs.percent, 100.0 / 3))
        #expect(close(cs.boundLow, 100.0 / 43) && close(cs.boundHigh, 100.0 * 41 / 43))
        // unknown: 2 of 5 = 40%; bounds 2/43 = 4.651%, (2 + 43 − 5)/43 = 40/43 = 93.023%.
        let unknown = try share("unknown")
        #expect(close(unknown.boundLow, 200.0 / 43) && close(unknown.boundHigh, 100.0 * 40 / 43))
        // The interval is over the row's n too: finite-population Wilson on n = 3 of N = 43.
        let expected = Analyzer.finitePopulationWilson(successes: 1, trials: 3, population: 43)
        #expect(close(cs.ciLow, 100 * expected.low) && close(cs.ciHigh, 100 * expected.high))
        // A question without a don't-know option: n_unknown 0, every row substantive = n_answered.
        // ch3_specific_law in Europe: SWE yes, POL no → 2 answered.
        let law = Self.shares.filter { $0.questionID == "ch3_specific_law" && $0.group == CountryGroup(type: .region, code: "150") }
        #expect(!law.isEmpty && law.allSatisfy { $0.nAnswered == 2 && $0.nUnknown == 0 && $0.nResponding == 2 && $0.denominator == .substantive })
    }

    /// Progress uses the same counting: a State answering `unknown` in either round is out of the
    /// substantive panel and out of that round's substantive denominator.
    @Test func progressFollowsTheRule() throws {
        // 2022: FRA unknown, DEU general.   2026: FRA cyber_specific, DEU general, ITA unknown.
        let data = AnswerMatrix(
            answers: [
                StoredAnswer(round: "2022", country: "FRA", questionID: "ch4_illegal_access", options: ["unknown"], number: nil, text: nil),
                StoredAnswer(round: "2022", country: "DEU", questionID: "ch4_illegal_access", options: ["general"], number: nil, text: nil),
                Self.choice("FRA", "ch4_illegal_access", ["cyber_specific"]),
                Self.choice("DEU", "ch4_illegal_access", ["general"]),
                Self.choice("ITA", "ch4_illegal_access", ["unknown"]),
            ],
            submissions: [("2022", "FRA"), ("2022", "DEU"), ("2026", "FRA"), ("2026", "DEU"), ("2026", "ITA")].map {
                AcceptedSubmission(round: $0.0, country: $0.1)
            })
        let rows = Self.analyzer.progress(from: data, rounds: RoundPair(baseline: "2022", latest: "2026"))
        func row(_ option: String) throws -> ProgressRow {
            try #require(rows.first { $0.questionID == "ch4_illegal_access" && $0.option == option && $0.group == .world })
        }
        // any_form: 2022 substantive DEU = 1, chosen 1 → 100%; 2026 substantive FRA DEU = 2, chosen 2.
        //   Panel (answered both: FRA DEU); substantive in both: DEU only → n 1, 1 → 1.
        let anyForm = try row("any_form")
        #expect(anyForm.baseline.nResponding == 1 && anyForm.baseline.nOption == 1)
        #expect(anyForm.latest.nResponding == 2 && anyForm.latest.nOption == 2)
        #expect(anyForm.panelBaseline.nResponding == 1 && anyForm.panelLatest.nOption == 1)
        // unknown: 2022 1 of 2; 2026 1 of 3; panel FRA DEU = 2: baseline 1 (FRA), latest 0.
        let unknown = try row("unknown")
        #expect(unknown.baseline.nResponding == 2 && unknown.baseline.nOption == 1)
        #expect(unknown.latest.nResponding == 3 && unknown.latest.nOption == 1)
        #expect(unknown.panelBaseline.nResponding == 2 && unknown.panelBaseline.nOption == 1 && unknown.panelLatest.nOption == 0)
    }

    // MARK: Definition errors

    func failure(indicator: String = "", scoring: String? = nil) -> String {
        do {
            let folder = Fixtures.temporaryFolder("unknown-rule")
            var extra = indicator
            if let scoring {
                let file = folder.appendingPathComponent("scoring.yml")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try scoring.write(to: file, atomically: true, encoding: .utf8)
                extra += "\npriorities: \(file.path)\n"
            }
            let pipeline = try Fixtures.pipelineFile(
                in: folder, input: folder, output: folder.appendingPathComponent("out"), rounds: ["2026"], extra: extra)
            _ = try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: pipeline.path))
            return ""
        } catch { return "\(error)" }
    }

    @Test func anIndicatorThatCountsUnknownAsMetIsADefinitionError() {
        let message = failure(indicator: """
            indicators:
              - id: odd
                chapter: "4"
                select: {chapter: "4", type: legal_form}
                met: [cyber_specific, unknown]
            """)
        #expect(message.contains("indicators: odd") && message.contains("'unknown' is a \"don't know\" answer of ch4_"))
        #expect(message.contains("remove it from met"))
    }

    @Test func notCountedMayRepeatTheRuleOrAddOtherCodes() throws {
        // Repeating `unknown` is harmless; another code is added for that indicator only.
        let folder = Fixtures.temporaryFolder("unknown-rule-ok")
        let file = try Fixtures.pipelineFile(
            in: folder, input: folder, output: folder.appendingPathComponent("out"), rounds: ["2026"], extra: """
                indicators:
                  - id: repeated
                    chapter: "4"
                    items: [{question: ch4_illegal_access}]
                    met: [cyber_specific]
                    not_counted: [unknown]
                  - id: stricter
                    chapter: "4"
                    items: [{question: ch4_illegal_access}]
                    met: [cyber_specific]
                    not_counted: [general]
                """)
        let pipeline = try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: file.path))
        #expect(pipeline.indicators.map { $0.items[0].notCounted } == [["unknown"], ["general", "unknown"]])
    }

    @Test func aPriorityGapOnUnknownIsADefinitionError() {
        let message = failure(scoring: """
            id: test
            version: "1"
            areas:
              - id: legislation
                chapters: ["4"]
                pillar: regulatory_framework
                gaps:
                  - id: acts
                    select: {chapter: "4", type: legal_form}
                    gap: {not_criminalized: 1, unknown: 0.5}
                    weight: 1
            """)
        #expect(message.contains("legislation: acts") && message.contains("'unknown' is a \"don't know\" answer"))
        #expect(message.contains("remove it from gap"))
    }

    @Test func aRequestOnAQuestionWithDontKnowOptionsIsRefused() throws {
        // The request term has no rule for "don't know" answers: a list with one is refused.
        // ta_areas has none; a copy of the questionnaire that asks it (2026.2) marks its last option dont_know.
        let folder = Fixtures.temporaryFolder("unknown-rule-request")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let original = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("Pipelines/questionnaires/cybercrime-survey-2026.2.yml"), encoding: .utf8)
        let marked = original.replacingOccurrences(
            of: "    - code: \"prevention_awareness\"\n", with: "    - code: \"prevention_awareness\"\n      dont_know: true\n")
        try #require(marked != original)
        let questionnaire = folder.appendingPathComponent("q.yml")
        try marked.write(to: questionnaire, atomically: true, encoding: .utf8)
        let scoring = folder.appendingPathComponent("scoring.yml")
        try """
            id: test
            version: "1"
            areas:
              - id: prevention
                chapters: ["8"]
                pillar: prevention
                request: {options: [prevention_awareness], weight: 1}
                gaps:
                  - id: no_cert
                    items: [ch8_cert]
                    gap: {"no": 1}
                    weight: 1
            """.write(to: scoring, atomically: true, encoding: .utf8)
        let pipeline = try Fixtures.pipelineFile(
            in: folder, input: folder, output: folder.appendingPathComponent("out"), rounds: ["2026"], questionnaire: questionnaire,
            extra: "priorities: \(scoring.path)\n")
        do {
            _ = try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: pipeline.path))
            Issue.record("a request on a question with a dont_know option was accepted")
        } catch {
            #expect("\(error)".contains("request.question 'ta_areas' has \"don't know\" options (prevention_awareness)"), "\(error)")
        }
    }

    @Test func aListWhoseEveryOptionIsDontKnowIsRefused() throws {
        let folder = Fixtures.temporaryFolder("unknown-rule-list")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("q.yml")
        let label = "{ar: \"x\", en: \"x\", es: \"x\", fr: \"x\", ru: \"x\", zh: \"x\"}"
        try """
            id: q
            version: "1"
            title: \(label)
            choice_lists:
              unsure:
                - code: "unknown"
                  dont_know: true
                  label: \(label)
            questions:
              - id: ch3_q
                chapter: "3"
                type: single_choice
                choices: unsure
                label: \(label)
            """.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try Questionnaire.load(from: file) }
        do { _ = try Questionnaire.load(from: file) } catch {
            #expect("\(error)".contains("choice list unsure: every option is dont_know"))
        }
    }
}
