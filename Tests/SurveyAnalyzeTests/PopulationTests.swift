import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// The survey's frame (issue 17): the population, `outside`, each group's frame size N and the
/// coverage columns of the share rows. Expected figures are counted by the tests' own code from
/// the reference data's `un_status`, never from ``GroupCatalog``.
@Suite struct PopulationTests {
    static let reference = Fixtures.reference

    /// The population as the test counts it: ISO codes whose `un_status` is one of `statuses`.
    static func states(_ statuses: Set<UNStatus>, where keep: (Country) -> Bool = { _ in true }) -> [String] {
        reference.countries.filter { statuses.contains($0.unStatus) && keep($0) }.map(\.iso3).sorted()
    }

    func answer(_ unit: String, _ question: String, _ options: [String], round: String = "2026") -> StoredAnswer {
        let respondent = SurveyUnit.respondent(of: unit)
        return StoredAnswer(
            round: round, country: SurveyUnit.country(of: unit), questionID: question, options: options, number: nil, text: nil,
            respondent: respondent)
    }

    func row(_ rows: [ShareStatistic], _ question: String, _ option: String, _ group: CountryGroup) -> ShareStatistic? {
        rows.first { $0.questionID == question && $0.option == option && $0.group == group }
    }

    // MARK: Reference data

    @Test func theReferenceMarks193MemberStatesAndTwoObservers() {
        #expect(Self.states([.member]).count == 193)
        #expect(Self.states([.observer]) == ["PSE", "VAT"])
        #expect(Self.states([.associated]) == ["COK", "NIU"])
        #expect(Self.reference.country(iso3: "TWN")?.unStatus == .territory)
        #expect(Self.reference.vintages["un_status"]?.contains("193 Member States") == true)
    }

