import Foundation
import SurveyAnalyze
import SurveyModel

/// What each command of the executable does, so the executable holds nothing but argument parsing.
public enum Commands {
    /// `legisurvey run`: prints the summary; exit status 0.
    ///
    /// `wait` is how many seconds to wait for another run on the same store to finish before
    /// giving up with ``PipelineError/busy(path:pid:)``.
    public static func run(
        pipeline: String, input: String?, output: String?, store: String?, quiet: Bool, wait: Double = 600,
        json: Bool = false, rebuild: Bool = false, languages: [String] = []
    ) throws -> Int32 {
        let configuration = try PipelineConfiguration.load(path: pipeline, input: input, output: output, store: store)
        let runner = try Pipeline(configuration: configuration)
        let reportLanguages = try parseLanguages(languages)
        let reporter = quiet ? nil : ProgressReporter()
        let summary = try runner.run(
            log: { message in
                if !quiet { FileHandle.standardError.write(Data("legisurvey: \(message)\n".utf8)) }
            }, lockTimeout: wait, progress: reporter.map { reporter in { reporter.update($0) } },
            rebuild: rebuild, reportLanguages: reportLanguages)
        reporter?.finish()
        print(json ? try RunSummaryJSON(summary: summary, pipeline: runner).encoded() : summary.text)
        return 0
    }

    /// `legisurvey validate`: prints each diagnostic (or, with `json`, one JSON document);
    /// exit status 1 when any is an error.
    public static func validate(pipeline: String, files: [String], json: Bool = false) throws -> Int32 {
        let configuration = try PipelineConfiguration.load(path: pipeline)
        let runner = try Pipeline(configuration: configuration)
        let batch = runner.validate(paths: files)
        let diagnostics = batch.diagnostics.sorted { ($0.location, $0.code.rawValue) < ($1.location, $1.code.rawValue) }
        let failed = diagnostics.contains { $0.severity == .error }
        if json {
            print(try ValidationJSON(batch: batch, diagnostics: diagnostics).encoded())
            return failed ? 1 : 0
        }
        for diagnostic in diagnostics {
            var line = "\(diagnostic.location): \(diagnostic.severity.rawValue): [\(diagnostic.code.rawValue)]"
            if let question = diagnostic.questionID, !question.isEmpty { line += " \(question):" }
            line += " \(diagnostic.message)"
            print(line)
        }
        let total = batch.total
        print(
            "\(batch.files.count) files: \(total.submissionsSeen) submissions (\(total.accepted) accepted, "
                + "\(total.superseded) superseded, \(total.excluded) excluded, \(total.rejected) rejected); "
                + "\(total.answersSeen) answers (\(total.answersKept) kept, \(total.answersDropped) dropped)")
        return failed ? 1 : 0
    }

    /// `legisurvey explain stat`: prints the countries behind one statistic; exit status 0.
    public static func explainStat(
        pipeline: String, store: String?, round: String, question: String, option: String, group: String
    ) throws -> Int32 {
        let configuration = try PipelineConfiguration.load(path: pipeline, store: store)
        let runner = try Pipeline(configuration: configuration)
        print(try runner.explainStatistic(round: round, question: question, option: option, group: group).text, terminator: "")
        return 0
    }

    /// `legisurvey explain priority`: prints the arithmetic of one priority score; exit status 0.
    public static func explainPriority(
        pipeline: String, store: String?, country: String, area: String, round: String?, respondent: String? = nil
    ) throws -> Int32 {
        let configuration = try PipelineConfiguration.load(path: pipeline, store: store)
        let runner = try Pipeline(configuration: configuration)
        print(try runner.explainPriority(country: country, area: area, round: round, respondent: respondent).text, terminator: "")
        return 0
    }

    /// `legisurvey status`: what the store holds; exit status 0.
    public static func status(pipeline: String, store: String?, runs: Int, json: Bool) throws -> Int32 {
        let configuration = try PipelineConfiguration.load(path: pipeline, store: store)
        let report = try StatusReport(pipeline: try Pipeline(configuration: configuration), runs: runs)
        print(json ? try report.json() : report.text, terminator: json ? "\n" : "")
        return 0
    }

    /// `legisurvey report`: writes report.html (and report.<lang>.html) from the store; prints the paths.
    public static func report(pipeline: String, output: String?, store: String?, languages: [String]) throws -> Int32 {
        let configuration = try PipelineConfiguration.load(path: pipeline, output: output, store: store)
        let chosen = try parseLanguages(languages)
        for path in try Pipeline(configuration: configuration).writeReports(languages: chosen) { print(path) }
        return 0
    }

    /// `--lang` values as languages; an unknown code is a one-line error.
    static func parseLanguages(_ codes: [String]) throws -> [Language] {
        try codes.map { code in
            guard let language = Language(rawValue: code.lowercased()) else {
                throw PipelineError.invalidArgument("--lang \(code): expected ar, en, es, fr, ru or zh")
            }
            return language
        }
    }

    /// `legisurvey codes`: the diagnostic catalogue as Markdown.
    public static func codes() -> Int32 {
        print(DiagnosticCode.catalogueMarkdown, terminator: "")
        return 0
    }

    /// `legisurvey sample`: writes the synthetic demo inbox.
    public static func sample(
        pipeline: String, output: String, seed: UInt64, countries: Int, round: String, respondents: Int? = nil,
        respondentField: String = "respondent_id"
    ) throws -> Int32 {
        let configuration = try PipelineConfiguration.load(path: pipeline)
        let runner = try Pipeline(configuration: configuration)
        let generator = SampleGenerator(
            questionnaire: runner.questionnaire, reference: runner.reference, seed: seed, countries: countries, round: round)
        if let respondents {
            guard respondents > 0 else { throw PipelineError.invalidArgument("--respondents must be at least 1") }
            let inbox = try generator.writeRespondents(respondents, field: respondentField, to: URL(fileURLWithPath: output))
            print(
                "wrote \(inbox.files) files (\(inbox.xformFiles) XForm instances, \(inbox.csvFiles) wide CSV files; "
                    + "\(inbox.bytes) bytes) to \(output) (seed \(seed), \(respondents) respondents, round \(round))")
            return 0
        }
        let written = try generator.write(to: URL(fileURLWithPath: output))
        print("wrote \(written.count) files to \(output) (seed \(seed), \(countries) countries, round \(round))")
        return 0
    }

    /// `legisurvey questionnaire xlsform`: writes the pipeline's questionnaire as an XLSForm workbook.
    ///
    /// `output` is relative to the current directory; without it the workbook goes to
    /// `questionnaire.xlsx` in the pipeline's output folder (`Output/` for `Pipelines/default.yml`).
    /// Prints the path written; exit status 0.
    public static func questionnaireXLSForm(pipeline: String, output: String?) throws -> Int32 {
        let configuration = try PipelineConfiguration.load(path: pipeline)
        let questionnaire = try Pipeline(configuration: configuration).questionnaire
        let destination = output.map { URL(fileURLWithPath: $0).standardizedFileURL }
            ?? configuration.output.appendingPathComponent("questionnaire.xlsx")
        try XLSFormWriter(questionnaire: questionnaire, defaultRound: configuration.defaultRound).write(to: destination)
        print(destination.path)
        return 0
    }
}
