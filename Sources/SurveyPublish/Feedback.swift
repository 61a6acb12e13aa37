// Feedback for the two readers of a diagnostic: the analyst (English `message`, `remedy`) and the
// sender (`message_local` in the sender's language, the letters in Output/feedback/). What a
// diagnostic says in a language is made here from the feedback texts (Pipelines/forms/feedback.yml),
// the questionnaire's labels and the reference's country names; docs/feedback.md.

public import SurveyModel

/// What the feedback of a run needs beside its diagnostics: the texts, the reference (country
/// names and configured languages), the questionnaires (a submission's own version for its
/// labels) and which country each submission and file belongs to.
public struct FeedbackContext: Sendable {
    /// Nil when the pipeline names no feedback texts: `message_local` is then the English message
    /// and no letter is written.
    public var texts: FeedbackTexts?
    public var reference: CountryReference
    /// The questionnaires, the latest first: a question or option a submission's own version does
    /// not have is looked up in the others in this order.
    public var questionnaires: [Questionnaire]
    /// The questionnaire version each submission answered (by submission id), when known.
    public var submissionVersions: [String: String]
    /// The country (ISO3) of each submission the store accepted, by submission id: the country of
    /// a diagnostic that does not carry one.
    public var submissionCountries: [String: String]
    /// The country of each file whose submissions all name one country (by path): the country of
    /// a file-level diagnostic.
    public private(set) var fileCountries: [String: String] = [:]
    /// The focal-point register: each letter's addressee and language (personal data: the
    /// letters only, never `validation_report.csv`).
    public var register = FocalPointRegister()

    public init(
        texts: FeedbackTexts?, reference: CountryReference, questionnaires: [Questionnaire],
        submissionVersions: [String: String] = [:], submissionCountries: [String: String] = [:],
        diagnostics: [Diagnostic] = []
    ) {
        self.texts = texts
        self.reference = reference
        self.questionnaires = questionnaires
        self.submissionVersions = submissionVersions
        self.submissionCountries = submissionCountries
        var byFile: [String: Set<String>] = [:]
        for (id, country) in submissionCountries { byFile[Self.file(ofSubmission: id), default: []].insert(country) }
        for diagnostic in diagnostics {
            guard let id = diagnostic.submissionID, let country = diagnostic.country ?? submissionCountries[id] else { continue }
            byFile[Self.file(ofSubmission: id), default: []].insert(country)
        }
        fileCountries = byFile.compactMapValues { $0.count == 1 ? $0.first : nil }
    }

    /// A context without texts, questionnaires or submissions: English messages, the diagnostic's
    /// own country and language.
    public static func plain(reference: CountryReference = CountryReference(countries: [], regions: [], subregions: [], vintages: [:], source: "", licence: "")) -> FeedbackContext {
        FeedbackContext(texts: nil, reference: reference, questionnaires: [])
    }

    /// The submissions a context's answers about some diagnostics depend on: those the
    /// diagnostics name, and every submission of a file that a diagnostic without a country of
    /// its own is about (``fileCountries``). A context given the countries and versions of these
    /// alone answers ``country(of:)``, ``language(of:)`` and the questions of each of those
    /// diagnostics as one given every submission.
    public struct Asked: Sendable {
        private var ids = Set<String>()
        private var files = Set<String>()

        public init(by diagnostics: [Diagnostic]) {
            for diagnostic in diagnostics {
                if let id = diagnostic.submissionID { ids.insert(id) }
                if diagnostic.country == nil { files.insert(diagnostic.location.file) }
            }
        }

        public func contains(_ submissionID: String) -> Bool {
            ids.contains(submissionID) || (!files.isEmpty && files.contains(FeedbackContext.file(ofSubmission: submissionID)))
        }
    }

    /// `path#n` → `path`.
    static func file(ofSubmission id: String) -> String {
        guard let hash = id.lastIndex(of: "#") else { return id }
        return String(id[..<hash])
    }

    // MARK: Country and language

    /// The diagnostic's country (ISO3): its own, else its submission's, else its file's when all
    /// the file's submissions name one country.
    public func country(of diagnostic: Diagnostic) -> String? {
        if let country = diagnostic.country { return country }
        if let id = diagnostic.submissionID, let country = submissionCountries[id] { return country }
        return fileCountries[diagnostic.location.file]
    }

    /// The language to write to the sender in: the language the sender wrote in (detected from its
    /// labels or headers), else the country's configured language (reference `language:`), else
    /// English.
    public func language(of diagnostic: Diagnostic) -> Language {
        if let language = diagnostic.senderLanguage { return language }
        if let iso3 = country(of: diagnostic), let language = reference.country(iso3: iso3)?.language { return language }
        return .en
    }

    /// A country's name in `language`, without the article UNTERM writes in parentheses
    /// ("Sénégal (le)" → "Sénégal"); the code when the reference does not know it.
    public func countryName(_ iso3: String, _ language: Language) -> String {
        guard let name = reference.country(iso3: iso3)?.name.text(in: language), !name.isEmpty else { return iso3 }
        if name.hasSuffix(")"), let open = name.lastIndex(of: "("), name.distance(from: open, to: name.endIndex) <= 6 {
            return String(name[..<open]).trimmingSuffixSpaces()
        }
        return name
    }

    // MARK: Questions

