// developments.csv and legislation_statistics.csv from a read store (issue 20 parts 3 and 4): the
// in-memory store of InMemoryStoreTests holds the submissions and the repeat rows; the tables are
// made as the run makes them (Analyzer over the store's data, RepeatRecord over its repeat rows)
// and written through their descriptions, so every invariant is checked.
import SurveyAnalyze
import SurveyModel
import SurveyPublish
import SurveyTestSupport
import Testing

@Suite struct InventoryTablesTests {
    static func field(_ round: String, _ country: String, _ law: Int, _ question: String, option: String? = nil, text: String? = nil, line: Int)
        -> RepeatAnswerRow
    {
        RepeatAnswerRow(
            round: round, country: country, respondent: nil, submissionID: "\(country)-\(round).xml#1",
            path: RepeatPath([RepeatStep("laws", law)]), questionID: question, option: option, number: nil, text: text,
            file: "\(country)-\(round).xml", line: line, column: 5)
    }

    static func store() -> InMemoryReadStore {
        var store = InMemoryReadStore()
        for (key, (round, country)) in [("2022", "FRA"), ("2026", "FRA"), ("2026", "DEU")].enumerated() {
            store.units.append(
                .init(
                    key: Int64(key + 1), round: round, country: country, respondent: nil, file: "\(country)-\(round).xml", line: 1,
                    submissionID: "\(country)-\(round).xml#1", rows: [("ch3_specific_law", "yes", nil, nil)], traces: []))
        }
        let rows = [
            field("2022", "FRA", 1, "title", text: "Cybercrime Bill", line: 40),
            field("2022", "FRA", 1, "type", option: "draft_bill", line: 41),
            field("2022", "FRA", 1, "status", option: "draft", line: 42),
            field("2022", "FRA", 1, "acts", option: "ch4_illegal_access", line: 43),
            field("2026", "DEU", 1, "title", text: "IT-Sicherheitsgesetz", line: 12),
            field("2026", "DEU", 1, "type", option: "act", line: 13),
            field("2026", "DEU", 1, "status", option: "in_force", line: 14),
            field("2026", "FRA", 1, "title", text: "Cybercrime Act", line: 50),
            field("2026", "FRA", 1, "citation", text: "Loi n° 2024-3", line: 51),
            field("2026", "FRA", 1, "type", option: "act", line: 52),
            field("2026", "FRA", 1, "status", option: "in_force", line: 53),
            field("2026", "FRA", 1, "acts", option: "ch4_illegal_access", line: 54),
            field("2026", "FRA", 1, "acts", option: "ch4_illegal_interception", line: 54),
            field("2026", "FRA", 2, "title", text: "Cybercrime Bill", line: 60),
            field("2026", "FRA", 2, "status", option: "in_force", line: 61),
        ]
        store.repeatRows = rows.enumerated().map { (row: $0.element, seq: $0.offset) }
        return store
    }

    @Test func developmentsFromAReadStore() async throws {
        let store = Self.store()
        let data = try await Analyzer.data(from: store)
        let laws = RepeatRecord.records(from: try await store.repeatAnswers(), group: ["laws"])
        let analyzer = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
        let text = try Publisher.text(
            Publisher.developmentsTable,
            Publisher.developmentRows(analyzer.inventoryDevelopments(from: data, laws: laws), respondents: data.hasRespondents))
        // FRA: the bill (matched by title: the 2022 law has no citation) came into force, the Act is
        // new; interception is newly covered (access was listed before, but by a draft). DEU
        // answered 2026 only.
        #expect(
            text == """
                round_from,round_to,country,kind,law,old_value,new_value,source_from,source_to\r
                2022,2026,FRA,law_added,Cybercrime Act,,in_force,,FRA-2026.xml:50\r
                2022,2026,FRA,status_changed,Cybercrime Bill,draft,in_force,FRA-2022.xml:42,FRA-2026.xml:61\r
                2022,2026,FRA,act_newly_covered,Cybercrime Act,,ch4_illegal_access,,FRA-2026.xml:54\r
                2022,2026,FRA,act_newly_covered,Cybercrime Act,,ch4_illegal_interception,,FRA-2026.xml:54\r

                """)
    }

    @Test func legislationStatisticsFromAReadStoreKeepStatisticsShape() async throws {
        let store = Self.store()
        let data = try await Analyzer.data(from: store)
        let laws = RepeatRecord.records(from: try await store.repeatAnswers(), group: ["laws"])
        let analyzer = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
        let (shares, numeric) = analyzer.inventoryStatistics(from: data, laws: laws)
        let text = try Publisher.text(Publisher.legislationStatisticsTable, Publisher.statisticsRows(shares))
        #expect(text.hasPrefix(Publisher.statisticsColumns.joined(separator: ",") + "\r\n"))
        // 2026, world: FRA and DEU both have a law in force (2 of 2, N = 193); 2022: FRA listed only a draft.
        let lines = text.split(separator: "\r\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("2026,3,inventory_law_in_force,yes,world,001,2,2,") })
        #expect(lines.contains { $0.hasPrefix("2022,3,inventory_law_in_force,yes,world,001,1,0,") })
        _ = try Publisher.text(Publisher.legislationNumericTable, Publisher.numericRows(numeric))
        // Two States listed laws in 2026 (FRA 2, DEU 1): n = 2, too few to publish the median.
        let world = try #require(numeric.first { $0.round == "2026" && $0.group == .world })
        #expect([world.nSubmissions, world.n] == [2, 2])
        #expect(world.flag == .suppressed && world.median == nil)
    }

    static func report(_ legislation: [ShareStatistic], language: Language = .en) -> String {
        var input = ReportInput(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, language: language, statistics: [], progress: [],
            priorities: [], groupPriorities: [], model: nil, countriesByRound: [], run: nil, diagnostics: [])
        input.legislation = legislation
        return ReportBuilder(input: input).html
    }

    @Test func theReportShowsTheWorldAndRegionalShareOfStatesWithALawInForce() async throws {
        let store = Self.store()
        let data = try await Analyzer.data(from: store)
        let laws = RepeatRecord.records(from: try await store.repeatAnswers(), group: ["laws"])
        let analyzer = Analyzer(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference,
            rules: ReliabilityRules(suppressBelow: 1, lowReliabilityBelow: 1))
        let shares = analyzer.inventoryStatistics(from: data, laws: laws).shares
        let html = Self.report(shares)
        // The latest round with a State that listed laws: 2026, FRA and DEU both with a law in force
        // (Europe 150); regions where no State listed a law show as suppressed rows of n = 0.
        #expect(html.contains("<section id=\"legislation\"><h2>Legislation inventory (Round 2026)</h2>"))
        let world = try #require(shares.first { $0.round == "2026" && $0.questionID == InventoryItem.lawInForce && $0.option == "yes" && $0.group == .world })
        #expect(world.percent == 100)
        #expect(html.contains("data-item=\"inventory_law_in_force\" data-group=\"001\" data-percent=\"100.0\""))
        #expect(html.contains("data-item=\"inventory_law_in_force\" data-group=\"150\" data-percent=\"100.0\""))
        #expect(html.contains("2 of 193 States answered"))
        // Every language has the section; without any law listed there is none.
        for language in Language.allCases { #expect(Self.report(shares, language: language).contains("id=\"legislation\"")) }
        let empty = analyzer.inventoryStatistics(from: data, laws: []).shares
        #expect(!empty.isEmpty)
        #expect(!Self.report(empty).contains("id=\"legislation\""))
    }
}
