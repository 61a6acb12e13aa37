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

    init(choices: [Choice]) {
        codes = choices.map(\.code)
        for choice in choices {
            exact[choice.code] = choice.code
            keys[MatchKey.make(choice.code), default: []].insert(choice.code)
            for label in choice.label.values.values {
                keys[MatchKey.make(label), default: []].insert(choice.code)
                // A label written exactly as the questionnaire has it needs no folding (labels of
                // one list differ once folded, so an exact label names one choice).
                if exact[label] == nil { exact[label] = choice.code }
            }
        }
    }

    func match(_ text: String) -> Match {
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
