import Foundation
public import SurveyModel

/// Maps an answer written as a choice code or as a label in any of the six languages to the
/// choice code.
///
/// A class: a reader's codebook and the transformer consult one for every choice answer, and a
/// struct of a dozen tables was copied (each table counted up and down) at every consultation.
/// Its tables are written by its initializer only, hence `@unchecked Sendable`.
final class ChoiceMatcher: @unchecked Sendable {
    enum Match: Equatable {
        case code(String)
        case unknown
        case ambiguous([String])
    }

    private var exact: [String: String] = [:]
    private var keys: [String: Set<String>] = [:]
    /// The languages (``LanguageVotes/bit(_:)``) whose label of the one choice a folded key names
    /// folds to it; 0 when the key is also a code's (codes are in no language).
    private var keyLanguages: [String: UInt8] = [:]
    /// The languages whose label of its choice a label is, written exactly.
    private var exactLanguages: [String: UInt8] = [:]
    let codes: [String]
    /// Each choice's labels, by language, as the questionnaire writes them.
    let labels: [LocalizedText]
    /// The folded code and labels of each choice, for suggestions (``nearest(_:)``) and partial
    /// labels (``partial(_:)``); read only once an answer has failed to match.
    private(set) var spellings: [(key: String, position: Int, language: Language?)] = []
    /// Codes and labels as the questionnaire writes them, to the code's position in `codes`: only
    /// those a sender's text can equal byte for byte and still be one whole choice whatever
    /// surrounds it (no white space at either end, no separator inside, not starting with a
    /// combining mark or ending with a format character that could join a neighbouring
    /// separator into one character). The fast paths of ``match(_:)`` and ``selection(_:)``.
    /// The value is the position in its low 32 bits and, above them, the languages whose label of
    /// that choice is written exactly so (``LanguageVotes/bit(_:)``; none for a code): the sender's
    /// language is counted on the fast path without another lookup.
    private var whole: [String: Int] = [:]
    /// The positions of the exclusive options (``Choice/isExclusive``) among the first 64, as bits.
    private var exclusive: UInt64 = 0
    /// ``whole`` looked up with a cell's bytes (``selectionBits(_:)``, ``wholeEntry(_:)``).
    private var wholeBytes = ByteTable([:])
    /// The spellings `exact` and `keys` hold, each also in its composed normal form (NFC): a text
    /// of ASCII letters is canonically equivalent to a key exactly when its bytes are that key's
    /// NFC bytes. Only tested for presence (``selectionBits(_:)``'s last check).
    private var namesAnything = ByteTable([:])
    /// False when a code or label holds a character that is canonically a separator (`;` is
    /// U+037E's decomposition): the `String` path would read a cell written with the separator as
    /// that one choice, which bytes cannot tell; ``selectionBits(_:votes:)`` then reads nothing.
    private var separatorsAreBytes = true

    init(choices: [Choice]) {
        codes = choices.map(\.code)
        labels = choices.map(\.label)
        var codeKeys = Set<String>()
        for (position, choice) in choices.enumerated() {
            if choice.isExclusive && position < 64 { exclusive |= 1 << UInt64(position) }
            exact[choice.code] = choice.code
            let codeKey = MatchKey.make(choice.code)
            codeKeys.insert(codeKey)
            keys[codeKey, default: []].insert(choice.code)
            spellings.append((codeKey, position, nil))
            if Self.standsAlone(choice.code) { whole[choice.code] = position }
            for language in Language.allCases {
                guard let label = choice.label.values[language] else { continue }
                let key = MatchKey.make(label)
                keys[key, default: []].insert(choice.code)
                keyLanguages[key, default: 0] |= LanguageVotes.bit(language)
                spellings.append((key, position, language))
                // A label written exactly as the questionnaire has it needs no folding (labels of
                // one list differ once folded, so an exact label names one choice).
                if exact[label] == nil { exact[label] = choice.code }
                if exact[label] == choice.code && label != choice.code { exactLanguages[label, default: 0] |= LanguageVotes.bit(language) }
                if label != choice.code && Self.standsAlone(label) && (whole[label] == nil || whole[label]! & 0xFFFF_FFFF == position) {
                    whole[label] = position | (whole[label] ?? 0) | Int(LanguageVotes.bit(language)) << 32
                }
            }
        }
        for key in codeKeys { keyLanguages[key] = 0 }
        wholeBytes = ByteTable(whole)
        var names: [String: Int] = [:]
        for text in Array(exact.keys) + Array(keys.keys) {
            names[text] = 1
            // Scalars below U+0300 are their own composed form (no combining mark among them).
            if text.unicodeScalars.contains(where: { $0.value >= 0x300 }) { names[text.precomposedStringWithCanonicalMapping] = 1 }
        }
        namesAnything = ByteTable(names)
        separatorsAreBytes = !names.keys.contains { text in
            text.unicodeScalars.contains { $0.value >= 0x300 && CanonicalSeparators.decomposesToSeparator($0) }
        }
    }

