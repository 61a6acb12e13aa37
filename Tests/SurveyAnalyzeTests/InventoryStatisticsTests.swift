import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

// The inventory statistics (issue 20 part 4) against a computation written here from the
// fixture's laws, independently of the analyzer's tallies; the group memberships are the
// fixture's (FRA, DEU, ITA in Europe 150; KEN, NGA, BRA in Africa 002 and the Americas 019).

enum InventoryStatisticsFixture {
    static let round = "2026"
    static let countries = ["FRA", "DEU", "ITA", "KEN", "NGA", "BRA"]
    static let region: [String: String] = ["FRA": "150", "DEU": "150", "ITA": "150", "KEN": "002", "NGA": "002", "BRA": "019"]

    /// Each country's listed laws (BRA listed none).
    static let laws: [String: [[String: [String]]]] = [
        "FRA": [
            ["title": ["Loi cyber"], "status": ["in_force"], "type": ["act"], "acts": ["ch4_illegal_access", "ch4_illegal_interception"]],
            ["title": ["Projet"], "status": ["draft"], "type": ["draft_bill"], "acts": ["ch4_data_interference"]],
        ],
        // Adopted, not in force: "no" law in force, but a cyber-specific law.
        "DEU": [["title": ["Erlass"], "status": ["adopted"], "type": ["decree"], "acts": ["ch4_illegal_access"]]],
        // In force without a type: a law in force, and cyber-specific (only a draft bill is not).
        "ITA": [["title": ["Legge"], "status": ["in_force"], "acts": ["ch4_illegal_access"]]],
        "KEN": [
            ["title": ["Old Act"], "status": ["repealed"], "type": ["act"], "acts": ["ch4_illegal_access"]],
            ["title": ["Regulation"], "status": ["in_force"], "type": ["regulation"], "acts": ["ch4_illegal_interception"]],
            ["title": ["Bill"], "status": ["draft"], "type": ["draft_bill"]],
        ],
        // No status: neither yes nor no.
        "NGA": [["title": ["Act"], "type": ["act"], "acts": ["ch4_illegal_access"]]],
    ]

    static var rows: [RepeatAnswerRow] {
        countries.flatMap { country in
            (laws[country] ?? []).enumerated().flatMap { lawRows(round, country, $0.offset + 1, $0.element) }
        }
    }

    static var data: AnswerMatrix {
        AnswerMatrix(answers: [], submissions: countries.map { AcceptedSubmission(round: round, country: $0) })
    }

    static let analyzer = Analyzer(
        questionnaire: Fixtures.questionnaire, reference: Fixtures.reference,
        rules: ReliabilityRules(suppressBelow: 1, lowReliabilityBelow: 2))

    // The oracle: the rule of the documentation, written out over the fixture's dictionaries.

    static func inForce(_ country: String) -> Bool? {
        guard let laws = laws[country], !laws.isEmpty else { return nil }
        if laws.contains(where: { $0["status"] == ["in_force"] }) { return true }
        return laws.allSatisfy { $0["status"] != nil } ? false : nil
    }

    static func actsCovered(_ country: String) -> Set<String>? {
        guard let laws = laws[country], !laws.isEmpty else { return nil }
        var covered = Set<String>()
        for law in laws
        where ["in_force", "adopted"].contains(law["status"]?.first ?? "")
            && law["type"] != ["draft_bill"]
        {
            covered.formUnion(law["acts"] ?? [])
        }
        if covered.isEmpty && !laws.allSatisfy({ $0["status"] != nil }) { return nil }
        return covered
    }

    static func members(_ group: CountryGroup) -> [String] {
        group == .world ? countries : countries.filter { region[$0] == group.code }
    }
}

@Suite struct InventoryStatisticsTests {
    typealias F = InventoryStatisticsFixture

    static let groups = [CountryGroup.world, CountryGroup(type: .region, code: "150"), CountryGroup(type: .region, code: "002")]

