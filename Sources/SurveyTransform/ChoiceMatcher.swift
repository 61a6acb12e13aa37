public import SurveyModel

/// Maps an answer written as a choice code or as a label in any of the six languages to the
/// choice code.
struct ChoiceMatcher: Sendable {
    enum Match: Equatable {
        case code(String)
        case unknown
        case ambiguous([String])
    }

    private var exact: [String: String] = [:]
    private var keys: [String: Set<String>] = [:]
    let codes: [String]
    /// Codes and labels as the questionnaire writes them, to the code's position in `codes`: only
    /// those a sender's text can equal byte for byte and still be one whole choice whatever
    /// surrounds it (no white space at either end, no separator inside, not starting with a
    /// combining mark or ending with a format character that could join a neighbouring
    /// separator into one character). The fast paths of ``match(_:)`` and ``selection(_:)``.
    private var whole: [String: Int] = [:]
    /// The positions of the exclusive options (``Choice/isExclusive``) among the first 64, as bits.
    private var exclusive: UInt64 = 0

    init(choices: [Choice]) {
        codes = choices.map(\.code)
        for (position, choice) in choices.enumerated() {
            if choice.isExclusive && position < 64 { exclusive |= 1 << UInt64(position) }
            exact[choice.code] = choice.code
            keys[MatchKey.make(choice.code), default: []].insert(choice.code)
            if Self.standsAlone(choice.code) { whole[choice.code] = position }
            for label in choice.label.values.values {
                keys[MatchKey.make(label), default: []].insert(choice.code)
                // A label written exactly as the questionnaire has it needs no folding (labels of
                // one list differ once folded, so an exact label names one choice).
                if exact[label] == nil { exact[label] = choice.code }
                if Self.standsAlone(label) && whole[label] == nil { whole[label] = position }
            }
        }
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
        if let position = whole[text] { return [codes[position]] }
        guard codes.count <= 64 else { return nil }
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> UInt64? in
            var selected: UInt64 = 0
            var start = 0
            var index = 0
            func piece(_ from: Int, _ to: Int) -> Bool {
                var from = from
                var to = to
                while from < to && (bytes[from] == 0x20 || bytes[from] == 0x09) { from += 1 }
                while to > from && (bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09) { to -= 1 }
                if from == to { return true }  // an empty part: the general path drops it too
                guard let position = whole[String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)]
                else { return false }
                selected |= 1 << UInt64(position)
                return true
            }
            var separated = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D { return nil }
                if byte == 0x7C || byte == 0x3B {
                    guard piece(start, index) else { return nil }
                    separated = true
                    start = index + 1
                }
                index += 1
            }
            if separated {
                guard piece(start, bytes.count) else { return nil }
                return selected
            }
            // ODK's `budapest malabo`: ASCII codes or labels joined by single spaces, when the whole
            // text is not itself a choice (the general path tries that first). Anything else goes
            // the general way.
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
            guard words > 1, bytes.count > start, piece(start, bytes.count) else { return nil }
            // The general path reads the text as one choice when it names one (exactly, or once
            // folded): then it is not a list of words.
            let all = String(decoding: UnsafeBufferPointer(rebasing: bytes[...]), as: UTF8.self)
            if exact[all] != nil || keys[MatchKey.make(all)] != nil { return nil }
            return selected
        }
        guard let selected = found ?? nil, selected != 0 else { return nil }
        // An exclusive option ("none") with others: the general path reports the conflict
        // (``Question/exclusiveConflict(_:)``, the one rule).
        if selected.nonzeroBitCount > 1, selected & exclusive != 0 { return nil }
        return codes.indices.filter { selected & (1 << UInt64($0)) != 0 }.map { codes[$0] }
    }

    func match(_ text: String) -> Match {
        // Written exactly as a code or label (most answers): no trimming, no folding.
        if let position = whole[text] { return .code(codes[position]) }
        return matchFolded(text)
    }

    /// ``match(_:)`` without its fast path (tests compare the two).
    func matchFolded(_ text: String) -> Match {
        let trimmed = text.trimmingWhitespace()
        if let code = exact[trimmed] { return .code(code) }
        guard let found = keys[MatchKey.make(trimmed)] else { return .unknown }
        return found.count == 1 ? .code(found.first!) : .ambiguous(found.sorted())
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
