public import SurveyModel

/// Checks raw submissions against the questionnaire and normalizes them: country, round,
/// answers. Bad data becomes diagnostics; only a broken questionnaire stops anything.
public struct Transformer: Sendable {
    public let questionnaire: Questionnaire
    public let defaultRound: String
    private let countries: CountryResolver
    private let matchers: [String: ChoiceMatcher]

    public init(questionnaire: Questionnaire, reference: CountryReference, defaultRound: String) {
        self.questionnaire = questionnaire
        self.defaultRound = defaultRound
        self.countries = CountryResolver(reference: reference)
        var matchers: [String: ChoiceMatcher] = [:]
        for question in questionnaire.questions where question.type.hasChoices {
            matchers[question.id] = ChoiceMatcher(choices: question.choices)
        }
        self.matchers = matchers
    }

    /// The country a text names: ISO alpha-3 when exactly one country fits.
    public func resolveCountry(_ text: String) -> CountryResolution {
        switch countries.resolve(text) {
        case .country(let iso3): return .country(iso3)
        case .unknown: return .unknown
        case .ambiguous(let candidates): return .ambiguous(candidates)
        }
    }

    /// Checks one submission. The result is `accepted` or `rejected`; revisions are resolved
    /// afterwards over the whole batch (`resolveRevisions`).
    public func transform(_ raw: RawSubmission) -> Submission {
        let id = raw.id
        var diagnostics = raw.diagnostics.map { diagnostic -> Diagnostic in
            var copy = diagnostic
            copy.submissionID = id
            return copy
        }
        func report(_ diagnostic: Diagnostic) {
            var copy = diagnostic
            copy.submissionID = id
            diagnostics.append(copy)
        }

        // Answers first, so a rejected submission still counts what it held.
        let (answers, seen) = normalizeAnswers(raw.answers, report: report)

        var submission = Submission(
            id: id, location: raw.location, format: raw.format, country: nil,
            countryGiven: raw.country?.text ?? "", round: defaultRound, status: .accepted, answers: answers,
            answersSeen: seen, diagnostics: [])

        func reject(_ code: DiagnosticCode, at location: SourceLocation, expected: String? = nil, found: String? = nil) {
            if submission.status != .rejected {
                submission.status = .rejected
                submission.reason = code
            }
            report(Diagnostic(code, at: location, expected: expected, found: found))
        }

        if let round = raw.round?.text.trimmingWhitespace(), !round.isEmpty {
            if Self.isValidRound(round) {
                submission.round = round
            } else {
                reject(.roundInvalid, at: raw.round!.location, expected: "letters, digits, '.', '_' or '-'", found: round)
            }
        }

        let countryText = raw.country?.text.trimmingWhitespace() ?? ""
        let countryLocation = raw.country?.location ?? raw.location
        if countryText.isEmpty {
            reject(.countryMissing, at: countryLocation, expected: "an ISO 3166 code, M49 code or country name")
        } else {
            switch countries.resolve(countryText) {
            case .country(let iso3): submission.country = iso3
            case .unknown:
                reject(.countryUnknown, at: countryLocation, expected: "an ISO 3166 code, M49 code or UN country name", found: countryText)
            case .ambiguous(let candidates):
                reject(
                    .countryAmbiguous, at: countryLocation, expected: "one of \(candidates.joined(separator: ", ")) as a code",
                    found: countryText)
            }
        }
        if submission.status == .accepted && answers.isEmpty {
            reject(.submissionEmpty, at: raw.location, expected: "at least one usable answer", found: "\(seen) answers, none usable")
        }
        submission.diagnostics = diagnostics
        return submission
    }

    static func isValidRound(_ round: String) -> Bool {
        round.count <= 32
            && round.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }

    // MARK: Answers

