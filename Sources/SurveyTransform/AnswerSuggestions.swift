public import SurveyModel

// What the transform makes of an answer that matched no option exactly or once folded (issue 24):
// a partial label, several options joined by a separator the reader does not split on, or a
// suggestion. None of this runs for an answer that matched: the exact and folded paths come first.
// docs/matching.md says how answers are matched, with the thresholds.

/// Votes for the language a sender wrote in: one per option label or question label read that is
/// one language's only (a label shared by several languages, "No" in English and Spanish, and a
/// code vote for none).
public struct LanguageVotes: Sendable, Equatable {
    /// Votes by position in `Language.allCases`.
    public private(set) var counts = SIMD8<Int32>()

    public init() {}

    /// A language's bit in a set of languages.
    static func bit(_ language: Language) -> UInt8 {
        UInt8(1) << UInt8(Language.allCases.firstIndex(of: language)!)
    }

    /// Counts a label read whose text is the label of the languages in `languages` (bits): a vote
    /// when it is exactly one language's.
    @inline(__always) mutating func add(_ languages: Int) {
        if languages != 0 && languages & (languages - 1) == 0 { counts[languages.trailingZeroBitCount] &+= 1 }
    }

    mutating func add(_ languages: UInt8) { add(Int(languages)) }

    public mutating func add(_ language: Language) { add(Self.bit(language)) }

    public static func += (lhs: inout LanguageVotes, rhs: LanguageVotes) { lhs.counts &+= rhs.counts }

    /// The counts a byte each (`MatchedValue.votes`); nil when one passes 255.
    var packed: UInt64? {
        var packed: UInt64 = 0
        for lane in 0..<8 {
            let count = counts[lane]
            guard count >= 0, count <= 255 else { return nil }
            packed |= UInt64(count) << UInt64(8 * lane)
        }
        return packed
    }

    /// Adds counts packed a byte each (``packed``).
    mutating func add(packed: UInt64) {
        guard packed != 0 else { return }
        for lane in 0..<8 { counts[lane] &+= Int32((packed >> UInt64(8 * lane)) & 0xFF) }
    }

    /// The language with clearly the most votes: at least one, and at least twice as many as any
    /// other language; nil otherwise (no votes, or two languages close).
    public var leader: Language? {
        var best = -1
        for index in 0..<Language.allCases.count where best < 0 || counts[index] > counts[best] { best = index }
        let top = counts[best]
        guard top > 0 else { return nil }
        for index in 0..<Language.allCases.count where index != best && counts[index] * 2 > top { return nil }
        return Language.allCases[best]
    }
}

extension ChoiceMatcher {
    /// The fewest letters or digits a partial label must hold (a CJK ideograph counts two):
    /// shorter texts ("No", "Conv", "de la") name too little to stand for one option.
    static let partialMinimum = 5
    /// The fewest characters of a word written shortened ("Conv." for "Convenio").
    static let abbreviatedWordMinimum = 3

    /// A partial label: the option whose label (in any language, folded) has the text's words as
    /// a run of its own words, each written whole or shortened to its first 3 characters or more
    /// ("Convenio de Budapest", "Conv. de Budapest", "Projet" for "Projet uniquement"), when exactly one
    /// option has such a label and the text is long enough (``partialMinimum``). Returns the
    /// option's position and the label's language.
    func partial(_ text: String) -> (position: Int, language: Language)? {
        let key = MatchKey.make(text.trimmingWhitespace())
        guard Self.weight(key) >= Self.partialMinimum else { return nil }
        let words = key.split(separator: " ")
        var found: (position: Int, language: Language)?
        for spelling in spellings {
            guard let language = spelling.language, found?.position != spelling.position else { continue }
            guard Self.fits(words, in: spelling.key.split(separator: " ")) else { continue }
            if found != nil { return nil }  // a second option: ambiguous
            found = (spelling.position, language)
        }
        return found
    }

    private static func weight(_ key: String) -> Int {
        key.unicodeScalars.reduce(0) { total, scalar in
            scalar == " " ? total : total + ((0x3400...0x9FFF).contains(scalar.value) ? 2 : 1)
        }
    }

    /// True when `words` are a run of `label`'s words, each equal or a prefix of at least
    /// ``abbreviatedWordMinimum`` characters.
    private static func fits(_ words: [Substring], in label: [Substring]) -> Bool {
        guard !words.isEmpty, words.count <= label.count else { return false }
        for start in 0...(label.count - words.count) {
            var fits = true
            for (offset, word) in words.enumerated() {
                let labelWord = label[start + offset]
                if word == labelWord { continue }
                if word.count >= abbreviatedWordMinimum && labelWord.hasPrefix(word) { continue }
                fits = false
                break
            }
            if fits { return true }
        }
        return false
    }

