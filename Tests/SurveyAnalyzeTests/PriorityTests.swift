import Foundation
@testable import SurveyAnalyze
import SurveyModel
import SurveyDefinitions
import SurveyTestSupport
import Testing

// Acceptance tests for the capacity-building priorities: every expectation below is computed by
// hand from the small models and answers in `PriorityFixture` and `RobustnessFixture` (the
// arithmetic is in the comments), never by calling the code under test a second time.
// `close(_:_:_:)` is the tolerance helper of StatisticsTests.swift.

// MARK: - Fixture

/// A two-area scoring model and one round ("2026") of seven accepted submissions.
///
/// investigations (capacity_building), total weight 2 + 2 + 1 + 1 = 6:
///     basis    w 2  ch5_search_basis, ch5_seizure_basis, ch5_subscriber_info_basis,
///                   ch5_stored_traffic_basis; gap {none: 1}, not_counted [unknown]
///     unit     w 2  ch5_specialized_unit; gap {no: 1}
///     trained  w 1  ch6_trained_share; linear, 0 gap at 100, full gap at 0
///     request       ta_areas ∋ investigations (demand: not a term of the need)
/// cooperation (cooperation), gap weight 1 + 1 = 2:
///     instrument w 1  ch3_instruments (multiple choice); gap {none: 1, cis_agreement: 0.5,
///                     sco_agreement: 0.25}
///     contact    w 1  ch7_contact_247; gap {no: 1}
///     request         ta_areas ∋ international_cooperation (demand)
///
/// Issue 25: the request is no longer a term of the score (need); investigations' gap weight is
/// 2 + 2 + 1 = 5. The model's coverage minimum is 0 here (these tests are of the need's
/// arithmetic; the minimum has its own tests in NeedDemandTests).
///
/// Countries (regions from countries.yml, see FixtureReferenceTests): FRA DEU ITA NLD in Europe
/// (150), KEN NGA GHA in Africa (002). NLD has an accepted submission and no answer at all.
///
///          search  seizure subscr. stored  unit trained ta_areas                     instruments          contact
///     FRA  cyber   cyber   general none    yes  80      legislative_drafting         budapest un_conv.    no
///     DEU  none    none    unknown -       yes  -       investigations prev._aware.  budapest             no
///     ITA  general general none    unknown no   25      (stored, empty)              cis sco              -
///     KEN  none    none    none    none    no   0       investigations int._coop.    none                 no
///     NGA  none    cyber   -       -       no   100     digital_forensics            budapest sco         yes
///     GHA  none    unknown unknown -       yes  -       investigations               -                    -
///     NLD  -       -       -       -       -    -       -                            -                    -
enum PriorityFixture {
    static let round = "2026"

    static let basisItems = ["ch5_search_basis", "ch5_seizure_basis", "ch5_subscriber_info_basis", "ch5_stored_traffic_basis"]

    static let investigations = ScoringModel.Area(
        id: "investigations", label: "Investigations", chapters: [.investigations, .evidence], pillar: "capacity_building",
        gaps: [
            ScoringModel.GapIndicator(
                id: "basis", label: "Powers without a legal basis", weight: 2, items: basisItems, gapByOption: ["none": 1],
                notCounted: ["unknown"]),
            ScoringModel.GapIndicator(
                id: "unit", label: "No specialized unit", weight: 2, items: ["ch5_specialized_unit"], gapByOption: ["no": 1]),
            ScoringModel.GapIndicator(
                id: "trained", label: "Share not trained", weight: 1, items: ["ch6_trained_share"], linear: (zeroGapAt: 100, fullGapAt: 0)),
        ],
        request: ScoringModel.Request(questionID: "ta_areas", options: ["investigations"], weight: 1))

    static let cooperation = ScoringModel.Area(
        id: "cooperation", label: "International cooperation", chapters: [.legislation, .cooperation], pillar: "cooperation",
        gaps: [
            ScoringModel.GapIndicator(
                id: "instrument", label: "Party to no instrument", weight: 1, items: ["ch3_instruments"],
                gapByOption: ["none": 1, "cis_agreement": 0.5, "sco_agreement": 0.25]),
            ScoringModel.GapIndicator(
                id: "contact", label: "No 24/7 contact", weight: 1, items: ["ch7_contact_247"], gapByOption: ["no": 1]),
        ],
        request: ScoringModel.Request(questionID: "ta_areas", options: ["international_cooperation"], weight: 2))

    static let model = ScoringModel(
        id: "test-priorities", version: "1", highPriorityThreshold: 50, topN: 3,
        robustness: ScoringModel.Robustness(perturbation: 0.25, draws: 200, seed: 2026),
        areas: [investigations, cooperation], coverageMinimum: 0)

    static let countries = ["FRA", "DEU", "ITA", "KEN", "NGA", "GHA", "NLD"]

    static var answers: [StoredAnswer] {
        let basis: [String: [String?]] = [
            "FRA": ["cyber_specific", "cyber_specific", "general", "none"],
            "DEU": ["none", "none", "unknown", nil],
            "ITA": ["general", "general", "none", "unknown"],
            "KEN": ["none", "none", "none", "none"],
            "NGA": ["none", "cyber_specific", nil, nil],
            "GHA": ["none", "unknown", "unknown", nil],
        ]
        var answers: [StoredAnswer] = []
        for (country, codes) in basis {
            for (item, code) in zip(basisItems, codes) {
                if let code { answers.append(choice(country, item, [code])) }
            }
        }
        let unit = ["FRA": "yes", "DEU": "yes", "ITA": "no", "KEN": "no", "NGA": "no", "GHA": "yes"]
        for (country, code) in unit { answers.append(choice(country, "ch5_specialized_unit", [code])) }
        let trained: [String: Double] = ["FRA": 80, "ITA": 25, "KEN": 0, "NGA": 100]
        for (country, value) in trained { answers.append(number(country, "ch6_trained_share", value)) }
        let areas: [String: [String]] = [
            "FRA": ["legislative_drafting"], "DEU": ["investigations", "prevention_awareness"], "ITA": [],
            "KEN": ["investigations", "international_cooperation"], "NGA": ["digital_forensics"], "GHA": ["investigations"],
        ]
        for (country, codes) in areas { answers.append(choice(country, "ta_areas", codes)) }
        let instruments: [String: [String]] = [
            "FRA": ["budapest", "un_convention"], "DEU": ["budapest"], "ITA": ["cis_agreement", "sco_agreement"],
            "KEN": ["none"], "NGA": ["budapest", "sco_agreement"],
        ]
        for (country, codes) in instruments { answers.append(choice(country, "ch3_instruments", codes)) }
        let contact = ["FRA": "no", "DEU": "no", "KEN": "no", "NGA": "yes"]
        for (country, code) in contact { answers.append(choice(country, "ch7_contact_247", [code])) }
        return answers
    }

    static var data: AnswerMatrix {
        AnswerMatrix(answers: answers, submissions: countries.map { AcceptedSubmission(round: round, country: $0) })
    }

    static func choice(_ country: String, _ question: String, _ options: [String]) -> StoredAnswer {
        StoredAnswer(round: round, country: country, questionID: question, options: options, number: nil, text: nil)
    }

