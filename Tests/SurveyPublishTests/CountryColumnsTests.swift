import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyPublish

/// The priority tables look each country's columns up once per table (`CountryColumns`) and each
/// area's label (`AreaLabels`): the values a row's own look-up in the reference and the model gives.
@Suite struct CountryColumnsTests {
    @Test func everyCountrysColumnsAreTheReferencesOwn() {
        let reference = Fixtures.reference
        let columns = CountryColumns(reference)
        var checked = 0
        for code in reference.countries.map(\.iso3) + ["XXX", "", "fra"] {
            let country = reference.country(iso3: code)
            var special: [String] = []
            if country?.isLDC == true { special.append("LDC") }
            if country?.isLLDC == true { special.append("LLDC") }
            if country?.isSIDS == true { special.append("SIDS") }
            for entry in [columns[code], CountryColumns(reference, only: code)[code]] {
                #expect(entry.name == country?.name[.en] ?? "", "\(code)")
                #expect(entry.m49 == country?.m49 ?? "", "\(code)")
                #expect(entry.region == country?.region ?? "", "\(code)")
                #expect(entry.regionName == reference.regions.first { $0.code == country?.region }?.name[.en] ?? "", "\(code)")
                #expect(entry.subregionName == reference.subregions.first { $0.code == country?.subregion }?.name[.en] ?? "", "\(code)")
                #expect(entry.development == country?.development?.rawValue ?? "", "\(code)")
                #expect(entry.specialGroups == special.joined(separator: " "), "\(code)")
            }
            checked += 1
        }
        #expect(checked > 190)
        // Some of each kind, so that the comparisons above compare something.
        #expect(reference.countries.contains { !columns[$0.iso3].specialGroups.isEmpty })
        #expect(reference.countries.contains { !columns[$0.iso3].subregionName.isEmpty })
    }

    @Test func areaLabelsAreTheModelsFirstAreaOfAnId() {
        let gap = ScoringModel.GapIndicator(id: "g", label: "G", weight: 1, items: ["q"], gapByOption: ["no": 1])
        func area(_ id: String, _ label: String) -> ScoringModel.Area {
            ScoringModel.Area(id: id, label: label, chapters: [.legislation], pillar: "p", gaps: [gap], request: nil)
        }
        let model = ScoringModel(id: "m", version: "1", areas: [area("a", "First"), area("b", "Second"), area("a", "Repeated")])
        let labels = AreaLabels(model)
        for id in ["a", "b", "c", ""] { #expect(labels[id] == model.area(id: id)?.label ?? id, "\(id)") }
    }
}
