// The output tables a run writes, as a list it loops over: each is a table description (Publish:
// grain, columns, invariants) and how its rows are made from what the run has (here, because that
// needs Analyze, which Publish does not see). The standard list is `OutputTables.standard`; a
// caller adds tables with `OutputTables.$added.withValue([...]) { ... }` for the code it runs there:
// the pipelines made there write them (`Pipeline.tables`), and the `legisurvey` commands parsed
// there list them in `run --help`. docs/extending-tables.md has a worked example.

import Foundation
public import SurveyAnalyze
public import SurveyDefinitions
public import SurveyModel
public import SurveyPublish

/// When in a run a table is written. The run times its outputs as laps of these phases, in this
/// order (`run_summary.json`'s timings): the report phase also covers the HTML reports and the
/// quarantine.
public enum OutputPhase: String, Sendable, CaseIterable {
    case statistics, tables, priorities, report
}

/// An output table of a run: what it is (``table``) and how its rows are made.
public struct OutputTable: Sendable {
    /// The table's description without its row type: file, grain, columns, invariants.
    public let table: AnyTableDescription
    public let phase: OutputPhase
    private let writeRows: @Sendable (OutputContext, Publisher) throws -> URL?

    /// A table described by `description`, written in `phase` with the rows `rows` makes from the
    /// run's ``OutputContext``; when `rows` gives nil the table is not written (the priority tables
    /// without a scoring model). Every row is checked against the description's invariants first.
    public init<Row>(
        _ description: TableDescription<Row>, phase: OutputPhase = .tables,
        rows: @escaping @Sendable (OutputContext) throws -> TableRows<Row>?
    ) {
        table = description.erased
        self.phase = phase
        writeRows = { context, publisher in try rows(context).map { try publisher.write(description, $0) } }
    }

    /// The file in the output folder.
    public var file: String { table.file }

    /// Makes the rows and writes the file; nil when the table has no rows to write this run.
    func write(_ context: OutputContext, to publisher: Publisher) throws -> URL? { try writeRows(context, publisher) }
}

/// What a run has when it writes its tables: the answers, the analyzer, the definitions, the
/// diagnostics, and the results several tables (and the report) share, each computed once, when
/// first asked for. Used on the writing thread only.
public final class OutputContext {
    /// The accepted answers of every round in the store, as the public may see them: restricted
    /// answers withheld (issue 26, ``AnswerMatrix/withholding(_:)``). Every per-State output reads
    /// this.
    public let data: AnswerMatrix
    /// Every accepted answer, restricted ones included: group figures (where enough States
    /// answered, ``RestrictedFigures``), response counts and the internal edition read this.
    public let fullData: AnswerMatrix
    /// The restricted answers (issue 26); empty when nothing is restricted.
    public let restrictions: RestrictionSet
    public let analyzer: Analyzer
    public let configuration: PipelineConfiguration
    public let reference: CountryReference
    public let indicators: [IndicatorDefinition]
    /// The indicators as they apply to each round's questionnaire (``PipelineDefinitions/roundIndicators``).
    public let roundIndicators: [String: [IndicatorDefinition]]
    public let scoringModel: ScoringModel?
    /// The programmes file's entries (`programmes:`), empty without one.
    public let programmes: [Programme]
    /// The focal-point register (`register:`): nonrespondents.csv's follow-up dates and language.
    public let register: FocalPointRegister
    /// The run's diagnostics (`validation_report.csv`).
    public let diagnostics: [Diagnostic]
    /// The rows of `changes.csv`: what changed since the previous committed run in the store
    /// (empty for `legisurvey report`, which writes no tables).
    public internal(set) var changes: [ChangeRow] = []
    /// What `validation_report.csv`'s sender columns (`country`, `sender_language`,
    /// `message_local`) and the letters are made with (``FeedbackContext``).
    public internal(set) var feedback: FeedbackContext = .plain()
    /// Every correction of the corrections file with its outcome (`corrections.csv`, issue 26);
    /// empty without a corrections file.
    public internal(set) var corrections: [CorrectionOutcome] = []
    /// The stored answers inside repeat groups (the legislation inventory), in the store's order,
    /// restricted ones withheld.
    public let repeatAnswers: [RepeatAnswerRow]
    /// Every stored repeat answer, restricted ones included.
    public let fullRepeatAnswers: [RepeatAnswerRow]
    private let logger: (String) -> Void
    /// The pipeline's form labels (`form_labels:`), nil when it names none or they cannot be read
    /// (the run goes on: `any_form`'s label is then its code).
    let formLabels: FormLabels?

