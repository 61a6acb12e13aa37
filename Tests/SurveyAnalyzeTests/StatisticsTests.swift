import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

// Acceptance tests for the statistics: every expectation below is computed by hand from the
// fixture in `NationalFixture` (the arithmetic is in the comments), never by calling the code
// under test a second time.

// MARK: - Fixture

/// One round ("2026") of 22 accepted submissions with hand-picked answers.
///
/// Classification of the fixture's countries, copied from Pipelines/reference/countries.yml
/// (region, sub-region, development, LDC, LLDC, SIDS; `FixtureReferenceTests` checks it):
///
///     FRA 150 155 developed  -   -    -        KEN 002 202 developing -   -    -
///     DEU 150 155 developed  -   -    -        NGA 002 202 developing -   -    -
///     ITA 150 039 developed  -   -    -        GHA 002 202 developing -   -    -
///     ESP 150 039 developed  -   -    -        SEN 002 202 developing LDC -    -
///     POL 150 151 developed  -   -    -        ETH 002 202 developing LDC LLDC -
///     SWE 150 154 developed  -   -    -        MLI 002 202 developing LDC LLDC -
///     NLD 150 155 developed  -   -    -        MUS 002 202 developing -   -    SIDS
///     BRA 019 419 developing -   -    -        NPL 142 034 developing LDC LLDC -
///     HTI 019 419 developing LDC -    SIDS     KAZ 142 143 developing -   LLDC -
///     JAM 019 419 developing -   -    SIDS     SGP 142 035 developing -   -    SIDS
///     BOL 019 419 developing -   LLDC -        FJI 009 054 developing -   -    SIDS
///
/// NLD has an accepted submission with no answer at all; SWE, MLI, JAM and BOL answered
/// ch3_specific_law but not ch3_instruments (BOL's stored answer to it is empty).
enum NationalFixture {
    static let round = "2026"

    static let countries = [
        "FRA", "DEU", "ITA", "ESP", "POL", "SWE", "NLD", "KEN", "NGA", "GHA", "SEN", "ETH", "MLI", "MUS", "BRA", "HTI",
        "JAM", "BOL", "NPL", "KAZ", "SGP", "FJI",
    ]

    /// ch3_specific_law (single choice: yes, partly, draft, no); 21 answers, NLD none.
    static let specificLaw: [String: String] = [
        "FRA": "yes", "DEU": "yes", "ITA": "partly", "ESP": "no", "POL": "yes", "SWE": "draft",
        "KEN": "yes", "NGA": "partly", "GHA": "no", "SEN": "no", "ETH": "draft", "MLI": "yes", "MUS": "yes",
        "BRA": "yes", "HTI": "no", "JAM": "partly", "BOL": "no",
        "NPL": "yes", "KAZ": "no", "SGP": "yes",
        "FJI": "no",
    ]

    /// ch3_instruments (multiple choice); 17 answers.
    static let instruments: [String: [String]] = [
        "FRA": ["budapest", "un_convention"], "DEU": ["budapest"], "ITA": ["budapest"], "ESP": ["budapest", "un_convention"],
        "POL": ["un_convention"],
        "KEN": ["malabo", "un_convention"], "NGA": ["budapest", "malabo"], "GHA": ["budapest", "malabo", "un_convention"],
        "SEN": ["budapest", "malabo"], "ETH": ["none"], "MUS": ["budapest"],
        "BRA": ["budapest"], "HTI": ["none"],
        "NPL": ["none"], "KAZ": ["cis_agreement", "sco_agreement"], "SGP": ["un_convention"],
        "FJI": ["budapest"],
    ]

    /// ch4_illegal_access (legal form); 12 answers.
    static let illegalAccess: [String: String] = [
        "FRA": "cyber_specific", "DEU": "cyber_specific", "ITA": "general", "ESP": "cyber_specific", "POL": "general",
        "SWE": "unknown",
        "KEN": "cyber_specific", "NGA": "not_criminalized", "GHA": "general", "SEN": "unknown", "ETH": "not_criminalized",
        "MLI": "cyber_specific",
    ]

    /// ch3_reform_year (year); 10 answers.
    static let reformYear: [String: Double] = [
        "FRA": 2016, "DEU": 2021, "ITA": 2019, "ESP": 2015, "POL": 2017, "KEN": 2018, "NGA": 2015, "GHA": 2020,
        "BRA": 2012, "SGP": 2022,
    ]

    /// ch7_response_days (integer); 7 answers, 5 of them in Europe.
    static let responseDays: [String: Double] = [
        "FRA": 30, "DEU": 10, "ITA": 90, "ESP": 20, "POL": 45, "KEN": 60, "BRA": 120,
    ]

    /// ch6_trained_share (percent); 6 answers, all in Europe.
    static let trainedShare: [String: Double] = [
        "FRA": 80, "DEU": 65, "ITA": 40, "ESP": 55, "POL": 25, "SWE": 70,
    ]

    /// ch3_main_law (free text); 6 answers.
    static let mainLaw: [String: String] = [
        "FRA": "Code pénal", "DEU": "Strafgesetzbuch", "ITA": "Codice penale", "ESP": "Código Penal",
        "KEN": "Computer Misuse and Cybercrimes Act 2018", "BRA": "Lei 12.737/2012",
    ]

    static var answers: [StoredAnswer] {
        var answers: [StoredAnswer] = []
        for (country, code) in specificLaw { answers.append(choice(country, "ch3_specific_law", [code])) }
        for (country, codes) in instruments { answers.append(choice(country, "ch3_instruments", codes)) }
        answers.append(choice("BOL", "ch3_instruments", []))  // stored, but empty: not an answer
        for (country, code) in illegalAccess { answers.append(choice(country, "ch4_illegal_access", [code])) }
        for (country, value) in reformYear { answers.append(number(country, "ch3_reform_year", value)) }
        for (country, value) in responseDays { answers.append(number(country, "ch7_response_days", value)) }
        for (country, value) in trainedShare { answers.append(number(country, "ch6_trained_share", value)) }
        for (country, value) in mainLaw { answers.append(text(country, "ch3_main_law", value)) }
        return answers
    }

    static var data: AnswerMatrix {
        AnswerMatrix(answers: answers, submissions: countries.map { AcceptedSubmission(round: round, country: $0) })
    }