    static func number(_ country: String, _ question: String, _ value: Double) -> StoredAnswer {
        StoredAnswer(round: round, country: country, questionID: question, options: [], number: value, text: nil)
    }

    static var analyzer: Analyzer { Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference) }
}

extension [PriorityScore] {
    func row(_ country: String, _ area: String) -> PriorityScore? { first { $0.country == country && $0.area == area } }
}

extension PriorityScore {
    func component(_ id: String) -> PriorityComponent? { components.first { $0.id == id } }
}

// MARK: - Scores, coverage, components, ranks

@Suite struct PriorityScoreTests {
    let rows = PriorityFixture.analyzer.rowByRowPriorities(from: PriorityFixture.data, model: PriorityFixture.model)

    @Test func rowsComeOnePerCountryAndAreaInOrder() {
        // 7 submissions × 2 areas = 14 rows, countries by ISO code, areas in model order.
        #expect(rows.count == 14)
        #expect(rows.map(\.country) == ["DEU", "DEU", "FRA", "FRA", "GHA", "GHA", "ITA", "ITA", "KEN", "KEN", "NGA", "NGA", "NLD", "NLD"])
        #expect(rows.map(\.area) == Array(repeating: ["investigations", "cooperation"], count: 7).flatMap { $0 })
        #expect(rows.allSatisfy { $0.round == "2026" })
        #expect(rows.filter { $0.area == "investigations" }.allSatisfy { $0.pillar == "capacity_building" })
        #expect(rows.filter { $0.area == "cooperation" }.allSatisfy { $0.pillar == "cooperation" })
    }

    @Test func fullyAnsweredCountry() throws {
        // FRA, investigations: basis cyber, cyber, general, none → gaps 0 0 0 1, mean 1/4 = 0.25 (4 answered);
        //   unit yes → 0; trained 80 → (80 − 100)/(0 − 100) = 0.2; ta_areas without investigations →
        //   not requested (demand, not a term).
        //   need = 100 × (2·0.25 + 2·0 + 1·0.2)/(2 + 2 + 1) = 100 × 0.7/5 = 14
        //   coverage = 5/5 = 1
        let fra = try #require(rows.row("FRA", "investigations"))
        #expect(close(fra.score, 14), "\(String(describing: fra.score))")
        #expect(fra.coverage == 1)
        #expect(fra.requested == false && fra.requestAnswers == "ta_areas without investigations")
        #expect(fra.components.map(\.id) == ["basis", "unit", "trained"])
        #expect(fra.components.map(\.kind) == [.gap, .gap, .gap])
        let basis = try #require(fra.component("basis"))
        #expect(close(basis.gap, 0.25) && basis.itemsAnswered == 4 && basis.itemsTotal == 4)
        #expect(basis.answers == "1 of 4 answered items with a gap")
        let trained = try #require(fra.component("trained"))
        #expect(close(trained.gap, 0.2) && trained.itemsAnswered == 1 && trained.itemsTotal == 1)
        #expect(trained.answers == "ch6_trained_share=80")
        // points = 100 × w·gap / 5: basis 100·2·0.25/5 = 10, unit 0, trained 100·0.2/5 = 4;
        //   10 + 4 = 14 = the need.
        #expect(close(fra.points(of: basis), 10))
        let unit = try #require(fra.component("unit"))
        #expect(close(fra.points(of: unit), 0))
        #expect(close(fra.points(of: trained), 4))
    }

    @Test func unansweredItemsLowerTheCoverageAndAreNoGap() throws {
        // DEU, investigations: basis none, none, unknown, (no answer) → unknown is not counted, so
        //   gaps 1 1 → mean 1 over 2 answered items of 4; unit yes → 0; trained not answered → nil
        //   (left out, not a gap); ta_areas includes investigations → requested (demand).
        //   need = 100 × (2·1 + 2·0)/(2 + 2) = 100 × 2/4 = 50
        //   (an invented gap of 1 for trained would give 100 × 3/5 = 60; of 0, 100 × 2/5 = 40)
        //   coverage = 4/5 = 0.8
        let deu = try #require(rows.row("DEU", "investigations"))
        #expect(close(deu.score, 50), "\(String(describing: deu.score))")
        #expect(close(deu.coverage, 0.8))
        #expect(deu.requested == true && deu.requestAnswers == "ta_areas includes investigations")
        #expect(deu.missingItems == ["ch5_subscriber_info_basis", "ch5_stored_traffic_basis", "ch6_trained_share"])
        let basis = try #require(deu.component("basis"))
        #expect(basis.gap == 1 && basis.itemsAnswered == 2 && basis.itemsTotal == 4)
        #expect(basis.answers == "2 of 2 answered items with a gap")
        let unit = try #require(deu.component("unit"))
        #expect(unit.gap == 0 && unit.itemsAnswered == 1 && unit.answers == "ch5_specialized_unit=yes")
        let trained = try #require(deu.component("trained"))
        #expect(trained.gap == nil && trained.itemsAnswered == 0 && trained.itemsTotal == 1)
        // answered weight 4: basis 100·2·1/4 = 50, unit 0, trained nil → 50.
        #expect(deu.answeredWeight == 4)
        #expect(close(deu.points(of: basis), 50))
        #expect(close(deu.points(of: unit), 0))
        #expect(deu.points(of: trained) == nil)

        // ITA, investigations: basis general, general, none, unknown → gaps 0 0 1 → 1/3 over 3 answered;
        //   unit no → 1; trained 25 → (25 − 100)/(0 − 100) = 0.75; ta_areas stored but empty → not
        //   answered: demand unknown (quadrant request_unknown), the need unaffected.
        //   need = 100 × (2·(1/3) + 2·1 + 1·0.75)/(2 + 2 + 1) = 100 × 3.416667/5 = 68.333333
        //   coverage = 5/5; points 100·(2/3)/5 = 13.333333, 100·2/5 = 40, 100·0.75/5 = 15 → 68.333333.
        let ita = try #require(rows.row("ITA", "investigations"))
        #expect(close(ita.score, 68.333333333), "\(String(describing: ita.score))")
        #expect(ita.coverage == 1)
        #expect(ita.requested == nil && ita.quadrant == .requestUnknown && ita.requestAnswers == "")
        let itaBasis = try #require(ita.component("basis"))
        #expect(close(itaBasis.gap, 1.0 / 3) && itaBasis.itemsAnswered == 3)
        let itaUnit = try #require(ita.component("unit"))
        let itaTrained = try #require(ita.component("trained"))
        #expect(close(ita.points(of: itaBasis), 13.333333333))
        #expect(close(ita.points(of: itaUnit), 40))
        #expect(close(ita.points(of: itaTrained), 15))

        // GHA, investigations: basis none, unknown, unknown, (none) → one answered item, gap 1; unit
        //   yes → 0; trained nil; requested. need = 100 × (2 + 0)/4 = 50, coverage 4/5.
        let gha = try #require(rows.row("GHA", "investigations"))
        #expect(close(gha.score, 50) && close(gha.coverage, 0.8) && gha.requested == true)
        #expect(gha.component("basis")?.itemsAnswered == 1 && gha.component("basis")?.gap == 1)

        // KEN: every gap 1 (trained 0 → (0 − 100)/(0 − 100) = 1), requested → 100 × 5/5 = 100, plan.
        // NGA: basis none, cyber → 0.5 (2 answered); unit no → 1; trained 100 → 0; ta_areas without
        //   investigations → not requested. need = 100 × (2·0.5 + 2·1 + 0)/5 = 100 × 3/5 = 60
        //   (tier high, ≥ 60) → outreach; coverage 1.
        let ken = try #require(rows.row("KEN", "investigations"))
        #expect(close(ken.score, 100) && ken.coverage == 1 && ken.requested == true && ken.quadrant == .plan)
        let nga = try #require(rows.row("NGA", "investigations"))
        #expect(close(nga.score, 60) && nga.coverage == 1 && nga.requested == false)
        #expect(nga.tier == "high" && nga.quadrant == .outreach)
        #expect(nga.component("basis")?.gap == 0.5 && nga.component("basis")?.itemsAnswered == 2)
        #expect(nga.component("trained")?.gap == 0)
    }