    private func normalizeAnswers(_ raw: [RawAnswer], report: (Diagnostic) -> Void) -> ([Answer], Int) {
        // Rows of a long-layout file may give a multiple-choice answer one option per row:
        // those are one answer.
        var merged: [RawAnswer] = []
        var multipleChoicePosition: [String: Int] = [:]
        for answer in raw where !answer.isEmpty {
            let field = answer.field.trimmingWhitespace()
            if let question = questionnaire.question(id: field) ?? questionnaire.question(id: field.lowercased()),
                question.type == .multipleChoice
            {
                if let position = multipleChoicePosition[question.id] {
                    merged[position].values += answer.values
                    continue
                }
                multipleChoicePosition[question.id] = merged.count
            }
            merged.append(answer)
        }

        var answers: [Answer] = []
        var answered = Set<String>()
        for rawAnswer in merged {
            let field = rawAnswer.field.trimmingWhitespace()
            guard let question = questionnaire.question(id: field) ?? questionnaire.question(id: field.lowercased())
            else {
                report(
                    Diagnostic(
                        .questionUnknown, at: rawAnswer.location, questionID: field,
                        expected: "a question id of questionnaire \(questionnaire.id)",
                        found: field.isEmpty ? "(empty)" : field))
                continue
            }
            guard !answered.contains(question.id) else {
                report(
                    Diagnostic(
                        .answerDuplicate, at: rawAnswer.location, questionID: question.id, expected: "one answer",
                        found: rawAnswer.values.joined(separator: " | ")))
                continue
            }
            if let value = normalize(rawAnswer, for: question, report: report) {
                answered.insert(question.id)
                answers.append(Answer(questionID: question.id, value: value, location: rawAnswer.location))
            }
        }
        return (answers, merged.count)
    }

    private func normalize(_ raw: RawAnswer, for question: Question, report: (Diagnostic) -> Void) -> AnswerValue? {
        let values = raw.values.filter { !$0.allSatisfy(\.isWhitespace) }
        func problem(_ code: DiagnosticCode, expected: String, found: String) {
            report(Diagnostic(code, at: raw.location, questionID: question.id, expected: expected, found: found))
        }
        let written = values.joined(separator: " | ")
        switch question.type {
        case .singleChoice, .legalForm:
            let matcher = matchers[question.id]!
            guard values.count == 1 else {
                problem(.tooManyValues, expected: "one of: \(matcher.codes.joined(separator: ", "))", found: written)
                return nil
            }
            switch matcher.match(values[0]) {
            case .code(let code): return .choice(code)
            case .unknown:
                problem(.choiceUnknown, expected: "one of: \(matcher.codes.joined(separator: ", "))", found: values[0])
            case .ambiguous(let codes):
                problem(.choiceAmbiguous, expected: "one of: \(codes.joined(separator: ", "))", found: values[0])
            }
            return nil
        case .multipleChoice:
            let matcher = matchers[question.id]!
            var selected = Set<String>()
            for piece in values.flatMap(matcher.split) {
                switch matcher.match(piece) {
                case .code(let code): selected.insert(code)
                case .unknown:
                    problem(.choiceUnknown, expected: "options among: \(matcher.codes.joined(separator: ", "))", found: piece)
                    return nil
                case .ambiguous(let codes):
                    problem(.choiceAmbiguous, expected: "one of: \(codes.joined(separator: ", "))", found: piece)
                    return nil
                }
            }
            guard !selected.isEmpty else {
                problem(.choiceUnknown, expected: "options among: \(matcher.codes.joined(separator: ", "))", found: written)
                return nil
            }
            // "none" excludes every other option of the list.
            if selected.contains("none") && selected.count > 1 {
                problem(.choiceConflict, expected: "either none or other options", found: written)
                return nil
            }
            return .choices(matcher.codes.filter(selected.contains))
        case .integer, .year, .decimal, .percent:
            guard values.count == 1 else {
                problem(.tooManyValues, expected: "one number", found: written)
                return nil
            }
            let whole = question.type == .integer || question.type == .year
            guard let number = NumberParser.parse(values[0], wholeNumber: whole, allowPercentSign: question.type == .percent)
            else {
                problem(.numberInvalid, expected: whole ? "a whole number" : "a number", found: values[0])
                return nil
            }
            if whole && number.rounded() != number {
                problem(.numberNotInteger, expected: "a whole number", found: values[0])
                return nil
            }
            if let minimum = question.minimum, number < minimum {
                problem(.numberOutOfRange, expected: Self.range(question), found: values[0])
                return nil
            }
            if let maximum = question.maximum, number > maximum {
                problem(.numberOutOfRange, expected: Self.range(question), found: values[0])
                return nil
            }
            return .number(number)
        case .text:
            return .text(values.joined(separator: "\n").trimmingWhitespace())
        }
    }

    private static func range(_ question: Question) -> String {
        func show(_ value: Double?) -> String {
            guard let value else { return "…" }
            return value.rounded() == value ? String(Int(value)) : String(value)
        }
        return "\(show(question.minimum))–\(show(question.maximum))"
    }
}

/// What a country text resolves to.
public enum CountryResolution: Sendable, Equatable {
    case country(String)
    case unknown
    case ambiguous([String])
}