    /// The two custom groups of the fixture, one of each kind.
    static let customGroups = [
        // A fixed list: USA is listed but sent nothing.
        CustomGroup(id: "partners", label: "Programme partners", rule: .countries(["FRA", "ESP", "KEN", "GHA", "BRA", "JAM", "USA"])),
        CustomGroup(id: "budapest_parties", label: "Parties to the Budapest Convention", rule: .answer(question: "ch3_instruments", options: ["budapest"])),
    ]

    static func choice(_ country: String, _ question: String, _ options: [String], round: String = round) -> StoredAnswer {
        StoredAnswer(round: round, country: country, questionID: question, options: options, number: nil, text: nil)
    }

    static func number(_ country: String, _ question: String, _ value: Double, round: String = round) -> StoredAnswer {
        StoredAnswer(round: round, country: country, questionID: question, options: [], number: value, text: nil)
    }

    static func text(_ country: String, _ question: String, _ value: String, round: String = round) -> StoredAnswer {
        StoredAnswer(round: round, country: country, questionID: question, options: [], number: nil, text: value)
    }
}

/// Whether `value` is within `tolerance` of `expected` (false when nil).
func close(_ value: Double?, _ expected: Double, _ tolerance: Double = 1e-6) -> Bool {
    guard let value else { return false }
    return abs(value - expected) < tolerance
}

// MARK: - Reference data the fixture relies on

@Suite struct FixtureReferenceTests {
    /// The classification table in `NationalFixture`'s comment, as countries.yml has it.
    @Test func fixtureCountriesAreClassifiedAsAssumed() throws {
        let expected: [(String, String, String, DevelopmentStatus, Bool, Bool, Bool)] = [
            ("FRA", "150", "155", .developed, false, false, false), ("DEU", "150", "155", .developed, false, false, false),
            ("ITA", "150", "039", .developed, false, false, false), ("ESP", "150", "039", .developed, false, false, false),
            ("POL", "150", "151", .developed, false, false, false), ("SWE", "150", "154", .developed, false, false, false),
            ("NLD", "150", "155", .developed, false, false, false),
            ("KEN", "002", "202", .developing, false, false, false), ("NGA", "002", "202", .developing, false, false, false),
            ("GHA", "002", "202", .developing, false, false, false), ("SEN", "002", "202", .developing, true, false, false),
            ("ETH", "002", "202", .developing, true, true, false), ("MLI", "002", "202", .developing, true, true, false),
            ("MUS", "002", "202", .developing, false, false, true),
            ("BRA", "019", "419", .developing, false, false, false), ("HTI", "019", "419", .developing, true, false, true),
            ("JAM", "019", "419", .developing, false, false, true), ("BOL", "019", "419", .developing, false, true, false),
            ("NPL", "142", "034", .developing, true, true, false), ("KAZ", "142", "143", .developing, false, true, false),
            ("SGP", "142", "035", .developing, false, false, true), ("FJI", "009", "054", .developing, false, false, true),
        ]
        for (iso3, region, subregion, development, ldc, lldc, sids) in expected {
            let country = try #require(Fixtures.reference.country(iso3: iso3), "\(iso3)")
            #expect(country.region == region, "\(iso3)")
            #expect(country.subregion == subregion, "\(iso3)")
            #expect(country.development == development, "\(iso3)")
            #expect(country.isLDC == ldc && country.isLLDC == lldc && country.isSIDS == sids, "\(iso3)")
        }
    }
}

// MARK: - Shares by question type

@Suite struct QuestionTypeStatisticsTests {
    let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
        .shareStatistics(from: NationalFixture.data)

    func row(_ question: String, _ option: String, _ type: GroupType, _ code: String) -> ShareStatistic? {
        rows.first { $0.questionID == question && $0.option == option && $0.group.type == type && $0.group.code == code }
    }

    @Test func singleChoiceWorld() throws {
        // World, ch3_specific_law: 21 answered (NLD submitted but did not answer).
        //   yes:    FRA DEU POL KEN MLI MUS BRA NPL SGP = 9 → 9/21 = 42.857%
        //   partly: ITA NGA JAM                         = 3 → 3/21 = 14.286%
        //   draft:  SWE ETH                             = 2 → 2/21 =  9.524%
        //   no:     ESP GHA SEN HTI BOL KAZ FJI         = 7 → 7/21 = 33.333%
        let expected: [(String, Int, Double)] = [
            ("yes", 9, 42.857142857), ("partly", 3, 14.285714286), ("draft", 2, 9.523809524), ("no", 7, 33.333333333),
        ]
        for (option, count, percent) in expected {
            let share = try #require(row("ch3_specific_law", option, .world, "001"))
            #expect(share.round == "2026" && share.chapter == .legislation)
            #expect(share.nResponding == 21, "\(option)")
            #expect(share.nOption == count, "\(option)")
            #expect(close(share.percent, percent), "\(option): \(String(describing: share.percent))")
            #expect(share.flag == .normal)
        }
        // Rows come in choice order for each group.
        let worldOptions = rows.filter { $0.questionID == "ch3_specific_law" && $0.group == .world }.map(\.option)
        #expect(worldOptions == ["yes", "partly", "draft", "no"])
    }

    @Test func yesNo() throws {
        // ch8_cert: nobody answered it → every group has n = 0, suppressed; the rows still exist.
        let yes = try #require(row("ch8_cert", "yes", .world, "001"))
        let no = try #require(row("ch8_cert", "no", .world, "001"))
        #expect(yes.nResponding == 0 && yes.nOption == 0 && yes.flag == .suppressed && yes.percent == nil)
        #expect(no.nResponding == 0 && no.nOption == 0 && no.flag == .suppressed && no.percent == nil)
    }