    init(
        data: AnswerMatrix, analyzer: Analyzer, definitions: PipelineDefinitions, diagnostics: [Diagnostic],
        repeatAnswers: [RepeatAnswerRow] = [], restrictions: RestrictionSet = RestrictionSet(), log: @escaping (String) -> Void
    ) {
        self.restrictions = restrictions
        fullRepeatAnswers = repeatAnswers
        self.repeatAnswers = restrictions.isEmpty ? repeatAnswers : repeatAnswers.filter { !$0.isWithheld(by: restrictions) }
        // Rounds in the declared order, so that "latest" is the last declared round.
        fullData = data.orderingRounds(declared: definitions.configuration.rounds)
        self.data = fullData.withholding(restrictions)
        self.analyzer = analyzer
        configuration = definitions.configuration
        reference = definitions.reference
        indicators = definitions.indicators
        roundIndicators = definitions.roundIndicators
        scoringModel = definitions.scoringModel
        programmes = definitions.programmes
        register = definitions.register
        formLabels = try? definitions.formLabels()
        self.diagnostics = diagnostics
        logger = log
    }

    /// The words the share tables put beside their codes (`question_text`, `option_label`,
    /// `group_name`), in the pipeline's language: the questions and options of every round's
    /// questionnaire and of the inventory's derived items, `table_options:` of the form labels, and
    /// the groups' names (a region or sub-region in English where the reference has no name in
    /// the language).
    public private(set) lazy var codeLabels: CodeLabels = {
        let language = configuration.language
        let catalog = analyzer.catalog
        var groups: [CountryGroup: String] = [:]
        for group in catalog.groups + [.outside] {
            let name = catalog.label(of: group, language: language)
            groups[group] = name == group.code ? catalog.label(of: group, language: .en) : name
        }
        let inventory = Questionnaire(
            id: analyzer.questionnaire.id, version: analyzer.questionnaire.version, title: analyzer.questionnaire.title,
            questions: analyzer.inventoryItems(in: data))
        let versions = data.roundIDs.reversed().compactMap { analyzer.roundQuestionnaires[$0] }
        return CodeLabels(
            language: language, questionnaires: [analyzer.questionnaire] + versions + [inventory],
            rounds: analyzer.roundQuestionnaires, tableOptions: formLabels?.tableOptions ?? [:], groups: groups)
    }()

    /// ``withheldQuestions``, computed once.
    private(set) lazy var withheldCache: [String: [String: Set<String>]] = withheldQuestions

    /// A message for the operator (stderr with `legisurvey run`).
    public func log(_ message: String) { logger(message) }

    /// The shares of `statistics.csv` (and `statistics.sdmx.csv`, and the report): set by a run
    /// that computed them beforehand, from the same matrices (``shareStatistics(_:full:shown:restrictions:)``).
    public internal(set) lazy var shareStatistics: [ShareStatistic] = Self.shareStatistics(
        analyzer, full: fullData, shown: data, restrictions: restrictions)

    /// The shares of the answers `shown` (`full` with the restricted answers withheld), with the
    /// restricted figures' rule when something is restricted.
    static func shareStatistics(_ analyzer: Analyzer, full: AnswerMatrix, shown: AnswerMatrix, restrictions: RestrictionSet) -> [ShareStatistic] {
        restrictions.isEmpty
            ? analyzer.shareStatistics(from: shown)
            : RestrictedFigures(minimum: restrictions.minimumStates).shares(
                full: analyzer.shareStatistics(from: full), withheld: analyzer.shareStatistics(from: shown))
    }