    @Test func aCountryThatAnsweredNothingIsNotScoredNorRanked() throws {
        // NLD submitted but answered nothing: no component answered → score nil, coverage 0,
        //   requested nil, no rank of any kind; n_ranked is 6 in investigations and 5 in cooperation
        //   (GHA answered only ta_areas there: the request is not a term, so no need).
        for area in ["investigations", "cooperation"] {
            let nld = try #require(rows.row("NLD", area))
            #expect(nld.score == nil && nld.coverage == 0 && nld.requested == nil, "\(area)")
            #expect(nld.components.allSatisfy { $0.gap == nil && $0.itemsAnswered == 0 }, "\(area)")
            #expect(nld.rankInArea == nil && nld.rankInCountry == nil, "\(area)")
            #expect(nld.needP5 == nil && nld.needP95 == nil && nld.pTierChange == nil && nld.pQuadrantChange == nil, "\(area)")
            #expect(nld.tierLeaveOneOut == nil, "\(area)")
            // Everything is missing: the scenarios bound the need between 0 and 100.
            #expect(nld.needIfMissingGaps == 100 && nld.needIfMissingNone == 0 && nld.tierRangeMissing == "low–high", "\(area)")
            #expect(nld.nRanked == (area == "investigations" ? 6 : 5), "\(area)")
            #expect(nld.status == .insufficientData && nld.quadrant == .insufficientData, "\(area)")
        }
    }

    @Test func multipleChoiceGapIsTheLargestSelectedOptionsGap() throws {
        // cooperation (gap weight 2):
        //   ITA: instruments cis (0.5) and sco (0.25) → max 0.5 (not the mean 0.375); contact not
        //        answered; ta_areas empty → demand unknown. need = 100 × 1·0.5/1 = 50, coverage 1/2.
        //   NGA: budapest (not listed: 0) and sco (0.25) → 0.25; contact yes → 0; ta_areas without
        //        international_cooperation → not requested. need = 100 × 0.25/2 = 12.5, coverage 1.
        //   KEN: none → 1; contact no → 1; requested. need = 100 × (1 + 1)/2 = 100.
        //   FRA: 0; contact no → 1; not requested. 100 × 1/2 = 50.  DEU: 0, no → 1 → 50.
        //   GHA: only ta_areas answered (without international_cooperation) → no gap answered: no
        //        need (coverage 0), demand not_requested.
        let ita = try #require(rows.row("ITA", "cooperation"))
        #expect(ita.component("instrument")?.gap == 0.5)
        #expect(close(ita.score, 50) && close(ita.coverage, 0.5) && ita.requested == nil)
        let nga = try #require(rows.row("NGA", "cooperation"))
        #expect(nga.component("instrument")?.gap == 0.25)
        #expect(close(nga.score, 12.5) && nga.coverage == 1 && nga.requested == false)
        let ken = try #require(rows.row("KEN", "cooperation"))
        #expect(close(ken.score, 100) && ken.requested == true)
        #expect(close(rows.row("FRA", "cooperation")?.score, 50))
        #expect(close(rows.row("DEU", "cooperation")?.score, 50))
        let gha = try #require(rows.row("GHA", "cooperation"))
        #expect(gha.score == nil && gha.coverage == 0 && gha.requested == false)
        #expect(gha.component("instrument")?.gap == nil && gha.component("contact")?.gap == nil)
    }

    @Test func itemGapRules() {
        let basis = PriorityFixture.investigations.gaps[0]
        let trained = PriorityFixture.investigations.gaps[2]
        let instrument = PriorityFixture.cooperation.gaps[0]
        func choice(_ codes: [String]) -> StoredAnswer { PriorityFixture.choice("FRA", "q", codes) }
        func number(_ value: Double) -> StoredAnswer { PriorityFixture.number("FRA", "q", value) }
        // `unknown` is not answered (nil), not a gap; no answer or an empty one is nil too.
        #expect(Analyzer.itemGap(basis, choice(["unknown"])) == nil)
        #expect(Analyzer.itemGap(basis, nil) == nil)
        #expect(Analyzer.itemGap(basis, choice([])) == nil)
        #expect(Analyzer.itemGap(basis, choice(["none"])) == 1)
        #expect(Analyzer.itemGap(basis, choice(["general"])) == 0)  // not listed: no gap
        // Multiple choice: the largest selected code's gap.
        #expect(Analyzer.itemGap(instrument, choice(["budapest", "sco_agreement", "cis_agreement"])) == 0.5)
        #expect(Analyzer.itemGap(instrument, choice(["sco_agreement", "none"])) == 1)
        #expect(Analyzer.itemGap(instrument, choice(["budapest", "un_convention"])) == 0)
        // Linear, 0 at 100 and 1 at 0: gap = (x − 100)/(0 − 100) = 1 − x/100, clamped to 0…1.
        //   25 → 0.75, 60 → 0.4, 100 → 0, 0 → 1, 150 → −0.5 clamped to 0, −20 → 1.2 clamped to 1.
        #expect(close(Analyzer.itemGap(trained, number(25)), 0.75))
        #expect(close(Analyzer.itemGap(trained, number(60)), 0.4))
        #expect(Analyzer.itemGap(trained, number(100)) == 0)
        #expect(Analyzer.itemGap(trained, number(0)) == 1)
        #expect(Analyzer.itemGap(trained, number(150)) == 0)
        #expect(Analyzer.itemGap(trained, number(-20)) == 1)
        // A rising line (slow_mla: 0 at 30 days, 1 at 365): 197.5 → (197.5 − 30)/335 = 0.5; 10 → 0; 400 → 1.
        let slow = ScoringModel.GapIndicator(id: "slow", label: "slow", weight: 1, items: ["ch7_response_days"], linear: (30, 365))
        #expect(close(Analyzer.itemGap(slow, number(197.5)), 0.5))
        #expect(Analyzer.itemGap(slow, number(10)) == 0)
        #expect(Analyzer.itemGap(slow, number(400)) == 1)
    }