    /// A reference entry without `un_status` (or with another value) is refused, naming the entry:
    /// the frame is never guessed.
    @Test func anEntryWithoutUNStatusIsRefusedByName() throws {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Pipelines/reference/countries.yml"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let fraStart = try #require(lines.firstIndex(of: "  - iso3: \"FRA\""))
        let status = try #require(lines[fraStart...].firstIndex { $0.hasPrefix("    un_status:") })
        let folder = Fixtures.temporaryFolder("reference")
        for (replacement, expected) in [
            (nil, "country FRA: no un_status"), ("    un_status: \"citizen\"", "country FRA: un_status 'citizen'"),
        ] as [(String?, String)] {
            var edited = lines
            if let replacement { edited[status] = replacement } else { edited.remove(at: status) }
            let url = folder.appendingPathComponent("countries.yml")
            try Data(edited.joined(separator: "\n").utf8).write(to: url)
            do {
                _ = try CountryReference.load(from: url)
                Issue.record("a reference without FRA's un_status was read")
            } catch let error as DefinitionError {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
    }

    // MARK: Frame sizes

    @Test func worldFrameIs193ByDefaultAnd195WithObservers() {
        let members = GroupCatalog(reference: Self.reference)
        #expect(members.frameSize(of: .world) == 193)
        #expect(members.frameSize(of: .world) == Self.states([.member]).count)
        let observers = GroupCatalog(reference: Self.reference, population: .memberAndObserverStates(of: Self.reference))
        #expect(observers.frameSize(of: .world) == 195)
        // Every built-in group: the test's own count of the population's States in it.
        let cases: [(GroupCatalog, Set<UNStatus>)] = [(members, [.member]), (observers, [.member, .observer])]
        for (catalog, statuses) in cases {
            for region in Self.reference.regions {
                #expect(
                    catalog.frameSize(of: CountryGroup(type: .region, code: region.code))
                        == Self.states(statuses) { $0.region == region.code }.count)
            }
            for subregion in Self.reference.subregions {
                #expect(
                    catalog.frameSize(of: CountryGroup(type: .subregion, code: subregion.code))
                        == Self.states(statuses) { $0.subregion == subregion.code }.count)
            }
            #expect(catalog.frameSize(of: .developed) == Self.states(statuses) { $0.development == .developed }.count)
            #expect(catalog.frameSize(of: .developing) == Self.states(statuses) { $0.development == .developing }.count)
            #expect(catalog.frameSize(of: .ldc) == Self.states(statuses) { $0.isLDC }.count)
            #expect(catalog.frameSize(of: .lldc) == Self.states(statuses) { $0.isLLDC }.count)
            #expect(catalog.frameSize(of: .sids) == Self.states(statuses) { $0.isSIDS }.count)
            #expect(catalog.frameSize(of: .outside) == nil)
        }
        #expect(members.frameSize(of: CountryGroup(type: .region, code: "150")) == 43)
        #expect(observers.frameSize(of: CountryGroup(type: .region, code: "150")) == 44)
    }

    @Test func customGroupsHaveTheirListWithinThePopulationOrNoFrame() {
        let custom = [
            CustomGroup(id: "listed", label: "Listed", rule: .countries(["FRA", "DEU", "COK", "TWN"])),
            CustomGroup(id: "asia_oceania", label: "Asia and Oceania", rule: .areas(["142", "009"])),
            CustomGroup(id: "budapest_parties", label: "Budapest", rule: .answer(question: "ch3_instruments", options: ["budapest"])),
        ]
        let catalog = GroupCatalog(reference: Self.reference, custom: custom)
        #expect(catalog.frameSize(of: CountryGroup(type: .custom, code: "listed")) == 2, "FRA and DEU; COK and TWN are not Member States")
        #expect(
            catalog.frameSize(of: CountryGroup(type: .custom, code: "asia_oceania"))
                == Self.states([.member]) { $0.region == "142" || $0.region == "009" }.count)
        #expect(catalog.frameSize(of: CountryGroup(type: .custom, code: "asia_oceania")) == 61)
        #expect(catalog.frameSize(of: CountryGroup(type: .custom, code: "budapest_parties")) == nil)
        #expect(catalog.groups.last == .outside)
    }

    @Test func aCustomPopulationIsItsList() {
        let population = Population(kind: .custom(label: "Pilot", source: "test"), countries: ["FRA", "DEU", "GHA", "COK"])
        let catalog = GroupCatalog(reference: Self.reference, population: population)
        #expect(catalog.frameSize(of: .world) == 4)
        #expect(catalog.frameSize(of: CountryGroup(type: .region, code: "150")) == 2)
        #expect(catalog.frameSize(of: CountryGroup(type: .subregion, code: "061")) == 1, "the Cook Islands, in the list")
        #expect(catalog.isMember("COK", of: .world, answers: [:]))
        #expect(!catalog.isMember("ITA", of: .world, answers: [:]) && catalog.isMember("ITA", of: .outside, answers: [:]))
        #expect(population.description == "Pilot (4; source: test)")
    }

    // MARK: Membership

    @Test func unitsOutsideThePopulationBelongToOutsideOnly() {
        let custom = [
            CustomGroup(id: "listed", label: "Listed", rule: .countries(["COK", "NIU", "VAT", "FRA"])),
            CustomGroup(id: "oceania_europe", label: "Oceania and Europe", rule: .areas(["009", "150"])),
            CustomGroup(id: "budapest_parties", label: "Budapest", rule: .answer(question: "ch3_instruments", options: ["budapest"])),
        ]
        let catalog = GroupCatalog(reference: Self.reference, custom: custom)
        let budapest = ["ch3_instruments": answer("VAT", "ch3_instruments", ["budapest"])]
        for unit in ["COK", "NIU", "VAT", "TWN", "VAT/r1"] {
            let groups = catalog.groups.filter { catalog.isMember(unit, of: $0, answers: budapest) }
            #expect(groups == [.outside], "\(unit): \(groups)")
        }
        let france = catalog.groups.filter { catalog.isMember("FRA", of: $0, answers: budapest) }
        #expect(france.contains(.world) && !france.contains(.outside))
        // With the observer States in the population, the Holy See is in the world and Europe.
        let observers = GroupCatalog(reference: Self.reference, custom: custom, population: .memberAndObserverStates(of: Self.reference))
        #expect(observers.isMember("VAT", of: .world, answers: [:]))
        #expect(observers.isMember("VAT", of: CountryGroup(type: .region, code: "150"), answers: [:]))
        #expect(!observers.isMember("VAT", of: .outside, answers: [:]))
        #expect(observers.isMember("COK", of: .outside, answers: [:]))
    }

    /// The Analyzer counts the same: the Cook Islands, Niue and the Holy See answer, and are in
    /// `outside` rows only; the world and Oceania counts leave them out.
    @Test func outsideUnitsAreCountedInTheirOwnRowsOnly() throws {
        let custom = [CustomGroup(id: "budapest_parties", label: "B", rule: .answer(question: "ch3_instruments", options: ["budapest"]))]
        let analyzer = Analyzer(questionnaire: Fixtures.questionnaire, reference: Self.reference, customGroups: custom)
        var answers = ["COK", "NIU", "VAT", "FJI", "FRA"].map { answer($0, "ch8_cert", ["yes"]) }
        answers += ["VAT", "FRA"].map { answer($0, "ch3_instruments", ["budapest"]) }
        let rows = analyzer.shareStatistics(from: answers)
        let world = try #require(row(rows, "ch8_cert", "yes", .world))
        #expect(world.nResponding == 2 && world.nOption == 2)
        #expect(world.nInGroup == 193 && world.nNotResponding == 191)
        let oceania = try #require(row(rows, "ch8_cert", "yes", CountryGroup(type: .region, code: "009")))
        #expect(oceania.nResponding == 1 && oceania.nInGroup == 14)
        let outside = try #require(row(rows, "ch8_cert", "yes", .outside))
        #expect(outside.nResponding == 3 && outside.nOption == 3)
        #expect(outside.nInGroup == nil && outside.nNotResponding == nil && outside.boundLow == nil && outside.boundHigh == nil)
        let budapest = try #require(row(rows, "ch3_instruments", "budapest", CountryGroup(type: .custom, code: "budapest_parties")))
        #expect(budapest.nResponding == 1, "FRA only: the Holy See's answer does not make it a member")
        #expect(budapest.nInGroup == nil && budapest.boundLow == nil)
        let numeric = analyzer.numericStatistics(from: AnswerMatrix(answers: answers))
        let numericWorld = try #require(numeric.first { $0.group == .world && $0.questionID == "ch3_reform_year" })
        #expect(numericWorld.nSubmissions == 2 && numericWorld.nInGroup == 193 && numericWorld.nNotResponding == 193)
        #expect(numeric.first { $0.group == .outside }?.nSubmissions == 3)
        #expect(numeric.first { $0.group == .outside }?.nInGroup == nil)
    }

    // MARK: Coverage and bounds

    /// Acceptance (issue 17): 14 of Europe's 43 Member States answer; the bounds are k/43 and
    /// (k + 29)/43, computed here.
    @Test func fourteenOfEuropesFortyThreeGiveBoundsOverTheFrame() throws {
        let europe = Self.states([.member]) { $0.region == "150" }
        #expect(europe.count == 43)
        let responding = Array(europe.prefix(14))
        // k = 9 choose yes; the others no.
        let answers = responding.enumerated().map { index, iso3 in answer(iso3, "ch8_cert", [index < 9 ? "yes" : "no"]) }
        let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Self.reference).shareStatistics(from: answers)
        for (option, k) in [("yes", 9), ("no", 5)] {
            let share = try #require(row(rows, "ch8_cert", option, CountryGroup(type: .region, code: "150")))
            #expect(share.nResponding == 14 && share.nOption == k)
            #expect(share.nInGroup == 43 && share.nNotResponding == 29)
            #expect(share.boundLow == 100 * Double(k) / 43)
            #expect(share.boundHigh == 100 * Double(k + 29) / 43)
        }
        let world = try #require(row(rows, "ch8_cert", "yes", .world))
        #expect(world.nInGroup == 193 && world.nNotResponding == 179)
    }

    /// With a respondent key shares stay per respondent; N and the non-responding count are in
    /// States; no bounds.
    @Test func respondentsCountStatesForTheFrameAndHaveNoBounds() throws {
        let answers = [
            answer("FRA/r1", "ch8_cert", ["yes"]), answer("FRA/r2", "ch8_cert", ["no"]), answer("DEU/r1", "ch8_cert", ["yes"]),
            answer("ITA/r1", "ch8_awareness", ["yes"]),
        ]
        let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Self.reference).shareStatistics(from: answers)
        let europe = try #require(row(rows, "ch8_cert", "yes", CountryGroup(type: .region, code: "150")))
        #expect(europe.nResponding == 3 && europe.nOption == 2, "respondents")
        #expect(europe.nInGroup == 43 && europe.nNotResponding == 41, "States: FRA and DEU answered")
        #expect(europe.boundLow == nil && europe.boundHigh == nil)
    }
}
