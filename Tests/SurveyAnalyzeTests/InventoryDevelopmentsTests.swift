import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

// developments.csv (issue 20 part 3): each kind of development from its own two-round input,
// built as stored repeat rows (so RepeatRecord.records is on the path), with the expected rows
// written out by hand.

/// Stored repeat rows of one law: choice fields (type, status, acts, powers) as options, years as
/// numbers, the rest as text; one line per field from `line` in `file`, in field-name order.
func lawRows(
    _ round: String, _ country: String, _ index: Int, _ fields: [String: [String]], respondent: String? = nil,
    file: String? = nil, line: Int = 10
) -> [RepeatAnswerRow] {
    let file = file ?? "\(country)-\(round).xml"
    var rows: [RepeatAnswerRow] = []
    for (offset, key) in fields.keys.sorted().enumerated() {
        for value in fields[key]! {
            let isChoice = ["type", "status", "acts", "powers"].contains(key)
            let isYear = ["year_adopted", "year_amended", "expected_year"].contains(key)
            rows.append(
                RepeatAnswerRow(
                    round: round, country: country, respondent: respondent, submissionID: "\(file)#1",
                    path: RepeatPath([RepeatStep("laws", index)]), questionID: key, option: isChoice ? value : nil,
                    number: isYear ? Double(value)! : nil, text: isChoice || isYear ? nil : value, file: file,
                    line: line + 100 * index + offset, column: nil))
        }
    }
    return rows
}

enum DevelopmentFixture {
    static let acts = ["ch4_illegal_access", "ch4_illegal_interception", "ch4_data_interference"]
    static let powers = ["search", "seizure"]

    /// The developments of FRA between 2022 and 2026, both rounds answered with the inventory.
    static func run(_ old: [[String: [String]]], _ new: [[String: [String]]], country: String = "FRA") -> [InventoryDevelopment] {
        var rows: [RepeatAnswerRow] = []
        for (i, fields) in old.enumerated() { rows += lawRows("2022", country, i + 1, fields) }
        for (i, fields) in new.enumerated() { rows += lawRows("2026", country, i + 1, fields) }
        return InventoryDevelopments.developments(
            laws: RepeatRecord.records(from: rows, group: ["laws"]), rounds: [("2022", [country]), ("2026", [country])],
            inventoryRounds: ["2022", "2026"], acts: acts, powers: powers)
    }

    static func row(
        _ kind: InventoryDevelopment.Kind, _ law: String, _ old: String?, _ new: String?, _ from: String?, _ to: String?,
        country: String = "FRA"
    ) -> InventoryDevelopment {
        InventoryDevelopment(
            roundFrom: "2022", roundTo: "2026", country: country, respondent: nil, kind: kind, law: law, oldValue: old,
            newValue: new, sourceFrom: from, sourceTo: to)
    }
}

@Suite struct InventoryDevelopmentsTests {
    typealias F = DevelopmentFixture

    // Field lines: fields sorted by name from 10 + 100 × index (acts 0, citation 1, status 2, title 3,
    // title_en 4, type 5, year_amended 6 … as present).
    @Test func aLawListedNowAndNotBeforeIsAdded() {
        let cyber: [String: [String]] = ["title": ["Loi cyber"], "status": ["in_force"], "type": ["act"]]
        let penal: [String: [String]] = ["title": ["Code pénal"], "status": ["draft"], "type": ["code_amendment"]]
        // penal (laws[2] in 2026): fields status 210, title 211, type 212.
        #expect(F.run([cyber], [cyber, penal]) == [F.row(.lawAdded, "Code pénal", nil, "draft", nil, "FRA-2026.xml:211")])
    }

    @Test func aLawListedBeforeAndNotNowIsNoLongerListed() {
        let cyber: [String: [String]] = ["title": ["Loi cyber"], "status": ["in_force"]]
        let old: [String: [String]] = ["title": ["Old decree"], "status": ["adopted"]]
        #expect(F.run([old, cyber], [cyber]) == [F.row(.lawNoLongerListed, "Old decree", "adopted", nil, "FRA-2022.xml:111", nil)])
    }