    @Test func ranksInAreaShareTiesCompetitionStyle() throws {
        // investigations: KEN 100, ITA 68.33, NGA 60, DEU 50, GHA 50, FRA 14, NLD unranked
        //   → 1, 2, 3, 4=, 4=, 6 ("1224" style: after the tie at 4 comes 6); n_ranked 6.
        let investigations: [(String, Int)] = [("KEN", 1), ("ITA", 2), ("NGA", 3), ("DEU", 4), ("GHA", 4), ("FRA", 6)]
        for (country, rank) in investigations {
            let row = try #require(rows.row(country, "investigations"))
            #expect(row.rankInArea == rank, "\(country): \(String(describing: row.rankInArea))")
            #expect(row.nRanked == 6, "\(country)")
            #expect(row.rankInAreaTied == (rank == 4), "\(country)")
        }
        // cooperation: KEN 100, ITA 50, FRA 50, DEU 50, NGA 12.5, GHA no need → 1, 2=, 2=, 2=, 5; n_ranked 5.
        let cooperation: [(String, Int)] = [("KEN", 1), ("ITA", 2), ("FRA", 2), ("DEU", 2), ("NGA", 5)]
        for (country, rank) in cooperation {
            let row = try #require(rows.row(country, "cooperation"))
            #expect(row.rankInArea == rank, "\(country): \(String(describing: row.rankInArea))")
            #expect(row.nRanked == 5, "\(country)")
            #expect(row.rankInAreaTied == (rank == 2), "\(country)")
        }
        #expect(rows.row("GHA", "cooperation")?.rankInArea == nil)
    }

    @Test func ranksInCountry() throws {
        // (investigations, cooperation): FRA 14 < 50 → (2, 1); DEU 50 = 50 → (1=, 1=);
        //   ITA 68.33 > 50 → (1, 2); KEN 100 = 100 → (1=, 1=); NGA 60 > 12.5 → (1, 2); GHA 50, no need → (1, -).
        let expected: [(String, Int, Int?)] = [
            ("FRA", 2, 1), ("DEU", 1, 1), ("ITA", 1, 2), ("KEN", 1, 1), ("NGA", 1, 2), ("GHA", 1, nil),
        ]
        for (country, investigations, cooperation) in expected {
            #expect(rows.row(country, "investigations")?.rankInCountry == investigations, "\(country)")
            #expect(rows.row(country, "cooperation")?.rankInCountry == cooperation, "\(country)")
        }
    }

    @Test func equalScoresReachedByDifferentSumsShareARank() throws {
        // Two countries whose scores are equal by the formula:
        //   FRA: basis none, general, general → 1/3 over 3 items; nothing else answered.
        //        100 × (2·(1/3))/2 = 33.333333
        //   DEU: basis none, general, general → 1/3; unit yes → 0; trained 0 → 1.
        //        100 × (2·(1/3) + 2·0 + 1·1)/5 = 100 × (5/3)/5 = 33.333333
        //   → the same need, so both rank 1= (and n_ranked 2).
        let answers = [
            PriorityFixture.choice("FRA", "ch5_search_basis", ["none"]),
            PriorityFixture.choice("FRA", "ch5_seizure_basis", ["general"]),
            PriorityFixture.choice("FRA", "ch5_subscriber_info_basis", ["general"]),
            PriorityFixture.choice("DEU", "ch5_search_basis", ["none"]),
            PriorityFixture.choice("DEU", "ch5_seizure_basis", ["general"]),
            PriorityFixture.choice("DEU", "ch5_subscriber_info_basis", ["general"]),
            PriorityFixture.choice("DEU", "ch5_specialized_unit", ["yes"]),
            PriorityFixture.number("DEU", "ch6_trained_share", 0),
            PriorityFixture.choice("DEU", "ta_areas", ["legislative_drafting"]),
        ]
        var model = PriorityFixture.model
        model.areas = [PriorityFixture.investigations]
        let rows = PriorityFixture.analyzer.rowByRowPriorities(from: AnswerMatrix(answers: answers), model: model)
        let fra = try #require(rows.row("FRA", "investigations"))
        let deu = try #require(rows.row("DEU", "investigations"))
        #expect(close(fra.score, 33.333333333) && close(deu.score, 33.333333333))
        #expect(close(fra.coverage, 2.0 / 5) && deu.coverage == 1)
        #expect(fra.rankInAreaTied && deu.rankInAreaTied)
        #expect(fra.nRanked == 2 && deu.nRanked == 2)
        // As doubles these may differ in the last bit: ranks compare at 1e-9, so
        //   the tie is a tie (a regression test: they used to be ranked 2 and 1).
        #expect(fra.rankInArea == 1, "\(String(describing: fra.score)) \(String(describing: fra.rankInArea))")
        #expect(deu.rankInArea == 1, "\(String(describing: deu.score)) \(String(describing: deu.rankInArea))")
    }

    @Test func aCountryWithEveryGapKeepsItsTierWhateverTheWeights() throws {
        // KEN has gap 1 on every investigations component: 100 × Σ f·w·1 / Σ f·w = 100 in every draw
        //   and with any one component left out → high in every draw (p_tier_change 0), and so in
        //   quadrant plan in every draw (p_quadrant_change 0); tier_loo "high".
        let ken = try #require(rows.row("KEN", "investigations"))
        #expect(ken.pTierChange == 0 && ken.pQuadrantChange == 0 && ken.tierLeaveOneOut == "high")
        #expect(close(ken.needP5, 100) && close(ken.needP95, 100))
    }
}

// MARK: - Weights

@Suite struct PriorityWeightTests {
    @Test func doublingAWeightChangesTheScoreAsTheFormulaSays() throws {
        // unit's weight 2 → 4; the investigations gap weight is now 2 + 4 + 1 = 7.
        //   ITA: 100 × (2·(1/3) + 4·1 + 1·0.75)/(2 + 4 + 1) = 100 × (65/12)/7 = 100 × 65/84 = 77.380952
        //   DEU: 100 × (2·1 + 4·0)/(2 + 4) = 200/6 = 33.333333; GHA the same.
        //   NGA: 100 × (2·0.5 + 4·1 + 0)/7 = 500/7 = 71.428571
        //   FRA: 100 × (0.5 + 0 + 0.2)/7 = 70/7 = 10
        //   KEN: still 100.  Coverage: ITA 7/7 = 1.
        //   New ranks: KEN 1, ITA 2, NGA 3, DEU 4, GHA 4, FRA 6.
        var model = PriorityFixture.model
        model.areas[0].gaps[1].weight = 4
        let rows = PriorityFixture.analyzer.rowByRowPriorities(from: PriorityFixture.data, model: model)
        let ita = try #require(rows.row("ITA", "investigations"))
        #expect(close(ita.score, 77.380952381), "\(String(describing: ita.score))")
        #expect(ita.coverage == 1)
        #expect(close(rows.row("DEU", "investigations")?.score, 33.333333333))
        #expect(close(rows.row("GHA", "investigations")?.score, 33.333333333))
        #expect(close(rows.row("NGA", "investigations")?.score, 71.428571429))
        #expect(close(rows.row("FRA", "investigations")?.score, 10))
        #expect(close(rows.row("KEN", "investigations")?.score, 100))
        let ranks: [(String, Int)] = [("KEN", 1), ("ITA", 2), ("NGA", 3), ("DEU", 4), ("GHA", 4), ("FRA", 6)]
        for (country, rank) in ranks {
            #expect(rows.row(country, "investigations")?.rankInArea == rank, "\(country)")
        }
        // ITA's points with the new weights (answered weight 7): basis 100·2·(1/3)/7 = 9.523810,
        //   unit 100·4·1/7 = 57.142857, trained 100·0.75/7 = 10.714286 → 77.380952.
        #expect(ita.answeredWeight == 7)
        let unit = try #require(ita.component("unit"))
        let basis = try #require(ita.component("basis"))
        let trained = try #require(ita.component("trained"))
        #expect(close(ita.points(of: unit), 57.142857143))
        #expect(close(ita.points(of: basis), 9.523809524))
        #expect(close(ita.points(of: trained), 10.714285714))
        // The cooperation area is untouched: ITA still 50.
        #expect(close(rows.row("ITA", "cooperation")?.score, 50))
    }

