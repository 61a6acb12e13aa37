// Restricted answers (issue 26, docs/restricted.md): answers a State asked not to publish. Three
// sources mark them, all kept apart from the values (the store holds every value as sent):
// - the questionnaire: an item declared `public: false` (every State's answer to it);
// - the sender: the `restricted` field of a submission (a CSV column, an XML element, an XForm
//   field): `all` for the whole submission, else the item ids it lists;
// - the restrictions file (`restrictions:` in the pipeline file, `Pipelines/restrictions.yml`).
// A restricted value never appears individually in a public output, and counts in a group figure
// only where at least `restricted_minimum_states` States of the group answered the item.
// Vocabulary only: the file's loader is SurveyDefinitions', the masking SurveyAnalyze's.

/// Where a restriction comes from.
public enum RestrictionOrigin: String, Sendable, Equatable, CaseIterable {
    /// The questionnaire declares the item not public (`public: false`).
    case questionnaire
    /// The submission's own `restricted` field.
    case sender
    /// An entry of the restrictions file.
    case file
}

/// One restriction of the restrictions file, as checked by its loader.
public struct RestrictionEntry: Sendable, Equatable {
    /// ISO alpha-3.
    public var country: String
    public var round: String
    /// The respondent key (pipelines with several respondents per country); nil: every
    /// respondent of the country.
    public var respondent: String?
    /// An item id of the round's questionnaire (a question or a repeat group), or
    /// ``RestrictionEntry/everything`` for the whole submission.
    public var item: String
    public var reason: String
    public var source: String
    public var date: String
    /// The file (as the pipeline names it) and the entry's line.
    public var file: String
    public var line: Int

    /// The item written for a whole submission: `all`.
    public static let everything = "all"

    public init(
        country: String, round: String, respondent: String? = nil, item: String, reason: String, source: String, date: String,
        file: String, line: Int
    ) {
        self.country = country
        self.round = round
        self.respondent = respondent
        self.item = item
        self.reason = reason
        self.source = source
        self.date = date
        self.file = file
        self.line = line
    }
}

/// A sender's `restricted` field, read: the whole submission, or the items listed.
public enum SenderRestriction: Sendable, Equatable, Codable {
    case everything
    case items([String])

    /// The stored form: `*` for everything, else the item ids separated by spaces (in the order
    /// written, without duplicates).
    public var stored: String {
        switch self {
        case .everything: return "*"
        case .items(let ids): return ids.joined(separator: " ")
        }
    }

    /// Reads the stored form back; nil for an empty text.
    public init?(stored: String?) {
        guard let stored, !stored.isEmpty else { return nil }
        if stored == "*" {
            self = .everything
        } else {
            self = .items(stored.split(separator: " ").map(String.init))
        }
    }
}

/// Every restricted answer of the store, decided from the three sources: which items of which
/// unit (country, or country/respondent) in which round are not public.
public struct RestrictionSet: Sendable, Equatable {
    /// Items no State's answer is published for, by round (the round's questionnaire's
    /// `public: false` items; repeat groups included).
    public var itemsByRound: [String: Set<String>] = [:]
    /// Per round and unit key: `nil` entry absent; ``Scope/everything`` or the items.
    public var units: [String: [String: Scope]] = [:]
    /// The origin of each unit's restriction, for the internal edition and `restrictions.csv`.
    public var origins: [String: [String: Set<RestrictionOrigin>]] = [:]
    /// The least number of States of a group that answered an item for a group figure to count
    /// restricted answers to it (`restricted_minimum_states`).
    public var minimumStates: Int

    public enum Scope: Sendable, Equatable {
        case everything
        case items(Set<String>)

        func union(_ other: Scope) -> Scope {
            switch (self, other) {
            case (.everything, _), (_, .everything): return .everything
            case (.items(let a), .items(let b)): return .items(a.union(b))
            }
        }

        func contains(_ item: String) -> Bool {
            switch self {
            case .everything: return true
            case .items(let items): return items.contains(item)
            }
        }
    }

    public init(minimumStates: Int = 5) { self.minimumStates = minimumStates }

    /// Whether nothing is restricted: every output is then as without restrictions.
    public var isEmpty: Bool { itemsByRound.values.allSatisfy(\.isEmpty) && units.values.allSatisfy(\.isEmpty) }

    /// Adds a restriction of `unit`'s answers in `round`.
    public mutating func restrict(round: String, unit: String, _ scope: Scope, origin: RestrictionOrigin) {
        units[round, default: [:]][unit] = units[round]?[unit].map { $0.union(scope) } ?? scope
        origins[round, default: [:]][unit, default: []].insert(origin)
    }

    /// Whether `unit`'s answer to `item` (a question id or a repeat group id) in `round` is
    /// restricted.
    public func isRestricted(round: String, unit: String, item: String) -> Bool {
        if itemsByRound[round]?.contains(item) == true { return true }
        return units[round]?[unit]?.contains(item) == true
    }

    /// Whether any answer of `unit` in `round` may be restricted (a fast test before the items).
    public func restrictsAnything(round: String, unit: String) -> Bool {
        itemsByRound[round]?.isEmpty == false || units[round]?[unit] != nil
    }

    /// The restricted items of `unit` in `round` among `items` (in their order).
    public func restrictedItems(round: String, unit: String, among items: [String]) -> [String] {
        guard restrictsAnything(round: round, unit: unit) else { return [] }
        return items.filter { isRestricted(round: round, unit: unit, item: $0) }
    }
}

extension RestrictionSet {
    /// What the team's working files write instead of a restricted value.
    public static let marker = "restricted"

    /// Whether `item` (a question id, a repeat group id, or a repeat path such as
    /// `laws[2]/year_adopted`) of `country` is restricted in some round, for some of its units;
    /// with no country, for anyone. Conservative on purpose: the working files say "restricted"
    /// wherever the value might be one.
    public func mayRestrict(country: String?, item: String) -> Bool {
        var candidates = [item]
        if let path = RepeatPath(parsing: String(item.split(separator: "/").dropLast().joined(separator: "/"))) {
            candidates += path.groupPath
            if let last = path.groupPath.last, let question = item.split(separator: "/").last { candidates.append("\(last)/\(question)") }
        } else if let bracket = item.firstIndex(of: "[") {
            candidates.append(String(item[..<bracket]))
        }
        for items in itemsByRound.values where candidates.contains(where: items.contains) { return true }
        for (_, byUnit) in units {
            for (unit, scope) in byUnit where country == nil || SurveyUnit.country(of: unit) == country {
                if candidates.contains(where: scope.contains) { return true }
            }
        }
        return false
    }
}
