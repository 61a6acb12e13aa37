import Foundation
public import SurveyModel

/// Resolves a country written as ISO alpha-3, alpha-2, M49 code or a name in any of the six
/// languages, as submissions and every command's country argument accept it (one resolver).
///
/// Names are matched by keys (``CountryKey``), in tiers tried in order; the first tier that knows
/// the key decides:
/// 1. the reference's names, formal names and aliases as written (UNTERM articles dropped,
///    parenthetical qualifiers kept in place or moved to the front), and inverted forms typed
///    with a comma ("Corée, République de" → "République de Corée");
/// 2. the same names with every parenthetical removed ("Virgin Islands");
/// 3. short forms the formal names imply: the formal name less its form of government
///    ("République islamique d'Iran" → "Iran", "Republic of Korea" → "Korea");
/// 4. looser keys of all of these (no spaces or connecting words, doubled letters once, x/j, y/i,
///    ph/f, k/c, z/s in Latin script; Arabic long vowels and a final teh marbuta);
/// 5. the text less its own form of government, acronyms, the beginning of a name (one word of
///    one country's names only, or two words or more), a qualifier naming the same country;
/// 6. a compass word, read through the names that carry it ("كوريا الجنوبية" as "South Korea").
///
/// The wrong-match guard: a key that several countries share in its tier is `ambiguous`, never
/// guessed ("Korea": KOR and PRK). Edit distance never resolves a country: ``suggestion(for:)``
/// only proposes one, after resolution failed.
public struct CountryResolver: Sendable {
    public enum Resolution: Equatable, Sendable {
        case country(String)
        case unknown
        case ambiguous([String])
    }

    /// Codes: exact ISO alpha-3, alpha-2 (upper-cased) and M49 (padded to three digits).
    private var codes: [String: String] = [:]
    /// The ISO alpha-2 codes, upper-cased.
    private var alpha2: Set<String> = []
    /// The names in every language, folded into the key tiers: made when a text that is not a
    /// code is first resolved (folding every name of every country takes a tenth of a second),
    /// or ahead of it on another thread (``prepareInBackground()``: a run, whose set-up leaves a
    /// core free; a batch whose countries are all codes then spends that tenth on it for nothing).
    private let tiers: LazyTiers
    /// English short names without UNTERM's article, for suggestions and messages.
    private var englishNames: [String: String] = [:]
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

    public init(reference: CountryReference) {
        for country in reference.countries {
            codes[country.iso3.uppercased()] = country.iso3
            codes[country.iso2.uppercased()] = country.iso3
            alpha2.insert(country.iso2.uppercased())
            codes[country.m49] = country.iso3
            englishNames[country.iso3] = Self.withoutArticle(country.name[.en] ?? country.iso3)
        }
        tiers = LazyTiers(reference)
    }

    /// The key tiers, in lookup order (see the type's documentation).
    struct Tiers: Sendable {
        /// The key tiers, in lookup order (see the type's documentation).
        var names: [String: Set<String>] = [:]
        var shortNames: [String: Set<String>] = [:]
        var impliedShortForms: [String: Set<String>] = [:]
        var looseNames: [String: Set<String>] = [:]
        /// Acronyms of names and formal names ("ОАЭ", "DRC"), for a text written as one upper-case word.
        var acronyms: [String: Set<String>] = [:]
        /// Names and formal names of two words or more, by key, for a text that is the beginning of
        /// exactly one of them ("United States" of "United States of America").
        var longNames: [(key: String, iso3: String)] = []
        /// The first word of those names (``CountryKey/light(_:)``), not a connecting word, a form of
        /// government or a compass word, for a text of one word that begins exactly one country's
        /// name ("بروناي" of "بروني دار السلام").
        var firstWords: [String: Set<String>] = [:]
        /// Names with one compass word ("South Korea", "Corée du Sud", "جنوب السودان"): the direction,
        /// what the rest of the name resolves to (KOR/PRK ambiguous for "Korea"), and the country.
        var directional: [(direction: String, base: Resolution, iso3: String)] = []

        init() {}

