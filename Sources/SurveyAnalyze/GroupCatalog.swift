import Foundation
public import SurveyModel

/// Every group the statistics are computed for, in output order, and who belongs to each.
///
/// Order: world; the M49 regions and sub-regions in the reference file's order; developed (514),
/// developing (515); LDC (199), LLDC (432), SIDS (722); the custom groups in declared order.
/// Every group gets its rows in every round, also when none of its countries responded (the row
/// then says n = 0 and is suppressed), so each output has the same shape from round to round.
public struct GroupCatalog: Sendable {
    public let reference: CountryReference
    public let custom: [CustomGroup]
    public let groups: [CountryGroup]

    public init(reference: CountryReference, custom: [CustomGroup] = []) {
        self.reference = reference
        self.custom = custom
        var groups = [CountryGroup.world]
        groups += reference.regions.map { CountryGroup(type: .region, code: $0.code) }
        groups += reference.subregions.map { CountryGroup(type: .subregion, code: $0.code) }
        groups += [.developed, .developing, .ldc, .lldc, .sids]
        groups += custom.map { CountryGroup(type: .custom, code: $0.id) }
        self.groups = groups
    }

    /// Whether `iso3` belongs to `group`; `answers` are the country's answers in the round at
    /// hand (only custom groups with an answer rule look at them).
    /// A respondent (``SurveyUnit``) belongs to the groups of its country.
    public func isMember(_ unit: String, of group: CountryGroup, answers: [String: StoredAnswer]) -> Bool {
        let iso3 = SurveyUnit.country(of: unit)
        if group.type == .custom {
            guard let definition = custom.first(where: { $0.id == group.code }) else { return false }
            switch definition.rule {
            case .countries(let codes): return codes.contains(iso3)
            case .answer(let question, let options):
                return answers[question]?.options.contains(where: options.contains) ?? false
            }
        }
        guard let country = reference.country(iso3: iso3) else { return group.type == .world }
        switch group.type {
        case .world: return true
        case .region: return country.region == group.code
        case .subregion: return country.subregion == group.code
        case .development:
            return (group.code == "514" && country.development == .developed)
                || (group.code == "515" && country.development == .developing)
        case .ldc: return country.isLDC
        case .lldc: return country.isLLDC
        case .sids: return country.isSIDS
        case .custom: return false
        }
    }

    /// The group's name in `language` (English for custom groups, as declared).
    public func label(of group: CountryGroup, language: Language = .en) -> String {
        switch group.type {
        case .world: return ["ar": "العالم", "en": "World", "es": "Mundo", "fr": "Monde", "ru": "Мир", "zh": "世界"][language.rawValue]!
        case .region: return reference.regions.first { $0.code == group.code }?.name[language] ?? group.code
        case .subregion: return reference.subregions.first { $0.code == group.code }?.name[language] ?? group.code
        case .development: return group.code == "514" ? "Developed (M49, 2020)" : "Developing (M49, 2020)"
        case .ldc: return "Least developed countries"
        case .lldc: return "Landlocked developing countries"
        case .sids: return "Small island developing States"
        case .custom: return custom.first { $0.id == group.code }?.label ?? group.code
        }
    }

    /// The group a person names on the command line: `world`, `ldc`, `lldc`, `sids`,
    /// `developed`, `developing`, a code (`002`, `202`, `199`), a custom id, or `type:code`.
    public func group(named text: String) -> CountryGroup? {
        let name = text.trimmingCharacters(in: .whitespaces)
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            return groups.first { $0.type.rawValue == parts[0].lowercased() && $0.code == parts[1] }
        }
        switch name.lowercased() {
        case "world": return .world
        case "developed": return .developed
        case "developing": return .developing
        case "ldc": return .ldc
        case "lldc": return .lldc
        case "sids": return .sids
        default: return groups.first { $0.code == name }
        }
    }
}
