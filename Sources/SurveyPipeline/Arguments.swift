import Foundation
public import SurveyModel
public import SurveyAnalyze
import SurveyTransform

/// The one reading of a command's country or group argument (`explain priority|law COUNTRY`,
/// `explain stat … GROUP`, `questionnaire template --country`): what submissions accept.
public enum Arguments {
    /// The reference country `text` names: an ISO alpha-3 or alpha-2 code, an M49 code or a name in
    /// any of the six languages, as a submission's country cell is read (``CountryResolver``).
    /// Unknown: says so, with the clearly closest country if there is one; ambiguous: lists the
    /// candidates.
    public static func country(_ text: String, reference: CountryReference, what: String = "country") throws -> Country {
        let resolver = CountryResolver(reference: reference)
        switch resolver.resolve(text) {
        case .country(let iso3):
            if let country = reference.country(iso3: iso3) { return country }
            throw PipelineError.invalidArgument("no \(what) '\(text)' in the reference data")
        case .ambiguous(let candidates):
            let listed = candidates.map { "\($0) (\(resolver.englishName($0) ?? $0))" }.joined(separator: ", ")
            throw PipelineError.invalidArgument("the \(what) '\(text)' names several countries: \(listed); write one of these codes")
        case .unknown:
            var message = "no \(what) '\(text)' in the reference data: write an ISO alpha-3 or alpha-2 code, an M49 code or a name in any of the six languages"
            if let suggestion = resolver.suggestion(for: text) { message += "; " + suggestion.englishText }
            throw PipelineError.invalidArgument(message)
        }
    }

    /// The group `text` names, as `type:code` (`region:002`): what ``GroupCatalog/group(named:)``
    /// reads (codes, `world`, `ldc`, `lldc`, `sids`, `developed`, `developing`, custom ids,
    /// `type:code`), else a name of a group in any of the six languages (`Africa`, `Afrique`,
    /// `África`, `Least developed countries`), folded as country names are.
    public static func group(_ text: String, catalog: GroupCatalog) throws -> CountryGroup {
        if let group = catalog.group(named: text) { return group }
        var entries: [(value: String, names: [String])] = []
        for group in catalog.groups {
            var names = [group.description, group.code]
            for language in Language.allCases { names.append(catalog.label(of: group, language: language)) }
            switch group.type {
            case .ldc: names += ["LDC", "LDCs", "PMA", "pays les moins avancés", "países menos adelantados"]
            case .lldc: names += ["LLDC", "LLDCs", "landlocked developing countries"]
            case .sids: names += ["SIDS", "PEID", "small island developing States"]
            default: break
            }
            entries.append((group.description, names))
        }
        let names = NameResolver(entries)
        switch names.resolve(text) {
        case .match(let value):
            if let group = catalog.group(named: value) { return group }
            throw PipelineError.invalidArgument("no group '\(text)'")
        case .ambiguous(let values):
            throw PipelineError.invalidArgument(
                "the group '\(text)' names several groups: \(values.joined(separator: ", ")); write one of these as type:code")
        case .unknown(let suggestion):
            var message = "no group '\(text)': write world, a region or sub-region by M49 code or name in any of the six languages (002, Africa, Afrique), developed, developing, ldc, lldc, sids, a custom group id, or type:code"
            if let suggestion, let group = catalog.group(named: suggestion) {
                message += "; did you mean \(catalog.label(of: group)) (\(suggestion))?"
            }
            throw PipelineError.invalidArgument(message)
        }
    }
}
