import Foundation
import SurveyDefinitions
public import SurveyModel
import SurveyAnalyze
import SurveyLoad
import SurveyPublish
import SurveyTransform

/// What the report shows besides the run's accounting: the analysis of what the store holds.
struct ReportContent {
    var statistics: [ShareStatistic]
    var progress: [ProgressRow]
    /// The internal edition's rows of every State × area of the latest scored round, whatever
    /// their quadrant (its need × demand table and follow-up list); empty unless asked for: the
    /// public edition names no State by need.
    var priorities: [PriorityScore] = []
    var groupPriorities: [GroupPriority] = []
    var countriesByRound: [(round: String, countries: Int)]
    /// Per round and compared pair, the list group beside the answer group (`compare_with:`).
    var groupComparisons: [GroupComparisonSummary]
    /// The ids of the store's accepted (current) submissions: the per-check summary counts
    /// firings on these only, never on a submission a revision superseded.
    var countedSubmissions: Set<String> = []
    /// The date of the data (``ReportInput/dataDate``): of the latest submission time among the
    /// accepted submissions, UTC; nil when none has a time.
    var dataDate: String?
    /// The shares of `legislation_statistics.csv` (the report's inventory section).
    var legislation: [ShareStatistic] = []
    /// The States with a country profile (an accepted submission in any round, as
    /// ``CountryProfileBuilder`` makes them): the report links their names to it.
    var profiles: Set<String> = []
    /// The internal edition's planning rows: every scored country × area of the latest scored
    /// round (``CompactPriorityScores/forEachPlanningRow(_:)``); empty unless asked for.
    var planning: [PriorityScore] = []
    /// The planning rows' details (`"area|ISO3"`), as `ta_planning.csv` has them; internal only.
    var planningDetails: [String: PlanningDetail] = [:]
    /// `responses.csv`'s rows (who answered, the report's opening).
    var responses: [ResponseRate] = []
    /// `numeric_statistics.csv`'s rows (the numeric questions' charts).
    var numeric: [NumericStatistic] = []
    /// ISO3 → the rounds with an accepted submission (the report's tile map).
    var stateRounds: [String: Set<String>] = [:]
    /// `"round|question"` → ISO3 → the State's answer to a headline question as the public view
    /// has it (the headline items' tile maps).
    var stateAnswers: [String: [String: StateAnswer]] = [:]

    /// From the results the tables used (computed now if no table asked for them); with
    /// `internalEdition`, the planning rows too.
    init(_ context: OutputContext, internalEdition: Bool = false, headline: [String] = []) {
        statistics = context.shareStatistics
        // The report shows the main pair (by default the first round to the last).
        progress = context.progress.filter {
            $0.baselineRound == context.roundPair?.baseline && $0.latestRound == context.roundPair?.latest
        }
        countriesByRound = context.countriesByRound
        groupComparisons = context.groupComparisonSummaries
        legislation = context.inventoryStatistics.shares
        profiles = Set(context.data.roundIDs.flatMap { round in context.data.countries(in: round).map { SurveyUnit.country(of: $0) } })
        responses = context.responses
        numeric = context.numericStatistics
        for round in context.data.roundIDs {
            let units = context.data.countries(in: round)
            for unit in units { stateRounds[SurveyUnit.country(of: unit), default: []].insert(round) }
            for question in Set(headline) {
                stateAnswers["\(round)|\(question)"] = Self.stateAnswers(context, round: round, question: question, units: units)
            }
        }
        if let scores = context.priorityScores {
            groupPriorities = context.groupPriorities
            if internalEdition {
                var rows: [PriorityScore] = []
                scores.forEachPlanningRow(reference: context.reference) { rows.append($0) }
                planning = rows
                let inputs = context.planningInputs
                planningDetails = Dictionary(
                    rows.map { ("\($0.area)|\($0.country)", scores.planningDetail(of: $0, inputs: inputs)) },
                    uniquingKeysWith: { first, _ in first })
                priorities = scores.latestRoundChunks.indices.flatMap { scores.latestRoundRows(inChunk: $0) }
            }
        }
    }
}

