import Foundation
import SurveyModel

/// Resolves a country written as ISO alpha-3, alpha-2, M49 code or a name in any of the six
/// languages. A name that fits two countries is reported as ambiguous, never guessed.
struct CountryResolver: Sendable {
    enum Resolution: Equatable {
        case country(String)
        case unknown
        case ambiguous([String])
    }

    /// Codes: exact ISO alpha-3, alpha-2 (upper-cased) and M49 (padded to three digits).
    private var codes: [String: String] = [:]
    /// The ISO alpha-2 codes, upper-cased.
    private var alpha2: Set<String> = []
    /// Names as written (articles dropped, parenthetical qualifiers kept) → countries.
    private var names: [String: Set<String>] = [:]
    /// Names with every parenthetical removed ("Virgin Islands") → countries; looked up last.
    private var shortNames: [String: Set<String>] = [:]
    /// Texts already resolved, as written: a batch names each country the same way many times
    /// (one lookup instead of folding the name again). Shared by the workers, bounded.
    private let memo = Memo()

    private final class Memo: @unchecked Sendable {
        private let lock = NSLock()
        private var resolved: [String: Resolution] = [:]

        func value(_ text: String) -> Resolution? {
            lock.lock()
            defer { lock.unlock() }
            return resolved[text]
        }

        func remember(_ text: String, _ resolution: Resolution) {
            lock.lock()
            defer { lock.unlock() }
            if resolved.count < 4096 { resolved[text] = resolution }
        }
    }

    init(reference: CountryReference) {
        for country in reference.countries {
            codes[country.iso3.uppercased()] = country.iso3
            codes[country.iso2.uppercased()] = country.iso3
            alpha2.insert(country.iso2.uppercased())
            codes[country.m49] = country.iso3
            var spellings: [String] = country.aliases
            spellings += country.name.values.values
            spellings += country.formalName.values.values
            spellings.append(country.iso3)
            for spelling in spellings {
                for key in Self.fullKeys(spelling) {
                    names[key, default: []].insert(country.iso3)
                    // "the Federative Republic of Brazil" is also typed without its article.
                    if let bare = MatchKey.withoutLeadingArticle(key) { names[bare, default: []].insert(country.iso3) }
                }
                let short = MatchKey.make(Self.removingParentheticals(Self.cleaned(spelling)))
                if !short.isEmpty { shortNames[short, default: []].insert(country.iso3) }
            }
        }
    }

    /// Whether a text (trimmed) is an ISO alpha-2 code, in any case.
    func isAlpha2Code(_ text: String) -> Bool {
        text.utf8.count == 2 && alpha2.contains(text.uppercased())
    }

    func resolve(_ text: String) -> Resolution {
        if let known = memo.value(text) { return known }
        let resolution = resolveAnew(text)
        memo.remember(text, resolution)
        return resolution
    }

    private func resolveAnew(_ text: String) -> Resolution {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .unknown }
        if let iso3 = codes[trimmed.uppercased()] { return .country(iso3) }
        if trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber), trimmed.count < 3,
            let iso3 = codes[String(repeating: "0", count: 3 - trimmed.count) + trimmed]
        {
            return .country(iso3)
        }
        let keys = Self.fullKeys(trimmed) + [MatchKey.make(Self.cleaned(trimmed))]
        let candidates = keys + keys.compactMap(MatchKey.withoutLeadingArticle)
        for candidate in candidates {
            if let found = names[candidate] { return Self.resolution(found) }
        }
        let short = MatchKey.make(Self.removingParentheticals(Self.cleaned(trimmed)))
        for candidate in [short, MatchKey.withoutLeadingArticle(short)].compactMap({ $0 }) {
            if let found = shortNames[candidate] { return Self.resolution(found) }
        }
        return .unknown
    }

    private static func resolution(_ found: Set<String>) -> Resolution {
        found.count == 1 ? .country(found.first!) : .ambiguous(found.sorted())
    }

    /// UNTERM marks some names with a trailing " *"; drop it.
    static func cleaned(_ name: String) -> String {
        var text = name.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("*") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        return text
    }

    /// Articles UNTERM writes in parentheses after a short name.
    private static let articles: Set<String> = ["the", "le", "la", "l", "les", "el", "los", "las"]

    /// The keys a name is known by: articles in parentheses dropped; other parentheticals both
    /// kept in place ("Bolivia Plurinational State of") and moved to the front
    /// ("Plurinational State of Bolivia").
    static func fullKeys(_ name: String) -> [String] {
        let text = cleaned(name)
        var base = ""
        var qualifiers: [String] = []
        var depth = 0
        var inner = ""
        for character in text {
            switch character {
            case "(", "（", "[":
                depth += 1
                if depth == 1 { inner = "" } else { inner.append(character) }
            case ")", "）", "]":
                if depth == 1 {
                    let content = inner.trimmingCharacters(in: .whitespaces)
                    if !articles.contains(MatchKey.make(content)) && !content.hasSuffix(".") { qualifiers.append(content) }
                } else if depth > 1 {
                    inner.append(character)
                }
                depth = max(0, depth - 1)
            default:
                if depth > 0 { inner.append(character) } else { base.append(character) }
            }
        }
        var keys: [String] = []
        let plain = MatchKey.make(base)
        if qualifiers.isEmpty {
            keys.append(plain)
        } else {
            let joined = qualifiers.joined(separator: " ")
            keys.append(MatchKey.make(base + " " + joined))
            keys.append(MatchKey.make(joined + " " + base))
        }
        return keys.filter { !$0.isEmpty }
    }

    static func removingParentheticals(_ text: String) -> String {
        var result = ""
        var depth = 0
        for character in text {
            switch character {
            case "(", "（", "[": depth += 1
            case ")", "）", "]": depth = max(0, depth - 1)
            default: if depth == 0 { result.append(character) }
            }
        }
        return result
    }
}