    @Test func yesNoShares() throws {
        // A separate yes/no fixture, ch8_cert, world:
        //   yes: FRA DEU ITA ESP KEN NGA = 6, no: POL BRA GHA SEN = 4 → 6/10 = 60%, 4/10 = 40%, n = 10 normal.
        //   Europe (150): FRA DEU ITA ESP yes, POL no → 4/5 = 80%, 1/5 = 20%, n = 5 low reliability.
        let answers = [
            ("FRA", "yes"), ("DEU", "yes"), ("ITA", "yes"), ("ESP", "yes"), ("KEN", "yes"), ("NGA", "yes"),
            ("POL", "no"), ("BRA", "no"), ("GHA", "no"), ("SEN", "no"),
        ].map { NationalFixture.choice($0.0, "ch8_cert", [$0.1]) }
        let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference).shareStatistics(from: answers)
        func row(_ option: String, _ code: String) -> ShareStatistic? {
            rows.first { $0.questionID == "ch8_cert" && $0.option == option && $0.group.code == code }
        }
        let worldYes = try #require(row("yes", "001"))
        #expect(worldYes.nResponding == 10 && worldYes.nOption == 6 && close(worldYes.percent, 60) && worldYes.flag == .normal)
        let worldNo = try #require(row("no", "001"))
        #expect(worldNo.nResponding == 10 && worldNo.nOption == 4 && close(worldNo.percent, 40))
        let europeYes = try #require(row("yes", "150"))
        #expect(europeYes.nResponding == 5 && europeYes.nOption == 4 && close(europeYes.percent, 80))
        #expect(europeYes.flag == .lowReliability)
        let europeNo = try #require(row("no", "150"))
        #expect(europeNo.nOption == 1 && close(europeNo.percent, 20))
        // Wilson 95% for 4/10 (n = 10 is the world "no" row): p = 0.4, z² = 3.8415,
        //   centre = (0.4 + 0.19207)/1.38415 = 0.42775, half = 1.96·√(0.024 + 0.0096037)/1.38415 = 0.25958
        //   → 16.82% … 68.73% (R: prop.test(4, 10, correct = FALSE) gives 0.1682, 0.6873).
        let plain = Analyzer.wilson(successes: 4, trials: 10)
        #expect(close(100 * plain.low, 16.82, 0.01) && close(100 * plain.high, 68.73, 0.01))
        // The row's interval has the finite population correction for the world's N = 193 Member
        // States (issue 17): the same Wilson formula on n_eff = 10 · 192/183 = 10.4918,
        //   centre = (0.4 + 0.18307)/1.36614 = 0.42680, half = 1.96·√(0.022875 + 0.0087244)/1.36614 = 0.25503
        //   → 17.18% … 68.18%.
        #expect(worldNo.nInGroup == 193)
        #expect(close(worldNo.ciLow, 17.18, 0.01) && close(worldNo.ciHigh, 68.18, 0.01))
    }

    @Test func multipleChoiceIsTheShareOfRespondingCountriesSelectingEachOption() throws {
        // World, ch3_instruments: 17 answered (SWE, MLI, JAM, BOL and NLD did not; BOL's empty
        // answer is not an answer).
        //   budapest:        FRA DEU ITA ESP NGA GHA SEN MUS BRA FJI = 10 → 10/17 = 58.824%
        //   un_convention:   FRA ESP POL KEN GHA SGP                 =  6 →  6/17 = 35.294%
        //   malabo:          KEN NGA GHA SEN                         =  4 →  4/17 = 23.529%
        //   arab_convention: none                                    =  0 →  0%
        //   cis_agreement:   KAZ                                     =  1 →  1/17 =  5.882%
        //   sco_agreement:   KAZ                                     =  1 →  1/17 =  5.882%
        //   none:            ETH HTI NPL                             =  3 →  3/17 = 17.647%
        let expected: [(String, Int, Double)] = [
            ("budapest", 10, 58.823529412), ("un_convention", 6, 35.294117647), ("malabo", 4, 23.529411765),
            ("arab_convention", 0, 0), ("cis_agreement", 1, 5.882352941), ("sco_agreement", 1, 5.882352941),
            ("none", 3, 17.647058824),
        ]
        for (option, count, percent) in expected {
            let share = try #require(row("ch3_instruments", option, .world, "001"))
            #expect(share.nResponding == 17, "\(option)")
            #expect(share.nOption == count, "\(option)")
            #expect(close(share.percent, percent), "\(option): \(String(describing: share.percent))")
        }
        let worldOptions = rows.filter { $0.questionID == "ch3_instruments" && $0.group == .world }.map(\.option)
        #expect(worldOptions == ["budapest", "un_convention", "malabo", "arab_convention", "cis_agreement", "sco_agreement", "none"])
        // Europe (150), ch3_instruments: FRA DEU ITA ESP POL answered (SWE and NLD did not) → n = 5;
        //   budapest FRA DEU ITA ESP = 4/5 = 80%, un_convention FRA ESP POL = 3/5 = 60%.
        let europeBudapest = try #require(row("ch3_instruments", "budapest", .region, "150"))
        #expect(europeBudapest.nResponding == 5 && europeBudapest.nOption == 4 && close(europeBudapest.percent, 80))
        let europeUN = try #require(row("ch3_instruments", "un_convention", .region, "150"))
        #expect(europeUN.nOption == 3 && close(europeUN.percent, 60))
    }

    @Test func legalFormSharesAndAnyForm() throws {
        // World, ch4_illegal_access: 12 answered, 2 of them `unknown` (SWE SEN). By the one rule for
        // "don't know" answers (issue 17 part 5) `unknown` is over the 12 that answered, every
        // substantive option over the 12 − 2 = 10 (before the rule, every option was over 12).
        //   cyber_specific:   FRA DEU ESP KEN MLI = 5 → 5/10 = 50%
        //   general:          ITA POL GHA         = 3 → 3/10 = 30%
        //   not_criminalized: NGA ETH             = 2 → 2/10 = 20%
        //   unknown:          SWE SEN             = 2 → 2/12 = 16.667%
        //   any_form = cyber_specific or general = 5 + 3 = 8 → 8/10 = 80%
        let world: [(String, Int, Int, Double)] = [
            ("cyber_specific", 10, 5, 50), ("general", 10, 3, 30), ("not_criminalized", 10, 2, 20),
            ("unknown", 12, 2, 16.666666667), ("any_form", 10, 8, 80),
        ]
        for (option, n, count, percent) in world {
            let share = try #require(row("ch4_illegal_access", option, .world, "001"))
            #expect(share.chapter == .criminalization)
            #expect(share.nResponding == n && share.nOption == count, "\(option)")
            #expect(share.nAnswered == 12 && share.nUnknown == 2, "\(option)")
            #expect(close(share.percent, percent), "\(option): \(String(describing: share.percent))")
            #expect(share.flag == .normal)
        }
        // Europe (150): FRA cs, DEU cs, ITA general, ESP cs, POL general, SWE unknown → 6 answered,
        // 5 substantive:
        //   cs 3/5 = 60%, general 2/5 = 40%, not_criminalized 0%, unknown 1/6 = 16.667%,
        //   any_form (3 + 2)/5 = 100%; low reliability (5 and 6 < 10).
        let europe: [(String, Int, Int, Double)] = [
            ("cyber_specific", 5, 3, 60), ("general", 5, 2, 40), ("not_criminalized", 5, 0, 0),
            ("unknown", 6, 1, 16.666666667), ("any_form", 5, 5, 100),
        ]
        for (option, n, count, percent) in europe {
            let share = try #require(row("ch4_illegal_access", option, .region, "150"))
            #expect(share.nResponding == n && share.nOption == count, "\(option)")
            #expect(close(share.percent, percent), "\(option)")
            #expect(share.flag == .lowReliability)
        }
        // Sub-Saharan Africa (202): KEN cs, NGA nc, GHA general, SEN unknown, ETH nc, MLI cs → 6
        // answered, 5 substantive: any_form (2 + 1)/5 = 60%.
        let africaAny = try #require(row("ch4_illegal_access", "any_form", .subregion, "202"))
        #expect(africaAny.nResponding == 5 && africaAny.nOption == 3 && close(africaAny.percent, 60))
        // Options in choice order, then the derived any_form; also for a legal basis (ch5).
        #expect(rows.filter { $0.questionID == "ch4_illegal_access" && $0.group == .world }.map(\.option)
            == ["cyber_specific", "general", "not_criminalized", "unknown", "any_form"])
        #expect(rows.filter { $0.questionID == "ch5_search_basis" && $0.group == .world }.map(\.option)
            == ["cyber_specific", "general", "none", "unknown", "any_form"])
    }

    @Test func notAnsweredIsNeverNo() throws {
        // NLD (Europe, 155, developed) has an accepted submission but answered nothing; SWE
        // answered ch3_specific_law but not ch3_instruments. Neither counts as "no" anywhere:
        //   Europe ch3_specific_law: FRA DEU ITA ESP POL SWE = 6 (not 7); no = ESP only = 1.
        //   Europe ch3_instruments:  FRA DEU ITA ESP POL     = 5; none = 0.
        //   Western Europe (155) ch3_specific_law: FRA yes, DEU yes = 2 (NLD not counted); no = 0.
        let europeNo = try #require(row("ch3_specific_law", "no", .region, "150"))
        #expect(europeNo.nResponding == 6 && europeNo.nOption == 1)
        let europeNone = try #require(row("ch3_instruments", "none", .region, "150"))
        #expect(europeNone.nResponding == 5 && europeNone.nOption == 0)
        let westernNo = try #require(row("ch3_specific_law", "no", .subregion, "155"))
        #expect(westernNo.nResponding == 2 && westernNo.nOption == 0)
        // Numeric rows say the same: Europe has 7 submissions, 6 answered ch6_trained_share.
        let numeric = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
            .numericStatistics(from: NationalFixture.data)
        let trained = try #require(numeric.first { $0.questionID == "ch6_trained_share" && $0.group.code == "150" })
        #expect(trained.nSubmissions == 7 && trained.n == 6)
    }
}