    @Test func theShareOfStatesWithALawInForceCountsOnlyStatesThatListedLaws() throws {
        let (shares, _) = F.analyzer.inventoryStatistics(from: F.data, laws: RepeatRecord.records(from: F.rows, group: ["laws"]))
        for group in Self.groups {
            let answered = F.members(group).compactMap(F.inForce)
            let yes = answered.filter { $0 }.count
            let row = try #require(
                shares.first { $0.questionID == InventoryItem.lawInForce && $0.option == "yes" && $0.group == group })
            #expect(row.round == F.round)
            #expect(row.nAnswered == answered.count)
            #expect(row.nResponding == answered.count)
            #expect(row.nOption == yes)
            #expect(row.percent == 100 * Double(yes) / Double(answered.count))
            let frame = try #require(row.nInGroup)
            #expect(row.nNotResponding == frame - answered.count)
            #expect(row.boundLow == 100 * Double(yes) / Double(frame))
        }
        // By hand: world 4 answered (FRA, DEU, ITA, KEN; NGA has no status, BRA no law), 3 yes.
        let world = try #require(shares.first { $0.questionID == InventoryItem.lawInForce && $0.option == "yes" && $0.group == .world })
        #expect([world.nAnswered, world.nOption, world.nInGroup] == [4, 3, 193])
        let no = try #require(shares.first { $0.questionID == InventoryItem.lawInForce && $0.option == "no" && $0.group == .world })
        #expect(no.nOption == 1)
    }

    @Test func theShareOfStatesWhoseCyberSpecificLawsCoverEachAct() throws {
        let (shares, _) = F.analyzer.inventoryStatistics(from: F.data, laws: RepeatRecord.records(from: F.rows, group: ["laws"]))
        let acts = try #require(Fixtures.questionnaire.repeatGroup(path: ["laws"])?.question(id: "acts")).choices.map(\.code)
        #expect(acts.count == 14)
        for group in Self.groups {
            let rows = shares.filter { $0.questionID == InventoryItem.actsCovered && $0.group == group }
            #expect(rows.map(\.option) == acts + [InventoryItem.noAct])
            let answered = F.members(group).compactMap(F.actsCovered)
            for row in rows {
                let count = row.option == InventoryItem.noAct
                    ? answered.filter(\.isEmpty).count : answered.filter { $0.contains(row.option) }.count
                #expect(row.nResponding == answered.count, "\(group) \(row.option)")
                #expect(row.nOption == count, "\(group) \(row.option)")
            }
        }
        // By hand, world: FRA {access, interception}, DEU {access}, ITA {access}, KEN {interception};
        // NGA unanswered (no status), BRA no law.
        let world = shares.filter { $0.questionID == InventoryItem.actsCovered && $0.group == .world }
        #expect(world.first { $0.option == "ch4_illegal_access" }.map { [$0.nResponding, $0.nOption] } == [4, 3])
        #expect(world.first { $0.option == "ch4_illegal_interception" }?.nOption == 2)
        #expect(world.first { $0.option == "ch4_data_interference" }?.nOption == 0)
    }

    @Test func theMedianLawsPerStateIsOverStatesThatListedLaws() throws {
        let (_, numeric) = F.analyzer.inventoryStatistics(from: F.data, laws: RepeatRecord.records(from: F.rows, group: ["laws"]))
        for group in Self.groups {
            let counts = F.members(group).compactMap { F.laws[$0]?.count }.sorted()
            let row = try #require(numeric.first { $0.questionID == InventoryItem.lawsListed && $0.group == group })
            #expect(row.nSubmissions == F.members(group).count)
            #expect(row.n == counts.count)
            let middle = counts.count / 2
            let median = counts.count % 2 == 1 ? Double(counts[middle]) : Double(counts[middle - 1] + counts[middle]) / 2
            #expect(row.median == median)
        }
        // By hand: world counts 2, 1, 1, 3, 1 → median 1; Europe 2, 1, 1 → 1; Africa 3, 1 → 2.
        #expect(numeric.first { $0.group == .world }?.median == 1)
        #expect(numeric.first { $0.group == CountryGroup(type: .region, code: "002") }?.median == 2)
    }

    @Test func roundsWithoutTheInventoryHaveNoRowsAndStatisticsCSVNeverSeesTheItems() throws {
        var older = Fixtures.questionnaire
        older.repeats = []
        let analyzer = Analyzer(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, roundQuestionnaires: ["2022": older])
        let data = AnswerMatrix(
            answers: [],
            submissions: ["2022", "2026"].flatMap { round in F.countries.map { AcceptedSubmission(round: round, country: $0) } })
        let rows = F.rows + lawRows("2022", "FRA", 1, ["title": ["Loi"], "status": ["in_force"]])
        let (shares, numeric) = analyzer.inventoryStatistics(from: data, laws: RepeatRecord.records(from: rows, group: ["laws"]))
        #expect(Set(shares.map(\.round)) == ["2026"])
        #expect(Set(numeric.map(\.round)) == ["2026"])
        #expect(Set(shares.map(\.questionID)) == [InventoryItem.lawInForce, InventoryItem.actsCovered])
        #expect(!analyzer.shareStatistics(from: data).contains { $0.questionID.hasPrefix("inventory_") })
        #expect(!analyzer.numericStatistics(from: data).contains { $0.questionID.hasPrefix("inventory_") })
    }
}