extension ReportContent {
    /// Each State's answer to `question` in `round`: from the public view (``OutputContext/data``);
    /// an answer only the full data has is withheld (restricted), never shown. With several
    /// respondents, one option when they all chose it, otherwise several.
    static func stateAnswers(_ context: OutputContext, round: String, question: String, units: [String]) -> [String: StateAnswer] {
        var options: [String: Set<String>] = [:]
        var withheld = Set<String>()
        for unit in units {
            let country = SurveyUnit.country(of: unit)
            if let answer = context.data.answer(of: unit, to: question, in: round), !answer.options.isEmpty {
                options[country, default: []].formUnion(answer.options.count == 1 ? answer.options : [answer.options.joined(separator: " ")])
            } else if context.fullData.answer(of: unit, to: question, in: round) != nil {
                withheld.insert(country)
            }
        }
        var result: [String: StateAnswer] = [:]
        for country in withheld { result[country] = .withheld }
        for (country, chosen) in options {
            result[country] = chosen.count == 1 ? .option(chosen.first!) : .several
        }
        return result
    }
}

extension Pipeline {
    /// The output files of the standard tables (``OutputTables/standard``), in the order a run
    /// writes them (besides `run_summary.json`, the reports and the quarantine).
    public static let outputFiles = OutputTables.standard.map(\.file)

    /// The tables this pipeline's runs write: the standard ones and those added for the calling code
    /// (``OutputTables/added``).
    public var tables: [OutputTable] { OutputTables.registered }

    /// The outputs of a run, in order: the tables (``tables``) phase by phase, then the HTML report
    /// in each language and the quarantine. Returns the paths written. Phases are timed on `clock`:
    /// `statistics`, `tables`, `priorities`, `report` (``OutputPhase``); within a phase the tables
    /// are written in list order.
    func writeOutputs(
        store: any SurveyReadStore, loaded: LoadedInbox, previous: StoreSnapshot = .empty, clock: inout PhaseClock,
        reportLanguages: [Language], log: (String) -> Void
    ) async throws -> (outputs: [String], changes: ChangeDigest) {
        let publisher = try spreadsheetPublisher()
        let tables = self.tables
        var outputs: [String] = []
        var digest = ChangeDigest(minPercentMove: configuration.minPercentMove)
        do {
            // The matrix made while the store committed, when the outputs read the very answers
            // it was made of (the run's recording, no correction applied); else read now.
            // Taken whether used or not: the task then lets go of it.
            var prepared = await loaded.answerMatrix?.take()
            let data: AnswerMatrix
            if let matrix = prepared, let interned = try await store.internedAccepted(), (interned as? LoadRecording) === loaded.recording {
                data = matrix
            } else {
                prepared = nil
                data = try await Analyzer.data(from: store)
            }
            prepared = nil
            // The run's recorded answers are in the matrix now: a later read goes to the store.
            loaded.recording.release()
            // The reads the tables need besides the figures, and what is made of them, on another
            // core while this one computes the shares (statistics.csv's): at 50,000 respondents
            // each is a few tenths of a second that ran one after the other on one core.
            let (repeatAnswers, restrictions, shares, side) = try await sharesBesideSideInputs(
                store: store, data: data, previous: previous, diagnostics: loaded.diagnostics)
            let (counted, dataDate, changedUnits, profileSubmissions, feedback) = side
            var unitChanges = changedUnits
            try withoutActuallyEscaping(log) { log in
                let context = OutputContext(
                    data: data, analyzer: analyzer, definitions: definitions,
                    diagnostics: loaded.diagnostics, repeatAnswers: repeatAnswers, restrictions: restrictions, log: log)
                context.shareStatistics = shares
                context.feedback = feedback
                context.corrections = (store as? CorrectedStore)?.outcomes ?? []
                // The previous run's figures as this run's restrictions would have them.
                let oldShares = previous.data.map { old -> [ShareStatistic] in
                    let ordered = old.orderingRounds(declared: configuration.rounds)
                    guard !restrictions.isEmpty else { return analyzer.shareStatistics(from: ordered) }
                    return context.figures.shares(
                        full: analyzer.shareStatistics(from: ordered),
                        withheld: analyzer.shareStatistics(from: ordered.withholding(restrictions)))
                } ?? []
                context.changes = orderedChanges(unitChanges, figureChanges(old: oldShares, new: context.shareStatistics))
                unitChanges = []  // held in order in the context now
                digest = ChangeDigest(context.changes, minPercentMove: configuration.minPercentMove)
                for phase in OutputPhase.allCases {
                    for table in tables where table.phase == phase {
                        if let url = try table.write(context, to: publisher) { outputs.append(url.path) }
                    }
                    if phase == .tables, tables.contains(where: { $0.file == Publisher.sdmxTable.file }),
                        let structure = sdmxStructure(context)
                    {
                        outputs.append(try publisher.writeText(structure.xml, to: SDMXStructure.file).path)
                    }
                    if phase == .tables, tables.contains(where: { $0.file == Publisher.answersTable.file }) {
                        outputs += try writeAnswerScripts(context, publisher: publisher)
                    }
                    if phase == .tables { context.forgetAnswers() }
                    if phase == .report {
                        outputs += try writeLetters(feedback, diagnostics: loaded.diagnostics)
                        outputs += removeStaleSpreadsheetCopies(written: outputs)
                        outputs += try writeOrRemoveWorkbook(publisher)
                    }
                    if phase != .report { clock.lap(phase.rawValue) }
                    if phase == .statistics { TestHooks.pause(at: .betweenRenames) }
                }
                let facts = RunFacts(
                    filesRead: loaded.reports.count, total: loaded.total,
                    withdrawn: loaded.withdrawn.reduce(0) { $0 + $1.submissions })
                var content = ReportContent(context, internalEdition: configuration.internalEdition, headline: definitions.headline.map(\.question.id))
                content.countedSubmissions = counted
                content.dataDate = dataDate
                outputs += try writeReports(
                    content, run: facts, diagnostics: Diagnostic.current(loaded.diagnostics),
                    languages: Set([configuration.language] + reportLanguages), publisher: publisher)
                outputs += try writeProfiles(
                    context, diagnostics: Diagnostic.current(loaded.diagnostics),
                    languages: Set([configuration.language] + reportLanguages), submissions: profileSubmissions,
                    latest: content.priorities, planning: content.planning)
            }
            if let folder = try quarantine(loaded.reports, locations: loaded.locations) { outputs.append(folder.path) }
            clock.lap(OutputPhase.report.rawValue)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.outputFailed(path: configuration.output.path, detail: IOErrorText.reason(error))
        }
        return (outputs, digest)
    }