// MARK: - Numeric and free-text items

@Suite struct NumericStatisticsTests {
    let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
        .numericStatistics(from: NationalFixture.data)

    func row(_ question: String, _ type: GroupType, _ code: String) -> NumericStatistic? {
        rows.first { $0.questionID == question && $0.group.type == type && $0.group.code == code }
    }

    @Test func integerOddNFive() throws {
        // Europe (150), ch7_response_days: FRA 30, DEU 10, ITA 90, ESP 20, POL 45 → n = 5.
        //   sorted 10 20 30 45 90; type 7: h = (5 − 1)p
        //   p25: h = 1 → x[1] = 20; median: h = 2 → x[2] = 30; p75: h = 3 → x[3] = 45
        //   mean = (10 + 20 + 30 + 45 + 90)/5 = 195/5 = 39
        //   Europe submissions: FRA DEU ITA ESP POL SWE NLD = 7.
        let europe = try #require(row("ch7_response_days", .region, "150"))
        #expect(europe.type == .integer && europe.chapter == .cooperation)
        #expect(europe.nSubmissions == 7 && europe.n == 5)
        #expect(europe.minimum == 10 && europe.maximum == 90)
        #expect(close(europe.p25, 20) && close(europe.median, 30) && close(europe.p75, 45))
        #expect(close(europe.mean, 39))
        #expect(europe.flag == .lowReliability)
    }

    @Test func integerOddNSevenInterpolates() throws {
        // World, ch7_response_days: Europe's five plus KEN 60, BRA 120 → n = 7.
        //   sorted 10 20 30 45 60 90 120; h = 6p
        //   p25: h = 1.5 → 20 + 0.5·(30 − 20) = 25
        //   median: h = 3 → 45
        //   p75: h = 4.5 → 60 + 0.5·(90 − 60) = 75
        //   mean = (195 + 60 + 120)/7 = 375/7 = 53.571429
        //   world submissions: 22.
        let world = try #require(row("ch7_response_days", .world, "001"))
        #expect(world.nSubmissions == 22 && world.n == 7)
        #expect(world.minimum == 10 && world.maximum == 120)
        #expect(close(world.p25, 25) && close(world.median, 45) && close(world.p75, 75))
        #expect(close(world.mean, 53.571428571))
        #expect(world.flag == .lowReliability)
    }

    @Test func percentEvenNSix() throws {
        // World (= Europe), ch6_trained_share: FRA 80, DEU 65, ITA 40, ESP 55, POL 25, SWE 70 → n = 6.
        //   sorted 25 40 55 65 70 80; h = (6 − 1)p = 5p
        //   p25: h = 1.25 → 40 + 0.25·(55 − 40) = 43.75
        //   median: h = 2.5 → 55 + 0.5·(65 − 55) = 60
        //   p75: h = 3.75 → 65 + 0.75·(70 − 65) = 68.75
        //   mean = 335/6 = 55.833333
        let world = try #require(row("ch6_trained_share", .world, "001"))
        #expect(world.type == .percent)
        #expect(world.nSubmissions == 22 && world.n == 6)
        #expect(world.minimum == 25 && world.maximum == 80)
        #expect(close(world.p25, 43.75) && close(world.median, 60) && close(world.p75, 68.75))
        #expect(close(world.mean, 55.833333333))
        #expect(world.flag == .lowReliability)
    }