    /// The entry of ``whole`` written exactly as `bytes`: the choice's position in the low 32 bits,
    /// the languages whose label it is above them. Nil when `bytes` are no such spelling (a text
    /// canonically equivalent to one in other bytes too: the general path finds those).
    func wholeEntry(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { wholeBytes.value(bytes) }

    /// ``selection(_:votes:)`` on a cell's bytes, for a reader's codebook: the selected positions
    /// as bits and the languages read, or nil. Never a selection the `String` path would not
    /// make: each part is looked up byte for byte among the spellings the `String` path looks
    /// up (a hit there is a hit here); a part it would find in another normal form is missed, and
    /// the cell goes the general way.
    func selectionBits(_ bytes: UnsafeBufferPointer<UInt8>, votes: inout LanguageVotes) -> UInt64? {
        if let entry = wholeBytes.value(bytes) {
            // A position past the 64th has no bit (`1 << 64` is 0 in Swift): the String path's.
            guard entry & 0xFFFF_FFFF < 64 else { return nil }
            votes.add(entry >> 32)
            return 1 << UInt64(entry & 0xFFFF_FFFF)
        }
        guard codes.count <= 64, separatorsAreBytes else { return nil }
        return Self.selectionParts(
            bytes, votes: &votes, exclusive: exclusive,
            part: { wholeBytes.value($0) },
            // The whole text naming one choice, exactly or once folded (in NFC: an ASCII text is
            // canonically equal to a key only so).
            namesOne: { all in
                namesAnything.value(all) != nil || MatchKey.asciiKeyBytes(all).withUnsafeBufferPointer { namesAnything.value($0) } != nil
            })
    }

    /// How ``selection(_:votes:)`` and ``selectionBits(_:votes:)`` read a cell that is not one
    /// whole choice: parts joined by `|` or `;` (blanks and tabs around them dropped, an empty
    /// part skipped), or else ODK's ASCII words joined by single spaces when the whole text names
    /// no choice (`namesOne`); each part a whole choice (`part`: its position and, above bit 32,
    /// its languages). The selected positions as bits, the languages read counted into `votes`;
    /// nil (and no vote) for a line end, a part that is no choice, no choice at all, or an
    /// exclusive option with others (the general path reports those).
    private static func selectionParts(
        _ bytes: UnsafeBufferPointer<UInt8>, votes: inout LanguageVotes, exclusive: UInt64,
        part: (UnsafeBufferPointer<UInt8>) -> Int?, namesOne: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> UInt64? {
        var read = votes
        var selected: UInt64 = 0
        func piece(_ from: Int, _ to: Int) -> Bool {
            var from = from
            var to = to
            while from < to && (bytes[from] == 0x20 || bytes[from] == 0x09) { from += 1 }
            while to > from && (bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09) { to -= 1 }
            if from == to { return true }  // an empty part: the general path drops it too
            guard let entry = part(UnsafeBufferPointer(rebasing: bytes[from..<to])), entry & 0xFFFF_FFFF < 64 else { return false }
            read.add(entry >> 32)
            selected |= 1 << UInt64(entry & 0xFFFF_FFFF)
            return true
        }
        var separated = false
        var start = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D { return nil }
            if byte == 0x7C || byte == 0x3B {
                guard piece(start, index) else { return nil }
                separated = true
                start = index + 1
            }
        }
        if separated {
            guard piece(start, bytes.count) else { return nil }
        } else {
            // ODK's `budapest malabo`: ASCII codes or labels joined by single spaces, when the
            // whole text is not itself a choice (the general path tries that first).
            guard bytes.count > 2, bytes[0] != 0x20, bytes[bytes.count - 1] != 0x20 else { return nil }
            var words = 1
            start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte >= 0x80 || byte == 0x09 || byte == 0x0B || byte == 0x0C { return nil }
                if byte == 0x20 {
                    guard index > start, piece(start, index) else { return nil }
                    words += 1
                    start = index + 1
                }
            }
            guard words > 1, bytes.count > start, piece(start, bytes.count), !namesOne(bytes) else { return nil }
        }
        guard selected != 0 else { return nil }
        // An exclusive option ("none") with others: the general path reports the conflict
        // (``Question/exclusiveConflict(_:)``, the one rule).
        if selected.nonzeroBitCount > 1, selected & exclusive != 0 { return nil }
        votes = read
        return selected
    }