    @Test func scoreOfOneCountryFromItsAnswers() throws {
        // Analyzer.score on its own (default model: coverage minimum 0.6, tiers high ≥ 60, medium ≥ 30)
        //   for answers with ta_areas answered: basis none, none (gaps 1 1 → 1), unit yes (0), trained
        //   40 (1 − 40/100 = 0.6), ta_areas ∋ investigations (requested; its weight, doubled here,
        //   changes nothing: the request is not a term).
        //   need = 100 × (2·1 + 2·0 + 1·0.6)/(2 + 2 + 1) = 100 × 2.6/5 = 52 → medium, requested → scope
        var area = PriorityFixture.investigations
        area.request?.weight = 2
        let answers: [String: StoredAnswer] = [
            "ch5_search_basis": PriorityFixture.choice("ZZZ", "ch5_search_basis", ["none"]),
            "ch5_seizure_basis": PriorityFixture.choice("ZZZ", "ch5_seizure_basis", ["none"]),
            "ch5_specialized_unit": PriorityFixture.choice("ZZZ", "ch5_specialized_unit", ["yes"]),
            "ch6_trained_share": PriorityFixture.number("ZZZ", "ch6_trained_share", 40),
            "ta_areas": PriorityFixture.choice("ZZZ", "ta_areas", ["investigations"]),
        ]
        let score = Analyzer.score(area: area, answers: answers, round: "2026", country: "ZZZ")
        #expect(close(score.score, 52), "\(String(describing: score.score))")
        #expect(score.coverage == 1 && score.requested == true)
        #expect(score.tier == "medium" && score.highNeed == false && score.quadrant == .scope)
        #expect(score.country == "ZZZ" && score.area == "investigations" && score.pillar == "capacity_building")
        #expect(score.rankInArea == nil && score.nRanked == 0)  // ranks are filled per round, not here
    }
}

// MARK: - Monte Carlo and leave-one-out

/// One area, three single-item indicators A, B, C of weight 1 each (no request):
///
///              A ch5_specialized_unit  B ch6_prosecution_unit  C ch6_forensic_lab   score
///     AAA      no (1)                  no (1)                  no (1)               100
///     BBB      no (1)                  yes (0)                 yes (0)              33.33
///     CCC      yes (0)                 no (1)                  yes (0)              33.33
///     DDD      yes (0)                 yes (0)                 no (1)               33.33
///     EEE      yes (0)                 yes (0)                 yes (0)              0
///
/// Base ranks 1, 2, 2, 2, 5. In a draw the weights become f_A, f_B, f_C (each uniform in
/// 0.75…1.25): AAA stays at 100 (high) and EEE at 0 (low), while BBB = 100·f_A/Σf, CCC =
/// 100·f_B/Σf and DDD = 100·f_C/Σf move around 33.3, across the medium/low boundary at 30 in
/// some draws. (The more detailed uncertainty tests are in PriorityUncertaintyTests.swift.)
enum RobustnessFixture {
    static let area = ScoringModel.Area(
        id: "investigations", label: "Investigations", chapters: [.investigations, .evidence], pillar: "capacity_building",
        gaps: [
            ScoringModel.GapIndicator(id: "a", label: "A", weight: 1, items: ["ch5_specialized_unit"], gapByOption: ["no": 1]),
            ScoringModel.GapIndicator(id: "b", label: "B", weight: 1, items: ["ch6_prosecution_unit"], gapByOption: ["no": 1]),
            ScoringModel.GapIndicator(id: "c", label: "C", weight: 1, items: ["ch6_forensic_lab"], gapByOption: ["no": 1]),
        ],
        request: nil)

    static func model(seed: UInt64) -> ScoringModel {
        ScoringModel(
            id: "robustness", version: "1", topN: 2, robustness: ScoringModel.Robustness(perturbation: 0.25, draws: 1000, seed: seed),
            areas: [area], coverageMinimum: 0)
    }

    static var data: AnswerMatrix {
        let answers: [String: (String, String, String)] = [
            "AAA": ("no", "no", "no"), "BBB": ("no", "yes", "yes"), "CCC": ("yes", "no", "yes"),
            "DDD": ("yes", "yes", "no"), "EEE": ("yes", "yes", "yes"),
        ]
        var stored: [StoredAnswer] = []
        for (country, (a, b, c)) in answers {
            stored.append(PriorityFixture.choice(country, "ch5_specialized_unit", [a]))
            stored.append(PriorityFixture.choice(country, "ch6_prosecution_unit", [b]))
            stored.append(PriorityFixture.choice(country, "ch6_forensic_lab", [c]))
        }
        return AnswerMatrix(answers: stored)
    }

    static func rows(seed: UInt64) -> [PriorityScore] {
        PriorityFixture.analyzer.rowByRowPriorities(from: data, model: model(seed: seed))
    }
}

@Suite struct PriorityRobustnessTests {
    @Test func baseScoresAndRanks() throws {
        // 100 × 3/3 = 100; 100 × 1/3 = 33.33 (three times); 100 × 0/3 = 0 → ranks 1, 2, 2, 2, 5.
        let rows = RobustnessFixture.rows(seed: 2026)
        let expected: [(String, Double, Int)] = [("AAA", 100, 1), ("BBB", 33.333333333, 2), ("CCC", 33.333333333, 2), ("DDD", 33.333333333, 2), ("EEE", 0, 5)]
        for (country, score, rank) in expected {
            let row = try #require(rows.row(country, "investigations"))
            #expect(close(row.score, score) && row.rankInArea == rank && row.nRanked == 5, "\(country)")
        }
    }

    @Test func sameSeedSameOutputAnotherSeedAnotherOutput() throws {
        // Deterministic: two runs with seed 2026 agree on every uncertainty column of every row.
        let first = RobustnessFixture.rows(seed: 2026)
        let again = RobustnessFixture.rows(seed: 2026)
        #expect(first.count == 5 && again.count == 5)
        for (a, b) in zip(first, again) {
            #expect(a.country == b.country)
            #expect(a.needP5 == b.needP5 && a.needP95 == b.needP95, "\(a.country)")
            #expect(a.pTierChange == b.pTierChange && a.pQuadrantChange == b.pQuadrantChange, "\(a.country)")
        }
        // Another seed draws other factors: BBB's share of draws that leave medium (f_A small
        //   enough to bring 100·f_A/Σf below 30) is a count out of 1000 that follows the draws.
        let other = RobustnessFixture.rows(seed: 2027)
        let shares = { (rows: [PriorityScore]) in rows.map { $0.pTierChange } }
        #expect(shares(first) != shares(other), "\(shares(first)) vs \(shares(other))")
        // What does not depend on the draws stays: AAA (100) and EEE (0) never change tier.
        for rows in [first, other] {
            #expect(rows.row("AAA", "investigations")?.pTierChange == 0)
            #expect(rows.row("EEE", "investigations")?.pTierChange == 0)
        }
    }

