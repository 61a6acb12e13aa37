public import SurveyModel

/// Resolves a name among a small set of named things (country groups: M49 regions and
/// sub-regions, development groups, custom groups) by the folded keys country names use
/// (``CountryKey``: case, accents, Arabic spellings, articles). A key two values share is
/// ambiguous; an unknown text gets the one clearly closest value (``Nearest``), if any.
public struct NameResolver: Sendable {
    public enum Resolution: Equatable, Sendable {
        case match(String)
        case ambiguous([String])
        /// Nothing of that name; `suggestion` is the value clearly closest, if one is.
        case unknown(suggestion: String?)
    }

    private var keys: [String: Set<String>] = [:]

    /// `entries`: each value with the names it is known by (codes included).
    public init(_ entries: [(value: String, names: [String])]) {
        for entry in entries {
            for name in entry.names {
                let key = CountryKey.make(name)
                guard !key.isEmpty else { continue }
                keys[key, default: []].insert(entry.value)
                if let bare = MatchKey.withoutLeadingArticle(key) { keys[bare, default: []].insert(entry.value) }
            }
        }
    }

    public func resolve(_ text: String) -> Resolution {
        let key = CountryKey.make(text)
        for candidate in [key, MatchKey.withoutLeadingArticle(key)].compactMap({ $0 }) {
            if let found = keys[candidate] {
                return found.count == 1 ? .match(found.first!) : .ambiguous(found.sorted())
            }
        }
        let candidates = keys.flatMap { key, values in values.map { (key: key, value: $0) } }
        return .unknown(suggestion: Nearest.value(for: key, among: candidates))
    }
}