    @Test func yearEvenNTen() throws {
        // World, ch3_reform_year: 10 answers → n = 10, normal.
        //   sorted 2012 2015 2015 2016 2017 2018 2019 2020 2021 2022; h = 9p
        //   p25: h = 2.25 → 2015 + 0.25·(2016 − 2015) = 2015.25
        //   median: h = 4.5 → 2017 + 0.5·(2018 − 2017) = 2017.5
        //   p75: h = 6.75 → 2019 + 0.75·(2020 − 2019) = 2019.75
        //   mean = (12+15+15+16+17+18+19+20+21+22 = 175) + 10·2000 = 20175 / 10 = 2017.5
        let world = try #require(row("ch3_reform_year", .world, "001"))
        #expect(world.type == .year)
        #expect(world.n == 10 && world.flag == .normal)
        #expect(world.minimum == 2012 && world.maximum == 2022)
        #expect(close(world.p25, 2015.25) && close(world.median, 2017.5) && close(world.p75, 2019.75))
        #expect(close(world.mean, 2017.5))
    }

    @Test func quantileFunctionOnOddAndEvenN() {
        // The same hand-computed values through the public helper.
        #expect(close(Analyzer.quantile([10, 20, 30, 45, 60, 90, 120], 0.25), 25))
        #expect(close(Analyzer.quantile([10, 20, 30, 45, 60, 90, 120], 0.75), 75))
        #expect(close(Analyzer.quantile([25, 40, 55, 65, 70, 80], 0.25), 43.75))
        #expect(close(Analyzer.quantile([25, 40, 55, 65, 70, 80], 0.5), 60))
        #expect(close(Analyzer.quantile([25, 40, 55, 65, 70, 80], 0.75), 68.75))
        // n = 1: every quantile is the value.
        #expect(close(Analyzer.quantile([7], 0.25), 7) && close(Analyzer.quantile([7], 0.75), 7))
    }

    @Test func freeTextCountsAnswersOnly() throws {
        // World, ch3_main_law: FRA DEU ITA ESP KEN BRA = 6 answered of 22 submissions; no stats.
        // Europe: FRA DEU ITA ESP = 4 of 7 → suppressed (4 < 5), counts kept.
        let world = try #require(row("ch3_main_law", .world, "001"))
        #expect(world.type == .text)
        #expect(world.n == 6 && world.nSubmissions == 22 && world.flag == .lowReliability)
        #expect(world.minimum == nil && world.p25 == nil && world.median == nil && world.p75 == nil)
        #expect(world.maximum == nil && world.mean == nil)
        let europe = try #require(row("ch3_main_law", .region, "150"))
        #expect(europe.n == 4 && europe.nSubmissions == 7 && europe.flag == .suppressed)
    }

    @Test func onlyNumericAndTextQuestionsGetRows() {
        // Numeric and text questions of the questionnaire, in questionnaire order:
        //   ch3_reform_year, ch3_main_law, ch5_specialized_officers, ch6_trained_share, ch7_mla_sent,
        //   ch7_mla_received, ch7_response_days → 7 questions × 29 groups (28 and `outside`).
        let world = rows.filter { $0.group == .world }.map(\.questionID)
        #expect(world == [
            "ch3_reform_year", "ch3_main_law", "ch5_specialized_officers", "ch6_trained_share", "ch7_mla_sent",
            "ch7_mla_received", "ch7_response_days",
        ])
        #expect(rows.count == 7 * 29)
        // Nobody answered ch7_mla_sent: n = 0 of 22, suppressed, no stats.
        let unanswered = rows.first { $0.questionID == "ch7_mla_sent" && $0.group == .world }
        #expect(unanswered?.n == 0 && unanswered?.nSubmissions == 22 && unanswered?.flag == .suppressed)
        #expect(unanswered?.median == nil)
    }
}

// MARK: - Grouping kinds

