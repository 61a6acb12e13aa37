import Foundation
@testable import SurveyAnalyze
import SurveyModel
import SurveyPublish
import SurveyTestSupport
import Testing

// Issue 25 acceptance, need × demand: a blank request is `request unknown` and never outranks a
// request; "no assistance needed" is not requested; below the coverage minimum no need and a
// follow-up row; ties share a rank and their order does not depend on ISO codes.
//
// One area, gap indicators g1 (weight 2), g2 (weight 1), g3 (weight 1), "no" = gap 1; request:
// yes/no questions r1, r2. Round "r". Countries (English names from the reference):
//
//            g1   g2   g3   r1   r2    need                     demand          quadrant
//     FRA    no   no   no   yes  no    100                      requested       plan
//     DEU    no   no   no   -    -     100                      unknown         request_unknown
//     ITA    no   no   no   no   no    100                      not_requested   outreach
//     ESP    yes  no   -    yes  -     100·1/3 = 33.3 (cov 3/4) requested       scope
//     AUT    no   -    -    yes  yes   cov 2/4 = 0.5 < 0.6      requested       insufficient_data
//     BEL    no   no   no   yes  yes   100                      requested       plan
//
// FRA and BEL tie at 100 in `plan`: rank 1= both, listed Belgium before France (by English name),
// although a by-code order would too (BEL < FRA); so the test also checks DEU (Germany) vs …: the
// tie FRA/DEU/ITA/BEL in rank_in_area is shared (1=), and the planning order of the tied plan
// rows is by name: Belgium, France. Swapping the codes' names (the units keep their answers but
// exchange codes) would change a by-code order and leaves this one as it is (checked below with
// AUT/BEL: Austria < Belgium by name and by code, FRA/ITA: France < Italy by both; ESP/FRA:
// Spain > France by name while ESP < FRA by code).
enum NeedDemandFixture {
    typealias F = CrosswalkFixture

    static let questionnaire = F.questionnaire(
        "1",
        ["g1", "g2", "g3", "r1", "r2"].map { F.question($0, .singleChoice, ["yes", "no"]) })

    static let area = ScoringModel.Area(
        id: "area", label: "Area", chapters: [.legislation], pillar: "capacity_building",
        gaps: [
            ScoringModel.GapIndicator(id: "g1", label: "G1", weight: 2, items: ["g1"], gapByOption: ["no": 1]),
            ScoringModel.GapIndicator(id: "g2", label: "G2", weight: 1, items: ["g2"], gapByOption: ["no": 1]),
            ScoringModel.GapIndicator(id: "g3", label: "G3", weight: 1, items: ["g3"], gapByOption: ["no": 1]),
        ],
        request: ScoringModel.Request(questions: ["r1", "r2"], weight: 0))

    static let model = ScoringModel(
        id: "need-demand", version: "1", robustness: ScoringModel.Robustness(draws: 50), areas: [area])

    static let countries = ["FRA", "DEU", "ITA", "ESP", "AUT", "BEL"]

    /// Per country: g1 g2 g3 r1 r2 ("" = blank).
    static let answers: [String: [String]] = [
        "FRA": ["no", "no", "no", "yes", "no"], "DEU": ["no", "no", "no", "", ""], "ITA": ["no", "no", "no", "no", "no"],
        "ESP": ["yes", "no", "", "yes", ""], "AUT": ["no", "", "", "yes", "yes"], "BEL": ["no", "no", "no", "yes", "yes"],
    ]

    static func data(codes: [String: String] = [:]) -> AnswerMatrix {
        var stored: [StoredAnswer] = []
        var submissions: [AcceptedSubmission] = []
        for country in countries {
            let unit = codes[country] ?? country
            submissions.append(AcceptedSubmission(round: "r", country: unit))
            for (question, value) in zip(["g1", "g2", "g3", "r1", "r2"], answers[country]!) where !value.isEmpty {
                stored.append(StoredAnswer(round: "r", country: unit, questionID: question, options: [value], number: nil, text: nil))
            }
        }
        return AnswerMatrix(answers: stored, submissions: submissions)
    }

    static let analyzer = CrosswalkFixture.analyzer([questionnaire], [], rounds: ["r"])

    static func rows(_ data: AnswerMatrix = data()) -> [String: PriorityScore] {
        var rows: [String: PriorityScore] = [:]
        analyzer.compactPriorityScores(from: data, model: model).forEachRow { rows[$0.country] = $0 }
        return rows
    }

    static func planning(_ data: AnswerMatrix = data()) -> [PriorityScore] {
        var rows: [PriorityScore] = []
        analyzer.compactPriorityScores(from: data, model: model).forEachPlanningRow(reference: Fixtures.reference) { rows.append($0) }
        return rows
    }
}

