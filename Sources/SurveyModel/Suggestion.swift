/// What a diagnostic proposes the sender write instead, computed from the questionnaire and the
/// reference (never guessed: made only when one candidate is clearly closer than any other).
///
/// The value is language-neutral (an ISO code, a question id, an option code), so that a message
/// can name it in the sender's language; `label` is its English name for the English message.
public struct Suggestion: Sendable, Equatable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A country: `value` is its ISO alpha-3 code ("did you mean Madagascar?").
        case country
        /// A question: `value` is its id, or a repeat path `laws/title` ("did you mean the
        /// question `ch7_contact_247` (24/7 point of contact)?").
        case question
        /// An option of the diagnostic's question: `value` is its code.
        case option
        /// Several options written with a separator the reader does not split on: "separate
        /// several options with `;` or `|`". `value` is the separator found (for example `,`).
        case separator
    }

    public var kind: Kind
    public var value: String
    /// The English name of the value (country name, question label, option label); empty for
    /// `separator`.
    public var label: String

    public init(_ kind: Kind, _ value: String, label: String = "") {
        self.kind = kind
        self.value = value
        self.label = label
    }

    /// The suggestion in English, as the end of a message.
    public var englishText: String {
        switch kind {
        case .country: return "did you mean \(label.isEmpty ? value : label) (\(value))?"
        case .question: return "did you mean the question `\(value)`" + (label.isEmpty ? "?" : " (\(label))?")
        case .option: return "did you mean " + (label.isEmpty ? "`\(value)`?" : "\"\(label)\" (`\(value)`)?")
        case .separator: return "separate several options with `;` or `|`" + (value.isEmpty ? "" : ", not `\(value)`")
        }
    }

    /// One text for storage and caches: `kind:value:label` (values hold no `:`; a label may).
    public var stored: String { "\(kind.rawValue):\(value):\(label)" }

    /// The suggestion `stored` wrote; nil for anything else.
    public init?(stored: String) {
        let parts = stored.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let kind = Kind(rawValue: String(parts[0])) else { return nil }
        self.init(kind, String(parts[1]), label: String(parts[2]))
    }
}