@Suite struct GroupingStatisticsTests {
    let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, customGroups: NationalFixture.customGroups)
        .shareStatistics(from: NationalFixture.data)

    func row(_ option: String, _ group: CountryGroup, question: String = "ch3_specific_law") -> ShareStatistic? {
        rows.first { $0.questionID == question && $0.option == option && $0.group == group }
    }

    /// Checks n, and the count and percent of each option given as (option, count, percent).
    func check(_ group: CountryGroup, n: Int, flag: ReliabilityFlag, _ expected: [(String, Int, Double?)]) throws {
        for (option, count, percent) in expected {
            let share = try #require(row(option, group), "\(group) \(option)")
            #expect(share.nResponding == n, "\(group) \(option)")
            #expect(share.nOption == count, "\(group) \(option)")
            if let percent {
                #expect(close(share.percent, percent), "\(group) \(option): \(String(describing: share.percent))")
            } else {
                #expect(share.percent == nil && share.ciLow == nil && share.ciHigh == nil, "\(group) \(option)")
            }
            #expect(share.flag == flag, "\(group) \(option)")
        }
    }

    @Test func groupsInCatalogueOrderAlsoEmptyOnes() {
        // world; regions as in countries.yml; its 17 sub-regions in file order; 514 515 199 432
        // 722; the custom groups in declared order; `outside`: 1 + 5 + 17 + 5 + 2 + 1 = 31 groups.
        let codes = rows.filter { $0.questionID == "ch3_specific_law" && $0.option == "yes" }.map(\.group.code)
        #expect(codes == [
            "001", "002", "019", "142", "150", "009",
            "015", "202", "021", "419", "030", "034", "035", "143", "145", "039", "151", "154", "155", "053", "054", "057", "061",
            "514", "515", "199", "432", "722", "partners", "budapest_parties", "outside",
        ])
        // Northern America (021): nobody responded → n = 0, suppressed.
        let empty = row("yes", CountryGroup(type: .subregion, code: "021"))
        #expect(empty?.nResponding == 0 && empty?.nOption == 0 && empty?.flag == .suppressed && empty?.percent == nil)
    }

    @Test func world() throws {
        // 9 yes, 3 partly, 2 draft, 7 no of 21 (see QuestionTypeStatisticsTests.singleChoiceWorld).
        try check(.world, n: 21, flag: .normal, [("yes", 9, 42.857142857), ("no", 7, 33.333333333)])
    }

    @Test func region() throws {
        // Europe (150): FRA yes, DEU yes, ITA partly, ESP no, POL yes, SWE draft (NLD no answer) → n = 6
        //   yes 3/6 = 50%, partly 1/6 = 16.667%, draft 1/6 = 16.667%, no 1/6 = 16.667%
        try check(CountryGroup(type: .region, code: "150"), n: 6, flag: .lowReliability, [
            ("yes", 3, 50), ("partly", 1, 16.666666667), ("draft", 1, 16.666666667), ("no", 1, 16.666666667),
        ])
        // Africa (002) = Sub-Saharan Africa here (no Northern African country): n = 7, yes 3.
        try check(CountryGroup(type: .region, code: "002"), n: 7, flag: .lowReliability, [("yes", 3, 42.857142857)])
        // Americas (019): BRA yes, HTI no, JAM partly, BOL no → n = 4: suppressed, counts kept.
        try check(CountryGroup(type: .region, code: "019"), n: 4, flag: .suppressed, [
            ("yes", 1, nil), ("partly", 1, nil), ("draft", 0, nil), ("no", 2, nil),
        ])
        // Oceania (009): FJI no → n = 1.
        try check(CountryGroup(type: .region, code: "009"), n: 1, flag: .suppressed, [("no", 1, nil)])
    }

    @Test func subregion() throws {
        // Sub-Saharan Africa (202): KEN yes, NGA partly, GHA no, SEN no, ETH draft, MLI yes, MUS yes → n = 7
        //   yes 3/7 = 42.857%, partly 1/7 = 14.286%, draft 1/7 = 14.286%, no 2/7 = 28.571%
        try check(CountryGroup(type: .subregion, code: "202"), n: 7, flag: .lowReliability, [
            ("yes", 3, 42.857142857), ("partly", 1, 14.285714286), ("draft", 1, 14.285714286), ("no", 2, 28.571428571),
        ])
        // Latin America and the Caribbean (419): BRA yes, HTI no, JAM partly, BOL no → n = 4, suppressed.
        try check(CountryGroup(type: .subregion, code: "419"), n: 4, flag: .suppressed, [("yes", 1, nil), ("no", 2, nil)])
        // Southern Europe (039): ITA partly, ESP no → n = 2.
        try check(CountryGroup(type: .subregion, code: "039"), n: 2, flag: .suppressed, [("partly", 1, nil), ("no", 1, nil)])
    }

    @Test func developedAndDeveloping() throws {
        // Developed (514): the six answering Europeans → yes FRA DEU POL = 3/6 = 50%.
        try check(.developed, n: 6, flag: .lowReliability, [("yes", 3, 50), ("no", 1, 16.666666667)])
        // Developing (515): the other 15 → yes 9 − 3 = 6 → 6/15 = 40%; no 7 − 1 (ESP) = 6 → 40%;
        //   partly 3 − 1 (ITA) = 2 → 13.333%; draft 2 − 1 (SWE) = 1 → 6.667%. n = 15 normal.
        try check(.developing, n: 15, flag: .normal, [
            ("yes", 6, 40), ("partly", 2, 13.333333333), ("draft", 1, 6.666666667), ("no", 6, 40),
        ])
    }

    @Test func ldcLldcSids() throws {
        // LDC (199): SEN no, ETH draft, MLI yes, HTI no, NPL yes → n = 5 (not suppressed: 5 ≥ 5)
        //   yes 2/5 = 40%, draft 1/5 = 20%, no 2/5 = 40%, partly 0.
        try check(.ldc, n: 5, flag: .lowReliability, [("yes", 2, 40), ("partly", 0, 0), ("draft", 1, 20), ("no", 2, 40)])
        // LLDC (432): ETH draft, MLI yes, NPL yes, KAZ no, BOL no → n = 5
        //   yes 2/5 = 40%, draft 1/5 = 20%, no 2/5 = 40%.
        try check(.lldc, n: 5, flag: .lowReliability, [("yes", 2, 40), ("partly", 0, 0), ("draft", 1, 20), ("no", 2, 40)])
        // SIDS (722): MUS yes, HTI no, JAM partly, SGP yes, FJI no → n = 5
        //   yes 2/5 = 40%, partly 1/5 = 20%, no 2/5 = 40%, draft 0.
        try check(.sids, n: 5, flag: .lowReliability, [("yes", 2, 40), ("partly", 1, 20), ("draft", 0, 0), ("no", 2, 40)])
    }

    @Test func customGroupOfListedCountries() throws {
        // partners = FRA ESP KEN GHA BRA JAM USA; USA sent nothing.
        //   FRA yes, ESP no, KEN yes, GHA no, BRA yes, JAM partly → n = 6
        //   yes 3/6 = 50%, partly 1/6 = 16.667%, no 2/6 = 33.333%, draft 0.
        try check(CountryGroup(type: .custom, code: "partners"), n: 6, flag: .lowReliability, [
            ("yes", 3, 50), ("partly", 1, 16.666666667), ("draft", 0, 0), ("no", 2, 33.333333333),
        ])
    }

    @Test func customGroupByAnswer() throws {
        // budapest_parties = ch3_instruments ∋ budapest: FRA DEU ITA ESP NGA GHA SEN MUS BRA FJI = 10.
        //   ch3_specific_law: FRA yes, DEU yes, ITA partly, ESP no, NGA partly, GHA no, SEN no,
        //   MUS yes, BRA yes, FJI no → yes 4/10 = 40%, partly 2/10 = 20%, draft 0, no 4/10 = 40%;
        //   n = 10: normal (not low reliability: 10 ≥ 10).
        let group = CountryGroup(type: .custom, code: "budapest_parties")
        try check(group, n: 10, flag: .normal, [("yes", 4, 40), ("partly", 2, 20), ("draft", 0, 0), ("no", 4, 40)])
        // Its own defining item: budapest 10/10 = 100%; un_convention FRA ESP GHA = 3/10 = 30%.
        let budapest = try #require(row("budapest", group, question: "ch3_instruments"))
        #expect(budapest.nResponding == 10 && budapest.nOption == 10 && close(budapest.percent, 100))
        let un = try #require(row("un_convention", group, question: "ch3_instruments"))
        #expect(un.nOption == 3 && close(un.percent, 30))
    }

    @Test func customGroupByAnswerIsDecidedRoundByRound() throws {
        // 2022: FRA un_convention, DEU budapest, ITA did not answer ch3_instruments.
        // 2026: FRA budapest + un_convention, DEU none, ITA budapest.
        // ch8_cert: 2022 FRA yes, DEU no, ITA yes; 2026 FRA yes, DEU no, ITA no.
        //   budapest_parties 2022 = {DEU} → n = 1, yes 0, no 1 (ITA not a member: no answer).
        //   budapest_parties 2026 = {FRA, ITA} → n = 2, yes 1 (FRA), no 1 (ITA).
        //   un_parties 2022 = {FRA} → yes 1 of 1; 2026 = {FRA} → yes 1 of 1.
        //   listed ["ITA", "USA"]: 2022 ITA yes → 1 of 1; 2026 ITA no → yes 0 of 1.
        let answers = [
            NationalFixture.choice("FRA", "ch3_instruments", ["un_convention"], round: "2022"),
            NationalFixture.choice("DEU", "ch3_instruments", ["budapest"], round: "2022"),
            NationalFixture.choice("FRA", "ch3_instruments", ["budapest", "un_convention"], round: "2026"),
            NationalFixture.choice("DEU", "ch3_instruments", ["none"], round: "2026"),
            NationalFixture.choice("ITA", "ch3_instruments", ["budapest"], round: "2026"),
            NationalFixture.choice("FRA", "ch8_cert", ["yes"], round: "2022"),
            NationalFixture.choice("DEU", "ch8_cert", ["no"], round: "2022"),
            NationalFixture.choice("ITA", "ch8_cert", ["yes"], round: "2022"),
            NationalFixture.choice("FRA", "ch8_cert", ["yes"], round: "2026"),
            NationalFixture.choice("DEU", "ch8_cert", ["no"], round: "2026"),
            NationalFixture.choice("ITA", "ch8_cert", ["no"], round: "2026"),
        ]
        let groups = [
            CustomGroup(id: "budapest_parties", label: "Budapest", rule: .answer(question: "ch3_instruments", options: ["budapest"])),
            CustomGroup(id: "un_parties", label: "UN", rule: .answer(question: "ch3_instruments", options: ["un_convention"])),
            CustomGroup(id: "listed", label: "Listed", rule: .countries(["ITA", "USA"])),
        ]
        let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, customGroups: groups)
            .shareStatistics(from: AnswerMatrix(answers: answers))
        func counts(_ group: String, _ round: String) -> (Int?, Int?) {
            let yes = rows.first { $0.round == round && $0.questionID == "ch8_cert" && $0.option == "yes" && $0.group.code == group }
            return (yes?.nResponding, yes?.nOption)
        }
        #expect(counts("budapest_parties", "2022") == (1, 0))
        #expect(counts("budapest_parties", "2026") == (2, 1))
        #expect(counts("un_parties", "2022") == (1, 1))
        #expect(counts("un_parties", "2026") == (1, 1))
        #expect(counts("listed", "2022") == (1, 1))
        #expect(counts("listed", "2026") == (1, 0))
        // Custom groups follow SIDS in declared order; `outside` closes the catalogue.
        let codes = rows.filter { $0.round == "2026" && $0.questionID == "ch8_cert" && $0.option == "yes" }.map(\.group.code)
        #expect(codes.suffix(5) == ["722", "budapest_parties", "un_parties", "listed", "outside"])
    }
}