    /// How group figures count restricted answers (``RestrictedFigures``).
    var figures: RestrictedFigures { RestrictedFigures(minimum: restrictions.minimumStates) }

    /// The rows of `numeric_statistics.csv`: restricted values counted where enough States answered.
    public var numericStatistics: [NumericStatistic] {
        restrictions.isEmpty
            ? analyzer.numericStatistics(from: data)
            : figures.numeric(full: analyzer.numericStatistics(from: fullData), withheld: analyzer.numericStatistics(from: data))
    }

    /// The rows of `responses.csv`: whether States answered, never what (restricted answers count).
    public private(set) lazy var responses: [ResponseRate] = analyzer.responseRates(from: fullData)

    /// The rounds `progress.csv` and `transitions.csv` compare; nil when the store lacks them.
    public private(set) lazy var roundPair: RoundPair? = RoundPair.resolve(
        baseline: configuration.baselineRound, latest: configuration.latestRound, in: data)

    /// Every pair `progress.csv` and `transitions.csv` compare: consecutive rounds, then
    /// ``roundPair`` (``RoundPair/all(baseline:latest:in:)``).
    public private(set) lazy var roundPairs: [RoundPair] = roundPair == nil ? [] : RoundPair.all(
        baseline: configuration.baselineRound, latest: configuration.latestRound, in: data)

    /// The rows of `progress.csv`, pair by pair (the report's progress section shows ``roundPair``).
    public private(set) lazy var progress: [ProgressRow] = restrictions.isEmpty
        ? roundPairs.flatMap { analyzer.progress(from: data, rounds: $0) }
        : figures.progress(
            full: roundPairs.flatMap { analyzer.progress(from: fullData, rounds: $0) },
            withheld: roundPairs.flatMap { analyzer.progress(from: data, rounds: $0) })

    /// The compact priority scores, nil without a scoring model. The scoring model names the
    /// latest version's items: a round that answered an older version is read through the
    /// crosswalks where they map an item exactly (``Analyzer/readInLatestVersion(_:)``).
    public private(set) lazy var priorityScores: CompactPriorityScores? = scoringModel.map {
        analyzer.compactPriorityScores(from: analyzer.readInLatestVersion(data), model: $0)
    }

    /// The rows of `priorities_by_group.csv`, empty without a scoring model.
    public private(set) lazy var groupPriorities: [GroupPriority] = priorityScores.map {
        analyzer.groupPriorities($0, data: data)
    } ?? []

    /// What `ta_planning.csv`'s details are made from besides the scores: the latest
    /// questionnaire, the `ta_support` entries, the programmes file.
    public private(set) lazy var planningInputs = PlanningInputs(
        questionnaire: analyzer.questionnaire,
        support: RepeatRecord.records(from: repeatAnswers, group: PlanningInputs.supportGroup), programmes: programmes
    ).preparing(priorityScores?.model.areas ?? [])

    /// The rows of `ta_requests_by_group.csv` (older rounds read through the crosswalks); empty
    /// when the latest questionnaire has no technical-assistance areas.
    public private(set) lazy var taRequests: [TARequestCount] = restrictions.isEmpty
        ? analyzer.taRequestsByGroup(from: analyzer.readInLatestVersion(data))
        : figures.taRequests(
            full: analyzer.taRequestsByGroup(from: analyzer.readInLatestVersion(fullData)),
            withheld: analyzer.taRequestsByGroup(from: analyzer.readInLatestVersion(data)))

    /// Every compared State of every list group with `compare_with:` (``Analyzer/groupComparisons(from:)``):
    /// `group_comparison.csv` and the report's appendix.
    public private(set) lazy var groupComparisons: [GroupComparison] = analyzer.groupComparisons(from: data)

