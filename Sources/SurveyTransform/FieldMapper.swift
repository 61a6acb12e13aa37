import SurveyModel

/// Maps a field as a file names it to a question: a question id, an XForm element name, a CSV
/// header with a group path (`ch4-act01`, `ch4/act01`), a split select_multiple column
/// (`ch3-instruments/budapest`, `ch3/instruments/budapest`), or a question label in any of the
/// six languages (spreadsheets often head their columns with the question text).
struct FieldMapper: Sendable {
    enum Target: Equatable {
        case question(String)
        /// One option's 0/1 column of a multiple-choice question.
        case option(question: String, option: String)
        /// A form field that is not a question (metadata, notes, identity fields).
        case ignored
        /// A field inside one of the form's repeats.
        case repeated
        case unknown
    }

    private let ids: [String: String]
    private let labels: [String: String]
    /// The languages (``LanguageVotes``) whose label of its question a label key is.
    private let labelLanguages: [String: UInt8]
    /// Every question's folded id and labels, and the repeat sub-questions' (by path,
    /// `laws/title`), for suggestions: read only once a field has matched nothing.
    private let spellings: [(key: String, value: String, group: String)]
    /// The English label of each question and repeat sub-question (by path).
    private let englishLabels: [String: String]
    private let multipleChoice: [String: Set<String>]
    private let ignored: Set<String>
    private let repeated: Set<String>

    /// Field names survey tools add on their own (XLSForm metadata, Kobo export columns).
    static let toolMetadata: Set<String> = [
        "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
        "audit", "instanceid", "instancename", "deprecatedid", "timeend", "timestart", "__version__", "formhub",
        "meta", "uuid",
    ]

    init(questionnaire: Questionnaire, identityFields: [String]) {
        var ids: [String: String] = [:]
        var labels: [String: String] = [:]
        var multipleChoice: [String: Set<String>] = [:]
        var labelLanguages: [String: UInt8] = [:]
        var spellings: [(key: String, value: String, group: String)] = []
        var englishLabels: [String: String] = [:]
        for question in questionnaire.questions {
            ids[question.id.lowercased()] = question.id
            spellings.append((MatchKey.make(question.id), question.id, ""))
            englishLabels[question.id] = question.label[.en]
            for language in Language.allCases {
                guard let label = question.label.values[language] else { continue }
                let key = MatchKey.make(label)
                guard !key.isEmpty else { continue }
                if labels[key] == nil || labels[key] == question.id {
                    labels[key] = question.id
                    labelLanguages[key, default: 0] |= LanguageVotes.bit(language)
                } else {
                    labels[key] = ""  // "" marks a shared label
                }
                spellings.append((key, question.id, ""))
            }
            if question.type == .multipleChoice { multipleChoice[question.id] = Set(question.choices.map(\.code)) }
        }
        for (path, group) in questionnaire.allRepeatGroups {
            let groupPath = path.joined(separator: "/")
            for question in group.questions {
                let value = groupPath + "/" + question.id
                spellings.append((MatchKey.make(value), value, groupPath))
                spellings.append((MatchKey.make(question.id), value, groupPath))
                englishLabels[value] = question.label[.en]
                for label in question.label.values.values where !MatchKey.make(label).isEmpty {
                    spellings.append((MatchKey.make(label), value, groupPath))
                }
            }
        }
        self.ids = ids
        self.labels = labels.filter { !$0.value.isEmpty }
        self.labelLanguages = labelLanguages
        self.spellings = spellings
        self.englishLabels = englishLabels
        self.multipleChoice = multipleChoice
        self.repeated = Set(questionnaire.repeatFields.map { $0.lowercased() })
        self.ignored = Self.toolMetadata.union(questionnaire.otherFields.map { $0.lowercased() })
            .union(identityFields.map { $0.lowercased() })
    }

    /// True when the field is written exactly as a question id (the common case; cheap).
    func isQuestionID(_ field: String) -> Bool { ids[field] != nil }

