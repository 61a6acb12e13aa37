import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// Each round's frame (issue 17, part 1: "membership can change"): a Member State counts in a
/// round's frame from the year of its admission (`member_since` in the reference data). South
/// Sudan, admitted on 14 July 2011, is not in a 2010 frame and is in a 2012 one. Expected frames
/// are counted here from the reference entries, never from ``GroupCatalog``.
@Suite struct FramePerRoundTests {
    static let reference = Fixtures.reference

    /// The Member States of the reference that were members in `year`, by this test's own rule.
    static func members(in year: Int, where keep: (Country) -> Bool = { _ in true }) -> Int {
        reference.countries.filter { country in
            guard country.unStatus == .member, keep(country) else { return false }
            return country.memberSince.map { Int($0.prefix(4))! <= year } ?? true
        }.count
    }

    func answer(_ iso3: String, _ round: String, _ question: String, _ options: [String]) -> StoredAnswer {
        StoredAnswer(round: round, country: iso3, questionID: question, options: options, number: nil, text: nil)
    }

    @Test func theReferenceDatesTheLatestAdmissions() throws {
        #expect(Self.reference.country(iso3: "SSD")?.memberSince == "2011-07-14")
        #expect(Self.reference.country(iso3: "MNE")?.memberSince == "2006-06-28")
        #expect(Self.reference.country(iso3: "FRA")?.memberSince == nil, "a founding member: no date, in every round")
        let latest = try #require(Self.reference.countries.compactMap(\.memberSince).max())
        #expect(latest == "2011-07-14", "South Sudan is the latest admission")
        #expect(Self.reference.vintages["member_since"]?.contains("South Sudan") == true)
        #expect(Self.members(in: 2010) == 192 && Self.members(in: 2012) == 193)
    }

    /// A `member_since` that is not a date, or on an entry that is not a Member State, is refused
    /// naming the entry.
    @Test func aBadAdmissionDateIsRefusedByName() throws {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Pipelines/reference/countries.yml"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let folder = Fixtures.temporaryFolder("reference-since")
        for (iso3, value, expected) in [
            ("FRA", "2011-13-01", "country FRA: member_since '2011-13-01' is not a date"),
            ("FRA", "July 2011", "country FRA: member_since 'July 2011' is not a date"),
            ("VAT", "1964-04-06", "country VAT: member_since is for Member States"),
        ] {
            let start = try #require(lines.firstIndex(of: "  - iso3: \"\(iso3)\""))
            let status = try #require(lines[start...].firstIndex { $0.hasPrefix("    un_status:") })
            var edited = lines
            edited.insert("    member_since: \"\(value)\"", at: status + 1)
            let url = folder.appendingPathComponent("countries.yml")
            try Data(edited.joined(separator: "\n").utf8).write(to: url)
            do {
                _ = try CountryReference.load(from: url)
                Issue.record("\(iso3) member_since \(value) was read")
            } catch let error as DefinitionError {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
    }

    @Test func aStateAdmittedBetweenTwoRoundsIsInTheSecondFrameOnly() throws {
        let analyzer = Analyzer(questionnaire: Fixtures.questionnaire, reference: Self.reference)
        // South Sudan answers in both rounds; France too. In 2010 South Sudan is not yet a Member
        // State: its answer is counted in `outside` only.
        let answers = ["2010", "2012"].flatMap { round in
            [answer("SSD", round, "ch8_cert", ["yes"]), answer("FRA", round, "ch8_cert", ["no"])]
        }
        let rows = analyzer.shareStatistics(from: answers)
        func share(_ round: String, _ group: CountryGroup) throws -> ShareStatistic {
            try #require(rows.first { $0.round == round && $0.questionID == "ch8_cert" && $0.option == "yes" && $0.group == group })
        }
        let africa = CountryGroup(type: .region, code: "002")
        let inAfrica: (Country) -> Bool = { $0.region == "002" }

        #expect(try share("2010", .world).nInGroup == Self.members(in: 2010))
        #expect(try share("2010", .world).nResponding == 1 && share("2010", .world).nOption == 0, "France only")
        #expect(try share("2010", africa).nInGroup == Self.members(in: 2010, where: inAfrica))
        #expect(try share("2010", africa).nResponding == 0)
        #expect(try share("2010", .outside).nResponding == 1 && share("2010", .outside).nOption == 1, "South Sudan, 2010")

        #expect(try share("2012", .world).nInGroup == Self.members(in: 2012))
        #expect(try share("2012", .world).nResponding == 2 && share("2012", .world).nOption == 1)
        #expect(try share("2012", africa).nInGroup == Self.members(in: 2012, where: inAfrica))
        #expect(try share("2012", africa).nInGroup == share("2010", africa).nInGroup.map { $0 + 1 })
        #expect(try share("2012", .outside).nResponding == 0)

        // responses.csv and numeric_statistics.csv carry the same frame per round.
        let data = AnswerMatrix(answers: answers)
        let responses = analyzer.responseRates(from: data).filter { $0.group == .world && $0.chapter.rawValue == "8" }
        #expect(responses.map(\.round) == ["2010", "2012"])
        #expect(responses.map(\.nInGroup) == [Self.members(in: 2010), Self.members(in: 2012)])
        #expect(responses.map(\.frameAsOf) == [2010, 2012], "the vintage of each round's frame")
        #expect(analyzer.responseRates(from: data).filter { $0.group == .outside }.allSatisfy { $0.frameAsOf == nil })
        let numeric = analyzer.numericStatistics(from: data).filter { $0.group == .world && $0.questionID == "ch3_reform_year" }
        #expect(numeric.map(\.nInGroup) == [Self.members(in: 2010), Self.members(in: 2012)])
    }

    @Test func aStateIsNotANonrespondentBeforeItsAdmission() {
        let analyzer = Analyzer(questionnaire: Fixtures.questionnaire, reference: Self.reference)
        let answers = ["2010", "2012"].map { answer("FRA", $0, "ch8_cert", ["yes"]) }
        let missing = analyzer.nonrespondents(from: AnswerMatrix(answers: answers))
        let byRound = Dictionary(grouping: missing, by: \.round).mapValues { Set($0.map(\.country)) }
        #expect(byRound["2010"]?.contains("SSD") == false)
        #expect(byRound["2012"]?.contains("SSD") == true)
        #expect(byRound["2010"]?.count == Self.members(in: 2010) - 1 && byRound["2012"]?.count == Self.members(in: 2012) - 1)
    }

    @Test func roundsAreCountedAtTheirYear() {
        let population = Population.memberStates(of: Self.reference)
        #expect(Population.year(of: "2026") == 2026 && Population.year(of: "2011-Q3") == 2011 && Population.year(of: "pilot") == nil)
        #expect(population.contains("SSD", inRound: "2011") && !population.contains("SSD", inRound: "2010"))
        #expect(population.contains("SSD", inRound: "pilot"), "a round not named by a year takes the list as it is")
        #expect(!population.contains("VAT", inRound: "2026"))
        // A custom list is the analyst's: no admission dates apply.
        let custom = Population(kind: .custom(label: "L", source: ""), countries: ["SSD", "FRA"])
        #expect(custom.contains("SSD", inRound: "2010"))
    }
}
