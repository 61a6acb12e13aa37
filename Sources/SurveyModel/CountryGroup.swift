import Foundation

/// Kinds of country group a statistic is computed for. Every output names a group by its
/// `group_type` and `group_code`.
public enum GroupType: String, Sendable, Codable, CaseIterable, Comparable {
    /// All responding countries of the population (``Population``): M49 `001`.
    case world
    /// An M49 region: `002` Africa, `019` Americas, `142` Asia, `150` Europe, `009` Oceania.
    case region
    /// An M49 sub-region (`202` Sub-Saharan Africa, `419` Latin America and the Caribbean …).
    case subregion
    /// Development status as last published in M49 (2020), coded as in the UN SDG database:
    /// `514` developed, `515` developing.
    case development
    /// Least developed countries: SDG database code `199`.
    case ldc
    /// Landlocked developing countries: SDG database code `432`.
    case lldc
    /// Small island developing States: SDG database code `722`.
    case sids
    /// A group declared in the pipeline file (`groups:`); its code is the group's id.
    case custom
    /// Units whose country is outside the pipeline's population (``Population``): one group, code
    /// `outside`. They are counted here and in no other group.
    case outside

    public static func < (lhs: GroupType, rhs: GroupType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A group of countries a statistic is computed for.
public struct CountryGroup: Sendable, Hashable, CustomStringConvertible {
    public var type: GroupType
    /// M49 code for the world, regions and sub-regions; SDG database code for the development
    /// groups; the declared id for a custom group.
    public var code: String

    public init(type: GroupType, code: String) {
        self.type = type
        self.code = code
    }

    public static let world = CountryGroup(type: .world, code: "001")
    public static let developed = CountryGroup(type: .development, code: "514")
    public static let developing = CountryGroup(type: .development, code: "515")
    public static let ldc = CountryGroup(type: .ldc, code: "199")
    public static let lldc = CountryGroup(type: .lldc, code: "432")
    public static let sids = CountryGroup(type: .sids, code: "722")
    /// Units outside the population (``GroupType/outside``).
    public static let outside = CountryGroup(type: .outside, code: "outside")

    /// `region:002`, as `legisurvey explain stat` accepts it.
    public var description: String { "\(type.rawValue):\(code)" }
}

/// A country group declared in the pipeline file (`groups:`).
public struct CustomGroup: Sendable, Equatable {
    /// How membership is decided.
    public enum Rule: Sendable, Equatable {
        /// A fixed list of ISO alpha-3 codes.
        case countries(Set<String>)
        /// Countries whose accepted submission for the round selected any of `options` for
        /// `question` (e.g. `ch3_instruments` ∋ `budapest`: parties to the Budapest Convention).
        /// Membership is decided per round, from that round's answer; a country that did not
        /// answer the question is not a member.
        case answer(question: String, options: Set<String>)
        /// Countries in any of the M49 areas (regions, sub-regions or intermediate regions by
        /// their three-digit codes, e.g. `142` and `009` for "Asia and Oceania").
        case areas(Set<String>)
    }

    /// The group's code in every output: letters, digits and `_`, not all digits (so it never
    /// collides with an M49 or SDG code).
    public var id: String
    /// The label as the pipeline file writes it; outputs show ``displayLabel``.
    public var label: String
    public var rule: Rule
    /// Where a list of countries comes from (a list file's `source:`; optional inline), and the
    /// date it describes (ISO `as_of:`).
    public var source: String?
    public var asOf: String?
    /// The answer-defined group a list group is compared with (`compare_with:`), State by State,
    /// in `group_comparison.csv` and the report's appendix (``GroupComparison``). Only on a group
    /// with a fixed list of countries; nil otherwise.
    public var compareWith: String?

    public init(
        id: String, label: String, rule: Rule, source: String? = nil, asOf: String? = nil, compareWith: String? = nil
    ) {
        self.id = id
        self.label = label
        self.rule = rule
        self.source = source
        self.asOf = asOf
        self.compareWith = compareWith
    }

    /// The name every output shows, derived from the rule so that no pipeline file can leave it
    /// out: a group defined by an answer is marked self-declared, naming the question
    /// ("… — self-declared (ch3_instruments)"; a label that already says "as answered" gets
    /// "self-declared: " in front of that phrase instead of a second marker); a list with a source
    /// or date names them ("… (Council of Europe treaty office, as of 2026-06-01)").
    /// English, as the labels of custom groups are.
    public var displayLabel: String {
        switch rule {
        case .answer(let question, _):
            if label.range(of: "self-declared", options: .caseInsensitive) != nil { return label }
            if let phrase = label.range(of: "as answered", options: .caseInsensitive) {
                return label.replacingCharacters(in: phrase, with: "self-declared: " + label[phrase])
            }
            return "\(label) — self-declared (\(question))"
        case .countries, .areas:
            let provenance = [source, asOf.map { "as of \($0)" }].compactMap { $0 }
            return provenance.isEmpty ? label : "\(label) (\(provenance.joined(separator: ", ")))"
        }
    }
}