    func map(_ field: String) -> Target {
        var votes = LanguageVotes()
        return map(field, votes: &votes)
    }

    /// ``map(_:)``, counting the language of a question label used as the field name (when it
    /// is one language's) into `votes`.
    func map(_ field: String, votes: inout LanguageVotes) -> Target {
        // The common case first, without allocating: the field is a question id as written.
        if let id = ids[field] { return .question(id) }
        let name = field.trimmingWhitespace()
        if let id = ids[name.lowercased()] { return .question(id) }
        let segments = Self.segments(name)
        if let last = segments.last, let id = ids[last.lowercased()] { return .question(id) }
        // A split select_multiple column: the part before the last "/" names the question.
        if let slash = name.lastIndex(of: "/") {
            let option = String(name[name.index(after: slash)...])
            if case .question(let id) = map(String(name[..<slash])), let options = multipleChoice[id], options.contains(option) {
                return .option(question: id, option: option)
            }
        }
        let key = MatchKey.make(name)
        if let id = labels[key] {
            votes.add(labelLanguages[key] ?? 0)
            return .question(id)
        }
        if let last = segments.last?.lowercased(), repeated.contains(last) { return .repeated }
        if let first = segments.first?.lowercased(), first == "meta" || first == "formhub" || first.hasPrefix("_") {
            return .ignored
        }
        if let last = segments.last?.lowercased(), ignored.contains(last) { return .ignored }
        return .unknown
    }

    /// The question a field that names none most likely meant: a question (id, or label in any
    /// language, folded) or repeat sub-question (its path `laws/title`, or its id or label) within
    /// ``Nearest``'s threshold and margin; failing that, the one question whose label in some
    /// language holds every word of the field (at least two words and eight letters: "Point de
    /// contact 24/7" for "Point de contact joignable 24 heures sur 24, 7 jours sur 7"). `group`
    /// limits the candidates to one repeat's sub-questions (its path, `laws`).
    func suggestion(for field: String, group: String? = nil) -> Suggestion? {
        let key = MatchKey.make(field.trimmingWhitespace())
        guard !key.isEmpty else { return nil }
        let candidates = group.map { group in spellings.filter { $0.group == group } } ?? spellings
        var value = Nearest.value(for: key, among: candidates.map { ($0.key, $0.value) })
        if value == nil {
            let words = key.split(separator: " ")
            if words.count >= 2 && key.unicodeScalars.filter({ $0 != " " }).count >= 8 {
                var found = Set<String>()
                for candidate in candidates {
                    let labelWords = Set(candidate.key.split(separator: " "))
                    if words.allSatisfy(labelWords.contains) { found.insert(candidate.value) }
                    if found.count > 1 { break }
                }
                if found.count == 1 { value = found.first }
            }
        }
        guard let value else { return nil }
        return Suggestion(.question, value, label: englishLabels[value] ?? "")
    }

    /// True when the field is an identity field (`country`, `round` or their configured names),
    /// possibly under a group path.
    static func names(_ field: String, _ identity: String) -> Bool {
        if field == identity { return true }
        // Only the last segment can name it; a field that does not end like it cannot (cheap tests
        // first: this runs for every answer). A field ending in a printable ASCII byte ends the
        // segment with that byte.
        if let last = field.utf8.last, let wanted = identity.utf8.last, last > 0x20, last < 0x80, wanted < 0x80,
            last | 0x20 != wanted | 0x20
        {
            return false
        }
        let trimmed = field.trimmingWhitespace()
        let last = trimmed.lastIndex(where: { $0 == "/" || $0 == "-" }).map { trimmed[trimmed.index(after: $0)...] } ?? Substring(trimmed)
        return last.count == identity.count && last.lowercased() == identity.lowercased()
    }

    /// Group path segments: ODK Central joins with `-`, Kobo with `/`.
    static func segments(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == "/" || $0 == "-" }).map(String.init)
    }
}