        /// Every spelling's full keys (``CountryResolver/fullKeys(_:)``), kept for
        /// ``CountryResolver/makeTiers(_:)``'s compass words and emptied there.
        var fullKeysOfSpellings: [String: [String]] = [:]

        /// What one country adds to the tiers: its keys, made apart from every other country's.
        struct CountryKeys: Sendable {
            var names: [String] = []
            var shortNames: [String] = []
            var acronyms: [String] = []
            var longNames: [String] = []
            var impliedShortForms: [String] = []
            var fullKeys: [(spelling: String, keys: [String])] = []

            init(_ country: Country) {
                var spellings: [String] = country.aliases
                spellings += country.name.values.values
                spellings += country.formalName.values.values
                spellings.append(country.iso3)
                var known: [String: [String]] = [:]
                for spelling in spellings {
                    let full = known[spelling] ?? CountryResolver.fullKeys(spelling)
                    if known[spelling] == nil {
                        known[spelling] = full
                        fullKeys.append((spelling, full))
                    }
                    for key in full {
                        names.append(key)
                        // "the Federative Republic of Brazil" is also typed without its article.
                        if let bare = MatchKey.withoutLeadingArticle(key) { names.append(bare) }
                    }
                    let short = CountryKey.make(CountryResolver.removingParentheticals(CountryResolver.cleaned(spelling)))
                    if !short.isEmpty { shortNames.append(short) }
                }
                for formal in Array(country.formalName.values.values) + country.name.values.values {
                    for key in known[formal] ?? CountryResolver.fullKeys(formal) {
                        let bare = MatchKey.withoutLeadingArticle(key) ?? key
                        if let acronym = CountryKey.initials(bare) { acronyms.append(acronym) }
                        if bare.contains(" ") { longNames.append(bare) }
                        if let implied = CountryKey.shortForm(ofFormal: key) { impliedShortForms.append(implied) }
                    }
                }
            }
        }

        /// Every tier but ``directional``, which ``CountryResolver/makeTiers(_:)`` adds. Folding
        /// every spelling of every country is most of it (a tenth of a second that a run's workers
        /// wait for before the first name): each country's keys, then each key's loose form, are
        /// made on every core and put in the tiers in the reference's order.
        init(_ reference: CountryReference) {
            let countries = reference.countries
            let made = ConcurrentResults.compute(count: countries.count) { CountryKeys(countries[$0]) }
            for (index, keys) in made.enumerated() {
                let iso3 = countries[index].iso3
                for key in keys.names { names[key, default: []].insert(iso3) }
                for key in keys.shortNames { shortNames[key, default: []].insert(iso3) }
                for key in keys.acronyms { acronyms[key, default: []].insert(iso3) }
                for key in keys.longNames { longNames.append((key, iso3)) }
                for key in keys.impliedShortForms { impliedShortForms[key, default: []].insert(iso3) }
                for (spelling, full) in keys.fullKeys { fullKeysOfSpellings[spelling] = full }
            }
            let keyed = [names, shortNames, impliedShortForms].flatMap { tier in tier.map { (key: $0.key, countries: $0.value) } }
            let loose = ConcurrentResults.compute(count: keyed.count) { CountryKey.loose(keyed[$0].key) }
            for (index, key) in loose.enumerated() where !key.isEmpty {
                looseNames[key, default: []].formUnion(keyed[index].countries)
            }
            for (key, iso3) in longNames {
                guard let first = key.split(separator: " ").first.map(String.init), !CountryKey.connectors.contains(first),
                    !CountryKey.governmentWords.contains(first), CountryKey.directionWords[first] == nil
                else { continue }
                firstWords[CountryKey.light(first), default: []].insert(iso3)
            }
        }
    }

    /// The tiers, made once by the first caller that needs them; the others wait for it.
    private final class LazyTiers: @unchecked Sendable {
        private let lock = NSLock()
        private var reference: CountryReference?
        private var made: Tiers?
        /// How many times the tiers were made or taken from ``Recent`` (for tests: once).
        private(set) var builds = 0

        init(_ reference: CountryReference) { self.reference = reference }

