import Foundation
public import SurveyModel

/// Checks raw submissions against the questionnaire and normalizes them: country, round,
/// answers. Bad data becomes diagnostics; only a broken questionnaire stops anything.
public struct Transformer: Sendable {
    public let questionnaire: Questionnaire
    public let defaultRound: String
    /// The pipeline file's declared rounds in order (`rounds:`): the only rounds a submission may
    /// name.
    public let rounds: [String]
    /// The field that names the country (pipeline file `identity.country`).
    public let countryField: String
    /// The field that names the round (pipeline file `identity.round`).
    public let roundField: String
    /// The respondent key (pipeline file `identity.respondent`), nil when there is none.
    public let respondentField: String?
    /// The population statistics describe (pipeline file `population:`): an accepted submission
    /// from outside it gets the note `outside-population`. Nil: no note.
    public let population: Population?
    private let reference: CountryReference
    let countries: CountryResolver
    let fields: FieldMapper
    /// Each question with its choice matcher, in questionnaire order; answers refer to them by
    /// position (this runs for every answer of every submission).
    let plans: [Plan]
    private let planIndex: [String: Int]
    /// The questionnaire's `checks`, each with the plans of its `if` and `then` questions.
    private let checkPlans: [CheckPlan]

    /// A check with the plans of its `if` and `then` questions (nil when the question is none of
    /// the plans: inside a repeat, or unknown). A class, so that evaluating a check does not copy
    /// its strings (a check is evaluated on every accepted submission).
    final class CheckPlan: Sendable {
        let check: ConsistencyCheck
        let premise: Int?
        let conclusion: Int?
        /// The check's `if` condition (``ConsistencyCheck/ifCondition``).
        let premiseCondition: ConsistencyCheck.Condition

        init(_ check: ConsistencyCheck, planIndex: [String: Int]) {
            self.check = check
            premiseCondition = check.ifCondition
            premise = planIndex[check.ifQuestion]
            conclusion = planIndex[check.thenQuestion]
        }
    }
    /// The plans compiled for the readers (issue 29): cells matched with it are read straight
    /// into answers by this transformer (``normalizeAnswers``).
    private var codebook: QuestionnaireCodebook
    /// With questionnaires per round: a transformer per declared version (empty with one
    /// questionnaire), each round's version, and whether a submission naming an undeclared form
    /// version is rejected (else checked against its round's, with a warning).
    private var versions: [String: Transformer] = [:]
    private var roundVersions: [String: String] = [:]
    private var rejectsUndeclaredVersion = false

    /// A class: every answer of every submission is checked against one, and a struct holding a
    /// whole ``Question`` cost a dozen reference counts per copy (a tenth of Transform).
    final class Plan: Sendable {
        let question: Question
        let matcher: ChoiceMatcher?

        init(question: Question, matcher: ChoiceMatcher?) {
            self.question = question
            self.matcher = matcher
        }
    }
    /// The sub-questions of every repeat group, by their repeat path and local id
    /// (`laws/title`): how answers inside repeats are checked.
    let repeatPlans: [String: Plan]

    public init(
        questionnaire: Questionnaire, reference: CountryReference, defaultRound: String, countryField: String = "country",
        roundField: String = "round", respondentField: String? = nil, rounds: [String],
        population: Population? = nil
    ) {
        self.init(
            questionnaire: questionnaire, reference: reference, countries: CountryResolver(reference: reference),
            defaultRound: defaultRound, countryField: countryField, roundField: roundField, respondentField: respondentField,
            rounds: rounds, population: population)
    }