// MARK: - Reliability

@Suite struct ReliabilityStatisticsTests {
    @Test func thresholdsOnShares() throws {
        // ch8_cert "yes" answered by the first k Europeans (all yes) for k = 4, 5, 9, 10:
        //   k = 4 → suppressed (4 < 5), percent and interval nil, counts 4/4 kept
        //   k = 5 → low reliability (5 < 10), 100%
        //   k = 9 → low reliability, 100%
        //   k = 10 → normal, 100%
        let europeans = ["AUT", "BEL", "DEU", "DNK", "ESP", "FIN", "FRA", "ITA", "POL", "SWE"]
        let analyzer = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
        for (k, flag) in [(4, ReliabilityFlag.suppressed), (5, .lowReliability), (9, .lowReliability), (10, .normal)] {
            let answers = europeans.prefix(k).map { NationalFixture.choice($0, "ch8_cert", ["yes"]) }
            let rows = analyzer.shareStatistics(from: answers)
            let europe = try #require(rows.first { $0.questionID == "ch8_cert" && $0.option == "yes" && $0.group.code == "150" })
            #expect(europe.nResponding == k && europe.nOption == k, "k = \(k)")
            #expect(europe.flag == flag, "k = \(k)")
            if flag == .suppressed {
                #expect(europe.percent == nil && europe.ciLow == nil && europe.ciHigh == nil)
            } else {
                #expect(close(europe.percent, 100), "k = \(k)")
                #expect(europe.ciLow != nil && europe.ciHigh == 100, "k = \(k)")
            }
        }
    }

    @Test func thresholdsOnNumericRows() throws {
        // ch7_response_days in the national fixture:
        //   Sub-Saharan Africa (202): KEN 60 only → n = 1 of 7 submissions: suppressed, no stats.
        //   Europe: n = 5 → low reliability with stats (NumericStatisticsTests.integerOddNFive).
        //   ch3_reform_year world: n = 10 → normal.
        let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
            .numericStatistics(from: NationalFixture.data)
        let africa = try #require(rows.first { $0.questionID == "ch7_response_days" && $0.group.code == "202" })
        #expect(africa.n == 1 && africa.nSubmissions == 7 && africa.flag == .suppressed)
        #expect(africa.minimum == nil && africa.p25 == nil && africa.median == nil)
        #expect(africa.p75 == nil && africa.maximum == nil && africa.mean == nil)
        let europe = try #require(rows.first { $0.questionID == "ch7_response_days" && $0.group.code == "150" })
        #expect(europe.flag == .lowReliability && europe.median != nil)
        let year = try #require(rows.first { $0.questionID == "ch3_reform_year" && $0.group == .world })
        #expect(year.flag == .normal)
    }

    @Test func customThresholds() throws {
        // suppress_below 2, low_reliability_below 3: Southern Europe ch3_specific_law (ITA partly,
        // ESP no: n = 2) → low reliability, partly 1/2 = 50%; Oceania (FJI: n = 1) → suppressed.
        let rows = Analyzer(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference,
            rules: ReliabilityRules(suppressBelow: 2, lowReliabilityBelow: 3)
        ).shareStatistics(from: NationalFixture.data)
        let south = try #require(rows.first { $0.questionID == "ch3_specific_law" && $0.option == "partly" && $0.group.code == "039" })
        #expect(south.nResponding == 2 && south.flag == .lowReliability && close(south.percent, 50))
        let oceania = try #require(rows.first { $0.questionID == "ch3_specific_law" && $0.option == "no" && $0.group.code == "009" })
        #expect(oceania.nResponding == 1 && oceania.flag == .suppressed && oceania.percent == nil)
    }
}

