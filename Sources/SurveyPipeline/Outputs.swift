public import Foundation
import SurveyDefinitions
public import SurveyModel
import SurveyAnalyze
import SurveyPublish

/// What the report shows besides the run's accounting: the analysis of what the store holds.
struct ReportContent {
    var statistics: [ShareStatistic]
    var progress: [ProgressRow]
    /// The top rows of each region and area (``CompactPriorityScores/reportRows(reference:)``).
    var priorities: [PriorityScore] = []
    var groupPriorities: [GroupPriority] = []
    var countriesByRound: [(round: String, countries: Int)]
}

extension Pipeline {
    /// The output files a run writes (besides `run_summary.json`, the reports and the quarantine).
    public static let outputFiles = [
        "statistics.csv", "numeric_statistics.csv", "country_indicators.csv", "progress.csv", "transitions.csv",
        "statistics.sdmx.csv", "priorities_by_country.csv", "priorities_by_group.csv", "ta_planning.csv",
        "validation_report.csv",
    ]

    /// The outputs of a run, in order: the statistics tables, the priority tables, the
    /// validation report, the HTML report in each language and the quarantine. Returns the paths
    /// written. Phases are timed on `clock`: `statistics`, `tables`, `priorities`, `report`.
    func writeOutputs(
        store: any SurveyReadStore, loaded: LoadedInbox, clock: inout PhaseClock, reportLanguages: [Language],
        log: (String) -> Void
    ) async throws -> [String] {
        let analyzer = self.analyzer
        let publisher = Publisher(directory: configuration.output)
        var outputs: [String] = []
        do {
            let data = try await Analyzer.data(from: store)
            let statistics = analyzer.shareStatistics(from: data)
            outputs.append(try publisher.writeStatistics(statistics).path)
            clock.lap("statistics")
            TestHooks.pause(at: .betweenRenames)
            outputs.append(try publisher.writeNumericStatistics(analyzer.numericStatistics(from: data)).path)
            outputs.append(
                try publisher.writeCountryIndicators(
                    analyzer.countryIndicators(from: data, definitions: indicators), reference: reference
                ).path)
            let pair = roundPair(in: data)
            if pair == nil, configuration.baselineRound != nil || configuration.latestRound != nil {
                log("progress: the rounds named in the pipeline file are not both in the store; progress.csv and transitions.csv are empty")
            }
            let progress = pair.map { analyzer.progress(from: data, rounds: $0) } ?? []
            outputs.append(try publisher.writeProgress(progress).path)
            outputs.append(
                try publisher.writeTransitions(pair.map { analyzer.transitions(from: data, rounds: $0) } ?? [], reference: reference)
                    .path)
            outputs.append(try publisher.writeSDMX(statistics, dataflow: configuration.dataflow).path)
            clock.lap("tables")
            var content = ReportContent(
                statistics: statistics, progress: progress, countriesByRound: Self.countriesByRound(data))
            if let model = scoringModel {
                let (written, scores, groups) = try writePriorityTables(data: data, model: model, publisher: publisher)
                outputs += written
                content.priorities = scores
                content.groupPriorities = groups
            }
            clock.lap("priorities")
            outputs.append(try publisher.writeValidationReport(loaded.diagnostics).path)
            let facts = RunFacts(
                filesRead: loaded.reports.count, total: loaded.total, withdrawn: loaded.withdrawn.reduce(0) { $0 + $1.submissions })
            outputs += try writeReports(
                content, run: facts, diagnostics: loaded.diagnostics,
                languages: Set([configuration.language] + reportLanguages), publisher: publisher)
            if let folder = try quarantine(loaded.reports, from: configuration.input) { outputs.append(folder.path) }
            clock.lap("report")
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.outputFailed(path: configuration.output.path, detail: "\(error)")
        }
        return outputs
    }