    @Test func narrowAndWideNeedIntervals() throws {
        let rows = RobustnessFixture.rows(seed: 2026)
        // Narrow: AAA is 100 in every draw and EEE 0.
        let aaa = try #require(rows.row("AAA", "investigations"))
        #expect(close(aaa.needP5, 100) && close(aaa.needP95, 100) && aaa.pTierChange == 0)
        let eee = try #require(rows.row("EEE", "investigations"))
        #expect(eee.needP5 == 0 && eee.needP95 == 0 && eee.pTierChange == 0)
        // Wide: BBB, CCC, DDD are 100·f/(f_A + f_B + f_C) for their one gap, 33.3 at the point
        //   weights, between 100·0.75/3.25 = 23.1 and 100·1.25/2.75 = 45.5 in the draws: below
        //   30 (low) in some draws, never 60 (high).
        for country in ["BBB", "CCC", "DDD"] {
            let row = try #require(rows.row(country, "investigations"))
            let (low, high) = (try #require(row.needP5), try #require(row.needP95))
            #expect(low > 23 && low < 30 && high > 36.7 && high < 45.5, "\(country): \(low) … \(high)")
            let share = try #require(row.pTierChange)
            #expect(share > 0.05 && share < 0.5, "\(country): \(share)")
        }
    }

    @Test func leaveOneOutTiers() throws {
        // Leaving A out (weights 0, 1, 1): AAA 100, BBB 0/2 = 0, CCC 50, DDD 50, EEE 0
        // Leaving B out (1, 0, 1):         AAA 100, BBB 50, CCC 0, DDD 50, EEE 0
        // Leaving C out (1, 1, 0):         AAA 100, BBB 50, CCC 50, DDD 0, EEE 0
        //   With the base (AAA 100, BBB–DDD 33.3, EEE 0): AAA high; BBB, CCC, DDD low–medium; EEE low.
        let rows = RobustnessFixture.rows(seed: 2026)
        let expected: [(String, String)] = [("AAA", "high"), ("BBB", "low–medium"), ("CCC", "low–medium"), ("DDD", "low–medium"), ("EEE", "low")]
        for (country, tiers) in expected {
            let row = try #require(rows.row(country, "investigations"))
            #expect(row.tierLeaveOneOut == tiers, "\(country): \(String(describing: row.tierLeaveOneOut))")
            #expect(row.needIfMissingGaps == nil && row.tierRangeMissing == nil, "\(country): nothing missing")
        }
    }

    @Test func leaveOneOutWithACountryThatAnsweredOnlyTheComponentLeftOut() throws {
        // FFF answered only A (no → gap 1): 100 in the base and in every draw (100 × f_A·1/f_A);
        //   with A left out it has no need, a case that shows no tier: tier_loo "high".
        //   Missing items B and C: as full gaps 100 × 3/3 = 100, as no gaps 100 × 1/3 = 33.3 →
        //   tier_range_missing medium–high.
        var stored = RobustnessFixture.data.rounds["2026"]!.values.flatMap { $0.values }
        stored.append(PriorityFixture.choice("FFF", "ch5_specialized_unit", ["no"]))
        let rows = PriorityFixture.analyzer.rowByRowPriorities(from: AnswerMatrix(answers: stored), model: RobustnessFixture.model(seed: 2026))
        let fff = try #require(rows.row("FFF", "investigations"))
        #expect(close(fff.score, 100) && fff.rankInArea == 1 && fff.nRanked == 6)
        #expect(close(fff.coverage, 1.0 / 3))
        #expect(fff.tierLeaveOneOut == "high" && fff.pTierChange == 0)
        #expect(close(fff.needIfMissingGaps, 100) && close(fff.needIfMissingNone, 100.0 / 3))
        #expect(fff.tierRangeMissing == "medium–high")
    }
}

// MARK: - Group summaries

@Suite struct GroupPriorityTests {
    func groups(_ rules: ReliabilityRules = ReliabilityRules()) -> [GroupPriority] {
        let analyzer = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, rules: rules)
        let scores = analyzer.rowByRowPriorities(from: PriorityFixture.data, model: PriorityFixture.model)
        return analyzer.groupPriorities(scores, data: PriorityFixture.data, model: PriorityFixture.model)
    }

    func row(_ rows: [GroupPriority], _ area: String, _ group: CountryGroup) -> GroupPriority? {
        rows.first { $0.area == area && $0.group == group }
    }

    @Test func worldWithTheDefaultRules() throws {
        // investigations, world: NLD has no need → 6 countries: 14, 50, 50, 60, 205/3, 100.
        //   mean = (14 + 50 + 50 + 60 + 205/3 + 100)/6 = (274 + 205/3)/6 = (1027/3)/6 = 57.055556
        //   median (type 7, n = 6): h = 2.5 → sorted 14 50 [50 60] 68.33 100 → 55
        //   high need (tier high, ≥ 60): NGA 60, ITA 68.33, KEN 100 = 3
        //   request answered: FRA DEU KEN NGA GHA = 5 (ITA empty, NLD none: 2 unknown); requested
        //   DEU KEN GHA = 3 → 60%. flag: 6 is ≥ 5 and < 10 → low reliability.
        let rows = groups()
        let world = try #require(row(rows, "investigations", .world))
        #expect(world.round == "2026")
        #expect(world.nCountries == 6)
        #expect(close(world.meanScore, 57.055555556), "\(String(describing: world.meanScore))")
        #expect(close(world.medianScore, 55))
        #expect(world.nHighPriority == 3)
        #expect(world.nRequestAnswered == 5 && world.nRequested == 3 && world.nRequestUnknown == 2)
        #expect(close(world.percentRequested, 60))
        #expect(world.flag == .lowReliability)
        // cooperation, world: 100, 50, 50, 50, 12.5 (GHA no need) → mean 262.5/5 = 52.5;
        //   sorted 12.5 50 [50] 50 100 → median 50; high need: KEN = 1;
        //   request answered FRA DEU KEN NGA GHA = 5, requested KEN = 1 → 20%.
        let cooperation = try #require(row(rows, "cooperation", .world))
        #expect(cooperation.nCountries == 5)
        #expect(close(cooperation.meanScore, 52.5) && close(cooperation.medianScore, 50))
        #expect(cooperation.nHighPriority == 1)
        #expect(cooperation.nRequestAnswered == 5 && cooperation.nRequested == 1 && close(cooperation.percentRequested, 20))
        #expect(cooperation.flag == .lowReliability)
    }