    @Test func aDraftBecomingInForceIsAStatusChange() {
        let draft: [String: [String]] = ["title": ["Cybercrime Bill"], "status": ["draft"], "type": ["draft_bill"]]
        var enacted = draft
        enacted["status"] = ["in_force"]
        enacted["type"] = ["act"]
        #expect(
            F.run([draft], [enacted]) == [
                F.row(.statusChanged, "Cybercrime Bill", "draft", "in_force", "FRA-2022.xml:110", "FRA-2026.xml:110")
            ])
        // Same status: nothing.
        #expect(F.run([draft], [draft]).isEmpty)
    }

    @Test func aLawWhoseStatusBecameRepealedIsRepealed() {
        let law: [String: [String]] = ["title": ["Computer Misuse Act"], "status": ["in_force"]]
        var repealed = law
        repealed["status"] = ["repealed"]
        #expect(
            F.run([law], [repealed]) == [
                F.row(.repealed, "Computer Misuse Act", "in_force", "repealed", "FRA-2022.xml:110", "FRA-2026.xml:110")
            ])
    }

    @Test func aLaterOrNewlySetYearAmendedIsAnAmendment() {
        let law: [String: [String]] = ["title": ["Act"], "status": ["in_force"], "year_amended": ["2018"]]
        var later = law
        later["year_amended"] = ["2021"]
        // Fields: status 110, title 111, year_amended 112.
        #expect(F.run([law], [later]) == [F.row(.amended, "Act", "2018", "2021", "FRA-2022.xml:112", "FRA-2026.xml:112")])
        var unset = law
        unset["year_amended"] = nil
        #expect(F.run([unset], [law]) == [F.row(.amended, "Act", nil, "2018", nil, "FRA-2026.xml:112")])
        // Not later, or no longer set: nothing.
        #expect(F.run([later], [law]).isEmpty)
        #expect(F.run([law], [law]).isEmpty)
        #expect(F.run([law], [unset]).isEmpty)
    }

    @Test func anActOrPowerCoveredByALawInForceOrAdoptedNowAndByNoneBeforeIsNewlyCovered() {
        let old: [String: [String]] = [
            "title": ["Cyber Act"], "status": ["in_force"], "acts": ["ch4_illegal_access"], "powers": ["search"],
        ]
        // The draft covered interception before: a draft covers nothing.
        let draft: [String: [String]] = [
            "title": ["Interception Bill"], "status": ["draft"], "acts": ["ch4_illegal_interception"],
        ]
        var amended = old
        amended["acts"] = ["ch4_illegal_access", "ch4_data_interference", "ch4_illegal_interception"]
        amended["powers"] = ["search", "seizure"]
        var adopted = draft
        adopted["status"] = ["adopted"]
        // 2026: laws[1] acts at 110 (three rows, first line kept), powers 111; laws[2] acts 210.
        #expect(
            F.run([old, draft], [amended, adopted]) == [
                F.row(.statusChanged, "Interception Bill", "draft", "adopted", "FRA-2022.xml:211", "FRA-2026.xml:211"),
                F.row(.actNewlyCovered, "Cyber Act | Interception Bill", nil, "ch4_illegal_interception", nil, "FRA-2026.xml:110"),
                F.row(.actNewlyCovered, "Cyber Act", nil, "ch4_data_interference", nil, "FRA-2026.xml:110"),
                F.row(.powerNewlyCovered, "Cyber Act", nil, "seizure", nil, "FRA-2026.xml:111"),
            ])
        // A law that is repealed no longer covers; an act covered before and still covered is no row.
        var repealed = amended
        repealed["status"] = ["repealed"]
        #expect(F.run([old], [repealed, adopted]).map(\.kind) == [.repealed, .lawAdded, .actNewlyCovered])
    }

    @Test func lawsMatchByCitationThenEnglishTitleThenTitleNormalized() {
        // Retitled, same citation (normalized: case, punctuation): matched, so a status change.
        let a: [String: [String]] = ["title": ["Loi 2019-12"], "citation": ["Loi n° 2019-12"], "status": ["draft"]]
        let b: [String: [String]] = ["title": ["Loi sur la cybercriminalité"], "citation": ["LOI N 2019 12"], "status": ["in_force"]]
        #expect(F.run([a], [b]).map(\.kind) == [.statusChanged])
        // Same title, different citations: two laws.
        let c: [String: [String]] = ["title": ["Loi sur la cybercriminalité"], "citation": ["Loi 2024-1"], "status": ["draft"]]
        #expect(F.run([b], [c]).map(\.kind) == [.lawAdded, .lawNoLongerListed])
        // One citation missing: the English title decides, accents and case folded.
        let d: [String: [String]] = ["title": ["Ley"], "title_en": ["Cybercrime Law"], "status": ["draft"]]
        let e: [String: [String]] = [
            "title": ["Ley de delitos"], "title_en": ["CYBERCRIME  law"], "citation": ["X"], "status": ["in_force"],
        ]
        #expect(F.run([d], [e]).map(\.kind) == [.statusChanged])
        #expect(F.run([d], [e]).first?.law == "CYBERCRIME  law")
        // No English title on one side: the original title, normalized.
        let f: [String: [String]] = ["title": ["Código Penal"], "status": ["draft"]]
        let g: [String: [String]] = ["title": ["codigo penal"], "title_en": ["Penal Code"], "status": ["in_force"]]
        #expect(F.run([f], [g]).map(\.kind) == [.statusChanged])
        #expect(InventoryDevelopments.normalized("  Loi n° 2019–12 ") == "loi n 2019 12")
        #expect(InventoryDevelopments.normalized(" -- ") == nil)
        // Equal keys pair in inventory order.
        let first: [String: [String]] = ["title": ["Act"], "status": ["draft"]]
        let second: [String: [String]] = ["title": ["Act"], "status": ["in_force"]]
        #expect(F.run([first, second], [first, second]).isEmpty)
    }

    @Test func aLawWithoutTitlesIsNamedByItsPath() {
        let other: [String: [String]] = ["title": ["Other"], "status": ["in_force"]]
        let bare: [String: [String]] = ["status": ["in_force"]]
        #expect(F.run([other], [other, bare]).map { [$0.kind.rawValue, $0.law, $0.newValue ?? ""] } == [["law_added", "laws[2]", "in_force"]])
    }

    /// An inventory with no law listed is not answered ("not answered" is never "no"): it is never
    /// the side of a comparison, so the laws of the other round are neither added nor dropped.
    @Test func anEmptyInventoryIsNotCompared() {
        let law: [String: [String]] = ["title": ["Act"], "status": ["in_force"], "acts": ["ch4_illegal_access"]]
        #expect(F.run([], [law]).isEmpty)
        #expect(F.run([law], []).isEmpty)
    }

    @Test func onlyConsecutiveAnsweredRoundsBothWithTheInventoryCompare() {
        let law: [String: [String]] = ["title": ["Act"], "status": ["in_force"]]
        var rows = lawRows("2026", "FRA", 1, law) + lawRows("2026", "DEU", 1, law) + lawRows("2026", "ITA", 1, law)
        rows += lawRows("2022", "ITA", 1, law)
        let records = RepeatRecord.records(from: rows, group: ["laws"])
        // 2018 lacks the inventory; FRA answered 2018 and 2026: no rows. DEU answered 2022 with no
        // law listed (not answered) and 2026: no rows either. ITA answered 2018, 2022, 2026: only
        // 2022 → 2026, unchanged. KEN answered 2026 only: nothing to compare.
        let rounds: [(round: String, units: [String])] = [
            ("2018", ["FRA", "ITA"]), ("2022", ["DEU", "ITA"]), ("2026", ["DEU", "FRA", "ITA", "KEN"]),
        ]
        let developments = InventoryDevelopments.developments(
            laws: records, rounds: rounds, inventoryRounds: ["2022", "2026"], acts: F.acts, powers: F.powers)
        #expect(developments.isEmpty)
        // A round in between with nothing listed: the inventories around it are compared.
        var draft = law
        draft["status"] = ["draft"]
        let skipped = InventoryDevelopments.developments(
            laws: RepeatRecord.records(from: lawRows("2018", "FRA", 1, draft) + lawRows("2026", "FRA", 1, law), group: ["laws"]),
            rounds: [("2018", ["FRA"]), ("2022", ["FRA"]), ("2026", ["FRA"])], inventoryRounds: ["2018", "2022", "2026"],
            acts: F.acts, powers: F.powers)
        #expect(skipped.map { [$0.roundFrom, $0.roundTo, $0.kind.rawValue] } == [["2018", "2026", "status_changed"]])
    }

    @Test func rowsAreOrderedByLaterRoundCountryRespondentThenWithinTheUnit() {
        let a: [String: [String]] = ["title": ["A"], "status": ["draft"], "acts": ["ch4_illegal_access"]]
        var aInForce = a
        aInForce["status"] = ["in_force"]
        let b: [String: [String]] = ["title": ["B"], "status": ["adopted"]]
        var rows: [RepeatAnswerRow] = []
        for country in ["NGA", "BRA"] {
            rows += lawRows("2022", country, 1, b) + lawRows("2022", country, 2, a)
            rows += lawRows("2026", country, 1, aInForce)
        }
        rows += lawRows("2024", "KEN", 1, a, respondent: "police") + lawRows("2026", "KEN", 1, aInForce, respondent: "police")
        rows += lawRows("2024", "KEN", 1, b, respondent: "justice")
        // Rows in the store's order would be round first; shuffle them to show order is the code's.
        let records = RepeatRecord.records(from: rows.reversed(), group: ["laws"])
        let developments = InventoryDevelopments.developments(
            laws: records,
            rounds: [("2022", ["BRA", "NGA"]), ("2024", ["KEN/justice", "KEN/police"]), ("2026", ["BRA", "KEN/justice", "KEN/police", "NGA"])],
            inventoryRounds: ["2022", "2024", "2026"], acts: F.acts, powers: F.powers)
        #expect(
            developments.map { [$0.roundFrom, $0.country, $0.respondent ?? "", $0.kind.rawValue, $0.law] } == [
                ["2022", "BRA", "", "status_changed", "A"], ["2022", "BRA", "", "law_no_longer_listed", "B"],
                ["2022", "BRA", "", "act_newly_covered", "A"],
                ["2024", "KEN", "police", "status_changed", "A"], ["2024", "KEN", "police", "act_newly_covered", "A"],
                ["2022", "NGA", "", "status_changed", "A"], ["2022", "NGA", "", "law_no_longer_listed", "B"],
                ["2022", "NGA", "", "act_newly_covered", "A"],
            ])
    }

    @Test func theAnalyzerComparesOnlyRoundsWhoseQuestionnaireHasTheInventory() {
        var older = Fixtures.questionnaire
        older.repeats = []
        let analyzer = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, roundQuestionnaires: ["2022": older])
        let law: [String: [String]] = ["title": ["Act"], "status": ["in_force"], "acts": ["ch4_illegal_access"]]
        let draft: [String: [String]] = ["title": ["Act"], "status": ["draft"]]
        let records = RepeatRecord.records(
            from: lawRows("2022", "FRA", 1, law) + lawRows("2026", "FRA", 1, law) + lawRows("2022", "DEU", 1, draft) + lawRows("2026", "DEU", 1, law),
            group: ["laws"])
        let data = AnswerMatrix(
            answers: [],
            submissions: ["2022", "2026"].flatMap { round in ["FRA", "DEU"].map { AcceptedSubmission(round: round, country: $0) } })
        #expect(analyzer.hasInventory(round: "2026") && !analyzer.hasInventory(round: "2022"))
        #expect(analyzer.inventoryDevelopments(from: data, laws: records).isEmpty)
        // With the inventory in both rounds, DEU's draft came into force and covers an act newly.
        let both = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
        #expect(
            both.inventoryDevelopments(from: data, laws: records).map { [$0.country, $0.kind.rawValue, $0.newValue ?? ""] } == [
                ["DEU", "status_changed", "in_force"], ["DEU", "act_newly_covered", "ch4_illegal_access"],
            ])
    }
}
