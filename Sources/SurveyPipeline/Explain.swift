import Foundation
public import SurveyModel
import SurveyDefinitions
public import SurveyAnalyze

/// `legisurvey explain`: where a published figure comes from, recomputed from the store.
extension Pipeline {
    /// The countries behind one statistic, recomputed from the store (``StatisticLineage``): the
    /// pipeline's store, or `store` (any backend of the read protocol).
    public func explainStatistic(
        round: String, question: String, option: String, group: String, store: (any SurveyReadStore)? = nil
    ) async throws -> StatisticLineage {
        let base: any SurveyReadStore = if let store { store } else { try await existingStore() }
        // Read through the analyst's corrections, as the run's statistics were.
        let store = try await corrected(base)
        do {
            let analyzer = analyzer
            let named = try Arguments.group(group, catalog: analyzer.catalog)
            return try await StatisticLineage.explain(
                store: store, analyzer: analyzer, round: round, questionID: question, option: option,
                groupName: named.description)
        } catch let failure as StatisticLineage.Failure {
            throw PipelineError.invalidArgument(failure.description)
        }
    }

    /// The arithmetic of one priority score, recomputed from the store (``PriorityExplanation``).
    /// `country` is an ISO alpha-3 or alpha-2 code, an M49 code or a name in any of the six
    /// languages (``Arguments/country(_:reference:what:)``).
    public func explainPriority(
        country: String, area: String, round: String?, respondent: String? = nil, store: (any SurveyReadStore)? = nil
    ) async throws -> PriorityExplanation {
        guard let model = scoringModel else {
            throw PipelineError.invalidArgument("the pipeline file names no scoring model (priorities:)")
        }
        let match = try referenceCountry(country)
        let base: any SurveyReadStore = if let store { store } else { try await existingStore() }
        let store = try await corrected(base)
        do {
            return try await PriorityExplanation.explain(
                store: store, model: model, country: match.iso3, areaID: area, round: round, respondent: respondent,
                declaredRounds: configuration.rounds, analyzer: analyzer)
        } catch let failure as PriorityExplanation.Failure {
            throw PipelineError.invalidArgument(failure.description)
        }
    }

    /// The reference country `country` names, as submissions name one (``Arguments/country(_:reference:what:)``).
    func referenceCountry(_ country: String) throws -> Country {
        try Arguments.country(country, reference: reference)
    }

    /// `legisurvey explain law`: a country's listed laws in one round (by default the latest round
    /// it answered, in the declared order), each field with its value (option codes with their
    /// labels in the pipeline language) and the `file:line` it came from. `country` as for
    /// ``explainPriority(country:area:round:respondent:store:)``.
    public func explainLaws(country: String, round: String?, store: (any SurveyReadStore)? = nil) async throws -> LawExplanation {
        let match = try referenceCountry(country)
        let store: any SurveyReadStore = if let store { store } else { try await existingStore() }
        let answered = try await store.acceptedSubmissions().filter { $0.country == match.iso3 }
        let rounds = RoundNames.sorted(Array(Set(answered.map(\.round))), declared: configuration.rounds)
        let name = match.name.text(in: configuration.language)
        guard let latest = rounds.last else {
            throw PipelineError.invalidArgument("\(name) (\(match.iso3)) has no accepted submission in the store")
        }
        let chosen = round ?? latest
        guard rounds.contains(chosen) else {
            throw PipelineError.invalidArgument(
                "\(name) (\(match.iso3)) has no accepted submission in round '\(chosen)' (its rounds: \(rounds.joined(separator: ", ")))")
        }
        let roundQuestionnaire = analyzer.roundQuestionnaires[chosen] ?? analyzer.questionnaire
        let sources = try await store.submissionSources(round: chosen).filter { $0.country == match.iso3 }
        let records = RepeatRecord.records(
            from: try await store.repeatAnswers().filter { $0.round == chosen && $0.country == match.iso3 },
            group: Inventory.lawsGroup)
        return LawExplanation(
            country: match.iso3, name: name, round: chosen, group: roundQuestionnaire.repeatGroup(path: Inventory.lawsGroup),
            questionnaireVersion: roundQuestionnaire.version, submissions: sources, laws: records,
            language: configuration.language)
    }
}

/// What `legisurvey explain law` prints (``Pipeline/explainLaws(country:round:store:)``).
public struct LawExplanation: Sendable {
    public var country: String
    public var round: String
    /// The laws, in path order (each respondent's together, with a respondent key).
    public var laws: [RepeatRecord]
    public var text: String

    init(
        country: String, name: String, round: String, group: RepeatGroup?, questionnaireVersion: String,
        submissions: [SubmissionSource], laws: [RepeatRecord], language: Language
    ) {
        self.country = country
        self.round = round
        self.laws = laws
        var lines: [String] = []
        for submission in submissions {
            let who = submission.respondent.map { ", respondent \($0)" } ?? ""
            lines.append(
                "Laws of \(name) (\(country)\(who)), round \(round): submission \(submission.submissionID) "
                    + "(\(submission.file)\(submission.line.map { ":\($0)" } ?? ""))")
            guard let group else {
                lines.append("  the round's questionnaire (version \(questionnaireVersion)) has no inventory (no laws repeat)")
                continue
            }
            let own = laws.filter { $0.respondent == submission.respondent }
            if own.isEmpty {
                lines.append("  no laws listed")
                continue
            }
            lines.append("  \(own.count) law\(own.count == 1 ? "" : "s") listed")
            let width = group.questions.map(\.id.count).max() ?? 0
            for law in own {
                lines.append("")
                lines.append("  \(law.path)")
                for question in group.questions {
                    let label = question.id.padding(toLength: width, withPad: " ", startingAt: 0)
                    let values = Inventory.inQuestionnaireOrder(law.codes(question.id), question)
                    guard !values.isEmpty else {
                        lines.append("    \(label)  (not answered)")
                        continue
                    }
                    let shown = question.choices.isEmpty
                        ? values.joined(separator: "; ")
                        : values.map { code in
                            question.choice(code: code).map { "\(code) (\($0.label.text(in: language)))" } ?? code
                        }.joined(separator: "; ")
                    lines.append("    \(label)  \(shown)  [\(law.sources[question.id] ?? "")]")
                }
                // A field the questionnaire does not list (never stored by a checked run).
                for id in law.values.keys.sorted() where group.question(id: id) == nil {
                    lines.append("    \(id)  \(law.codes(id).joined(separator: "; "))  [\(law.sources[id] ?? "")]")
                }
            }
        }
        text = lines.joined(separator: "\n") + "\n"
    }
}
