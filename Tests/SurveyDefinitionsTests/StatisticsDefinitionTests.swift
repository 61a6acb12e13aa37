import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// The pipeline file's `groups:`, `indicators:`, `progress:` and `sdmx:` keys: read, checked, and
/// refused with a line that names the entry.
@Suite struct StatisticsDefinitionTests {
    /// A pipeline file with `extra`, declaring rounds 2013 (which `progress:` names), 2022 and 2026.
    func pipeline(_ extra: String) throws -> PipelineDefinitions {
        let folder = Fixtures.temporaryFolder("definitions")
        let file = try Fixtures.pipelineFile(
            in: folder, input: folder, output: folder.appendingPathComponent("out"), rounds: ["2013", "2022", "2026"], extra: extra)
        return try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: file.path))
    }

    func failure(_ extra: String) -> String {
        do {
            _ = try pipeline(extra)
            return ""
        } catch { return "\(error)" }
    }

    @Test func theProjectPipelineDeclaresTheIndicatorsAndGroupsTheIssueAsksFor() throws {
        let pipeline = try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: Fixtures.pipelineFile.path))
        #expect(pipeline.indicators.map(\.id) == [
            "criminalization_breadth", "cyber_specific_share", "powers_legal_basis", "powers_used", "cooperation_readiness",
            "prevention_readiness",
        ])
        let breadth = try #require(pipeline.indicators.first)
        #expect(breadth.items.count == 14)
        #expect(breadth.items.allSatisfy { $0.met == ["cyber_specific", "general"] && $0.notCounted == ["unknown"] })
        #expect(pipeline.indicators[2].items.count == 10 && pipeline.indicators[3].items.count == 10)
        #expect(pipeline.customGroups.map(\.id) == ["budapest_parties", "un_convention_parties"])
        #expect(pipeline.customGroups[0].rule == .answer(question: "ch3_instruments", options: ["budapest"]))
        #expect(pipeline.configuration.dataflow == "UNODC:DF_CYBERCRIME_SURVEY(1.0)")
        #expect(pipeline.configuration.baselineRound == nil && pipeline.configuration.latestRound == nil)
    }

    @Test func bothKindsOfCustomGroupAreRead() throws {
        let pipeline = try pipeline("""
            groups:
              - id: pilot
                label: "Pilot countries"
                countries: [gha, KEN]
              - id: malabo_parties
                answer: {question: ch3_instruments, options: [malabo]}
            progress: {baseline: "2013", latest: "2026"}
            sdmx: {dataflow: "UNODC:DF_TEST(2.1)"}
            """)
        #expect(pipeline.customGroups == [
            CustomGroup(id: "pilot", label: "Pilot countries", rule: .countries(["GHA", "KEN"])),
            CustomGroup(id: "malabo_parties", label: "malabo_parties", rule: .answer(question: "ch3_instruments", options: ["malabo"])),
        ])
        let analyzer = Analyzer(
            questionnaire: pipeline.questionnaire, reference: pipeline.reference, rules: pipeline.configuration.reliability,
            customGroups: pipeline.customGroups)
        // The custom groups in declared order, then `outside` (units outside the population).
        #expect(analyzer.catalog.groups.suffix(3) == [
            CountryGroup(type: .custom, code: "pilot"), CountryGroup(type: .custom, code: "malabo_parties"), .outside,
        ])
        #expect(pipeline.configuration.baselineRound == "2013" && pipeline.configuration.latestRound == "2026")
        #expect(pipeline.configuration.dataflow == "UNODC:DF_TEST(2.1)")
    }

    /// `population:` and `areas:` (issue 17): the default is the Member States; the pipeline file
    /// may include the observer States or give its own list; a group may be a union of M49 areas.
    @Test func populationAndAreaGroupsAreRead() throws {
        #expect(try pipeline("").population == .memberStates(of: Fixtures.reference))
        #expect(try pipeline("").population.countries.count == 193)
        #expect(try pipeline("population: member_states\n").population.countries.count == 193)
        let observers = try pipeline("population: member_and_observer_states\n").population
        #expect(observers.countries.count == 195 && observers.contains("VAT") && observers.contains("PSE"))
        let custom = try pipeline("population: {label: \"Pilot\", source: \"Programme list, 2026\", countries: [fra, GHA]}\n").population
        #expect(custom.countries == ["FRA", "GHA"])
        #expect(custom.description == "Pilot (2; source: Programme list, 2026)")
        let groups = try pipeline("""
            groups:
              - id: asia_oceania
                label: "Asia and Oceania"
                areas: ["142", "009"]
            """).customGroups
        #expect(groups == [CustomGroup(id: "asia_oceania", label: "Asia and Oceania", rule: .areas(["142", "009"]))])
    }

    @Test func indicatorsBySelectAndByItems() throws {
        let pipeline = try pipeline("""
            indicators:
              - id: content_acts
                chapter: "4"
                select: {chapter: "4", cluster: content}
                met: [cyber_specific]
              - id: capacity
                chapter: "5"
                formula: "unit; at least 10 officers"
                items:
                  - {question: ch5_specialized_unit, met: ["yes"]}
                  - {question: ch5_specialized_officers, at_least: 10}
            """)
        #expect(pipeline.indicators.map(\.id) == ["content_acts", "capacity"])
        #expect(pipeline.indicators[0].items.map(\.questionID) == ["ch4_racism_xenophobia", "ch4_csam", "ch4_grooming", "ch4_terrorism_support"])
        #expect(pipeline.indicators[1].items[1] == .init(questionID: "ch5_specialized_officers", atLeast: 10))
        #expect(pipeline.indicators[1].formula == "unit; at least 10 officers")
    }

    @Test func mistakesNameTheEntry() {
        let cases: [(String, String)] = [
            ("groups:\n  - {id: \"1st\", countries: [FRA]}\n", "groups: 1st: an id is letters"),
            ("groups:\n  - {id: g, countries: [FRA]}\n  - {id: g, countries: [DEU]}\n", "groups: g: the id is used twice"),
            ("groups:\n  - {id: ldc, countries: [FRA]}\n", "names a built-in group"),
            ("groups:\n  - {id: g, countries: [XXX]}\n", "'XXX' is not an ISO alpha-3 code"),
            ("groups:\n  - {id: g}\n", "give one of countries"),
            ("groups:\n  - {id: g, countries: [FRA], areas: [\"150\"]}\n", "give one of countries"),
            ("groups:\n  - {id: g, areas: [\"999\"]}\n", "'999' is not an M49 region"),
            ("groups:\n  - {id: outside, countries: [FRA]}\n", "names a built-in group"),
            ("population: everyone\n", "population 'everyone'"),
            ("population: {label: Pilot, countries: [FRA, XXX]}\n", "population: 'XXX' is not an ISO alpha-3 code"),
            ("population: {countries: [FRA]}\n", "needs a label"),
            ("population: {label: Pilot, countries: [FRA, FRA]}\n", "'FRA' is listed twice"),
            ("groups:\n  - {id: g, answer: {question: ch3_main_law, options: [x]}}\n", "is not a choice question"),
            ("groups:\n  - {id: g, answer: {question: ch3_instruments, options: [nato]}}\n", "'nato' is not an option of ch3_instruments"),
            ("indicators:\n  - {id: i, chapter: \"9\", items: [{question: ch8_cert, met: [\"yes\"]}]}\n", "unknown chapter '9'"),
            ("indicators:\n  - {id: i, chapter: \"8\", select: {chapter: \"8\", power: none}}\n", "select matches no question"),
            ("indicators:\n  - {id: i, chapter: \"8\", items: [{question: ch8_nothing, met: [\"yes\"]}]}\n", "no question 'ch8_nothing'"),
            ("indicators:\n  - {id: i, chapter: \"8\", items: [{question: ch8_cert}]}\n", "ch8_cert needs met"),
            ("indicators:\n  - {id: i, chapter: \"8\", items: [{question: ch8_cert, met: [maybe]}]}\n", "'maybe' is not an option of ch8_cert"),
            ("indicators:\n  - {id: i, chapter: \"7\", items: [{question: ch7_mla_sent}]}\n", "numeric item ch7_mla_sent needs at_least"),
            ("indicators:\n  - {id: i, chapter: \"3\", items: [{question: ch3_main_law, met: [x]}]}\n", "free text"),
            ("sdmx: {dataflow: \"DF_NO_AGENCY\"}\n", "sdmx.dataflow 'DF_NO_AGENCY'"),
        ]
        for (extra, expected) in cases {
            let message = failure(extra)
            #expect(message.contains(expected), "\(extra) → \(message)")
            #expect(!message.contains("\n"), "one line: \(message)")
        }
    }
}