    /// The per-pair counts of ``groupComparisons`` (the report's appendix).
    public var groupComparisonSummaries: [GroupComparisonSummary] {
        analyzer.groupComparisonSummaries(groupComparisons, data: data)
    }

    /// The laws of every accepted submission (the `laws` repeat), one record per law.
    public private(set) lazy var laws: [RepeatRecord] = RepeatRecord.records(from: repeatAnswers, group: Inventory.lawsGroup)

    /// The good practices and challenges (the `practices` repeat), one record per occurrence.
    public private(set) lazy var practices: [RepeatRecord] = RepeatRecord.records(
        from: repeatAnswers, group: Inventory.practicesGroup)

    /// A round's questionnaire (its own version's, else the latest).
    public func questionnaire(ofRound round: String) -> Questionnaire {
        analyzer.roundQuestionnaires[round] ?? analyzer.questionnaire
    }

    /// Whether the pipeline declares a respondent key (the per-unit tables' `respondent` column).
    public var hasRespondentKey: Bool { configuration.respondentField != nil }

    /// The figures of the legislation inventory (``Analyzer/inventoryStatistics(from:laws:)``):
    /// `legislation_statistics.csv`, `legislation_numeric_statistics.csv` and the report.
    public private(set) lazy var inventoryStatistics: (shares: [ShareStatistic], numeric: [NumericStatistic]) = {
        let withheld = analyzer.inventoryStatistics(from: data, laws: laws)
        guard !restrictions.isEmpty else { return withheld }
        let full = analyzer.inventoryStatistics(
            from: fullData, laws: RepeatRecord.records(from: fullRepeatAnswers, group: Inventory.lawsGroup))
        return (figures.shares(full: full.shares, withheld: withheld.shares), figures.numeric(full: full.numeric, withheld: withheld.numeric))
    }()

    /// answers.csv's layout and rows (``AnswerLayout``): every declared round's questionnaire (and
    /// any round of the store not declared), the accepted answers as the statistics read them,
    /// rows ordered by country, round, respondent. Shared by answers.csv, codebook.csv and the
    /// Stata and SPSS scripts.
    public var answers: (layout: AnswerLayout, rows: [AnswersRow]) {
        if let made = answersMade { return made }
        let made = makeAnswers()
        answersMade = made
        return made
    }

    /// ``answers`` once made; nil again after ``forgetAnswers()``.
    private var answersMade: (layout: AnswerLayout, rows: [AnswersRow])?

    /// Lets go of ``answers`` (a row of ids per respondent: 26 MB at 50,000 respondents) once the
    /// tables that show them are written; made again if anything asks for them later.
    public func forgetAnswers() { answersMade = nil }

    private func makeAnswers() -> (layout: AnswerLayout, rows: [AnswersRow]) {
        var roundIDs = configuration.rounds
        for round in data.roundIDs where !roundIDs.contains(round) { roundIDs.append(round) }
        let layout = AnswerLayout(
            rounds: roundIDs.map { ($0, questionnaire(ofRound: $0)) }, language: configuration.language,
            values: configuration.answerValues, respondents: hasRespondentKey, restricted: !restrictions.isEmpty)
        let questionIndices = layout.questions.map { data.questionIndex(of: $0.id) }
        // The rows hold ids into the matrix's own tables of distinct answers.
        let values = AnswerValueTable(columns: questionIndices.map { index in index.map { data.values(of: $0) } })
        var rows: [AnswersRow] = []
        for (r, round) in data.roundIDs.enumerated() {
            let roundQuestionnaire = questionnaire(ofRound: round)
            let asked = layout.questions.map { roundQuestionnaire.question(id: $0.id) != nil }
            let columns = questionIndices.map { index in index.map { data.column(question: $0, round: r) } }
            let position = roundIDs.firstIndex(of: round) ?? roundIDs.count
            for (u, unit) in data.units(inRound: r).enumerated() {
                var ids: [UInt32] = []
                ids.reserveCapacity(layout.questions.count)
                for q in layout.questions.indices {
                    // An answer stored for a question the round's questionnaire no longer asks (the
                    // store kept it from a run under an older file) is not shown, as the statistics
                    // do not count it (an empty answer is none either: ``AnswersRow/answer(at:)``).
                    guard asked[q], let column = columns[q] else {
                        ids.append(0)
                        continue
                    }
                    ids.append(column[u])
                }
                var row = AnswersRow(
                    round: round, roundPosition: position, country: data.country(ofUnit: u, inRound: r),
                    respondent: SurveyUnit.respondent(of: unit), version: roundQuestionnaire.version, answerIDs: ids,
                    values: values, asked: asked)
                row.restricted = fullData.withheld(round: round, unit: unit, by: restrictions)
                rows.append(row)
            }
        }
        rows.sort { ($0.country, $0.roundPosition, $0.respondent ?? "") < ($1.country, $1.roundPosition, $1.respondent ?? "") }
        return (layout, rows)
    }