    /// The shares (statistics.csv's) on this core, ``sideInputs(store:data:previous:diagnostics:)``
    /// on another meanwhile. In a function of its own so that the child task ends when it returns:
    /// an `async let` lives to the end of its scope, and in the outputs' scope it kept about 90 MB
    /// of a 500,000-respondent run's memory through the tables, priorities and report.
    func sharesBesideSideInputs(store: any SurveyReadStore, data: AnswerMatrix, previous: StoreSnapshot, diagnostics: [Diagnostic])
        async throws -> (repeatAnswers: [RepeatAnswerRow], restrictions: RestrictionSet, shares: [ShareStatistic], side: SideInputs)
    {
        async let side = sideInputs(store: store, data: data, previous: previous, diagnostics: diagnostics)
        let repeatAnswers = try await store.repeatAnswers()
        let restrictions = try await restrictionSet(store: store, rounds: data.roundIDs)
        let ordered = data.orderingRounds(declared: configuration.rounds)
        let shares = OutputContext.shareStatistics(analyzer, full: ordered, shown: ordered.withholding(restrictions), restrictions: restrictions)
        return (repeatAnswers, restrictions, shares, try await side)
    }

    typealias SideInputs = (
        counted: Set<String>, dataDate: String?, unitChanges: [ChangeRow], profileSubmissions: [String: [SubmissionSource]],
        feedback: FeedbackContext
    )

    /// What ``writeOutputs(store:loaded:previous:clock:reportLanguages:log:)`` reads from the store
    /// besides the answers and restrictions, and makes of it: the counted submissions and the data
    /// date, what changed since the previous committed run (changes.csv: submissions and answers
    /// here, figures once the shares are computed), the profiles' sources, the letters' context.
    func sideInputs(store: any SurveyReadStore, data: AnswerMatrix, previous: StoreSnapshot, diagnostics: [Diagnostic]) async throws
        -> SideInputs
    {
        let (counted, dataDate) = try await Self.acceptedSubmissions(store, rounds: data.roundIDs)
        let current = try await snapshot(of: store, data: data)
        let unitChanges = try await self.unitChanges(from: previous, to: current, store: store)
        let profileSubmissions = try await Self.profileSubmissions(store, rounds: data.roundIDs)
        let feedback = try await feedbackContext(store: store, rounds: data.roundIDs, diagnostics: diagnostics)
        return (counted, dataDate, unitChanges, profileSubmissions, feedback)
    }

