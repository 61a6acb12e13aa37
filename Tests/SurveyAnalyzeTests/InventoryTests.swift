// The legislation inventory's tables (issue 20, docs/legislation.md) from stored repeat rows:
// order, questionnaire order of codes, sources, and the cyber_specific_law rule.
import SurveyAnalyze
import SurveyModel
import SurveyPublish
import SurveyTestSupport
import Testing

@Suite struct InventoryTests {
    let questionnaire = Fixtures.questionnaire

    /// Rows as a store gives them: `field` is `laws[2]/acts`; one row per value.
    func rows(_ round: String, _ country: String, _ values: [(String, String, Int)]) -> [RepeatAnswerRow] {
        values.map { field, value, line in
            let slash = field.lastIndex(of: "/")!
            let question = String(field[field.index(after: slash)...])
            let isNumber = ["year_adopted", "year_amended", "expected_year", "year"].contains(question)
            let isChoice = ["type", "status", "acts", "powers", "kind", "chapter"].contains(question)
            return RepeatAnswerRow(
                round: round, country: country, respondent: nil, submissionID: "\(country).xml#1",
                path: RepeatPath(parsing: String(field[..<slash]))!, questionID: question, option: isChoice ? value : nil,
                number: isNumber ? Double(value) : nil, text: isChoice || isNumber ? nil : value, file: "\(country).xml", line: line,
                column: nil)
        }
    }

    var sample: [RepeatAnswerRow] {
        rows("2026", "FRA", [
            ("laws[2]/type", "draft_bill", 20), ("laws[2]/status", "draft", 21), ("laws[2]/title", "Projet de loi", 19),
            ("laws[2]/acts", "ch4_spam", 22), ("laws[2]/acts", "ch4_illegal_interception", 22),
            ("laws[10]/type", "act", 30), ("laws[10]/status", "in_force", 31), ("laws[10]/year_adopted", "2004", 32),
            ("laws[10]/title", "=Loi 2004", 29), ("laws[10]/title_en", "Digital Economy Act", 33),
            ("laws[10]/acts", "ch4_illegal_interception", 34), ("laws[10]/powers", "search", 35),
        ]) + rows("2022", "KEN", [("laws[1]/status", "in_force", 5), ("laws[1]/acts", "ch4_illegal_access", 6)])
    }

