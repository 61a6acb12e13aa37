import Foundation
@testable import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

// Issue 25 items 6–7: what ta_planning.csv says beside need and demand. One area `a` (gap g1,
// "no" = 1, "draft" = 0.5; request ta_x_requested, TA cluster x), rounds 2024 and 2026:
//
//            2024 g1   2024 request   2026 g1   2026 request   change_since_previous
//     FRA    no        no             no        yes            new request
//     DEU    draft     yes            no        yes            tier up: medium → high
//     ITA    no        yes            no        yes            unchanged
//     AUT    no        yes            no        no             request withdrawn
//     BEL    -         yes            no        yes            not scored in 2024
//     ESP    (no 2024 submission)     no        yes            no previous round
enum PlanningDetailFixture {
    static func question(_ id: String, _ type: QuestionType, list: String, _ codes: [String], cluster: String? = nil, aspect: String? = nil)
        -> Question
    {
        var attributes: [String: String] = [:]
        if let cluster { attributes["cluster"] = cluster }
        if let aspect { attributes["aspect"] = aspect }
        return Question(
            id: id, chapter: .legislation, type: type, label: LocalizedText([.en: id]), choiceList: list,
            choices: codes.map { Choice(code: $0, label: LocalizedText([.en: $0.prefix(1).uppercased() + $0.dropFirst()])) },
            attributes: attributes)
    }

    static let activities = ["training", "equipment", "mentoring"]
    static let questionnaire = Questionnaire(
        id: "fixture", version: "1", title: LocalizedText([.en: "Fixture"]),
        questions: [
            question("g1", .singleChoice, list: "g1", ["yes", "draft", "no"]),
            question("ta_x_requested", .singleChoice, list: "yes_no", ["yes", "no"], cluster: "x", aspect: "requested"),
            question("ta_x_activities", .multipleChoice, list: "ta_activities", activities, cluster: "x", aspect: "activities"),
            question("ta_x_urgency", .singleChoice, list: "ta_urgency", ["within_12_months", "within_3_years"], cluster: "x", aspect: "urgency"),
            question("ta_y_requested", .singleChoice, list: "yes_no", ["yes", "no"], cluster: "y", aspect: "requested"),
            question("ta_y_activities", .multipleChoice, list: "ta_activities", activities, cluster: "y", aspect: "activities"),
        ])

    static let area = ScoringModel.Area(
        id: "a", label: "Area", chapters: [.legislation], pillar: "capacity_building",
        gaps: [
            ScoringModel.GapIndicator(id: "g1", label: "No law (draft: half)", weight: 1, items: ["g1"], gapByOption: ["no": 1, "draft": 0.5])
        ],
        request: ScoringModel.Request(questions: ["ta_x_requested"], weight: 0))
    static let model = ScoringModel(id: "fixture", version: "1", robustness: ScoringModel.Robustness(draws: 10), areas: [area])

    /// Per round, country: g1, ta_x_requested ("" = blank).
    static let answers: [String: [String: (String, String)]] = [
        "2024": ["FRA": ("no", "no"), "DEU": ("draft", "yes"), "ITA": ("no", "yes"), "AUT": ("no", "yes"), "BEL": ("", "yes")],
        "2026": [
            "FRA": ("no", "yes"), "DEU": ("no", "yes"), "ITA": ("no", "yes"), "AUT": ("no", "no"), "BEL": ("no", "yes"),
            "ESP": ("no", "yes"),
        ],
    ]

    static func data() -> AnswerMatrix {
        var stored: [StoredAnswer] = []
        var submissions: [AcceptedSubmission] = []
        for (round, countries) in answers {
            for (country, (g1, requested)) in countries {
                submissions.append(AcceptedSubmission(round: round, country: country))
                for (question, value) in [("g1", g1), ("ta_x_requested", requested)] where !value.isEmpty {
                    stored.append(StoredAnswer(round: round, country: country, questionID: question, options: [value], number: nil, text: nil))
                }
            }
        }
        // FRA asks, in 2026, for equipment and training (stored in that order) within 3 years,
        // and for mentoring in the other area y.
        stored.append(StoredAnswer(round: "2026", country: "FRA", questionID: "ta_x_activities", options: ["equipment", "training"], number: nil, text: nil))
        stored.append(StoredAnswer(round: "2026", country: "FRA", questionID: "ta_x_urgency", options: ["within_3_years"], number: nil, text: nil))
        stored.append(StoredAnswer(round: "2026", country: "FRA", questionID: "ta_y_activities", options: ["mentoring"], number: nil, text: nil))
        return AnswerMatrix(answers: stored, submissions: submissions)
    }

    static let analyzer = Analyzer(
        questionnaire: questionnaire, reference: Fixtures.reference, rules: ReliabilityRules(suppressBelow: 1, lowReliabilityBelow: 1),
        roundQuestionnaires: ["2024": questionnaire, "2026": questionnaire])

    static func support(_ index: Int, round: String = "2026", country: String = "FRA", _ values: [String: [String]]) -> RepeatRecord {
        RepeatRecord(
            round: round, country: country, respondent: nil, submissionID: "s-\(country)",
            path: RepeatPath([RepeatStep("ta_support", index)]), values: values)
    }