    /// answers.do and answers.sps beside answers.csv (``StatisticalScripts``), made from the rows of
    /// codebook.csv; the SPSS text columns as wide as their longest value. Returns the paths.
    func writeAnswerScripts(_ context: OutputContext, publisher: Publisher) throws -> [String] {
        let (layout, rows) = context.answers
        let widths = layout.longestCells(rows)
        let codebook = context.codebook
        let language = configuration.language
        return [
            try publisher.writeText(StatisticalScripts.stata(codebook, language: language), to: StatisticalScripts.stataFile).path,
            try publisher.writeText(
                StatisticalScripts.spss(codebook, language: language, widths: widths), to: StatisticalScripts.spssFile
            ).path,
        ]
    }

    /// `legisurvey.xlsx` from the sheets collected while the tables were written (`workbook: true`,
    /// the default), or, with `workbook: false`, the file a previous run wrote removed (the output
    /// folder belongs to the run while it holds the lock). Returns the path written.
    func writeOrRemoveWorkbook(_ publisher: Publisher) throws -> [String] {
        guard let workbook = publisher.workbook else {
            try? FileManager.default.removeItem(at: configuration.output.appendingPathComponent(WorkbookCollector.file))
            return []
        }
        return [try publisher.writeWorkbook(workbook).path]
    }

    /// The run's publisher: into the output folder, and with `excel_csv: true` also the spreadsheet
    /// copies into `<output>/excel/` (created here).
    func spreadsheetPublisher() throws -> Publisher {
        let workbook = configuration.workbook ? WorkbookCollector() : nil
        guard configuration.excelCSV else { return Publisher(directory: configuration.output, workbook: workbook) }
        let folder = configuration.output.appendingPathComponent(Publisher.spreadsheetFolder, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.outputFailed(path: folder.path, detail: IOErrorText.reason(error))
        }
        return Publisher(directory: configuration.output, spreadsheetDirectory: folder, workbook: workbook)
    }

