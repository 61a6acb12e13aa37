/// The six official languages of the United Nations, by ISO 639-1 code.
public enum Language: String, CaseIterable, Codable, Sendable, Comparable {
    case ar, en, es, fr, ru, zh

    public static func < (lhs: Language, rhs: Language) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Arabic is written right to left.
    public var isRightToLeft: Bool { self == .ar }
}

/// A text in several of the six UN languages.
public struct LocalizedText: Sendable, Equatable, Hashable {
    public var values: [Language: String]

    public init(_ values: [Language: String]) { self.values = values }

    public subscript(language: Language) -> String? { values[language] }

    /// The text in `language`, falling back to English, then to any language present.
    public func text(in language: Language) -> String {
        values[language] ?? values[.en] ?? Language.allCases.lazy.compactMap { values[$0] }.first ?? ""
    }

    /// The languages this text is missing.
    public var missingLanguages: [Language] { Language.allCases.filter { (values[$0] ?? "").isEmpty } }
}