    private static func standsAlone(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last, text.trimmingWhitespace() == text
        else { return false }
        if text.unicodeScalars.contains(where: { "|;\n\r".unicodeScalars.contains($0) }) { return false }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format: return false
        default: break
        }
        return last.properties.generalCategory != .format && last.value != 0x0D4E && last.value < 0x1_0000
    }

    /// A multiple-choice cell's codes in questionnaire order when every part of it is written
    /// exactly as a code or label: one choice, or several joined by `|` or `;` (spaces around
    /// them allowed) or, in ASCII, by single spaces as ODK writes them; `none` alone. Nil sends the cell to the general path (`split`,
    /// `match`), which gives the same answer for these cells and the diagnostics for the others.
    func selection(_ text: String) -> [String]? {
        var votes = LanguageVotes()
        return selection(text, votes: &votes)
    }

    /// ``selection(_:)``, counting the languages of the labels read into `votes` when it reads
    /// the cell (nothing when it hands the cell to the general path).
    func selection(_ text: String, votes: inout LanguageVotes) -> [String]? {
        if let entry = whole[text] {
            votes.add(entry >> 32)
            return [codes[entry & 0xFFFF_FFFF]]
        }
        guard codes.count <= 64 else { return nil }
        let found = text.utf8.withContiguousStorageIfAvailable { bytes in
            Self.selectionParts(
                bytes, votes: &votes, exclusive: exclusive,
                part: { whole[String(decoding: $0, as: UTF8.self)] },
                namesOne: { all in
                    let text = String(decoding: all, as: UTF8.self)
                    return exact[text] != nil || keys[MatchKey.make(text)] != nil
                })
        }
        guard let selected = found ?? nil else { return nil }
        return codes.indices.filter { selected & (1 << UInt64($0)) != 0 }.map { codes[$0] }
    }

    func match(_ text: String) -> Match {
        var votes = LanguageVotes()
        return match(text, votes: &votes)
    }

    /// ``match(_:)``, counting the language of the label matched (if it is one language's) into
    /// `votes`.
    func match(_ text: String, votes: inout LanguageVotes) -> Match {
        // Written exactly as a code or label (most answers): no trimming, no folding.
        if let entry = whole[text] {
            votes.add(entry >> 32)
            return .code(codes[entry & 0xFFFF_FFFF])
        }
        return matchFolded(text, votes: &votes)
    }

    /// ``match(_:)`` without its fast path (tests compare the two).
    func matchFolded(_ text: String) -> Match {
        var votes = LanguageVotes()
        return matchFolded(text, votes: &votes)
    }

    func matchFolded(_ text: String, votes: inout LanguageVotes) -> Match {
        let trimmed = text.trimmingWhitespace()
        if let code = exact[trimmed] {
            votes.add(exactLanguages[trimmed] ?? 0)
            return .code(code)
        }
        let key = MatchKey.make(trimmed)
        guard let found = keys[key] else { return .unknown }
        guard found.count == 1 else { return .ambiguous(found.sorted()) }
        votes.add(keyLanguages[key] ?? 0)
        return .code(found.first!)
    }

    /// Splits a multiple-choice cell: on `|` or `;` or new lines; failing that, the whole text as
    /// one choice; failing that, on white space when every piece is a choice (ODK writes
    /// `budapest malabo`).
    func split(_ text: String) -> [String] {
        let separators: Set<Character> = ["|", ";", "\n", "\r"]
        if text.contains(where: { separators.contains($0) }) {
            return text.split(whereSeparator: { separators.contains($0) }).map(String.init)
                .filter { !$0.allSatisfy(\.isWhitespace) }
        }
        if case .code = match(text) { return [text] }
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count > 1 && words.allSatisfy({ if case .code = match($0) { return true } else { return false } }) {
            return words
        }
        return [text]
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Fast path (most values): both ends are printable ASCII, so nothing to trim. Unicode
        // whitespace outside ASCII (NBSP, NEL…) takes the slow path.
        if let first = utf8.first, let last = utf8.last, (0x21..<0x80).contains(first), (0x21..<0x80).contains(last) {
            return self
        }
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}

extension Transformer {
    /// Labels that would make an answer ambiguous: two choices of one question whose labels (or
    /// codes) fold to the same text in some language. A questionnaire with any is refused.
    public static func labelCollisions(in questionnaire: Questionnaire) -> [String] {
        var problems: [String] = []
        var checkedLists = Set<String>()
        for question in questionnaire.questions where question.type.hasChoices {
            guard checkedLists.insert(question.choiceList.isEmpty ? question.id : question.choiceList).inserted else { continue }
            var owner: [String: String] = [:]
            for choice in question.choices {
                let spellings = [choice.code] + Language.allCases.compactMap { choice.label[$0] }
                for key in Set(spellings.map(MatchKey.make)) where !key.isEmpty {
                    if let other = owner[key], other != choice.code {
                        problems.append("question \(question.id): options \(other) and \(choice.code) both read as \"\(key)\"")
                    }
                    owner[key] = owner[key] ?? choice.code
                }
            }
        }
        return problems
    }
}

/// Which scalars decompose canonically into a text holding a separator of multiple-choice cells
/// (`|`, `;`, a line end, a space or a tab): U+037E GREEK QUESTION MARK is `;`. Each scalar is
/// looked up once per process (Foundation's decomposition is slow, and every questionnaire
/// version's matchers ask about the same few hundred scalars of their labels).
enum CanonicalSeparators {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [UInt32: Bool] = [:]

    static func decomposesToSeparator(_ scalar: Unicode.Scalar) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let answer = known[scalar.value] { return answer }
        let answer = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.contains {
            $0 == "|" || $0 == ";" || $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "\t"
        }
        known[scalar.value] = answer
        return answer
    }
}