// MARK: - Country indicators

@Suite struct CountryIndicatorTests {
    static let definitions = [
        IndicatorDefinition(
            id: "criminalization", chapter: .criminalization, label: "Criminalization",
            formula: "acts criminalized in any form / acts answered; unknown not counted",
            items: ["ch4_illegal_access", "ch4_illegal_interception", "ch4_data_interference"].map {
                IndicatorDefinition.Item(questionID: $0, met: ["cyber_specific", "general"], notCounted: ["unknown"])
            }),
        IndicatorDefinition(
            id: "capacity", chapter: .cooperation, label: "Capacity",
            formula: "party to Budapest or UN convention; at least 10 officers; 24/7 contact",
            items: [
                IndicatorDefinition.Item(questionID: "ch3_instruments", met: ["budapest", "un_convention"]),
                IndicatorDefinition.Item(questionID: "ch5_specialized_officers", atLeast: 10),
                IndicatorDefinition.Item(questionID: "ch7_contact_247", met: ["yes"]),
            ]),
    ]

    // FRA: access cyber_specific, interception general, data_interference unknown;
    //      instruments budapest + un_convention; officers 250; contact yes.
    // KEN: access cyber_specific, interception not_criminalized, data_interference general;
    //      instruments malabo; officers 10; contact no.
    // BRA: access unknown (nothing else in ch4); instruments none; officers 9; contact not answered.
    // NLD: accepted submission, nothing answered.
    static let data = AnswerMatrix(
        answers: [
            NationalFixture.choice("FRA", "ch4_illegal_access", ["cyber_specific"]),
            NationalFixture.choice("FRA", "ch4_illegal_interception", ["general"]),
            NationalFixture.choice("FRA", "ch4_data_interference", ["unknown"]),
            NationalFixture.choice("FRA", "ch3_instruments", ["budapest", "un_convention"]),
            NationalFixture.number("FRA", "ch5_specialized_officers", 250),
            NationalFixture.choice("FRA", "ch7_contact_247", ["yes"]),
            NationalFixture.choice("KEN", "ch4_illegal_access", ["cyber_specific"]),
            NationalFixture.choice("KEN", "ch4_illegal_interception", ["not_criminalized"]),
            NationalFixture.choice("KEN", "ch4_data_interference", ["general"]),
            NationalFixture.choice("KEN", "ch3_instruments", ["malabo"]),
            NationalFixture.number("KEN", "ch5_specialized_officers", 10),
            NationalFixture.choice("KEN", "ch7_contact_247", ["no"]),
            NationalFixture.choice("BRA", "ch4_illegal_access", ["unknown"]),
            NationalFixture.choice("BRA", "ch3_instruments", ["none"]),
            NationalFixture.number("BRA", "ch5_specialized_officers", 9),
        ],
        submissions: ["FRA", "KEN", "BRA", "NLD"].map { AcceptedSubmission(round: "2026", country: $0) })

    let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
        .countryIndicators(from: Self.data, definitions: Self.definitions)

    func value(_ country: String, _ indicator: String) -> IndicatorValue? {
        rows.first { $0.country == country && $0.indicator == indicator }
    }

    @Test func oneRowPerCountryAndIndicatorInOrder() {
        // 4 countries with a submission × 2 indicators; ISO order, then declared order.
        #expect(rows.map { "\($0.country) \($0.indicator)" } == [
            "BRA criminalization", "BRA capacity", "FRA criminalization", "FRA capacity",
            "KEN criminalization", "KEN capacity", "NLD criminalization", "NLD capacity",
        ])
        #expect(rows.allSatisfy { $0.round == "2026" })
    }

    @Test func criminalization() throws {
        // FRA: access met, interception met, data_interference unknown (not counted) → 2 / 2 = 100
        let fra = try #require(value("FRA", "criminalization"))
        #expect(fra.itemsMet == 2 && fra.itemsAnswered == 2 && fra.itemsTotal == 3 && close(fra.value, 100))
        #expect(fra.chapter == .criminalization)
        // KEN: access met, interception not met, data_interference met → 2 / 3 = 66.667
        let ken = try #require(value("KEN", "criminalization"))
        #expect(ken.itemsMet == 2 && ken.itemsAnswered == 3 && ken.itemsTotal == 3 && close(ken.value, 66.666666667))
        // BRA: only "unknown" (not counted), two items unanswered → 0 answered → value nil
        let bra = try #require(value("BRA", "criminalization"))
        #expect(bra.itemsMet == 0 && bra.itemsAnswered == 0 && bra.itemsTotal == 3 && bra.value == nil)
    }

    @Test func capacityWithMultipleChoiceAndNumericItems() throws {
        // FRA: instruments budapest (met), officers 250 ≥ 10 (met), contact yes (met) → 3 / 3 = 100
        let fra = try #require(value("FRA", "capacity"))
        #expect(fra.itemsMet == 3 && fra.itemsAnswered == 3 && fra.itemsTotal == 3 && close(fra.value, 100))
        #expect(fra.chapter == .cooperation)
        // KEN: instruments malabo only (answered, not met), officers 10 ≥ 10 (met), contact no → 1 / 3 = 33.333
        let ken = try #require(value("KEN", "capacity"))
        #expect(ken.itemsMet == 1 && ken.itemsAnswered == 3 && close(ken.value, 33.333333333))
        // BRA: instruments none (answered, not met), officers 9 < 10 (not met), contact missing → 0 / 2 = 0
        let bra = try #require(value("BRA", "capacity"))
        #expect(bra.itemsMet == 0 && bra.itemsAnswered == 2 && bra.itemsTotal == 3 && close(bra.value, 0))
    }

    @Test func aCountryThatAnsweredNothingHasNoValue() throws {
        // NLD: 0 of 3 items answered in both indicators → value nil (not 0).
        for indicator in ["criminalization", "capacity"] {
            let nld = try #require(value("NLD", indicator))
            #expect(nld.itemsMet == 0 && nld.itemsAnswered == 0 && nld.itemsTotal == 3 && nld.value == nil)
        }
    }
}