    @Test func aSmallRegionIsSuppressedWithTheDefaultRules() throws {
        // investigations, Europe (150): FRA 14, DEU 50, ITA 68.33 (NLD no need) → 3 < 5:
        //   suppressed, mean and median blank; counts kept: high need: ITA = 1;
        //   request answered FRA DEU = 2, requested DEU = 1, percent blank (2 < 5).
        let rows = groups()
        let europe = try #require(row(rows, "investigations", CountryGroup(type: .region, code: "150")))
        #expect(europe.nCountries == 3 && europe.flag == .suppressed)
        #expect(europe.meanScore == nil && europe.medianScore == nil && europe.percentRequested == nil)
        #expect(europe.nHighPriority == 1)
        #expect(europe.nRequestAnswered == 2 && europe.nRequested == 1)
        // A group with no member (Americas, 019): zeros, suppressed.
        let americas = try #require(row(rows, "investigations", CountryGroup(type: .region, code: "019")))
        #expect(americas.nCountries == 0 && americas.meanScore == nil && americas.flag == .suppressed)
        #expect(americas.nRequestAnswered == 0 && americas.percentRequested == nil)
        // One row per round × area × group of the catalogue.
        let catalog = PriorityFixture.analyzer.catalog.groups
        #expect(rows.count == 2 * catalog.count)
        #expect(rows.prefix(catalog.count).allSatisfy { $0.area == "investigations" })
    }

    @Test func regionsWithLowerThresholds() throws {
        // Rules lowered to suppress below 1 and low reliability below 2, so that a three-country
        // region of this small fixture is shown (flag normal: 3 ≥ 2).
        //   Europe (150), investigations: 14, 50, 205/3 → mean (64 + 205/3)/3 = 397/9 = 44.111111;
        //     median (n = 3, h = 1) 50; high need: ITA = 1; requested 1 of 2 → 50%.
        //   Africa (002), investigations: KEN 100, NGA 60, GHA 50 → mean 210/3 = 70; median 60;
        //     high need: KEN NGA = 2 (60 counts); requested KEN GHA of KEN NGA GHA → 2/3 = 66.666667%.
        let rows = groups(ReliabilityRules(suppressBelow: 1, lowReliabilityBelow: 2))
        let europe = try #require(row(rows, "investigations", CountryGroup(type: .region, code: "150")))
        #expect(europe.nCountries == 3 && europe.flag == .normal)
        #expect(close(europe.meanScore, 44.111111111) && close(europe.medianScore, 50))
        #expect(europe.nHighPriority == 1)
        #expect(europe.nRequestAnswered == 2 && europe.nRequested == 1 && close(europe.percentRequested, 50))
        let africa = try #require(row(rows, "investigations", CountryGroup(type: .region, code: "002")))
        #expect(africa.nCountries == 3 && africa.flag == .normal)
        #expect(close(africa.meanScore, 70) && close(africa.medianScore, 60))
        #expect(africa.nHighPriority == 2)
        #expect(africa.nRequestAnswered == 3 && africa.nRequested == 2 && close(africa.percentRequested, 66.666666667))
        // The world is now normal too (6 ≥ 2), with the same values as under the default rules.
        let world = try #require(row(rows, "investigations", .world))
        #expect(world.flag == .normal && close(world.meanScore, 57.055555556))
        // Europe, cooperation: FRA 50, DEU 50, ITA 50 → mean 50, median 50; high need: none;
        //   request answered FRA DEU = 2, requested 0 → 0%; ITA unknown.
        let cooperation = try #require(row(rows, "cooperation", CountryGroup(type: .region, code: "150")))
        #expect(close(cooperation.meanScore, 50) && close(cooperation.medianScore, 50))
        #expect(cooperation.nHighPriority == 0 && cooperation.nRequested == 0 && close(cooperation.percentRequested, 0))
        #expect(cooperation.nRequestUnknown == 2)
    }
}

// MARK: - The scoring file

@Suite struct ScoringFileTests {
    static let shipped = Fixtures.packageRoot.appendingPathComponent("Pipelines/scoring/priorities.yml")