    /// The option a mistyped answer most likely meant (``Nearest`` over the folded code and the
    /// labels in the six languages): its position, or nil when none is clearly the closest.
    func nearest(_ text: String) -> Int? {
        Nearest.value(for: MatchKey.make(text.trimmingWhitespace()), among: spellings.map { ($0.key, $0.position) })
    }

    /// The option's English label (else its code).
    func englishLabel(_ position: Int) -> String { labels[position][.en] ?? codes[position] }

    /// A label in a language (else English, else the code).
    func label(_ position: Int, in language: Language) -> String {
        labels[position][language] ?? englishLabel(position)
    }

    /// The separators read between options besides `;` and `|`: the comma (also Arabic `،` and
    /// the full-width `，`), the Chinese enumeration comma `、` and `/`. Words ("et", "y", "and")
    /// are not: too many labels hold them.
    static let looseSeparators: Set<Character> = [",", "،", "，", "、", "/"]
    /// The most parts a text is split into for ``separated(_:)`` (2^(n-1) ways to group them).
    static let maximumParts = 12

    enum SeparatedReading {
        /// Every part is one option: the options' positions and the parts read as partial labels.
        case read(positions: [Int], partial: [(text: String, position: Int, language: Language)], separator: Character)
        /// Not every part is one option; `someMatched` when at least one part is.
        case unread(separator: Character, someMatched: Bool)
    }

    /// A cell of several options joined by a loose separator (``looseSeparators``): read when the
    /// parts can be grouped, in one way only as to the options they give, so that each group
    /// (parts joined again with their separators: a label that holds a comma stays whole) is one
    /// option, exactly or once folded, else as a partial label. Nil when the text has no loose
    /// separator.
    func separated(_ text: String) -> SeparatedReading? {
        var parts: [Substring] = []
        var start = text.startIndex
        var separator: Character?
        for index in text.indices where Self.looseSeparators.contains(text[index]) {
            separator = separator ?? text[index]
            parts.append(text[start..<index])
            start = text.index(after: index)
        }
        guard let separator else { return nil }
        parts.append(text[start...])
        let bounds = parts.map { ($0.startIndex, $0.endIndex) }
        var cache: [Int: (position: Int, partial: Language?)?] = [:]
        // The option that parts first...last name together, as one text.
        func option(_ first: Int, _ last: Int, partialAllowed: Bool) -> (position: Int, partial: Language?)? {
            let slot = first * 64 + last
            let found: (position: Int, partial: Language?)?
            if let cached = cache[slot] {
                found = cached
            } else {
                let span = String(text[bounds[first].0..<bounds[last].1])
                if case .code(let code) = matchFolded(span), let position = codes.firstIndex(of: code) {
                    found = (position, nil)
                } else if let partial = partial(span) {
                    found = (partial.position, partial.language)
                } else {
                    found = nil
                }
                cache[slot] = found
            }
            guard let found, partialAllowed || found.partial == nil else { return nil }
            return found
        }
        let someMatched = parts.indices.contains { option($0, $0, partialAllowed: true) != nil }
        guard parts.count <= Self.maximumParts else { return .unread(separator: separator, someMatched: someMatched) }
        for partialAllowed in [false, true] {
            var readings: [(positions: [Int], partial: [(String, Int, Language)])] = []
            var distinct = Set<[Int]>()
            func walk(_ from: Int, _ positions: [Int], _ partial: [(String, Int, Language)]) {
                guard distinct.count < 2 else { return }
                if from == parts.count {
                    let set = Array(Set(positions)).sorted()
                    if distinct.insert(set).inserted { readings.append((set, partial)) }
                    return
                }
                // An empty part (`a,,b`, a trailing comma) is skipped.
                if parts[from].allSatisfy(\.isWhitespace) {
                    walk(from + 1, positions, partial)
                    return
                }
                for last in from..<parts.count {
                    guard let found = option(from, last, partialAllowed: partialAllowed) else { continue }
                    var noted = partial
                    if let language = found.partial {
                        noted.append((String(text[bounds[from].0..<bounds[last].1]).trimmingWhitespace(), found.position, language))
                    }
                    walk(last + 1, positions + [found.position], noted)
                }
            }
            walk(0, [], [])
            if distinct.count == 1, let reading = readings.first, !reading.positions.isEmpty {
                return .read(
                    positions: reading.positions, partial: reading.partial.map { (text: $0.0, position: $0.1, language: $0.2) },
                    separator: separator)
            }
            if distinct.count > 1 { break }  // two readings: not guessed
        }
        return .unread(separator: separator, someMatched: someMatched)
    }
}