        func get(_ resolver: CountryResolver) -> Tiers {
            lock.lock()
            defer { lock.unlock() }
            if let made { return made }
            let spellings = Spellings(reference!)
            let tiers = Recent.shared.tiers(for: spellings) ?? resolver.makeTiers(reference!)
            Recent.shared.keep(tiers, for: spellings)
            made = tiers
            builds += 1
            reference = nil
            return tiers
        }

        var madeCount: Int {
            lock.lock()
            defer { lock.unlock() }
            return builds
        }
    }

    /// What the tiers are made of: each country's code, names, formal names and aliases.
    private struct Spellings: Equatable {
        struct Entry: Equatable {
            var iso3: String
            var name: LocalizedText
            var formalName: LocalizedText
            var aliases: [String]
        }
        var entries: [Entry]

        init(_ reference: CountryReference) {
            entries = reference.countries.map { Entry(iso3: $0.iso3, name: $0.name, formalName: $0.formalName, aliases: $0.aliases) }
        }
    }

    /// The last tiers made in this process and what they were made of: resolvers made for the
    /// same reference data again (each run of a process that runs the pipeline more than once,
    /// the tests' hundreds) take them instead of folding every name again. One entry, so a
    /// process never holds more than one reference's tiers beside its own.
    private final class Recent: @unchecked Sendable {
        static let shared = Recent()
        private let lock = NSLock()
        private var spellings: Spellings?
        private var tiers: Tiers?

        func tiers(for spellings: Spellings) -> Tiers? {
            lock.lock()
            defer { lock.unlock() }
            return self.spellings == spellings ? tiers : nil
        }

        func keep(_ tiers: Tiers, for spellings: Spellings) {
            lock.lock()
            defer { lock.unlock() }
            self.spellings = spellings
            self.tiers = tiers
        }
    }

    /// Every tier, then what the rest of a directional name resolves to, through the tiers made
    /// before it (as the resolver resolves it).
    private func makeTiers(_ reference: CountryReference) -> Tiers {
        var tiers = Tiers(reference)
        var directional: [(direction: String, base: Resolution, iso3: String)] = []
        for country in reference.countries {
            let spellings = country.aliases + country.name.values.values + country.formalName.values.values
            for spelling in spellings {
                for key in tiers.fullKeysOfSpellings[spelling] ?? Self.fullKeys(spelling) {
                    guard let (direction, base) = CountryKey.direction(of: key) else { continue }
                    let resolution = resolve(base, tiers: tiers)
                    if resolution != .unknown { directional.append((direction, resolution, country.iso3)) }
                }
            }
        }
        tiers.directional = directional
        tiers.fullKeysOfSpellings = [:]
        return tiers
    }

    /// Starts making the name tiers on another thread, so that the first name resolved does not
    /// wait for them (a tenth of a second, which a run otherwise spent on one worker while the
    /// other waited): for a caller with a moment of other work first (a run opening its store).
    /// The resolver's copies share the tiers; callers that need them meanwhile wait for these.
    public func prepareInBackground() {
        let resolver = self
        DispatchQueue.global(qos: .userInitiated).async { _ = resolver.tiers.get(resolver) }
    }

    /// How many times this resolver's tiers (shared by its copies) were made: 0 or 1.
    var tiersMade: Int { tiers.madeCount }

    /// Whether a text (trimmed) is an ISO alpha-2 code, in any case.
    public func isAlpha2Code(_ text: String) -> Bool {
        text.utf8.count == 2 && alpha2.contains(text.uppercased())
    }

    /// The English short name of a reference country, without UNTERM's article ("Netherlands",
    /// not "Netherlands (the)").
    public func englishName(_ iso3: String) -> String? { englishNames[iso3] }

    public func resolve(_ text: String) -> Resolution {
        if let known = memo.value(text) { return known }
        let resolution = resolveCode(text) ?? resolveAnew(text, tiers: tiers.get(self))
        memo.remember(text, resolution)
        return resolution
    }

    /// ``resolve(_:)`` with the given tiers (while they are being made).
    private func resolve(_ text: String, tiers: Tiers) -> Resolution {
        if let known = memo.value(text) { return known }
        let resolution = resolveCode(text) ?? resolveAnew(text, tiers: tiers)
        memo.remember(text, resolution)
        return resolution
    }