    /// The order of a multiple-choice answer's codes, as the dictionary-and-sort it replaced (kept
    /// here) gave it, on generated code lists: repeats, codes the list lacks, one code, none.
    @Test func codesInQuestionnaireOrderAsBefore() {
        func reference(_ codes: [String], _ question: Question?) -> [String] {
            guard let question, !question.choices.isEmpty else { return codes }
            let order = Dictionary(question.choices.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
            let unique = codes.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            return unique.enumerated().sorted { a, b in
                (order[a.element] ?? question.choices.count + a.offset) < (order[b.element] ?? question.choices.count + b.offset)
            }.map(\.element)
        }
        var random = SplitMix64(seed: 20)
        var checked = 0
        for question in questionnaire.questions where question.type.hasChoices {
            let pool = question.choices.map(\.code) + ["zz_unknown", "aa_unknown", "other"]
            for length in 0..<8 {
                for _ in 0..<6 {
                    let codes = (0..<length).map { _ in pool[Int(random.next() % UInt64(pool.count))] }
                    #expect(Inventory.inQuestionnaireOrder(codes, question) == reference(codes, question), "\(question.id): \(codes)")
                    checked += 1
                }
            }
        }
        #expect(checked > 500)
        #expect(Inventory.inQuestionnaireOrder(["b", "a", "b"], nil) == ["b", "a", "b"])
    }

    @Test func legislationRowsFollowDeclaredRoundsAndQuestionnaireOrder() throws {
        let records = RepeatRecord.records(from: sample, group: ["laws"])
        let laws = Inventory.legislation(records, rounds: ["2022", "2026"], questionnaire: { _ in questionnaire }, latest: questionnaire)
        #expect(laws.map { "\($0.round) \($0.country) \($0.lawIndex)" } == ["2022 KEN 1", "2026 FRA 2", "2026 FRA 10"])
        // Acts in the choice list's order, whatever order they were written in.
        #expect(laws[1].acts == "ch4_illegal_interception;ch4_spam")
        #expect(laws[2].yearAdopted == "2004" && laws[2].powers == "search" && laws[2].yearAmended.isEmpty)
        // The source is the first answered field in questionnaire order: title, else status, ...
        #expect(laws[1].source == "FRA.xml:19")
        #expect(laws[0].source == "KEN.xml:5", "no title or type: status is the first answered field")
        // Text is written as the sender wrote it, neutralized against formulas by the CSV writer.
        let line = Publisher.legislationRows(laws, respondents: false).line(laws[2])
        #expect(line == "2026,FRA,10,'=Loi 2004,Digital Economy Act,act,in_force,2004,,,,ch4_illegal_interception,search,,FRA.xml:29,countries/FRA.html\r\n")
        #expect(Publisher.legislationTable.headers().first { $0 == "respondent" } == nil)
    }

    /// cyber_specific_law: the country's own answer is cyber_specific AND a covering law is
    /// enacted (in force or adopted) and not a draft bill.
    @Test func legislationByActNeedsACyberSpecificAnswerAndAnEnactedLaw() {
        let records = RepeatRecord.records(from: sample, group: ["laws"])
        let answers: [String: [String]] = [
            "FRA ch4_illegal_interception": ["cyber_specific"], "FRA ch4_spam": ["cyber_specific"],
            "FRA ch5_search_basis": ["general"], "KEN ch4_illegal_access": ["general"],
        ]
        let rows = Inventory.byAct(
            records, rounds: ["2022", "2026"], questionnaire: { _ in questionnaire }, latest: questionnaire, language: .en,
            answer: { unit, question, _ in answers["\(unit) \(question)"] ?? [] })
        let text = rows.map { row in
            "\(row.round) \(row.country) \(row.kind.rawValue) \(row.code) \(row.laws) \(row.statuses) \(row.cyberSpecificLaw ? "yes" : "no")"
        }
        #expect(text == [
            "2022 KEN act ch4_illegal_access [1] [\"in_force\"] no",  // answered general
            "2026 FRA act ch4_illegal_interception [2, 10] [\"draft\", \"in_force\"] yes",
            "2026 FRA act ch4_spam [2] [\"draft\"] no",  // only a draft bill covers it
            "2026 FRA power search [10] [\"in_force\"] no",  // the legal basis answered general
        ])
        #expect(rows[1].label == "Illegal access, interception or acquisition of computer data")
        #expect(rows[1].lawTitles == ["Projet de loi", "Digital Economy Act"], "English title, else the original")
        let line = Publisher.legislationByActRows(rows, respondents: false).line(rows[1])
        #expect(
            line
                == "2026,FRA,act,ch4_illegal_interception,\"Illegal access, interception or acquisition of computer data\",2;10,Projet de loi | Digital Economy Act,yes,draft;in_force\r\n")
        #expect(Inventory.formQuestion(kind: .power, code: "search", in: questionnaire) == "ch5_search_basis")
    }

    /// With a respondent key the `respondent` column follows `country`, in the header and in
    /// each line.
    @Test func aRespondentKeyAddsTheRespondentColumnAfterTheCountry() {
        var row = LegislationRow(round: "2026", country: "FRA", respondent: "ministry", lawIndex: 1)
        row.title = "Loi"
        #expect(Array(Publisher.legislationTable.headers(including: ["respondent"]).prefix(4)) == ["round", "country", "respondent", "law_index"])
        #expect(Publisher.legislationRows([row], respondents: true).line(row).hasPrefix("2026,FRA,ministry,1,Loi,"))
        #expect(Publisher.practicesTable.headers(including: ["respondent"]).firstIndex(of: "respondent") == 2)
        #expect(Publisher.legislationByActTable.headers(including: ["respondent"]).firstIndex(of: "respondent") == 2)
    }

    @Test func practicesRowsCarryEveryField() {
        let rows = rows("2026", "GHA", [
            ("practices[1]/kind", "good_practice", 3), ("practices[1]/chapter", "ch5", 4), ("practices[1]/title", "Joint unit", 5),
            ("practices[1]/year", "2021", 6), ("laws[1]/title", "not a practice", 9),
        ])
        let practices = Inventory.practices(
            RepeatRecord.records(from: rows, group: ["practices"]), rounds: ["2026"], questionnaire: { _ in questionnaire },
            latest: questionnaire)
        #expect(practices.count == 1)
        let line = Publisher.practiceRows(practices, respondents: false).line(practices[0])
        #expect(line == "2026,GHA,1,good_practice,ch5,Joint unit,,,2021,,GHA.xml:3\r\n")
    }
}