    /// The questionnaires to look a submission's question up in: its own version first.
    func questionnaires(for diagnostic: Diagnostic) -> [Questionnaire] {
        guard let id = diagnostic.submissionID, let version = submissionVersions[id],
            let own = questionnaires.first(where: { $0.version == version })
        else { return questionnaires }
        return [own] + questionnaires.filter { $0.version != version }
    }

    /// The question a path names: a question id (`ch3_instruments`) or a repeat path
    /// (`laws[2]/status`, `laws/amendments/year`), in the diagnostic's questionnaires.
    public func question(_ path: String, for diagnostic: Diagnostic) -> Question? {
        let steps = path.split(separator: "/").map { step in String(step.prefix { $0 != "[" }) }
        guard let last = steps.last else { return nil }
        for questionnaire in questionnaires(for: diagnostic) {
            if steps.count == 1 {
                if let question = questionnaire.question(id: last) { return question }
                continue
            }
            var group = questionnaire.repeats.first { $0.id == steps[0] }
            for step in steps.dropFirst().dropLast() { group = group?.repeatGroup(id: step) }
            if let question = group?.question(id: last) { return question }
        }
        return nil
    }

    // MARK: The message in the sender's language

    /// `expected` in `language`: an option list with the options' labels instead of their codes
    /// (`one of: yes, no` → `l'une des options : Oui, Non`), the words of a number's expectation
    /// translated; anything else (a range, a technical expectation) as written.
    public func expected(_ diagnostic: Diagnostic, in language: Language) -> String? {
        guard let expected = diagnostic.expected else { return nil }
        guard let texts else { return expected }
        // The code's text says a column (header, element, field) names no question; what names one
        // in each format adds nothing for the sender (the suggestion names the question meant,
        // when there is one), whatever words the transform used for it.
        if diagnostic.code == .questionUnknown { return nil }
        for (prefix, phrase) in [("one of: ", FeedbackTexts.Phrase.oneOf), ("options among: ", .optionsAmong)]
        where expected.hasPrefix(prefix) {
            let codes: [String] = expected.dropFirst(prefix.count).split(separator: ",").map { $0.trimmingSpaces() }
            let item: Question? = diagnostic.questionID.flatMap { self.question($0, for: diagnostic) }
            let labels: [String] = codes.map { code in item?.choice(code: code)?.label.text(in: language) ?? code }
            return texts.phrase(phrase, language, ["value": labels.joined(separator: ", ")])
        }
        switch expected {
        case "a whole number": return texts.phrase(.wholeNumber, language)
        case "a number": return texts.phrase(.number, language)
        case "one number": return texts.phrase(.oneNumber, language)
        case "one answer": return texts.phrase(.oneAnswer, language)
        default: return expected
        }
    }

    /// The suggestion in `language`: the country's name, the question's label, the option's label
    /// in that language. Nil without a suggestion.
    public func suggestion(_ diagnostic: Diagnostic, in language: Language) -> String? {
        guard let suggestion = diagnostic.suggestion else { return nil }
        guard let texts else { return suggestion.englishText }
        switch suggestion.kind {
        case .country:
            return texts.phrase(.didYouMeanCountry, language, ["country": countryName(suggestion.value, language)])
        case .question:
            let label = question(suggestion.value, for: diagnostic)?.label.text(in: language) ?? suggestion.label
            return texts.phrase(.didYouMeanQuestion, language, ["id": suggestion.value, "label": label.isEmpty ? "" : " (\(label))"])
        case .option:
            let item: Question? = diagnostic.questionID.flatMap { self.question($0, for: diagnostic) }
            let option = item?.choice(code: suggestion.value)
            let label = option?.label.text(in: language) ?? (suggestion.label.isEmpty ? suggestion.value : suggestion.label)
            return texts.phrase(.didYouMeanOption, language, ["label": label])
        case .separator:
            return texts.phrase(.separator, language)
                + (suggestion.value.isEmpty ? "" : texts.phrase(.separatorNot, language, ["value": suggestion.value]))
        }
    }

    /// The code's meaning for the sender in `language` (the English catalogue summary for a code
    /// that asks nothing of the sender).
    public func summary(_ diagnostic: Diagnostic, in language: Language) -> String {
        texts?.summary(diagnostic.code, language) ?? diagnostic.code.summary
    }

    /// `message_local`: the message in the sender's language (``language(of:)``): the code's
    /// meaning, then the detail (as the reader wrote it), what was expected (labels in that
    /// language), what was found (as sent) and the suggestion. The English message without texts.
    public func localMessage(_ diagnostic: Diagnostic) -> String {
        guard let texts else { return diagnostic.message }
        let language = language(of: diagnostic)
        var text = summary(diagnostic, in: language)
        if let detail = diagnostic.detail, !detail.isEmpty { text += ": \(detail)" }
        if let expected = expected(diagnostic, in: language) { text += "; " + texts.phrase(.expected, language, ["value": expected]) }
        if let found = diagnostic.found {
            text += "; " + (found.isEmpty ? texts.phrase(.foundEmpty, language) : texts.phrase(.found, language, ["value": found]))
        }
        if let suggestion = suggestion(diagnostic, in: language) { text += "; " + suggestion }
        return text
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension String {
    fileprivate func trimmingSuffixSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