    /// Removes from `<output>/excel/` the copies of registered tables this run did not write: all
    /// of them with `excel_csv: false` (and the folder when nothing else is left in it), those of
    /// tables not written this run otherwise (the priority tables without a scoring model). The
    /// folder belongs to the run as the output folder does (the run holds its lock): only the
    /// registered tables' file names and temporary files are touched, never another file put there.
    /// Returns the copies written (`excel/<file>`), for the run's list of outputs.
    func removeStaleSpreadsheetCopies(written: [String]) -> [String] {
        let manager = FileManager.default
        let folder = configuration.output.appendingPathComponent(Publisher.spreadsheetFolder, isDirectory: true)
        let writtenNames = Set(written.map { URL(fileURLWithPath: $0).lastPathComponent })
        let copied = tables.filter { $0.table.spreadsheetCopy && writtenNames.contains($0.file) }.map(\.file)
        let keep = configuration.excelCSV ? Set(copied) : []
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return [] }
        let owned = Set(tables.map(\.file))
        for name in names where (owned.contains(name) && !keep.contains(name)) || Publisher.isTemporaryName(name) {
            try? manager.removeItem(at: folder.appendingPathComponent(name))
        }
        if !configuration.excelCSV, (try? manager.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
            try? manager.removeItem(at: folder)
        }
        return copied.filter { keep.contains($0) }.map { folder.appendingPathComponent($0).path }
    }

    /// The SDMX-ML 2.1 structure of `statistics.sdmx.csv` (``SDMXStructure``), written beside it:
    /// the codelists hold every group of the catalogue (named in the languages the reference has),
    /// every choice question and option of the questionnaire, and any code of the shares beyond
    /// them (named by its code). Nil when the dataflow is not `AGENCY:ID(VERSION)` (the pipeline
    /// file's check refuses that first).
    func sdmxStructure(_ context: OutputContext) -> SDMXStructure? {
        typealias Code = SDMXStructure.Code
        let catalog = context.analyzer.catalog
        var areas = catalog.groups.map { group -> Code in
            switch group.type {
            case .world, .region, .subregion:
                let names = Language.allCases.map { ($0, catalog.label(of: group, language: $0)) }
                return Code(id: group.code, text: LocalizedText(Dictionary(uniqueKeysWithValues: names.filter { $0.1 != group.code })))
            default:
                return Code(id: group.code, names: [(.en, catalog.label(of: group))])
            }
        }
        // The latest version's questions, then those only older rounds' versions had.
        var questions = questionnaire.questions.filter(\.type.hasChoices)
        for older in definitions.questionnaires.reversed() {
            questions += older.questions.filter { question in
                question.type.hasChoices && !questions.contains { $0.id == question.id }
            }
        }
        var questionCodes = questions.map { Code(id: $0.id, text: $0.label) }
        var options: [Code] = questions.contains { $0.type == .legalForm } ? [.anyForm] : []
        options += questions.flatMap { question in question.choices.map { Code(id: $0.code, text: $0.label) } }
        // Codes of the shares the questionnaire and the catalogue do not name (none today).
        for row in context.shareStatistics {
            areas.append(Code(id: row.group.code, names: [(.en, row.group.code)]))
            questionCodes.append(Code(id: row.questionID, names: [(.en, row.questionID)]))
            options.append(Code(id: row.option, names: [(.en, row.option)]))
        }
        var structure = SDMXStructure(
            dataflow: configuration.dataflow, areas: areas, chapters: Code.chapters, questions: questionCodes, options: options)
        structure?.release = configuration.release
        return structure
    }

    /// Writes the report from what the store holds (`legisurvey report`), with the store's last
    /// run as "this run", holding the output folder's lock (``lockOutput(timeout:log:)``) and the
    /// store's; with `pdf:` (`--pdf`) each report's PDF too (``writeReportPDFs(languages:)``), a
    /// PDF not written being said to `notice` in one line. Returns the files written.
    public func writeReports(languages: [Language], notice: (String) -> Void = { _ in }) async throws -> [String] {
        let writer = try await existingStore()
        // The output folder's lock first, as `run` takes them: never two writers of one folder.
        let outputLock = try await lockOutput(timeout: 600, log: { _ in })
        defer { outputLock.release() }
        let lock = try await lockWriter(writer, timeout: 600, log: { _ in })
        defer { lock.release() }
        do {
            // Read through the corrections, as the run that wrote the tables did.
            let store = try await corrected(writer)
            let data = try await Analyzer.data(from: store)
            let context = OutputContext(
                data: data, analyzer: analyzer, definitions: definitions, diagnostics: [],
                repeatAnswers: try await store.repeatAnswers(),
                restrictions: try await restrictionSet(store: store, rounds: data.roundIDs), log: { _ in })
            var content = ReportContent(context, internalEdition: configuration.internalEdition, headline: definitions.headline.map(\.question.id))
            (content.countedSubmissions, content.dataDate) = try await Self.acceptedSubmissions(store, rounds: context.data.roundIDs)
            let last = try await store.recentRuns(limit: 1).first
            let facts = last.map { RunFacts(filesRead: $0.filesRead, total: $0.accounting, withdrawn: $0.withdrawn) }
            // The store's diagnostics and, as the run added them, the corrections' warnings, decided
            // again from the store and the corrections file (they are never stored).
            let stored = try await store.latestDiagnostics() + definitions.corrections.refused + store.diagnostics
            let diagnostics = Diagnostic.current(stored)
            let profileSubmissions = try await Self.profileSubmissions(store, rounds: context.data.roundIDs)
            let chosen = Set(languages.isEmpty ? [configuration.language] : languages)
            // The letters from the store's diagnostics: the same bytes as the run wrote.
            let feedback = try await feedbackContext(store: store, rounds: context.data.roundIDs, diagnostics: stored)
            let written = try writeLetters(feedback, diagnostics: stored) + writeReports(
                content, run: facts, diagnostics: diagnostics, languages: chosen,
                publisher: Publisher(directory: configuration.output))
                + (try writeProfiles(context, diagnostics: diagnostics, languages: chosen, submissions: profileSubmissions, latest: content.priorities, planning: content.planning))
            let pdfs = await writeReportPDFs(languages: chosen)
            if let line = pdfs.notice { notice(line) }
            return written + pdfs.written
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.outputFailed(path: configuration.output.path, detail: IOErrorText.reason(error))
        }
    }

    /// `report.html` (and `report.<lang>.html`) in each language, in code order, and with the
    /// internal edition asked for (`internal_edition:`, `--edition internal`) `report.internal.html`
    /// (`report.internal.<lang>.html`) too. Without it, internal reports an earlier run wrote are
    /// removed: an internal edition never lingers beside the files people forward.
    private func writeReports(
        _ content: ReportContent, run: RunFacts?, diagnostics: [Diagnostic], languages: Set<Language>, publisher: Publisher
    ) throws -> [String] {
        let editions: [ReportEdition] = configuration.internalEdition ? [.public, .internal] : [.public]
        if !configuration.internalEdition { try removeInternalReports() }
        return try editions.flatMap { edition in
            try writeReports(content, run: run, diagnostics: diagnostics, languages: languages, publisher: publisher, edition: edition)
        }
    }

    /// The internal reports an earlier run wrote (`report.internal*.html`), removed.
    private func removeInternalReports() throws {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: configuration.output.path) else { return }
        for name in names.sorted() where name.hasPrefix("report.internal.") && name.hasSuffix(".html") {
            try manager.removeItem(at: configuration.output.appendingPathComponent(name))
        }
    }

    private func writeReports(
        _ content: ReportContent, run: RunFacts?, diagnostics: [Diagnostic], languages: Set<Language>, publisher: Publisher,
        edition: ReportEdition
    ) throws -> [String] {
        try languages.sorted(by: { $0.rawValue < $1.rawValue }).map { language in
            let input = ReportInput(
                questionnaire: questionnaire, reference: reference, language: language, statistics: content.statistics,
                progress: content.progress, priorities: edition == .internal ? content.priorities : [],
                groupPriorities: content.groupPriorities,
                model: scoringModel, countriesByRound: content.countriesByRound, run: run, diagnostics: diagnostics)
            var withGroups = input
            withGroups.edition = edition
            if edition == .internal {
                withGroups.planning = content.planning
                withGroups.planningDetails = content.planningDetails
            }
            withGroups.customGroups = customGroups
            withGroups.groupComparisons = content.groupComparisons
            withGroups.legislation = content.legislation
            withGroups.headline = definitions.headline
            withGroups.countedSubmissions = content.countedSubmissions
            withGroups.profiles = content.profiles
            withGroups.pipelineLanguage = configuration.language
            withGroups.dataDate = content.dataDate
            withGroups.release = configuration.release
            withGroups.feedback = definitions.feedbackTexts
            withGroups.responses = content.responses
            withGroups.numeric = content.numeric
            withGroups.stateRounds = content.stateRounds
            withGroups.stateAnswers = content.stateAnswers
            withGroups.roundSources = Dictionary(uniqueKeysWithValues: content.countriesByRound.compactMap { entry in
                analyzer.latestItemSources(forRound: entry.round).map { (entry.round, $0) }
            })
            return try publisher.writeText(ReportBuilder(input: withGroups).html, to: reportName(language, internalEdition: edition == .internal)).path
        }
    }

    /// The ids of the accepted submissions the store holds for `rounds`: the current ones, after
    /// every revision of every run (a submission superseded by a later file, in this run or a
    /// later one, is not among them).
    static func acceptedSubmissionIDs(_ store: any SurveyReadStore, rounds: [String]) async throws -> Set<String> {
        try await acceptedSubmissions(store, rounds: rounds).ids
    }

    /// ``acceptedSubmissionIDs(_:rounds:)``, and the date of the data: the day (UTC,
    /// `YYYY-MM-DD`) of the latest submission time the senders' tools gave the accepted
    /// submissions (``SubmissionTime``), nil when none gave one. Read from the store, never from
    /// the clock: `legisurvey report` writes the run's bytes, and two stores fed the same inboxes
    /// give the same date.
    static func acceptedSubmissions(_ store: any SurveyReadStore, rounds: [String]) async throws -> (ids: Set<String>, dataDate: String?) {
        var ids = Set<String>()
        var latest: Double?
        for round in rounds {
            for source in try await store.submissionSources(round: round) {
                ids.insert(source.submissionID)
                if let seconds = SubmissionTime.seconds(source.submittedAt), seconds.isFinite, seconds > latest ?? -.infinity {
                    latest = seconds
                }
            }
        }
        return (ids, latest.map(dayText))
    }

    /// `YYYY-MM-DD` of a time in seconds since 1970, UTC (the proleptic Gregorian calendar).
    static func dayText(_ seconds: Double) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: seconds))
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// `report.html` in the pipeline file's language, `report.<lang>.html` in another.
    /// `report.internal.html` (`report.internal.<lang>.html`) for the internal edition.
    public func reportName(_ language: Language, internalEdition: Bool = false) -> String {
        let stem = internalEdition ? "report.internal" : "report"
        return language == configuration.language ? "\(stem).html" : "\(stem).\(language.rawValue).html"
    }
}