    /// With the country resolver made once for every questionnaire version (its keys, every name
    /// of every country folded, took a tenth of a second to make).
    init(
        questionnaire: Questionnaire, reference: CountryReference, countries: CountryResolver, defaultRound: String,
        countryField: String, roundField: String, respondentField: String?, rounds: [String], population: Population?
    ) {
        self.questionnaire = questionnaire
        self.population = population
        self.reference = reference
        self.defaultRound = defaultRound
        self.rounds = rounds
        self.countryField = countryField
        self.roundField = roundField
        self.respondentField = respondentField
        self.fields = FieldMapper(
            questionnaire: questionnaire, identityFields: [countryField, roundField] + (respondentField.map { [$0] } ?? []))
        self.countries = countries
        var matchers = ChoiceMatchers()
        let plans = questionnaire.questions.map {
            Plan(question: $0, matcher: $0.type.hasChoices ? matchers.matcher(for: $0) : nil)
        }
        self.plans = plans
        let planIndex = Dictionary(plans.indices.map { (plans[$0].question.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.planIndex = planIndex
        checkPlans = questionnaire.checks.map { CheckPlan($0, planIndex: planIndex) }
        var repeatPlans: [String: Plan] = [:]
        for (path, group) in questionnaire.allRepeatGroups {
            for question in group.questions {
                repeatPlans[(path + [question.id]).joined(separator: "/")] = Plan(
                    question: question, matcher: question.type.hasChoices ? matchers.matcher(for: question) : nil)
            }
        }
        self.repeatPlans = repeatPlans
        codebook = QuestionnaireCodebook(plans: plans, repeatGroups: Self.repeatIDs(questionnaire))
    }

    /// The choice matchers of one transformer, one per distinct list of choices: a matcher
    /// depends on its choices alone (its initializer writes its tables), and a list shared by
    /// many questions (`yes_no`: 26) was folded and hashed again for each, by every worker
    /// before its first file (30 ms of both cores at the start of a run).
    struct ChoiceMatchers {
        /// By the questions' list name, the matchers made and their choices.
        private var made: [String: [(choices: [Choice], matcher: ChoiceMatcher)]] = [:]

        /// The matcher of `question`'s choices: one made before for the same choices, else a new one.
        mutating func matcher(for question: Question) -> ChoiceMatcher {
            if let found = made[question.choiceList]?.first(where: { $0.choices == question.choices }) { return found.matcher }
            let matcher = ChoiceMatcher(choices: question.choices)
            made[question.choiceList, default: []].append((question.choices, matcher))
            return matcher
        }

        /// How many matchers were made (for tests).
        var count: Int { made.values.reduce(0) { $0 + $1.count } }
    }

    /// Every repeat group id of a questionnaire, nested ones too.
    static func repeatIDs(_ questionnaire: Questionnaire) -> Set<String> {
        Set(questionnaire.allRepeatGroups.map(\.group.id))
    }

    /// The codebook readers match cells with (``AnswerCodebook``): the one of the questionnaire
    /// version that checks a submission of the latest round. Cells matched with it and checked by
    /// another version are read the general way.
    public var answerCodebook: any AnswerCodebook { (versions[questionnaire.version] ?? self).codebook }

    /// A transformer for rounds answering different questionnaire versions: each submission is
    /// checked against the version it names (`formVersion`) when a round declares it, else against
    /// its round's (`roundVersions`, round → version; the latest for an undeclared round). A
    /// named version no round declares: `form-version-undeclared` (a warning), or
    /// `form-version-rejected` with `rejectUndeclaredVersion`. `questionnaires` lists every
    /// declared version, the latest last.
    public init(
        questionnaires: [Questionnaire], roundVersions: [String: String], rejectUndeclaredVersion: Bool = false,
        reference: CountryReference, countries: CountryResolver? = nil, defaultRound: String, countryField: String = "country",
        roundField: String = "round", respondentField: String? = nil, rounds: [String], population: Population? = nil
    ) {
        // `countries`: a resolver of `reference` the caller shares (its name tiers made once).
        let countries = countries ?? CountryResolver(reference: reference)
        func make(_ questionnaire: Questionnaire) -> Transformer {
            Transformer(
                questionnaire: questionnaire, reference: reference, countries: countries, defaultRound: defaultRound,
                countryField: countryField,
                roundField: roundField, respondentField: respondentField, rounds: rounds, population: population)
        }
        let latest = questionnaires.last { $0.version == roundVersions[rounds.last ?? ""] } ?? questionnaires.last!
        self = make(latest)
        self.rejectsUndeclaredVersion = rejectUndeclaredVersion
        self.roundVersions = roundVersions
        if questionnaires.count > 1 {
            versions = Dictionary(questionnaires.map { ($0.version, make($0)) }, uniquingKeysWith: { first, _ in first })
        }
        // A group that repeats in any version is never matched into: the version that checks the
        // submission may place its answers in the repeat.
        let repeats = Set(questionnaires.flatMap { Self.repeatIDs($0) })
        codebook = QuestionnaireCodebook(plans: plans, repeatGroups: repeats)
        for version in Array(versions.keys) {
            versions[version]!.codebook = QuestionnaireCodebook(plans: versions[version]!.plans, repeatGroups: repeats)
        }
        // Undeclared-version checks need every declared version, also with one questionnaire.
        declaredVersions = Set(questionnaires.map(\.version))
    }

    /// Every questionnaire version the pipeline declares.
    private var declaredVersions: Set<String> = []

    /// The country a text names: ISO alpha-3 when exactly one country fits.
    public func resolveCountry(_ text: String) -> CountryResolution {
        switch countries.resolve(text) {
        case .country(let iso3): return .country(iso3)
        case .unknown: return .unknown
        case .ambiguous(let candidates): return .ambiguous(candidates)
        }
    }

    /// Checks one submission. The result is `accepted` or `rejected`; revisions are resolved
    /// afterwards over the whole batch (`resolveRevisions`). Taken alone, a submission is a file
    /// of one: a country written `NA` is not taken for Namibia (``transform(file:format:)``).
    public func transform(_ submitted: RawSubmission) -> Submission {
        transform(submitted, naIsNamibia: false)
    }

    /// Checks one submission of a file; `naIsNamibia` says whether `NA` names Namibia there
    /// (``naMeansNamibia(_:)``).
    func transform(_ submitted: consuming RawSubmission, naIsNamibia: Bool) -> Submission {
        let named = submitted.metadata.formVersion?.trimmingWhitespace() ?? ""
        let declared = declaredVersions.isEmpty ? [questionnaire.version] : declaredVersions
        let undeclared = !named.isEmpty && !declared.contains(named)
        var version: Transformer?
        if !versions.isEmpty {
            if !named.isEmpty, let named = versions[named] {
                version = named
            } else {
                let round = roundKey(writtenIdentity(submitted, .round)?.text)
                if let declared = roundVersions[round.isEmpty ? defaultRound : round], let chosen = versions[declared] {
                    version = chosen
                }
            }
        }
        let undeclaredVersion = undeclared ? named : nil
        var submission: Submission
        if let version {
            submission = version.check(
                consume submitted, naIsNamibia: naIsNamibia, undeclaredVersion: undeclaredVersion, reject: rejectsUndeclaredVersion,
                declared: declared)
            submission.questionnaireVersion = version.questionnaire.version
        } else {
            submission = check(
                consume submitted, naIsNamibia: naIsNamibia, undeclaredVersion: undeclaredVersion, reject: rejectsUndeclaredVersion,
                declared: declared)
            submission.questionnaireVersion = questionnaire.version
        }
        return submission
    }

    /// What ``writtenIdentity(_:_:)`` reads.
    enum IdentityField { case country, round }

    /// The country or round a submission names, exactly as ``withIdentityFields(_:)`` would take
    /// it (the country field first: an answer naming it is never the round, even when the pipeline
    /// names both alike), without copying the submission.
    func writtenIdentity(_ raw: RawSubmission, _ wanted: IdentityField) -> RawValue? {
        let given = wanted == .country ? raw.country : raw.round
        if let given { return given }
        // withIdentityFields takes answer fields only when the format left one of them out.
        guard raw.country == nil || raw.round == nil else { return nil }
        for answer in raw.answers where !fields.isQuestionID(answer.field) {
            if FieldMapper.names(answer.field, countryField) {
                if wanted == .country { return RawValue(answer.values.joined(separator: " "), at: answer.location) }
            } else if wanted == .round, FieldMapper.names(answer.field, roundField) {
                return RawValue(answer.values.joined(separator: " "), at: answer.location)
            }
        }
        return nil
    }

    private func check(
        _ submitted: consuming RawSubmission, naIsNamibia: Bool, undeclaredVersion: String?, reject rejectsUndeclared: Bool,
        declared: Set<String>
    ) -> Submission {
        var raw = consume submitted
        // Cells matched with another version's codebook may name a field this version takes as an
        // identity field (`restricted`, no question here): raw answers again before it is taken.
        if !raw.matched.isEmpty, raw.matched.codebook !== codebook { raw.unmatch() }
        let (respondent, restrictedField) = takeIdentity(&raw)
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

        // Answers first, so a rejected submission still counts what it held. Answers inside the
        // questionnaire's repeat groups are checked apart (their ids are local to the repeat).
        // The labels read (option labels, question labels as field names) vote for the
        // sender's language.
        var votes = LanguageVotes()
        // Taken out of `raw` (not read again), so that the answers are moved, not copied.
        var rawAnswers: [RawAnswer] = []
        swap(&rawAnswers, &raw.answers)
        var matched = MatchedAnswers()
        swap(&matched, &raw.matched)
        let (ordinary, inRepeats, origins) = separateRepeatAnswers(rawAnswers, origins: !matched.isEmpty)
        let (answers, seenOrdinary, answerAt) = normalizeAnswers(
            ordinary, origins: origins, matched: matched, format: raw.format, votes: &votes, report: report)
        let (repeatAnswers, seenInRepeats) = normalizeRepeatAnswers(inRepeats, votes: &votes, report: report)
        let seen = seenOrdinary + seenInRepeats

        var submission = Submission(
            id: id, location: raw.location, format: raw.format, country: nil,
            countryGiven: raw.country?.text ?? "", round: defaultRound, status: .accepted, answers: answers,
            answersSeen: seen, diagnostics: [])
        submission.repeatAnswers = repeatAnswers
        submission.metadata = raw.metadata
        if let restrictedField {
            let (restriction, unknown) = readRestricted(restrictedField.text)
            submission.restricted = restriction
            if !unknown.isEmpty {
                report(
                    Diagnostic(
                        .restrictedItemUnknown, at: restrictedField.location,
                        expected: "all, or item ids of the questionnaire \(questionnaire.version) separated by spaces or commas",
                        found: unknown.joined(separator: " ")))
            }
        }

        func reject(_ code: DiagnosticCode, at location: SourceLocation, expected: String? = nil, found: String? = nil) {
            if submission.status != .rejected {
                submission.status = .rejected
                submission.reason = code
            }
            report(Diagnostic(code, at: location, expected: expected, found: found))
        }

        // A reader's own error about this submission (a CSV row cut short, `row-truncated`)
        // rejects it: already reported above, it names the reason.
        if let readerError = raw.diagnostics.first(where: { $0.severity == .error }) {
            submission.status = .rejected
            submission.reason = readerError.code
        }
        if respondentField != nil {
            if let respondent, !respondent.text.isEmpty {
                submission.respondent = respondent.text
            } else {
                reject(
                    .respondentMissing, at: respondent?.location ?? raw.location,
                    expected: "a value in the respondent field '\(respondentField!)'", found: respondent == nil ? "no such field" : "an empty value")
            }
        }
        if let undeclaredVersion {
            let expected = "a form version a round declares: \(declared.sorted().joined(separator: ", ")); checked against \(questionnaire.version)"
            if rejectsUndeclared {
                reject(.formVersionRejected, at: raw.location, expected: expected, found: undeclaredVersion)
            } else {
                report(Diagnostic(.formVersionUndeclared, at: raw.location, expected: expected, found: undeclaredVersion))
            }
        }
        if let written = raw.round, !written.text.trimmingWhitespace().isEmpty {
            switch RoundNames.resolve(written.text, declared: rounds) {
            case .exact(let round):
                submission.round = round
            case .normalized(let round):
                submission.round = round
                report(Diagnostic(.roundNormalized, at: written.location, expected: round, found: written.text))
            case .invalid:
                reject(.roundInvalid, at: written.location, expected: expectedRounds, found: written.text)
            }
        }

        let countryText = raw.country?.text.trimmingWhitespace() ?? ""
        let countryLocation = raw.country?.location ?? raw.location
        if countryText.isEmpty {
            reject(.countryMissing, at: countryLocation, expected: "an ISO 3166 code, M49 code or country name")
        } else if !naIsNamibia && Self.isNA(countryText) {
            reject(
                .countryAmbiguousNA, at: countryLocation,
                expected: "NAM or Namibia (NA is read as Namibia only in a file whose other countries are all alpha-2 codes)",
                found: countryText)
        } else {
            switch countries.resolve(countryText) {
            case .country(let iso3): submission.country = iso3
            case .unknown:
                reject(.countryUnknown, at: countryLocation, expected: "an ISO 3166 code, M49 code or UN country name", found: countryText)
                // Computed only now that the match failed: "Madagscar" → did you mean Madagascar (MDG)?
                if let suggestion = countries.suggestion(for: countryText), diagnostics.last?.code == .countryUnknown {
                    diagnostics[diagnostics.count - 1].suggestion = suggestion
                }
            case .ambiguous(let candidates):
                reject(
                    .countryAmbiguous, at: countryLocation, expected: "one of \(candidates.joined(separator: ", ")) as a code",
                    found: countryText)
            }
        }
        if submission.status == .accepted && answers.isEmpty && repeatAnswers.isEmpty {
            reject(.submissionEmpty, at: raw.location, expected: "at least one usable answer", found: "\(seen) answers, none usable")
        }
        // The sender's own review said no: excluded. A submission that is invalid anyway stays
        // rejected (it names no usable country), with the review noted.
        if let review = raw.metadata.review, Self.reviewExcludes(review), submission.status != .rejected {
            submission.status = .excluded
            submission.reason = .submissionExcluded
            report(Diagnostic(.submissionExcluded, at: raw.location, expected: "a submission not rejected in review", found: review))
        }
        // Accepted from outside the population: kept, and said so (it is counted in `outside` only).
        // So is a State in a round before it joined the population (its `member_since`).
        if submission.status == .accepted, let population, let iso3 = submission.country,
            !population.contains(iso3, inRound: submission.round)
        {
            let country = reference.country(iso3: iso3)
            let name = country.flatMap { $0.name[.en] }.map { " \($0)" } ?? ""
            let status = country.map { ", UN status \($0.unStatus.rawValue)" + ($0.memberSince.map { " since \($0)" } ?? "") } ?? ""
            report(
                Diagnostic(
                    .outsidePopulation, at: countryLocation, expected: "a State of the population: \(population)",
                    found: "\(iso3)\(name)\(status)"))
        }
        // Answers checked against each other (the questionnaire's `checks:`): a note or warning
        // on an accepted submission, never a rejection; both answers stay.
        if submission.status == .accepted {
            // Each check's two answers looked up by plan, not searched for by id in every
            // submission's answers (thirteen checks, two searches each: a twelfth of Transform).
            for plan in checkPlans {
                // Most checks' `if` question is unanswered or answered otherwise: the check is
                // evaluated (and copied out of its plan, its strings counted up and down) only
                // when its premise holds.
                guard let premise = plan.premise, answerAt[premise] >= 0,
                    ConsistencyCheck.holds(plan.premiseCondition, answers[answerAt[premise]])
                else { continue }
                if let firing = plan.check.evaluate(
                    premise: answers[answerAt[premise]],
                    conclusion: plan.conclusion.flatMap { answerAt[$0] >= 0 ? answers[answerAt[$0]] : nil },
                    country: submission.country, submissionID: id)
                {
                    diagnostics.append(firing)
                }
            }
            for uncovered in uncoveredActs(answers: answers, repeatAnswers: repeatAnswers) { report(uncovered) }
        }
        // Every diagnostic of the submission (the reader's too) names its country and the
        // language to write back in: the sender's own, else the country's configured language.
        let language = votes.leader ?? submission.country.flatMap { reference.country(iso3: $0)?.language }
        if submission.country != nil || language != nil {
            for index in diagnostics.indices {
                diagnostics[index].country = submission.country
                diagnostics[index].senderLanguage = language
            }
        }
        submission.senderLanguage = language
        submission.diagnostics = diagnostics
        return submission
    }

    /// ODK Central's `ReviewState` `rejected` and KoboToolbox's `_validation_status`
    /// `validation_status_not_approved` exclude a submission; an empty or other status counts.
    static func reviewExcludes(_ review: String) -> Bool {
        let value = review.trimmingWhitespace().lowercased().replacingOccurrences(of: " ", with: "_")
        return value == "rejected" || value == "validation_status_not_approved" || value == "not_approved"
    }

    /// Takes the country and round from answer fields of those names when the format has no
    /// dedicated place for them (XForm instances, exports).
    func withIdentityFields(_ raw: RawSubmission) -> RawSubmission {
        guard raw.country == nil || raw.round == nil else { return raw }
        var raw = raw
        raw.unmatch()
        var copy = raw
        copy.answers = []
        for answer in raw.answers {
            if fields.isQuestionID(answer.field) {
                copy.answers.append(answer)
            } else if FieldMapper.names(answer.field, countryField) {
                if copy.country == nil { copy.country = RawValue(answer.values.joined(separator: " "), at: answer.location) }
            } else if FieldMapper.names(answer.field, roundField) {
                if copy.round == nil { copy.round = RawValue(answer.values.joined(separator: " "), at: answer.location) }
            } else {
                copy.answers.append(answer)
            }
        }
        return copy
    }

    /// ``withIdentityFields(_:)``, then ``takeRespondent(_:)`` and ``takeRestricted(_:)``, in one
    /// pass over the answers, in place: the answers kept are not copied (with a submission the
    /// caller no longer holds, its answers are moved, not retained one by one).
    func takeIdentity(_ raw: inout RawSubmission) -> (respondent: RawValue?, restricted: RawValue?) {
        let identity = raw.country == nil || raw.round == nil
        var country: RawValue?
        var round: RawValue?
        var respondent: RawValue?
        var restricted: RawValue?
        let respondentField = self.respondentField
        let countryField = self.countryField
        let roundField = self.roundField
        let fields = self.fields
        // Looked up by index, and removed by index (few are): a closure over each answer, as
        // `removeAll(where:)` takes, copied every answer.
        var taken: [Int] = []
        for index in raw.answers.indices {
            let field = raw.answers[index].field
            if fields.isQuestionID(field) { continue }
            if identity {
                if FieldMapper.names(field, countryField) {
                    if country == nil { country = RawValue(raw.answers[index].values.joined(separator: " "), at: raw.answers[index].location) }
                    taken.append(index)
                    continue
                }
                if FieldMapper.names(field, roundField) {
                    if round == nil { round = RawValue(raw.answers[index].values.joined(separator: " "), at: raw.answers[index].location) }
                    taken.append(index)
                    continue
                }
            }
            if let respondentField, FieldMapper.names(field, respondentField) {
                if respondent == nil || respondent!.text.isEmpty {
                    respondent = RawValue(
                        raw.answers[index].values.joined(separator: " ").trimmingWhitespace(), at: raw.answers[index].location)
                }
                taken.append(index)
                continue
            }
            if FieldMapper.names(field, Self.restrictedField) {
                let text = raw.answers[index].values.joined(separator: " ").trimmingWhitespace()
                if let previous = restricted {
                    restricted = RawValue(previous.text + " " + text, at: previous.location)
                } else {
                    restricted = RawValue(text, at: raw.answers[index].location)
                }
                taken.append(index)
            }
        }
        for index in taken.reversed() { raw.answers.remove(at: index) }
        // Matched cells say which raw answer they come before: the same answer still.
        if !taken.isEmpty && !raw.matched.isEmpty {
            for cell in raw.matched.cells.indices {
                let order = Int(raw.matched.cells[cell].order)
                raw.matched.cells[cell].order -= Int32(taken.count(where: { $0 < order }))
            }
        }
        if identity {
            if raw.country == nil { raw.country = country }
            if raw.round == nil { raw.round = round }
        }
        return (respondent, restricted)
    }

    /// The field a sender marks restricted answers with (issue 26, docs/restricted.md): a CSV
    /// column, an XML element, an XForm field named `restricted`.
    public static let restrictedField = "restricted"

    /// Removes the `restricted` field from the answers (when the questionnaire has no item of that
    /// name) and returns its value, the values of several joined by a space; nil when absent.
    func takeRestricted(_ raw: inout RawSubmission) -> RawValue? {
        raw.unmatch()
        var found: RawValue?
        raw.answers.removeAll { answer in
            guard !fields.isQuestionID(answer.field), FieldMapper.names(answer.field, Self.restrictedField) else { return false }
            let text = answer.values.joined(separator: " ").trimmingWhitespace()
            if let previous = found {
                found = RawValue(previous.text + " " + text, at: previous.location)
            } else {
                found = RawValue(text, at: answer.location)
            }
            return true
        }
        return found
    }

    /// The words that restrict a whole submission, and those that restrict nothing, in the
    /// survey's languages (compared after lower-casing).
    static let restrictsEverything: Set<String> = ["all", "yes", "true", "1", "*", "tout", "oui", "todo", "sí", "si", "все", "да", "全部", "是", "الكل", "نعم"]
    static let restrictsNothing: Set<String> = ["", "no", "none", "false", "0", "non", "aucun", "ninguno", "нет", "否", "无", "لا"]

    /// Reads a `restricted` field: a word for everything (`all`, `yes`…), a word for nothing
    /// (`no`, `none`, empty), or item ids (questions or repeat groups of the questionnaire)
    /// separated by spaces, commas or semicolons. An id the questionnaire does not have restricts
    /// the whole submission (returned in `unknown` for the diagnostic): a typo never publishes
    /// what the State asked to keep out.
    func readRestricted(_ text: String) -> (SenderRestriction?, unknown: [String]) {
        let folded = text.trimmingWhitespace().lowercased()
        if Self.restrictsEverything.contains(folded) { return (.everything, []) }
        if Self.restrictsNothing.contains(folded) { return (nil, []) }
        let known = questionnaire.itemIDs
        var items: [String] = []
        var unknown: [String] = []
        for part in folded.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "\t" || $0 == "\n" }) {
            let id = String(part)
            if known.contains(id) {
                if !items.contains(id) { items.append(id) }
            } else if !unknown.contains(id) {
                unknown.append(id)
            }
        }
        if !unknown.isEmpty { return (.everything, unknown) }
        return (items.isEmpty ? nil : .items(items), [])
    }

    /// Removes the respondent field from the answers and returns its value (trimmed), when the
    /// pipeline file declares a respondent key; nil when it declares none or the field is absent.
    func takeRespondent(_ raw: inout RawSubmission) -> RawValue? {
        guard let respondentField else { return nil }
        raw.unmatch()
        var found: RawValue?
        raw.answers.removeAll { answer in
            guard !fields.isQuestionID(answer.field), FieldMapper.names(answer.field, respondentField) else { return false }
            if found == nil || found!.text.isEmpty {
                found = RawValue(answer.values.joined(separator: " ").trimmingWhitespace(), at: answer.location)
            }
            return true
        }
        return found
    }

    /// What `round-invalid` says was expected: the declared rounds.
    var expectedRounds: String { "one of the declared rounds: \(rounds.joined(separator: ", "))" }

    /// The round a written value stands for, for grouping rows (a declared round when it names
    /// one, else the value trimmed); empty when nothing is written.
    func roundKey(_ written: String?) -> String {
        let text = written?.trimmingWhitespace() ?? ""
        guard !text.isEmpty else { return "" }
        switch RoundNames.resolve(text, declared: rounds) {
        case .exact(let round), .normalized(let round): return round
        case .invalid: return text
        }
    }

    // MARK: Answers

    /// The answers of `raw` and of the cells a reader matched (`matched`; `origins`: each raw
    /// answer's index when the reader handed it on, nil when unchanged), checked, in the order
    /// they were read, how many were seen, and each plan's answer (its position in the answers,
    /// -1 when unanswered: at most one answer per question is kept).
    private func normalizeAnswers(
        _ raw: [RawAnswer], origins: [Int]? = nil, matched: MatchedAnswers = MatchedAnswers(), format: SourceFormat,
        votes: inout LanguageVotes, report: (Diagnostic) -> Void
    ) -> (answers: [Answer], seen: Int, answerAt: [Int]) {
        // First map every field to its question. Rows of a long-layout file may give a
        // multiple-choice answer one option per row, and exports may split it into one 0/1
        // column per option: each of those is one answer.
        // plan -1: no question (unknown or dropped); 0 ≤ source < raw.count: raw[source];
        // source ≥ raw.count: the matched cell matched.cells[source - raw.count]; else made here:
        // made[-source - 1] (an answer is copied only when it has to change).
        let votesBefore = votes
        var merged: [(plan: Int, source: Int)] = []
        merged.reserveCapacity(raw.count)
        var made: [RawAnswer] = []
        func keep(_ plan: Int, _ answer: RawAnswer) {
            made.append(answer)
            merged.append((plan, -made.count))
        }
        var multipleChoicePosition = [Int](repeating: -1, count: plans.count)
        var splitColumns: [Int: [(option: String, answer: RawAnswer)]] = [:]
        var splitOrder: [Int] = []
        // Exports may carry a multiple-choice answer twice: a combined column and one 0/1 column
        // per option. The 0/1 columns hold codes, never labels, so they win when present.
        var hasSplitColumns = Set<Int>()
        // Each field is mapped once (this runs for every answer of every submission). A field
        // written exactly as a question id needs no more than one lookup.
        let targets = raw.map { (answer: RawAnswer) -> Target? in
            if answer.isEmpty { return nil }
            if let index = planIndex[answer.field] { return .question(index) }
            switch fields.map(answer.field, votes: &votes) {
            case .question(let id): return .question(planIndex[id]!)
            case .option(let id, let option): return .option(planIndex[id]!, option)
            case .ignored: return .ignored
            case .repeated: return .repeated
            case .unknown: return .unknown
            }
        }
        for target in targets {
            if case .option(let index, _) = target { hasSplitColumns.insert(index) }
        }
        // Matched cells go straight to their answers when this version's codebook matched them and
        // no other answer names their question; else they are raw answers again, in their places,
        // and everything goes the general way.
        if !matched.isEmpty {
            guard readsStraight(matched, targets: targets) else {
                // From the start again: the fields' votes just counted are counted there.
                votes = votesBefore
                return normalizeAnswers(matched.merged(into: raw, origins: origins), format: format, votes: &votes, report: report)
            }
        }
        var nextCell = 0
        for (position, target) in targets.enumerated() {
            if nextCell < matched.cells.count {
                let origin = origins?[position] ?? position
                while nextCell < matched.cells.count && Int(matched.cells[nextCell].order) <= origin {
                    merged.append((Int(matched.cells[nextCell].slot), raw.count + nextCell))
                    nextCell += 1
                }
            }
            guard let target else { continue }
            if raw[position].repeatIndex != nil || target == .repeated {
                let answer = raw[position]
                report(
                    Diagnostic(
                        .answerInRepeat, at: answer.location, questionID: answer.field,
                        expected: "one answer outside repeats", found: answer.values.joined(separator: " ")))
                keep(-1, RawAnswer(field: "", values: [], location: answer.location))  // seen, dropped
                continue
            }
            switch target {
            case .ignored, .repeated:  // repeated: handled above
                continue
            case .unknown:
                merged.append((-1, position))
            case .option(let index, let option):
                if splitColumns[index] == nil { splitOrder.append(index) }
                splitColumns[index, default: []].append((option, raw[position]))
            case .question(let index):
                if plans[index].question.type == .multipleChoice {
                    if !hasSplitColumns.isEmpty && hasSplitColumns.contains(index) { continue }
                    let earlier = multipleChoicePosition[index]
                    if earlier >= 0 {
                        if merged[earlier].source >= 0 {
                            made.append(raw[merged[earlier].source])
                            merged[earlier].source = -made.count
                        }
                        made[-merged[earlier].source - 1].values += raw[position].values
                        continue
                    }
                    multipleChoicePosition[index] = merged.count
                }
                merged.append((index, position))
            }
        }
        while nextCell < matched.cells.count {
            merged.append((Int(matched.cells[nextCell].slot), raw.count + nextCell))
            nextCell += 1
        }
        // The 0/1 columns of a question (their combined column, if any, was skipped above).
        for index in splitOrder where multipleChoicePosition[index] < 0 {
            let columns = splitColumns[index]!
            let id = plans[index].question.id
            var selected: [String] = []
            var unreadable: [String] = []
            for (option, answer) in columns {
                let value = answer.values.joined().trimmingWhitespace().lowercased()
                if value == "1" || value == "true" { selected.append(option) } else if value != "0" && value != "false" {
                    unreadable.append(answer.values.joined())
                }
            }
            let location = columns[0].answer.location
            if let bad = unreadable.first {
                report(Diagnostic(.choiceUnknown, at: location, questionID: id, expected: "0 or 1 in each option column", found: bad))
                keep(-1, RawAnswer(field: "", values: [], location: location))
            } else if !selected.isEmpty {
                keep(index, RawAnswer(field: id, values: selected, location: location))
            }  // all 0: not answered
        }

        var answers: [Answer] = []
        answers.reserveCapacity(merged.count)
        // Each plan's answer: its position in `answers`, -1 while unanswered.
        var answerAt = [Int](repeating: -1, count: plans.count)
        var seen = 0
        // Each answer is read where it is (a local binding of either array's element would copy
        // it: a dozen reference counts per answer).
        func check(_ index: Int, _ rawAnswer: RawAnswer) {
            guard index >= 0 else {
                if rawAnswer.values.isEmpty { return }  // already reported
                let field = rawAnswer.field.trimmingWhitespace()
                report(
                    Diagnostic(
                        .questionUnknown, at: rawAnswer.location, questionID: field,
                        expected: "\(Self.fieldName(format)) of questionnaire \(questionnaire.id)",
                        found: field.isEmpty ? "(empty)" : field, suggestion: fields.suggestion(for: field)))
                return
            }
            guard answerAt[index] < 0 else {
                report(
                    Diagnostic(
                        .answerDuplicate, at: rawAnswer.location, questionID: plans[index].question.id, expected: "one answer",
                        found: rawAnswer.values.joined(separator: " | ")))
                return
            }
            if let value = normalize(rawAnswer, for: plans[index], votes: &votes, report: report) {
                answerAt[index] = answers.count
                answers.append(Answer(questionID: plans[index].question.id, value: value, location: rawAnswer.location))
            }
        }
        for (index, source) in merged {
            seen += 1
            if source >= raw.count {
                // Read by the codebook as the general path reads it: no diagnostic, one answer per
                // question (readsStraight).
                let cell = matched.cells[source - raw.count]
                if answerAt[index] < 0 { answerAt[index] = answers.count }
                votes.add(packed: cell.value.votes)
                answers.append(
                    Answer(
                        questionID: plans[index].question.id,
                        value: codebook.value(cell.slot, cell.value, codes: plans[index].matcher?.codes ?? []),
                        location: cell.location(file: matched.file)))
            } else if source >= 0 {
                check(index, raw[source])
            } else {
                check(index, made[-source - 1])
            }
        }
        return (answers, seen, answerAt)
    }

    /// Whether matched cells can be read straight into answers: matched with this transformer's
    /// codebook (a cell's slot is its plan), one cell per question, and no raw answer naming one
    /// of their questions (as a field, or as an option's 0/1 column): then the general path would
    /// have read each cell alone, to the value the codebook gave.
    private func readsStraight(_ matched: MatchedAnswers, targets: [Target?]) -> Bool {
        guard let used = matched.codebook, used === codebook else { return false }
        var questions = [Bool](repeating: false, count: plans.count)
        for cell in matched.cells {
            let plan = Int(cell.slot)
            guard plan >= 0, plan < plans.count, !questions[plan] else { return false }
            questions[plan] = true
        }
        for target in targets {
            switch target {
            case .question(let index), .option(let index, _): if questions[index] { return false }
            default: continue
            }
        }
        return true
    }

    /// Where a field's answers go, by question position.
    private enum Target: Equatable {
        case question(Int)
        case option(Int, String)
        case ignored
        case repeated
        case unknown
    }

    /// True when a text starts with white space (a Character's white space is its first
    /// scalar's); printable ASCII first, without decoding.
    private static func startsWithWhitespace(_ text: String) -> Bool {
        guard let byte = text.utf8.first else { return false }
        if byte > 0x20 && byte < 0x80 { return false }
        return text.unicodeScalars.first!.properties.isWhitespace
    }

    /// The checked value of one answer, nil (with a diagnostic) when it cannot be used.
    /// `field` names it in diagnostics when it is not the question id (inside a repeat:
    /// `laws[2]/year_adopted`).
    func normalize(
        _ raw: RawAnswer, for plan: Plan, field: String? = nil, votes: inout LanguageVotes, report: (Diagnostic) -> Void
    ) -> AnswerValue? {
        let question = plan.question
        let values = raw.values.count == 1 && !raw.values[0].isEmpty && !Self.startsWithWhitespace(raw.values[0])
            ? raw.values : raw.values.filter { !$0.allSatisfy(\.isWhitespace) }
        func problem(_ code: DiagnosticCode, expected: String, found: String, suggestion: Suggestion? = nil) {
            report(
                Diagnostic(code, at: raw.location, questionID: field ?? question.id, expected: expected, found: found, suggestion: suggestion))
        }
        var written: String { values.joined(separator: " | ") }
        /// The note for an answer read as a partial label: the whole label in its language.
        func partialNote(_ matcher: ChoiceMatcher, _ text: String, _ position: Int, _ language: Language) {
            problem(.choicePartialLabel, expected: matcher.label(position, in: language), found: text.trimmingWhitespace())
        }
        /// What the sender probably meant by a text that is no option.
        func optionSuggestion(_ matcher: ChoiceMatcher, _ text: String) -> Suggestion? {
            matcher.nearest(text).map { Suggestion(.option, matcher.codes[$0], label: matcher.englishLabel($0)) }
        }
        switch question.type {
        case .singleChoice, .legalForm:
            let matcher = plan.matcher!
            guard values.count == 1 else {
                problem(.tooManyValues, expected: "one of: \(matcher.codes.joined(separator: ", "))", found: written)
                return nil
            }
            switch matcher.match(values[0], votes: &votes) {
            case .code(let code): return .choice(code)
            case .unknown:
                if let partial = matcher.partial(values[0]) {
                    partialNote(matcher, values[0], partial.position, partial.language)
                    return .choice(matcher.codes[partial.position])
                }
                problem(
                    .choiceUnknown, expected: "one of: \(matcher.codes.joined(separator: ", "))", found: values[0],
                    suggestion: optionSuggestion(matcher, values[0]))
            case .ambiguous(let codes):
                problem(.choiceAmbiguous, expected: "one of: \(codes.joined(separator: ", "))", found: values[0])
            }
            return nil
        case .multipleChoice:
            let matcher = plan.matcher!
            if values.count == 1, let codes = matcher.selection(values[0], votes: &votes) { return .choices(codes) }
            var selected = Set<String>()
            for piece in values.flatMap(matcher.split) {
                switch matcher.match(piece, votes: &votes) {
                case .code(let code): selected.insert(code)
                case .unknown:
                    if let partial = matcher.partial(piece) {
                        partialNote(matcher, piece, partial.position, partial.language)
                        selected.insert(matcher.codes[partial.position])
                        continue
                    }
                    var suggestion: Suggestion?
                    switch matcher.separated(piece) {
                    case .read(let positions, let partial, let separator):
                        problem(
                            .choiceSeparatorRead,
                            expected: "options separated by ; or |: " + positions.map { matcher.codes[$0] }.joined(separator: "; "),
                            found: piece.trimmingWhitespace(), suggestion: Suggestion(.separator, String(separator)))
                        for (text, position, language) in partial { partialNote(matcher, text, position, language) }
                        selected.formUnion(positions.map { matcher.codes[$0] })
                        continue
                    case .unread(let separator, let someMatched) where someMatched:
                        suggestion = Suggestion(.separator, String(separator))
                    case .unread, nil:
                        suggestion = optionSuggestion(matcher, piece)
                    }
                    problem(
                        .choiceUnknown, expected: "options among: \(matcher.codes.joined(separator: ", "))", found: piece,
                        suggestion: suggestion)
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
            // An exclusive option ("none") excludes every other option of the list.
            if let exclusive = question.exclusiveConflict(selected) {
                problem(.choiceConflict, expected: "either \(exclusive) or other options", found: written)
                return nil
            }
            return .choices(matcher.codes.filter(selected.contains))
        case .integer, .year, .decimal, .percent:
            guard values.count == 1 else {
                problem(.tooManyValues, expected: "one number", found: written)
                return nil
            }
            let whole = question.type == .integer || question.type == .year
            guard let (number, isWhole) = NumberParser.read(values[0], wholeNumber: whole, allowPercentSign: question.type == .percent)
            else {
                problem(.numberInvalid, expected: whole ? "a whole number" : "a number", found: values[0])
                return nil
            }
            // From the text: the Double may have rounded a fraction away (99999.99999999999999999).
            if whole && (!isWhole || number.rounded() != number) {
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
            return .number(number)  // finite, and zero without a sign (NumberParser.read)
        case .text:
            return .text(values.joined(separator: "\n").trimmingWhitespace())
        }
    }

    /// What names a question in a file of this format, for `question-unknown`'s `expected`: a
    /// column header in a table, an element in an XForm instance, else a question id.
    static func fieldName(_ format: SourceFormat) -> String {
        switch format {
        case .wideCSV, .odkCentralCSV, .koboCSV, .xlsxWide: return "a column header naming a question (its id or label)"
        case .xlsxTransposed: return "a row header naming a question (its id or label)"
        case .xformInstance: return "an element named as a question id"
        default: return "a question id"
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