    @Test func theShippedModelLoads() throws {
        let model = try ScoringModel.load(from: Self.shipped, questionnaire: Fixtures.questionnaire)
        #expect(model.id == "unodc-cybercrime-ta-priorities" && model.version == "2026.1")
        #expect(model.highPriorityThreshold == 50 && model.topN == 10)
        #expect(model.robustness == ScoringModel.Robustness(perturbation: 0.25, draws: 1000, seed: 2026))
        #expect(model.areas.map(\.id) == [
            "legislation", "investigations", "forensics_evidence", "prosecution_judiciary", "international_cooperation", "prevention",
        ])
        #expect(model.areas.map(\.pillar) == [
            "regulatory_framework", "capacity_building", "capacity_building", "capacity_building", "cooperation", "prevention",
        ])
        let pillars: Set<String> = ["capacity_building", "regulatory_framework", "cooperation", "prevention"]
        #expect(model.areas.allSatisfy { pillars.contains($0.pillar) })
        // Questionnaire 2026.3: each request reads the yes/no questions ta_<area>_requested; no weight
        // (demand is its own dimension, never a term of the need).
        #expect(model.areas.allSatisfy { $0.request?.weight == 0 && $0.request?.sources.allSatisfy { $0.yes == ["yes"] } == true })
        #expect(model.area(id: "forensics_evidence")?.request?.questionIDs == ["ta_digital_forensics_requested", "ta_electronic_evidence_requested"])
        #expect(model.area(id: "investigations")?.request?.questionIDs == ["ta_investigations_requested"])
        // legislation: acts_not_criminalized selects the 14 chapter-4 legal-form acts.
        let legislation = try #require(model.area(id: "legislation"))
        #expect(legislation.chapters == [.legislation, .criminalization])
        let acts = try #require(legislation.gaps.first { $0.id == "acts_not_criminalized" })
        #expect(acts.items.count == 14)
        #expect(acts.items.first == "ch4_illegal_access" && acts.items.last == "ch4_terrorism_support")
        #expect(acts.gapByOption == ["not_criminalized": 1] && acts.notCounted == ["unknown"] && acts.weight == 3)
        // legislation gap weight 3 + 2 + 1 = 6 (the request is not a term of the need).
        #expect(legislation.totalWeight == 6)
        #expect(model.coverageMinimum == 0.6)
        #expect(model.tiers == [
            ScoringModel.Tier(id: "high", from: 60, highNeed: true), ScoringModel.Tier(id: "medium", from: 30, highNeed: false),
            ScoringModel.Tier(id: "low", from: 0, highNeed: false),
        ])
        // investigations: 10 legal bases, 10 uses in practice.
        let investigations = try #require(model.area(id: "investigations"))
        #expect(investigations.gaps.map(\.id) == ["powers_without_basis", "powers_not_used", "no_specialized_unit"])
        #expect(investigations.gaps[0].items.count == 10 && investigations.gaps[0].items.allSatisfy { $0.hasSuffix("_basis") })
        #expect(investigations.gaps[1].items.count == 10 && investigations.gaps[1].items.allSatisfy { $0.hasSuffix("_used") })
        // Numeric indicators carry their line.
        let trained = try #require(model.area(id: "prosecution_judiciary")?.gaps.first { $0.id == "few_trained" })
        #expect(trained.linear?.zeroGapAt == 100 && trained.linear?.fullGapAt == 0)
        let mla = try #require(model.area(id: "international_cooperation")?.gaps.first { $0.id == "slow_mla" })
        #expect(mla.linear?.zeroGapAt == 30 && mla.linear?.fullGapAt == 365)
    }

    /// A small valid file: one investigations area; `area`, `gaps` and `extra` replace parts of it.
    static func file(
        pillar: String = "capacity_building",
        gaps: String = """
                  - id: no_unit
                    items: [ch5_specialized_unit]
                    gap: {"no": 1}
                    weight: 2
            """,
        extra: String = ""
    ) -> String {
        """
        id: test
        version: "1"
        areas:
          - id: investigations
            chapters: ["5"]
            pillar: \(pillar)
            request: {questions: [ta_investigations_requested], weight: 1}
            gaps:
        \(gaps)
        \(extra)
        """
    }

    func load(_ text: String) throws -> ScoringModel {
        let folder = Fixtures.temporaryFolder("legisurvey-scoring")
        try Fixtures.write(["priorities.yml": text], in: folder)
        return try ScoringModel.load(from: folder.appendingPathComponent("priorities.yml"), questionnaire: Fixtures.questionnaire)
    }

    /// The error's one line, after `<path>: `.
    func refusal(_ text: String) -> String {
        do {
            _ = try load(text)
            return "loaded"
        } catch {
            let line = "\(error)"
            guard let range = line.range(of: "priorities.yml: ") else { return line }
            return String(line[range.upperBound...])
        }
    }

    @Test func aSmallFileLoadsWithDefaults() throws {
        let model = try load(Self.file())
        #expect(model.highPriorityThreshold == 50 && model.topN == 10)
        #expect(model.robustness == ScoringModel.Robustness())
        let area = try #require(model.areas.first)
        #expect(model.areas.count == 1 && area.id == "investigations" && area.label == "investigations")
        #expect(area.chapters == [.investigations])
        #expect(area.request == ScoringModel.Request(questions: ["ta_investigations_requested"], weight: 1))
        #expect(area.gaps == [
            ScoringModel.GapIndicator(id: "no_unit", label: "no_unit", weight: 2, items: ["ch5_specialized_unit"], gapByOption: ["no": 1]),
        ])
    }

    /// The file of `file(gaps:)` with one gap indicator on ch3_specific_law whose `gap_range` is `range`.
    static func lawWithRange(_ range: String) -> String {
        file(gaps: """
                  - id: no_law
                    items: [ch3_specific_law]
                    gap: {"no": 1, draft: 0.75}
                    gap_range: \(range)
                    weight: 2
            """)
    }

    @Test func gapRangesLoadAndTheShippedOnesContainTheirPointValues() throws {
        let model = try load(Self.lawWithRange("{draft: [0.5, 1.0]}"))
        let law = try #require(model.areas.first?.gaps.first)
        #expect(law.gapRange == ["draft": 0.5...1.0] && law.gapByOption == ["no": 1, "draft": 0.75])
        #expect(model.areas.first?.partialSlots.map(\.code) == ["draft"])
        // The shipped file: draft in [0.5, 1.0] beside draft 0.75; every range contains its point value.
        let shipped = try ScoringModel.load(from: Self.shipped, questionnaire: Fixtures.questionnaire)
        let shippedLaw = try #require(shipped.area(id: "legislation")?.gaps.first { $0.id == "no_cybercrime_law" })
        #expect(shippedLaw.gapRange == ["draft": 0.5...1.0, "partly": 0.25...0.75])
        let ranged = shipped.areas.flatMap(\.gaps).filter { !$0.gapRange.isEmpty }
        #expect(ranged.count == 6)
        for indicator in ranged {
            for (code, range) in indicator.gapRange {
                #expect(range.contains(try #require(indicator.gapByOption[code])), "\(indicator.id) \(code)")
            }
        }
    }

    @Test func aBrokenGapRangeIsRefusedWithTheIndicatorAndItsLineNamed() throws {
        let cases: [(String, String)] = [
            (
                "{partly: [0.25, 0.75]}",
                "gap_range gives a range for 'partly' (line L), which is not in gap: (draft, no); give the code its point value in gap: first"
            ),
            ("{draft: [0.5, 1.5]}", "gap_range of 'draft' (line L) must be [low, high] with 0 ≤ low ≤ high ≤ 1 (got [0.5, 1.5])"),
            ("{draft: [-0.1, 0.9]}", "gap_range of 'draft' (line L) must be [low, high] with 0 ≤ low ≤ high ≤ 1 (got [-0.1, 0.9])"),
            ("{draft: [1.0, 0.5]}", "gap_range of 'draft' (line L) must be [low, high] with 0 ≤ low ≤ high ≤ 1 (got [1.0, 0.5])"),
            ("{draft: [0.5]}", "gap_range of 'draft' (line L) must be [low, high] with 0 ≤ low ≤ high ≤ 1 (got [0.5])"),
            ("{draft: [0.8, 1.0]}", "gap_range of 'draft' (line L) [0.8, 1.0] must contain its point value in gap: (0.75)"),
        ]
        for (range, expected) in cases {
            let text = Self.lawWithRange(range)
            // The line of `gap_range:` in the text, counted here.
            let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.contains("gap_range:") }) + 1
            let message = refusal(text)
            let want = "areas: investigations: no_law: " + expected.replacingOccurrences(of: "line L", with: "line \(line)")
            #expect(message == want, "\(message)")
        }
    }

    @Test func brokenFilesAreRefusedWithTheAreaAndIndicatorNamed() throws {
        let cases: [(String, String)] = [
            // Unknown pillar.
            (
                Self.file(pillar: "training"),
                "areas: investigations: pillar 'training' (expected capacity_building, regulatory_framework, cooperation, prevention)"
            ),
            // An option of no item's choice list in gap.
            (
                Self.file(gaps: """
                          - id: no_unit
                            items: [ch5_specialized_unit]
                            gap: {"no": 1, absent: 1}
                            weight: 2
                    """),
                "areas: investigations: no_unit: 'absent' is not an option of ch5_specialized_unit"
            ),
            // A gap value above 1.
            (
                Self.file(gaps: """
                          - id: no_unit
                            items: [ch5_specialized_unit]
                            gap: {"no": 1.5}
                            weight: 2
                    """),
                "areas: investigations: no_unit: gap of 'no' must be in 0…1"
            ),
            // A numeric item without linear.
            (
                Self.file(gaps: """
                          - id: few_trained
                            items: [ch6_trained_share]
                            weight: 1
                    """),
                "areas: investigations: few_trained: numeric item ch6_trained_share needs linear"
            ),
            // select matching nothing.
            (
                Self.file(gaps: """
                          - id: powers
                            select: {chapter: "5", aspect: no_such_aspect}
                            gap: {none: 1}
                            weight: 1
                    """),
                "areas: investigations: powers: select matches no question"
            ),
            // An unknown question.
            (
                Self.file(gaps: """
                          - id: no_unit
                            items: [ch5_no_such_question]
                            gap: {"no": 1}
                            weight: 2
                    """),
                "areas: investigations: no_unit: no question 'ch5_no_such_question'"
            ),
            // The same area twice.
            (
                Self.file(extra: """
                      - id: investigations
                        chapters: ["5"]
                        pillar: capacity_building
                        gaps:
                          - id: no_unit
                            items: [ch5_specialized_unit]
                            gap: {"no": 1}
                            weight: 2
                    """),
                "areas: investigations: ids are unique letters, digits and '_'"
            ),
        ]
        for (text, expected) in cases {
            let message = refusal(text)
            #expect(message == expected, "\(message)")
            #expect(!message.contains("\n"), "\(message)")
        }
    }
}