    /// A code (alpha-3, alpha-2, M49), or nothing to look up (`unknown`); nil for a name.
    private func resolveCode(_ text: String) -> Resolution? {
        let trimmed = text.trimmingWhitespace(newlines: true)
        guard !trimmed.isEmpty else { return .unknown }
        if let iso3 = codes[trimmed.uppercased()] { return .country(iso3) }
        if trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber), trimmed.count < 3,
            let iso3 = codes[String(repeating: "0", count: 3 - trimmed.count) + trimmed]
        {
            return .country(iso3)
        }
        return nil
    }

    private func resolveAnew(_ text: String, tiers: Tiers) -> Resolution {
        let trimmed = text.trimmingWhitespace(newlines: true)
        let names = tiers.names, shortNames = tiers.shortNames, impliedShortForms = tiers.impliedShortForms
        let looseNames = tiers.looseNames, acronyms = tiers.acronyms, longNames = tiers.longNames
        let firstWords = tiers.firstWords, directional = tiers.directional
        let written = [trimmed] + Self.uninverted(trimmed)
        var keys: [String] = []
        for form in written {
            keys += Self.fullKeys(form) + [CountryKey.make(Self.cleaned(form))]
        }
        keys += keys.compactMap(MatchKey.withoutLeadingArticle)
        for key in keys {
            if let found = names[key] { return Self.resolution(found) }
        }
        // A qualifier the sender wrote ("Congo (Kinshasa)") is never dropped: only names written
        // without one are looked up among the reference's names less theirs.
        let shortKeys = written.filter { Self.fullKeys($0).count == 1 }.map {
            CountryKey.make(Self.removingParentheticals(Self.cleaned($0)))
        }
        for key in shortKeys + shortKeys.compactMap(MatchKey.withoutLeadingArticle) {
            if let found = shortNames[key] { return Self.resolution(found) }
        }
        for key in keys {
            if let found = impliedShortForms[key] { return Self.resolution(found) }
        }
        for key in keys + shortKeys {
            if let found = looseNames[CountryKey.loose(key)] { return Self.resolution(found) }
        }
        // Last, the text less its own form of government ("Republic of Guyana" → "Guyana"): every
        // country any tier gives that short form counts, so "République démocratique populaire
        // de Corée" → "Corée" is ambiguous (two formal names imply it), never a guess.
        var implied: Set<String> = []
        for key in keys {
            guard let short = CountryKey.shortForm(ofFormal: key) else { continue }
            for tier in [names, shortNames, impliedShortForms] { implied.formUnion(tier[short] ?? []) }
            implied.formUnion(looseNames[CountryKey.loose(short)] ?? [])
            if !implied.isEmpty { return Self.resolution(implied) }
        }
        // An acronym written in capitals ("ОАЭ", "RDC").
        if !trimmed.contains(" "), trimmed.count >= 3, trimmed == trimmed.uppercased(), trimmed != trimmed.lowercased(),
            let found = acronyms[trimmed.replacingOccurrences(of: ".", with: "")]
        {
            return Self.resolution(found)
        }
        // The beginning of names, at a word boundary, two words or more: every country one of
        // whose names begins so counts ("United States" → USA; "Republic of" → ambiguous).
        for key in keys where key.contains(" ") {
            let found = Set(longNames.filter { $0.key.hasPrefix(key + " ") }.map(\.iso3))
            if !found.isEmpty { return Self.resolution(found) }
        }
        // One word of four letters or more that is the first word of names of one country only
        // ("بروناي" for "بروني دار السلام", an alef inside the word not counted).
        for key in keys where !key.contains(" ") && key.count >= 4 {
            if let found = firstWords[CountryKey.light(key)] { return Self.resolution(found) }
        }
        // A name with a qualifier in parentheses or after a dash that names the same country
        // ("Myanmar (Birmanie)", "Мьянма (Бирма)"): both parts must resolve, to one country.
        if let (base, qualifier) = Self.qualified(trimmed), case .country(let iso3) = resolve(base, tiers: tiers),
            resolve(qualifier, tiers: tiers) == .country(iso3)
        {
            return .country(iso3)
        }
        // A name with a compass word ("كوريا الجنوبية", "Korea South"): the countries whose own
        // names put the same compass word on a rest that resolves as this text's rest does
        // ("South Korea", "Corée du Sud": the rest "Korea" is KOR/PRK ambiguous both times).
        // North and South stay apart; a rest nothing resolves, or no such name, decides nothing.
        for key in keys {
            guard let (direction, base) = CountryKey.direction(of: key) else { continue }
            let rest = resolve(base, tiers: tiers)
            guard rest != .unknown else { continue }
            let found = Set(directional.filter { $0.direction == direction && $0.base == rest }.map(\.iso3))
            if !found.isEmpty { return Self.resolution(found) }
        }
        return .unknown
    }

    /// The one country a text that resolved to nothing most likely meant (``Nearest`` over every
    /// key of every country and territory, all languages): nil when none is clearly closest. Only
    /// for messages: it never resolves a submission's country.
    public func suggestion(for text: String) -> Suggestion? {
        let key = CountryKey.make(Self.cleaned(text.trimmingWhitespace(newlines: true)))
        guard key.unicodeScalars.count >= 4 else { return nil }
        var candidates: [(key: String, value: String)] = []
        let tiers = self.tiers.get(self)
        for tier in [tiers.names, tiers.shortNames, tiers.impliedShortForms] {
            for (name, countries) in tier {
                for iso3 in countries { candidates.append((name, iso3)) }
            }
        }
        let target = MatchKey.withoutLeadingArticle(key) ?? key
        guard let iso3 = Nearest.value(for: target, among: candidates) else { return nil }
        return Suggestion(.country, iso3, label: englishNames[iso3] ?? iso3)
    }

    private static func resolution(_ found: Set<String>) -> Resolution {
        found.count == 1 ? .country(found.first!) : .ambiguous(found.sorted())
    }

    /// An inverted official form put back in order: "Corée, République de" → "République de
    /// Corée", "Congo, The Democratic Republic of the" → "The Democratic Republic of the Congo"
    /// (one comma, Latin or Arabic). Empty when the text has no single comma.
    static func uninverted(_ text: String) -> [String] {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == "،" || $0 == "，" }).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return [] }
        // "Iran, République islamique d'" → "République islamique d'Iran".
        let joiner = parts[1].hasSuffix("'") || parts[1].hasSuffix("’") ? "" : " "
        return [parts[1] + joiner + parts[0]]
    }

    /// "Base (qualifier)" or "Base - qualifier", split; nil for any other text.
    static func qualified(_ text: String) -> (String, String)? {
        if text.hasSuffix(")") || text.hasSuffix("）"), let open = text.lastIndex(where: { $0 == "(" || $0 == "（" }) {
            let base = text[..<open].trimmingCharacters(in: .whitespaces)
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingCharacters(in: .whitespaces)
            return base.isEmpty || inner.isEmpty ? nil : (base, inner)
        }
        if let range = text.range(of: " - ") {
            let base = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let rest = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            return base.isEmpty || rest.isEmpty ? nil : (base, rest)
        }
        return nil
    }

    /// UNTERM marks some names with a trailing " *"; drop it.
    static func cleaned(_ name: String) -> String {
        var text = name.trimmingWhitespace()
        while text.hasSuffix("*") { text = text.dropLast().trimmingWhitespace() }
        return text
    }

    /// Articles UNTERM writes in parentheses after a short name.
    private static let articles: Set<String> = ["the", "le", "la", "l", "les", "el", "los", "las"]

    /// A name without UNTERM's article in parentheses ("Netherlands (Kingdom of the)" stays).
    static func withoutArticle(_ name: String) -> String {
        let text = cleaned(name)
        guard let open = text.lastIndex(of: "("), text.hasSuffix(")") else { return text }
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard articles.contains(MatchKey.make(String(inner))) else { return text }
        return text[..<open].trimmingCharacters(in: .whitespaces)
    }

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
        let plain = CountryKey.make(base)
        if qualifiers.isEmpty {
            keys.append(plain)
        } else {
            let joined = qualifiers.joined(separator: " ")
            keys.append(CountryKey.make(base + " " + joined))
            keys.append(CountryKey.make(joined + " " + base))
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
