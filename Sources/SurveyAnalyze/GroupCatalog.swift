import Foundation
public import SurveyModel

/// Every group the statistics are computed for, in output order, and who belongs to each.
///
/// Order: world; the M49 regions and sub-regions in the reference file's order; developed (514),
/// developing (515); LDC (199), LLDC (432), SIDS (722); the custom groups in declared order;
/// `outside` last.
/// Every group gets its rows in every round, also when none of its countries responded (the row
/// then says n = 0 and is suppressed), so each output has the same shape from round to round.
///
/// Only units of the population (``Population``) belong to the world, regional, development,
/// LDC/LLDC/SIDS and custom groups; a unit from outside it belongs to `outside` and nothing else.
public struct GroupCatalog: Sendable {
    public let reference: CountryReference
    public let custom: [CustomGroup]
    public let population: Population
    public let groups: [CountryGroup]
    /// The frame size of each group that has a frame (``frameSize(of:)``).
    private let frameSizes: [CountryGroup: Int]

    /// `population` nil: the UN Member States of `reference` (the pipeline file's default).
    public init(reference: CountryReference, custom: [CustomGroup] = [], population: Population? = nil) {
        self.reference = reference
        self.custom = custom
        let population = population ?? .memberStates(of: reference)
        self.population = population
        var groups = [CountryGroup.world]
        groups += reference.regions.map { CountryGroup(type: .region, code: $0.code) }
        groups += reference.subregions.map { CountryGroup(type: .subregion, code: $0.code) }
        groups += [.developed, .developing, .ldc, .lldc, .sids]
        groups += custom.map { CountryGroup(type: .custom, code: $0.id) }
        groups += [.outside]
        self.groups = groups
        frameSizes = Self.frameSizes(
            groups: groups, frame: reference.countries.filter { population.contains($0.iso3) }, custom: custom)
    }

    /// N of every group with a frame, over `frame` (the population's countries at some round).
    private static func frameSizes(groups: [CountryGroup], frame: [Country], custom: [CustomGroup]) -> [CountryGroup: Int] {
        var sizes: [CountryGroup: Int] = [:]
        for group in groups where sizes[group] == nil {
            switch group.type {
            case .outside: continue
            case .custom:
                guard let definition = custom.first(where: { $0.id == group.code }) else { continue }
                if case .answer = definition.rule { continue }
            default: break
            }
            sizes[group] = frame.filter { belongs($0, to: group, custom: custom) }.count
        }
        return sizes
    }

    /// The group's frame size N with the population's list as it is: the countries of the
    /// population in the reference data that belong to it (the world: the whole population, 193 by
    /// default). Nil where there is no frame: `outside`, and custom groups defined by an answer
    /// (their membership is what States say). For a custom list of countries, the list ∩ the
    /// population. A round's frame is ``frameSize(of:round:)``.
    public func frameSize(of group: CountryGroup) -> Int? { frameSizes[group] }

    /// The group's frame size N in `round`: as ``frameSize(of:)`` over the States that were in the
    /// population in that round (``Population/contains(_:inRound:)``: a Member State counts from
    /// the year of its `member_since` in the reference data, so South Sudan is not in a 2010 frame).
    public func frameSize(of group: CountryGroup, round: String) -> Int? {
        population.isCurrent(inRound: round) ? frameSizes[group] : frameSizes(round: round)[group]
    }

    /// ``frameSize(of:round:)`` for every group at once, by group position in ``groups``.
    public func frameSizes(inRound round: String) -> [Int?] {
        if population.isCurrent(inRound: round) { return groups.map { frameSizes[$0] } }
        let sizes = frameSizes(round: round)
        return groups.map { sizes[$0] }
    }

    private func frameSizes(round: String) -> [CountryGroup: Int] {
        Self.frameSizes(
            groups: groups, frame: reference.countries.filter { population.contains($0.iso3, inRound: round) }, custom: custom)
    }

    /// Whether `iso3` belongs to `group`; `answers` are the country's answers in the round at
    /// hand (only custom groups with an answer rule look at them).
    /// A respondent (``SurveyUnit``) belongs to the groups of its country. A unit whose country is
    /// outside the population belongs to `outside` only; with `round`, so does a unit whose State
    /// joined the population after that round (``Population/contains(_:inRound:)``).
    public func isMember(_ unit: String, of group: CountryGroup, answers: [String: StoredAnswer], round: String? = nil) -> Bool {
        let iso3 = SurveyUnit.country(of: unit)
        let inPopulation = round.map { population.contains(iso3, inRound: $0) } ?? population.contains(iso3)
        guard inPopulation else { return group.type == .outside }
        if group.type == .custom {
            guard let definition = custom.first(where: { $0.id == group.code }) else { return false }
            if case .answer(let question, let options) = definition.rule {
                return answers[question]?.options.contains(where: options.contains) ?? false
            }
        }
        guard let country = reference.country(iso3: iso3) else { return group.type == .world }
        return Self.belongs(country, to: group, custom: custom)
    }

    /// Whether a country of the population belongs to `group` by what the reference says of it
    /// (custom groups with an answer rule: never; they are decided by the answer).
    static func belongs(_ country: Country, to group: CountryGroup, custom: [CustomGroup]) -> Bool {
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
        case .outside: return false
        case .custom:
            guard let definition = custom.first(where: { $0.id == group.code }) else { return false }
            switch definition.rule {
            case .countries(let codes): return codes.contains(country.iso3)
            case .areas(let codes):
                return [country.region, country.subregion, country.intermediateRegion].contains { $0.map(codes.contains) ?? false }
            case .answer: return false
            }
        }
    }

    /// The group's name in `language` (English for custom groups: ``CustomGroup/displayLabel``,
    /// which marks answer-defined groups self-declared and names a list's source and date).
    public func label(of group: CountryGroup, language: Language = .en) -> String {
        switch group.type {
        case .world: return ["ar": "العالم", "en": "World", "es": "Mundo", "fr": "Monde", "ru": "Мир", "zh": "世界"][language.rawValue]!
        case .region: return reference.regions.first { $0.code == group.code }?.name[language] ?? group.code
        case .subregion: return reference.subregions.first { $0.code == group.code }?.name[language] ?? group.code
        case .development: return group.code == "514" ? "Developed (M49, 2020)" : "Developing (M49, 2020)"
        case .ldc: return "Least developed countries"
        case .lldc: return "Landlocked developing countries"
        case .sids: return "Small island developing States"
        case .custom: return custom.first { $0.id == group.code }?.displayLabel ?? group.code
        case .outside: return "Outside the population: \(population)"
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
        case "outside": return .outside
        default: return groups.first { $0.code == name }
        }
    }
}
