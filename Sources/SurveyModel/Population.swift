/// The population the statistics describe (pipeline file `population:`): the States every group's
/// frame counts (``GroupCatalog`` in SurveyAnalyze: `n_in_group`) and the only units counted in the
/// world, regional, development, LDC/LLDC/SIDS and custom groups. A unit from outside it is still
/// accepted, stored and explained (note `outside-population`) and published in the `outside` group
/// only.
public struct Population: Sendable, Equatable, CustomStringConvertible {
    /// How the pipeline file declares it.
    public enum Kind: Sendable, Equatable {
        /// `member_states` (the default): the 193 UN Member States of the reference data.
        case memberStates
        /// `member_and_observer_states`: the Member States and the two non-member observer States
        /// (Holy See, State of Palestine).
        case memberAndObserverStates
        /// `{label, source, countries}`: a list of ISO alpha-3 codes.
        case custom(label: String, source: String)
    }

    public var kind: Kind
    /// The ISO alpha-3 codes of the population's States.
    public var countries: Set<String>
    /// The year each State joined the population, where the reference dates it (a Member State's
    /// `member_since`); a State without one belongs in every round. Empty for a custom list, which
    /// is the analyst's as written.
    public var since: [String: Int]

    public init(kind: Kind, countries: Set<String>, since: [String: Int] = [:]) {
        self.kind = kind
        self.countries = countries
        self.since = since
    }

    /// The admission years of the Member States of `reference` that have one.
    static func admissions(_ reference: CountryReference) -> [String: Int] {
        var since: [String: Int] = [:]
        for country in reference.countries where country.unStatus == .member {
            if let year = country.memberSinceYear { since[country.iso3] = year }
        }
        return since
    }

    /// The UN Member States of `reference` (`un_status: member`).
    public static func memberStates(of reference: CountryReference) -> Population {
        Population(
            kind: .memberStates, countries: Set(reference.countries.filter { $0.unStatus == .member }.map(\.iso3)),
            since: admissions(reference))
    }

    /// The Member States and the non-member observer States of `reference`.
    public static func memberAndObserverStates(of reference: CountryReference) -> Population {
        Population(
            kind: .memberAndObserverStates,
            countries: Set(reference.countries.filter { $0.unStatus == .member || $0.unStatus == .observer }.map(\.iso3)),
            since: admissions(reference))
    }

    /// Whether the unit's country (ISO alpha-3) is in the population.
    public func contains(_ iso3: String) -> Bool { countries.contains(iso3) }

    /// Whether the State was in the population in `round`: in it, and admitted in or before the
    /// round's year (``year(of:)``). A round not named by a year takes the list as it is.
    public func contains(_ iso3: String, inRound round: String) -> Bool {
        guard countries.contains(iso3) else { return false }
        guard let admitted = since[iso3], let year = Self.year(of: round) else { return true }
        return admitted <= year
    }

    /// Whether some State of the population joined after the round's year: the round's frame is
    /// then smaller than the list's.
    public func isCurrent(inRound round: String) -> Bool {
        guard let year = Self.year(of: round) else { return true }
        return !since.values.contains { $0 > year }
    }

    /// The year a round is counted at: its id's leading four digits ("2026", "2026-Q1"), nil when
    /// it does not start with a year.
    public static func year(of round: String) -> Int? {
        let digits = round.prefix(4)
        guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// The key as the pipeline file writes it: `member_states`, `member_and_observer_states`,
    /// `custom`.
    public var code: String {
        switch kind {
        case .memberStates: return "member_states"
        case .memberAndObserverStates: return "member_and_observer_states"
        case .custom: return "custom"
        }
    }

    /// What the outputs and documents say the population is: "UN Member States (193)".
    public var description: String {
        switch kind {
        case .memberStates: return "UN Member States (\(countries.count))"
        case .memberAndObserverStates: return "UN Member States and non-member observer States (\(countries.count))"
        case .custom(let label, let source):
            return source.isEmpty ? "\(label) (\(countries.count))" : "\(label) (\(countries.count); source: \(source))"
        }
    }
}