    /// The rows of codebook.csv (``Publisher/codebook(_:)``).
    public var codebook: [CodebookRow] { Publisher.codebook(answers.layout) }

    /// How many countries (units) each round of the store has, in round order.
    public var countriesByRound: [(round: String, countries: Int)] {
        data.roundIDs.map { ($0, data.countries(in: $0).count) }
    }
}

/// The tables a run writes.
public enum OutputTables {
    /// The standard tables, in the order a run writes them.
    public static let standard: [OutputTable] = [
        OutputTable(Publisher.statisticsTable, phase: .statistics) { Publisher.statisticsRows($0.shareStatistics, labels: $0.codeLabels) },
        OutputTable(Publisher.numericTable) {
            Publisher.numericRows($0.numericStatistics, labels: $0.codeLabels)
        },
        OutputTable(Publisher.indicatorsTable) { context in
            Publisher.indicatorRows(
                context.analyzer.countryIndicators(
                    from: context.data, definitions: context.indicators, byRound: context.roundIndicators),
                reference: context.reference)
        },
        OutputTable(Publisher.progressTable) { context in
            if context.roundPair == nil, context.configuration.baselineRound != nil || context.configuration.latestRound != nil {
                context.log(
                    "progress: the rounds named in the pipeline file are not both in the store; progress.csv and transitions.csv are empty")
            }
            return Publisher.progressRows(context.progress, labels: context.codeLabels)
        },
        OutputTable(Publisher.transitionsTable) { context in
            Publisher.transitionRows(
                context.roundPairs.flatMap { context.analyzer.transitions(from: context.data, rounds: $0) },
                reference: context.reference, labels: context.codeLabels)
        },
        OutputTable(Publisher.sdmxTable) { Publisher.sdmxRows($0.shareStatistics, dataflow: $0.configuration.dataflow) },
        OutputTable(Publisher.responsesTable) {
            Publisher.responsesRows($0.responses, labels: $0.codeLabels)
        },
        OutputTable(Publisher.nonrespondentsTable) { context in
            Publisher.nonrespondentRows(
                context.analyzer.nonrespondents(from: context.data), reference: context.reference,
                language: context.configuration.language, register: context.register,
                currentRound: context.data.roundIDs.last)
        },
        OutputTable(Publisher.groupComparisonTable) { context in
            Publisher.groupComparisonRows(
                context.groupComparisons, reference: context.reference, language: context.configuration.language)
        },
        OutputTable(Publisher.answersTable) { Publisher.answersRows($0.answers.rows, layout: $0.answers.layout) },
        OutputTable(Publisher.codebookTable) { Publisher.codebookRows($0.codebook) },
        OutputTable(Publisher.legislationTable) { context in
            Publisher.legislationRows(
                Inventory.legislation(
                    context.laws, rounds: context.data.roundIDs, questionnaire: context.questionnaire(ofRound:),
                    latest: context.analyzer.questionnaire), respondents: context.hasRespondentKey)
        },
        OutputTable(Publisher.legislationByActTable) { context in
            let data = context.data
            return Publisher.legislationByActRows(
                Inventory.byAct(
                    context.laws, rounds: data.roundIDs, questionnaire: context.questionnaire(ofRound:),
                    latest: context.analyzer.questionnaire, language: context.configuration.language,
                    answer: { unit, question, round in data.answer(of: unit, to: question, in: round)?.options ?? [] }),
                respondents: context.hasRespondentKey)
        },
        OutputTable(Publisher.practicesTable) { context in
            Publisher.practiceRows(
                Inventory.practices(
                    context.practices, rounds: context.data.roundIDs, questionnaire: context.questionnaire(ofRound:),
                    latest: context.analyzer.questionnaire), respondents: context.hasRespondentKey)
        },
        OutputTable(Publisher.legislationStatisticsTable) {
            Publisher.statisticsRows($0.inventoryStatistics.shares, labels: $0.codeLabels)
        },
        OutputTable(Publisher.legislationNumericTable) {
            Publisher.numericRows($0.inventoryStatistics.numeric, labels: $0.codeLabels)
        },
        OutputTable(Publisher.developmentsTable) { context in
            Publisher.developmentRows(
                context.analyzer.inventoryDevelopments(from: context.data, laws: context.laws),
                respondents: context.data.hasRespondents)
        },
        OutputTable(Publisher.prioritiesTable, phase: .priorities) { context in
            // In chunks of rows from the compact scores: never whole in memory.
            context.priorityScores.map { table in
                Publisher.priorityRows(
                    respondents: table.hasRespondents, reference: context.reference, chunks: table.rowChunkCount,
                    rows: table.tableRows(inChunk:))
            }
        },
        OutputTable(Publisher.groupPrioritiesTable, phase: .priorities) { context in
            context.priorityScores.map { _ in Publisher.groupPriorityRows(context.groupPriorities, labels: context.codeLabels) }
        },
        OutputTable(Publisher.planningTable, phase: .priorities) { context in
            context.priorityScores.map { table in
                let planning = table.planningRows(reference: context.reference)
                let inputs = context.planningInputs
                return Publisher.planningRows(
                    respondents: table.hasRespondents, model: table.model, reference: context.reference,
                    chunks: planning.chunkCount, rows: planning.summaryRows(inChunk:),
                    detail: { table.planningDetail(of: $0, inputs: inputs) })
            }
        },
        OutputTable(Publisher.taRequestsTable, phase: .priorities) { context in
            let rows = context.taRequests
            return rows.isEmpty ? nil : Publisher.taRequestRows(rows, labels: context.codeLabels)
        },
        OutputTable(Publisher.matrixTable, phase: .priorities) { context in
            context.priorityScores.map { table in
                let chunks = table.latestRoundChunks
                return Publisher.matrixRows(
                    respondents: table.hasRespondents, model: table.model, reference: context.reference,
                    chunks: chunks.count, rows: table.latestRoundSummaryRows(inChunk:))
            }
        },
        OutputTable(Publisher.validationTable, phase: .report) { Publisher.validationRows($0.publicDiagnostics, feedback: $0.feedback) },
        OutputTable(Publisher.changesTable, phase: .report) { Publisher.changeRows($0.publicChanges) },
        OutputTable(Publisher.correctionsTable, phase: .report) { Publisher.correctionRows($0.publicCorrections) },
    ]

    /// Tables added for the code run inside `OutputTables.$added.withValue([...]) { ... }`: a
    /// ``Pipeline`` made there writes them after the standard ones of their phase, and the
    /// `legisurvey` commands run there list them in `run --help`. Scoped to that code (a task-local
    /// value), so one caller's tables never reach another's runs.
    @TaskLocal public static var added: [OutputTable] = []

    /// The standard tables and the added ones.
    public static var registered: [OutputTable] { standard + added }
}
