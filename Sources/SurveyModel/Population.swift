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

    public init(kind: Kind, countries: Set<String>) {
        self.kind = kind
        self.countries = countries
    }

    /// The UN Member States of `reference` (`un_status: member`).
    public static func memberStates(of reference: CountryReference) -> Population {
        Population(kind: .memberStates, countries: Set(reference.countries.filter { $0.unStatus == .member }.map(\.iso3)))
    }

    /// The Member States and the non-member observer States of `reference`.
    public static func memberAndObserverStates(of reference: CountryReference) -> Population {
        Population(
            kind: .memberAndObserverStates,
            countries: Set(reference.countries.filter { $0.unStatus == .member || $0.unStatus == .observer }.map(\.iso3)))
    }

    /// Whether the unit's country (ISO alpha-3) is in the population.
    public func contains(_ iso3: String) -> Bool { countries.contains(iso3) }

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
