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
        for question in questionnaire.questions {
            ids[question.id.lowercased()] = question.id
            for label in question.label.values.values {
                let key = MatchKey.make(label)
                if !key.isEmpty { labels[key] = labels[key] == nil ? question.id : "" }  // "" marks a shared label
            }
            if question.type == .multipleChoice { multipleChoice[question.id] = Set(question.choices.map(\.code)) }
        }
        self.ids = ids
        self.labels = labels.filter { !$0.value.isEmpty }
        self.multipleChoice = multipleChoice
        self.repeated = Set(questionnaire.repeatFields.map { $0.lowercased() })
        self.ignored = Self.toolMetadata.union(questionnaire.otherFields.map { $0.lowercased() })
            .union(identityFields.map { $0.lowercased() })
    }

    /// True when the field is written exactly as a question id (the common case; cheap).
    func isQuestionID(_ field: String) -> Bool { ids[field] != nil }

    func map(_ field: String) -> Target {
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
        if let id = labels[MatchKey.make(name)] { return .question(id) }
        if let last = segments.last?.lowercased(), repeated.contains(last) { return .repeated }
        if let first = segments.first?.lowercased(), first == "meta" || first == "formhub" || first.hasPrefix("_") {
            return .ignored
        }
        if let last = segments.last?.lowercased(), ignored.contains(last) { return .ignored }
        return .unknown
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
