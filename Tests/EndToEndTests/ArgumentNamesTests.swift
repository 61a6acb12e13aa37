import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// One resolver for every command (issue 24 item 6): a country or group argument is read as a
/// submission's country cell is (names in six languages, codes, M49), groups also by name.
@Suite struct ArgumentNamesTests {
    @Test func explainPriorityTakesAFrenchName() async throws {
        let (pipeline, _) = try await PriorityEndToEndTests.shared.value
        let explanation = try await pipeline.explainPriority(country: "Maroc", area: "legislation", round: nil)
        #expect(explanation.country == "MAR")
        for name in ["Marruecos", "المغرب", "Марокко", "摩洛哥", "MA", "504", "le Royaume du Maroc"] {
            #expect(try await pipeline.explainPriority(country: name, area: "legislation", round: nil).country == "MAR", "\(name)")
        }
    }

    @Test func explainStatTakesARegionByNameInAnyLanguage() async throws {
        let (pipeline, _) = try await PriorityEndToEndTests.shared.value
        let byCode = try await pipeline.explainStatistic(round: "2026", question: "ch3_specific_law", option: "yes", group: "002")
        for name in ["Afrique", "Africa", "África", "africa", "Африка", "非洲", "أفريقيا", "region:002"] {
            let lineage = try await pipeline.explainStatistic(round: "2026", question: "ch3_specific_law", option: "yes", group: name)
            #expect(lineage.text == byCode.text, "\(name)")
        }
    }

    @Test(arguments: [
        ("LDC", CountryGroup.ldc), ("ldc", .ldc), ("SIDS", .sids), ("developed", .developed), ("Developing", .developing),
        ("Least developed countries", .ldc), ("Small island developing States", .sids), ("002", CountryGroup(type: .region, code: "002")),
        ("Europe", CountryGroup(type: .region, code: "150")), ("Amériques", CountryGroup(type: .region, code: "019")),
        ("Afrique septentrionale", CountryGroup(type: .subregion, code: "015")), ("world", .world), ("Monde", .world),
    ])
    func groupNames(_ text: String, _ group: CountryGroup) throws {
        let catalog = GroupCatalog(reference: Fixtures.reference)
        #expect(try Arguments.group(text, catalog: catalog) == group)
    }

    @Test func unknownAndAmbiguousArgumentsSayWhatToWrite() throws {
        let catalog = GroupCatalog(reference: Fixtures.reference)
        func failure(_ body: () throws -> Any) -> String {
            do {
                _ = try body()
                return ""
            } catch { return "\(error)" }
        }
        let typo = failure { try Arguments.country("Madagscar", reference: Fixtures.reference) }
        #expect(typo.contains("no country 'Madagscar'") && typo.contains("did you mean Madagascar (MDG)?"), "\(typo)")
        let korea = failure { try Arguments.country("Korea", reference: Fixtures.reference) }
        #expect(korea.contains("KOR") && korea.contains("PRK") && korea.contains("names several countries"), "\(korea)")
        let atlantis = failure { try Arguments.country("Atlantis", reference: Fixtures.reference) }
        #expect(atlantis.contains("no country 'Atlantis'") && !atlantis.contains("did you mean"), "\(atlantis)")
        let region = failure { try Arguments.group("Afriqe", catalog: catalog) }
        #expect(region.contains("no group 'Afriqe'") && region.contains("did you mean"), "\(region)")
        #expect(failure { try Arguments.group("narnia", catalog: catalog) }.contains("no group 'narnia'"))
    }
}