    /// The three priority tables, from compact scores written in chunks of rows (`CompactPriorityScores`);
    /// returns the paths and what the report shows of the scores.
    private func writePriorityTables(data: AnswerMatrix, model: ScoringModel, publisher: Publisher) throws
        -> (outputs: [String], reportRows: [PriorityScore], groups: [GroupPriority])
    {
        let table = analyzer.compactPriorityScores(from: data, model: model)
        let groups = analyzer.groupPriorities(table, data: data)
        var outputs: [String] = []
        outputs.append(
            try publisher.writePriorities(
                respondents: table.hasRespondents, reference: reference, chunks: table.rowChunkCount, rows: table.rows(inChunk:)
            ).path)
        outputs.append(try publisher.writeGroupPriorities(groups).path)
        let planning = table.planningRows()
        outputs.append(
            try publisher.writePlanning(
                respondents: table.hasRespondents, model: model, reference: reference, chunks: planning.chunkCount,
                rows: planning.rows(inChunk:)
            ).path)
        // The report reads only the top rows of each region and area.
        return (outputs, table.reportRows(reference: reference), groups)
    }

    /// Writes the report from what the store holds (`legisurvey report`), with the store's last
    /// run as "this run". Returns the files written.
    public func writeReports(languages: [Language]) async throws -> [String] {
        let store = try await existingStore()
        try createFolder(configuration.output, what: "output")
        let lock = try await lockWriter(store, timeout: 600, log: { _ in })
        defer { lock.release() }
        do {
            let analyzer = self.analyzer
            let data = try await Analyzer.data(from: store)
            let progress = roundPair(in: data).map { analyzer.progress(from: data, rounds: $0) } ?? []
            var content = ReportContent(
                statistics: analyzer.shareStatistics(from: data), progress: progress,
                countriesByRound: Self.countriesByRound(data))
            if let model = scoringModel {
                let table = analyzer.compactPriorityScores(from: data, model: model)
                content.priorities = table.reportRows(reference: reference)
                content.groupPriorities = analyzer.groupPriorities(table, data: data)
            }
            let last = try await store.recentRuns(limit: 1).first
            let facts = last.map { RunFacts(filesRead: $0.filesRead, total: $0.accounting, withdrawn: $0.withdrawn) }
            return try writeReports(
                content, run: facts, diagnostics: try await store.latestDiagnostics(),
                languages: Set(languages.isEmpty ? [configuration.language] : languages),
                publisher: Publisher(directory: configuration.output))
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.outputFailed(path: configuration.output.path, detail: "\(error)")
        }
    }

    /// `report.html` (and `report.<lang>.html`) in each language, in code order.
    private func writeReports(
        _ content: ReportContent, run: RunFacts?, diagnostics: [Diagnostic], languages: Set<Language>, publisher: Publisher
    ) throws -> [String] {
        try languages.sorted(by: { $0.rawValue < $1.rawValue }).map { language in
            let input = ReportInput(
                questionnaire: questionnaire, reference: reference, language: language, statistics: content.statistics,
                progress: content.progress, priorities: content.priorities, groupPriorities: content.groupPriorities,
                model: scoringModel, countriesByRound: content.countriesByRound, run: run, diagnostics: diagnostics)
            return try publisher.writeText(ReportBuilder(input: input).html, to: reportName(language)).path
        }
    }

    /// `report.html` in the pipeline file's language, `report.<lang>.html` in another.
    public func reportName(_ language: Language) -> String {
        language == configuration.language ? "report.html" : "report.\(language.rawValue).html"
    }

    /// The rounds `progress.csv` and `transitions.csv` compare.
    private func roundPair(in data: AnswerMatrix) -> RoundPair? {
        RoundPair.resolve(baseline: configuration.baselineRound, latest: configuration.latestRound, in: data)
    }

    private static func countriesByRound(_ data: AnswerMatrix) -> [(round: String, countries: Int)] {
        data.roundIDs.map { ($0, data.countries(in: $0).count) }
    }
}