@Suite struct NeedDemandTests {
    typealias N = NeedDemandFixture

    @Test func quadrantsByHand() throws {
        let rows = N.rows()
        let expected: [String: (Double?, Bool?, Quadrant)] = [
            "FRA": (100, true, .plan), "DEU": (100, nil, .requestUnknown), "ITA": (100, false, .outreach),
            "ESP": (100.0 / 3, true, .scope), "AUT": (nil, true, .insufficientData), "BEL": (100, true, .plan),
        ]
        for (country, (need, requested, quadrant)) in expected {
            let row = try #require(rows[country])
            if let need {
                #expect(close(row.score, need), "\(country): \(String(describing: row.score))")
            } else {
                #expect(row.score == nil, "\(country)")
            }
            #expect(row.requested == requested && row.quadrant == quadrant, "\(country)")
        }
        // "No assistance needed": every request question answered no → not requested, never unknown.
        #expect(rows["ITA"]?.requested == false && rows["ITA"]?.requestAnswers == "r1=no; r2=no")
        #expect(rows["ESP"]?.tier == "medium" && rows["FRA"]?.tier == "high")
    }

    @Test func aBlankRequestNeverOutranksARequest() throws {
        // DEU's need (100) equals FRA's and BEL's, and beats ESP's 33.3; its demand is unknown, so
        // it is not in the planning list at all, while every requested pair with a need is.
        let planning = N.planning()
        #expect(!planning.contains { $0.country == "DEU" })
        #expect(planning.map(\.country) == ["BEL", "FRA", "ESP", "ITA"])
        #expect(planning.map(\.quadrant) == [.plan, .plan, .scope, .outreach])
    }

    @Test func belowTheCoverageMinimumNoNeedAndAFollowUpRow() throws {
        // AUT answered g1 only: coverage 2/4 = 0.5 < 0.6 → no need, no tier, no rank; its
        // missing items listed; in ta_matrix.csv (status insufficient_data), not in ta_planning.csv.
        let aut = try #require(N.rows()["AUT"])
        #expect(aut.score == nil && aut.coverage == 0.5 && aut.status == .insufficientData)
        #expect(aut.tier == nil && aut.rankInArea == nil && aut.missingItems == ["g2", "g3"])
        #expect(!N.planning().contains { $0.country == "AUT" })
        // ESP: 3 of 4 weight answered (0.75 ≥ 0.6): scored, g3 missing.
        #expect(N.rows()["ESP"]?.missingItems == ["g3"] && N.rows()["ESP"]?.status == .scored)
    }

    @Test func tiesShareARankAndTheirOrderDoesNotDependOnCodes() throws {
        // FRA, DEU, ITA, BEL all need 100: rank_in_area 1= for each, ESP 5.
        let rows = N.rows()
        for country in ["FRA", "DEU", "ITA", "BEL"] {
            #expect(rows[country]?.rankInArea == 1 && rows[country]?.rankInAreaTied == true, "\(country)")
            #expect(Publisher.rankText(rows[country]?.rankInArea, tied: rows[country]!.rankInAreaTied) == "1=")
        }
        #expect(rows["ESP"]?.rankInArea == 5 && rows["ESP"]?.rankInAreaTied == false)
        // In the planning list the tied plan rows (BEL, FRA) share rank 1= and follow the English
        // name. Exchange the codes of the two tied countries (BEL's answers now under FRA's code and
        // the reverse): a by-code order would keep BEL's answers first; the by-name order lists
        // the unit named Belgium first, whatever answers it holds: the same codes in the same order.
        let planning = N.planning()
        #expect(planning.prefix(2).map { Publisher.rankText($0.planningRank, tied: $0.planningRankTied) } == ["1=", "1="])
        let swapped = N.planning(N.data(codes: ["BEL": "FRA", "FRA": "BEL"]))
        #expect(swapped.map(\.country) == ["BEL", "FRA", "ESP", "ITA"])
        // And a tie between names whose order differs from their codes' order: ESP (Spain) and
        // FRA (France) with equal needs list France first though ESP < FRA.
        var answers = N.answers
        answers["ESP"] = ["no", "no", "no", "yes", ""]
        var stored: [StoredAnswer] = []
        for country in ["ESP", "FRA"] {
            for (question, value) in zip(["g1", "g2", "g3", "r1", "r2"], answers[country]!) where !value.isEmpty {
                stored.append(StoredAnswer(round: "r", country: country, questionID: question, options: [value], number: nil, text: nil))
            }
        }
        let tied = N.planning(AnswerMatrix(answers: stored))
        #expect(tied.map(\.country) == ["FRA", "ESP"], "France before Spain by name, not ESP before FRA by code")
        #expect(tied.allSatisfy { $0.planningRank == 1 && $0.planningRankTied })
    }
}