    /// FRA's own ta_support entries: one in x (ongoing), one in y, one in x that ended in 2022;
    /// the programmes file: one in x covering 2026, one in x ended 2023, one in y.
    static let inputs = PlanningInputs(
        questionnaire: questionnaire,
        support: [
            support(1, ["provider": ["UNODC"], "area": ["x"], "activity": ["training"], "year_from": ["2024"], "status": ["ongoing"]]),
            support(2, ["provider": ["Other area donor"], "area": ["y"], "year_from": ["2024"], "status": ["ongoing"]]),
            support(3, ["provider": ["Old donor"], "area": ["x"], "year_from": ["2018"], "year_to": ["2022"], "status": ["completed"]]),
            support(1, round: "2024", ["provider": ["Last round's answer"], "area": ["x"], "status": ["ongoing"]]),
        ],
        programmes: [
            Programme(provider: "EU", country: "FRA", area: "x", activities: ["equipment"], from: 2021, to: 2026),
            Programme(provider: "Ended programme", country: "FRA", area: "x", from: 2019, to: 2023),
            Programme(provider: "Elsewhere", country: "FRA", area: "y", from: 2020),
            Programme(provider: "Later", country: "FRA", area: "x", from: 2027),
        ])

    static func planning() -> [String: (PriorityScore, PlanningDetail)] {
        let scores = analyzer.compactPriorityScores(from: data(), model: model)
        var rows: [String: (PriorityScore, PlanningDetail)] = [:]
        scores.forEachPlanningRow(reference: Fixtures.reference) { rows[$0.country] = ($0, scores.planningDetail(of: $0, inputs: inputs)) }
        return rows
    }
}

@Suite struct PlanningDetailTests {
    typealias F = PlanningDetailFixture

    @Test func changeSinceThePreviousRoundThatScoredTheCountry() throws {
        let rows = F.planning()
        let expected = [
            "FRA": "new request", "DEU": "tier up: medium → high", "ITA": "unchanged", "AUT": "request withdrawn",
            "BEL": "not scored in 2024", "ESP": "no previous round",
        ]
        #expect(Set(rows.keys) == Set(expected.keys))
        for (country, change) in expected {
            #expect(rows[country]?.1.changeSincePrevious == change, "\(country)")
        }
        #expect(rows["AUT"]?.0.quadrant == .outreach && rows["DEU"]?.0.quadrant == .plan)
    }

    @Test func existingSupportJoinsTheCountrysAnswersAndTheProgrammesFileInTheAreasClusters() throws {
        let france = try #require(F.planning()["FRA"]).1
        // Both providers in x, by provider name; the entry of area y, the one ended before the
        // round, last round's answer and the programme starting after the round are not shown.
        #expect(france.alreadySupportedBy == "EU (Equipment, 2021–2026); UNODC (Training, 2024–)")
        #expect(france.supportSource == "country; programmes")
        for absent in ["Other area donor", "Old donor", "Ended programme", "Elsewhere", "Later", "Last round"] {
            #expect(!france.alreadySupportedBy.contains(absent), "\(absent)")
        }
        // A country with neither: empty, never "none".
        #expect(F.planning()["ITA"]?.1.alreadySupportedBy == "" && F.planning()["ITA"]?.1.supportSource == "")
    }

    @Test func requestedActivitiesUrgencyAndReasonsInWords() throws {
        let france = try #require(F.planning()["FRA"]).1
        // The area's cluster only (not y's mentoring), each once, in the list's order.
        #expect(france.activitiesRequested == ["Training", "Equipment"])
        #expect(france.urgency == "Within_3_years")
        #expect(france.institutions.isEmpty)
        #expect(france.reasons == "No law (draft: half) (answered No)")
        #expect(F.planning()["DEU"]?.1.reasons == "No law (draft: half) (answered No)")
    }

    @Test func choiceListsReadOnceGiveWhatTheQuestionnaireSays() {
        // PlanningInputs keeps the three lists' order and English labels: as searching the
        // questionnaire gave them, a code listed twice by its first choice, an unknown code as itself.
        var duplicated = PlanningDetailFixture.question("ta_z_activities", .multipleChoice, list: "ta_activities", ["training", "equipment", "training"])
        duplicated.choices[2].label = LocalizedText([.en: "Second training"])
        var noEnglish = PlanningDetailFixture.question("ta_z_urgency", .singleChoice, list: "ta_urgency", ["soon", "later"])
        noEnglish.choices[0].label = LocalizedText([.fr: "bientôt"])
        let questionnaire = Questionnaire(
            id: "dup", version: "1", title: LocalizedText([.en: "Dup"]), questions: [duplicated, noEnglish])
        let inputs = PlanningInputs(questionnaire: questionnaire, support: [], programmes: [])
        for list in ["ta_activities", "ta_urgency", "ta_institutions"] {
            #expect(inputs.choiceOrder(ofList: list) == questionnaire.choiceOrder(ofList: list), "\(list)")
            for code in ["training", "equipment", "soon", "later", "unknown"] {
                let searched = questionnaire.choices(ofList: list).first { $0.code == code }?.label[.en] ?? code
                #expect(inputs.label(code, list: list) == searched, "\(list) \(code)")
            }
        }
        #expect(inputs.label("training", list: "ta_activities") == "Training")
        #expect(inputs.label("soon", list: "ta_urgency") == "soon")
    }

    @Test func preparedInputsGiveTheSameDetails() {
        // The areas' clusters and questions made once (preparing) or for each row: the same details.
        let scores = F.analyzer.compactPriorityScores(from: F.data(), model: F.model)
        let prepared = F.inputs.preparing(scores.model.areas)
        var compared = 0
        scores.forEachPlanningRow(reference: Fixtures.reference) { row in
            let detail = scores.planningDetail(of: row, inputs: prepared)
            #expect(detail == scores.planningDetail(of: row, inputs: F.inputs))
            if !detail.activitiesRequested.isEmpty || !detail.alreadySupportedBy.isEmpty { compared += 1 }
        }
        #expect(compared > 0)
    }
}
