import Foundation
import GRDB
import SurveyDefinitions
import SurveyForms
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import SurveyTransform
import Testing

/// Issue 18, part 1: a questionnaire version per round. The 2022 round answers version 2022.1
/// (`Pipelines/questionnaires/cybercrime-survey-2022.yml`: `ch3_framework_adequate`, later renamed;
/// `ch4_fraud_identity`, later split; `ch3_instruments` without `un_convention`), 2026 answers 2026.3.
@Suite(.serialized) struct QuestionnaireVersionTests {
    static let questionnaires = Fixtures.packageRoot.appendingPathComponent("Pipelines/questionnaires")
    static let version2022 = questionnaires.appendingPathComponent("cybercrime-survey-2022.yml")

    /// A pipeline file whose 2022 round names the 2022 questionnaire; `extra` is appended.
    static func pipeline(input: URL, extra: String = "", roundsBlock: String? = nil) throws -> (URL, URL) {
        let folder = Fixtures.temporaryFolder("versions")
        let output = folder.appendingPathComponent("out")
        let rounds = roundsBlock ?? """
            rounds:
              - {id: "2022", questionnaire: \(version2022.path)}
              - "2026"

            """
        let file = try Fixtures.pipelineFile(
            in: folder, input: input, output: output, declaringRounds: false,
            extra: rounds + Fixtures.defaultStatisticsKeys + "\n" + extra)
        return (file, output)
    }

    static let inboxFiles: [String: String] = [
        "round-2022.csv": """
            country,round,ch3_framework_adequate,ch4_fraud_identity,ch3_instruments,ch4_illegal_access
            FRA,2022,sufficient,general,budapest,general
            DEU,2022,partly,cyber_specific,budapest,general
            ITA,2022,not_sufficient,general,none,cyber_specific

            """,
        "round-2026.csv": """
            country,round,ch3_framework_sufficient,ch4_fraud_forgery,ch4_identity_offences,ch3_instruments,ch4_illegal_access
            FRA,2026,sufficient,general,general,budapest un_convention,general
            DEU,2026,sufficient,cyber_specific,general,budapest,cyber_specific
            ITA,2026,partly,general,not_criminalized,un_convention,cyber_specific

            """,
    ]

    static func inbox(_ files: [String: String] = inboxFiles) throws -> URL {
        let folder = Fixtures.temporaryFolder("versions-inbox")
        try Fixtures.write(files, in: folder)
        return folder
    }

    static func transformer(reject: Bool = false) throws -> Transformer {
        let definitions = try PipelineDefinitions.load(path: try pipeline(input: try inbox()).0.path)
        return Transformer(
            questionnaires: definitions.questionnaires, roundVersions: definitions.roundVersions,
            rejectUndeclaredVersion: reject, reference: definitions.reference, defaultRound: "2026", rounds: ["2022", "2026"])
    }

    static func submission(_ round: String, _ answers: [(String, String)], formVersion: String? = nil) -> RawSubmission {
        var metadata = SubmissionMetadata()
        metadata.formVersion = formVersion
        let location = SourceLocation(file: "s.csv", line: 2)
        return RawSubmission(
            location: location, format: .wideCSV, ordinal: 1,
            answers: ([("country", "FRA"), ("round", round)] + answers).enumerated().map { index, answer in
                RawAnswer(field: answer.0, values: [answer.1], location: SourceLocation(file: "s.csv", line: 2, column: index + 1))
            }, metadata: metadata)
    }

    @Test func aPlainRoundsListKeepsOneQuestionnaire() throws {
        let folder = Fixtures.temporaryFolder("versions")
        let file = try Fixtures.pipelineFile(in: folder, input: folder, output: folder.appendingPathComponent("out"))
        let definitions = try PipelineDefinitions.load(path: file.path)
        #expect(definitions.configuration.rounds == ["2022", "2024", "2026"])
        #expect(definitions.configuration.roundQuestionnaires.isEmpty)
        #expect(definitions.questionnaires.map(\.version) == ["2026.3"])
        #expect(definitions.roundVersions == ["2022": "2026.3", "2024": "2026.3", "2026": "2026.3"])
    }

    @Test func aRoundNamesItsQuestionnaireFile() throws {
        let definitions = try PipelineDefinitions.load(path: try Self.pipeline(input: try Self.inbox()).0.path)
        #expect(definitions.configuration.rounds == ["2022", "2026"])
        #expect(definitions.questionnaires.map(\.version) == ["2022.1", "2026.3"])
        #expect(definitions.roundVersions == ["2022": "2022.1", "2026": "2026.3"])
        #expect(definitions.questionnaire.version == "2026.3")
        #expect(definitions.questionnaire(forRound: "2022").question(id: "ch3_framework_adequate") != nil)
        // select: matches each round's own questions; the 2022 round has one fraud item, not two.
        let breadth2022 = try #require(definitions.roundIndicators["2022"]?.first { $0.id == "criminalization_breadth" })
        let breadth2026 = try #require(definitions.roundIndicators["2026"]?.first { $0.id == "criminalization_breadth" })
        #expect(breadth2022.items.map(\.questionID).contains("ch4_fraud_identity"))
        #expect(breadth2022.items.count == 13 && breadth2026.items.count == 14)
    }

    @Test func twoQuestionnaireFilesWithOneVersionAreRefused() throws {
        let copy = Fixtures.temporaryFolder("versions").appendingPathComponent("copy.yml")
        try FileManager.default.copyItem(
            at: Self.questionnaires.appendingPathComponent("cybercrime-survey.yml"), to: copy)
        let rounds = """
            rounds:
              - {id: "2022", questionnaire: \(copy.path)}
              - "2026"

            """
        let file = try Self.pipeline(input: try Self.inbox(), roundsBlock: rounds).0
        #expect(throws: DefinitionError.self) { try PipelineDefinitions.load(path: file.path) }
    }

    @Test func eachSubmissionIsCheckedAgainstItsRoundsVersion() throws {
        let transformer = try Self.transformer()
        let old = transformer.transform(Self.submission("2022", [("ch3_framework_adequate", "partly"), ("ch4_fraud_identity", "general")]))
        #expect(old.status == .accepted)
        #expect(old.questionnaireVersion == "2022.1")
        #expect(old.diagnostics.isEmpty, "\(old.diagnostics.map(\.message))")
        #expect(old.answers.map(\.questionID) == ["ch3_framework_adequate", "ch4_fraud_identity"])
        // The 2022 ids are unknown to 2026.3.
        let new = transformer.transform(Self.submission("2026", [("ch3_framework_adequate", "partly"), ("ch8_cert", "yes")]))
        #expect(new.questionnaireVersion == "2026.3")
        #expect(new.diagnostics.map(\.code) == [.questionUnknown])
        // un_convention is not an option of 2022.1.
        let option = transformer.transform(Self.submission("2022", [("ch3_instruments", "un_convention")]))
        #expect(option.diagnostics.first?.code == .choiceUnknown)
    }

    @Test func aDeclaredFormVersionWinsOverTheRounds() throws {
        let transformer = try Self.transformer()
        let named = transformer.transform(
            Self.submission("2026", [("ch3_framework_adequate", "partly")], formVersion: "2022.1"))
        #expect(named.status == .accepted)
        #expect(named.round == "2026")
        #expect(named.questionnaireVersion == "2022.1")
        #expect(named.diagnostics.isEmpty)
    }

    @Test func anUndeclaredFormVersionWarnsOrRejects() throws {
        let warned = try Self.transformer().transform(
            Self.submission("2026", [("ch3_framework_sufficient", "partly")], formVersion: "2024.7"))
        #expect(warned.status == .accepted)
        #expect(warned.questionnaireVersion == "2026.3")
        #expect(warned.diagnostics.map(\.code) == [.formVersionUndeclared])
        #expect(warned.diagnostics.first?.found == "2024.7")
        #expect(warned.diagnostics.first?.severity == .warning)

        let rejected = try Self.transformer(reject: true).transform(
            Self.submission("2026", [("ch3_framework_sufficient", "partly")], formVersion: "2024.7"))
        #expect(rejected.status == .rejected)
        #expect(rejected.reason == .formVersionRejected)

        // With one questionnaire too: a form version other than its own is undeclared.
        let single = Transformer(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: Fixtures.rounds)
        let other = single.transform(Self.submission("2026", [("ch8_cert", "yes")], formVersion: "1999"))
        #expect(other.diagnostics.map(\.code) == [.formVersionUndeclared])
        let same = single.transform(Self.submission("2026", [("ch8_cert", "yes")], formVersion: Fixtures.questionnaire.version))
        #expect(same.diagnostics.isEmpty)
    }

    @Test func theKeyIsCheckedAndThePipelineMayReject() throws {
        let (bad, _) = try Self.pipeline(input: try Self.inbox(), extra: "undeclared_form_version: maybe\n")
        #expect(throws: DefinitionError.self) { try PipelineConfiguration.load(path: bad.path) }
        let (good, _) = try Self.pipeline(input: try Self.inbox(), extra: "undeclared_form_version: reject\n")
        #expect(try PipelineConfiguration.load(path: good.path).undeclaredFormVersion == .reject)
    }

    /// A whole run: no `question-unknown` for the 2022 items, the store records each
    /// submission's version, and each round's statistics follow its own items and options.
    @Test func aRunChecksEachRoundAgainstItsVersionAndPublishesItsOwnItems() async throws {
        let (file, output) = try Self.pipeline(input: try Self.inbox())
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        let summary = try await pipeline.run()
        #expect(summary.total.accepted == 6)
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        #expect(!report.contains("question-unknown"))

        let queue = try DatabaseQueue(path: output.appendingPathComponent("store.sqlite").path)
        let versions = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT round, questionnaire_version FROM submission ORDER BY round, country")
                .map { "\($0[0] as String) \($0[1] as String)" }
        }
        #expect(versions == Array(repeating: "2022 2022.1", count: 3) + Array(repeating: "2026 2026.3", count: 3))

        let statistics = MinimalReader.splitCSV(
            try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8))
        let header = try #require(statistics.first)
        let round = try #require(header.firstIndex(of: "round"))
        let question = try #require(header.firstIndex(of: "question_id"))
        let option = try #require(header.firstIndex(of: "option"))
        func rounds(_ id: String, _ code: String? = nil) -> Set<String> {
            Set(statistics.dropFirst().filter { $0.count == header.count && $0[question] == id && (code == nil || $0[option] == code) }.map { $0[round] })
        }
        #expect(rounds("ch3_instruments", "un_convention") == ["2026"])
        #expect(rounds("ch3_instruments", "budapest") == ["2022", "2026"])
        #expect(rounds("ch4_fraud_identity") == ["2022"])
        #expect(rounds("ch4_fraud_forgery") == ["2026"])
        #expect(rounds("ch3_framework_adequate") == ["2022"])
        #expect(rounds("ch3_framework_sufficient") == ["2026"])

        // Indicators: 2022 counts its 13 criminalization items, 2026 its 14.
        let indicators = MinimalReader.splitCSV(
            try String(contentsOf: output.appendingPathComponent("country_indicators.csv"), encoding: .utf8))
        let columns = try #require(indicators.first)
        let total = try #require(columns.firstIndex(of: "items_total"))
        let indicator = try #require(columns.firstIndex(of: "indicator"))
        let indicatorRound = try #require(columns.firstIndex(of: "round"))
        let totals = Set(indicators.dropFirst().filter { $0.count == columns.count && $0[indicator] == "criminalization_breadth" }
            .map { "\($0[indicatorRound]) \($0[total])" })
        #expect(totals == ["2022 13", "2026 14"])

        // No crosswalk here: the renamed item is new in 2026.3, not comparable, greyed out in the
        // report with its note.
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains(
            #"<tr data-question="ch3_framework_sufficient" class="not-comparable" data-comparable="no"><td>"#))
        #expect(html.contains("item `ch3_framework_sufficient` new in 2026.3: not asked in 2022.1"))
        // The progress chart greys it out (dashed) and says so in words.
        let dumbbell = try #require(html.range(of: #"<g class="dumbbell not-comparable" data-question="ch3_framework_sufficient""#).map { html[$0.lowerBound...] })
        #expect(dumbbell[..<dumbbell.range(of: "</g>")!.lowerBound].contains(#"<text class="mark" "#) && dumbbell[..<dumbbell.range(of: "</g>")!.lowerBound].contains(">not comparable</text>"))
    }

    /// Part 4: the demo's 2022 round answers 2022.1 and the crosswalks link it to 2026.3. The
    /// accounting is unchanged, no 2022 answer is `question-unknown`, and the progress line of
    /// docs/running.md (which only the crosswalk makes possible) is in progress.csv.
    @Test func theDemoBaselineAnswersItsOwnVersion() async throws {
        let output = Fixtures.temporaryFolder("versions-demo").appendingPathComponent("out")
        let configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, output: output.path, store: output.appendingPathComponent("store.sqlite").path)
        let pipeline = try Pipeline(configuration: configuration)
        #expect(pipeline.definitions.roundVersions == ["2022": "2022.1", "2024": "2026.2", "2026": "2026.3"])
        let summary = try await pipeline.run()
        let total = summary.total
        let counts: [Int] = [total.submissionsSeen, total.accepted, total.superseded, total.excluded, total.rejected]
        #expect(counts == [151, 145, 1, 2, 3])
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        // No 2022 answer is question-unknown (the long layout's inventory rows of 2026 are, until
        // the readers for repeats land).
        let baselineUnknown = report.split(separator: "\n").filter { $0.contains(",question-unknown,") && $0.hasPrefix("demo-9-baseline") }
        #expect(baselineUnknown.isEmpty, "\(baselineUnknown.prefix(3))")
        let progress = try String(contentsOf: output.appendingPathComponent("progress.csv"), encoding: .utf8)
        let readme = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/running.md"), encoding: .utf8)
        let line = "3,ch3_framework_sufficient,sufficient,world,001,2022,2026,51,20,39.2,63,22,34.9,-4.3,normal,49,18,36.7,18,36.7,0.0,normal,yes,`ch3_framework_sufficient` was `ch3_framework_adequate` in 2022.1"
        // The labels (issue 23) follow the comparability note.
        #expect(progress.contains(line + ","))
        #expect(readme.contains(line))
        #expect(progress.contains("3,ch3_instruments,un_convention,world,001,2022,2026,52,0,0.0,66,31,47.0,47.0,normal,51,0,0.0,23,45.1,45.1,normal,no,"))
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains(#"<tr data-question="ch4_fraud_forgery" class="partly-comparable" data-comparable="partial">"#))
        // The progress chart marks the pair as partly comparable.
        let dumbbell = try #require(html.range(of: #"<g class="dumbbell partly-comparable" data-question="ch4_fraud_forgery""#).map { html[$0.lowerBound...] })
        #expect(dumbbell[..<dumbbell.range(of: "</g>")!.lowerBound].contains(">partly comparable</text>"))
    }

    /// The definitions fingerprint (the file cache's key) covers every questionnaire file: a
    /// change to the 2022 version alone re-reads the inbox.
    @Test func theFingerprintCoversEveryQuestionnaireFile() throws {
        let folder = Fixtures.temporaryFolder("versions")
        let copy = folder.appendingPathComponent("q2022.yml")
        try FileManager.default.copyItem(at: Self.version2022, to: copy)
        let rounds = """
            rounds:
              - {id: "2022", questionnaire: \(copy.path)}
              - "2026"

            """
        let file = try Self.pipeline(input: try Self.inbox(), roundsBlock: rounds).0
        let before = try PipelineDefinitions.load(path: file.path).fingerprint(salt: "s")
        let text = try String(contentsOf: copy, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Adequacy of the national", with: "Adequacy of the  national").utf8).write(to: copy)
        let after = try PipelineDefinitions.load(path: file.path).fingerprint(salt: "s")
        #expect(before != after)
    }

    /// Issue 18, part 5: `questionnaire xlsform --version` exports a declared version (its form's
    /// round defaults to the last round answering it); without it, the latest round's; an
    /// undeclared version is refused, listing the declared ones.
    @Test func theXLSFormCommandTakesAVersion() async throws {
        let labels = Fixtures.packageRoot.appendingPathComponent("Pipelines/forms/xlsform-labels.yml")
        let (file, _) = try Self.pipeline(input: try Self.inbox(), extra: "form_labels: \(labels.path)\n")
        let definitions = try PipelineDefinitions.load(path: file.path)
        let binary = try #require(XLSFormExportTests.binary, "legisurvey binary not found")
        let folder = Fixtures.temporaryFolder("versions-xlsform")
        func export(_ arguments: [String], to name: String) async throws -> (status: Int32, output: String, workbook: Data?) {
            let target = folder.appendingPathComponent(name)
            let result = try await ExternalProgram.run(
                binary, ["questionnaire", "xlsform", "--pipeline", file.path, "--output", target.path] + arguments,
                mergeErrors: true)
            return (result.status, result.text, try? Data(contentsOf: target))
        }
        let older = try await export(["--version", "2022.1"], to: "form-2022.xlsx")
        #expect(older.status == 0, "\(older.output)")
        let expected2022 = try XLSFormWriter(
            questionnaire: try #require(definitions.questionnaire(version: "2022.1")), defaultRound: "2022",
            labels: try definitions.formLabels(), reference: definitions.reference, rounds: definitions.configuration.rounds
        ).workbook()
        #expect(older.workbook == expected2022)
        let latest = try await export([], to: "form.xlsx")
        #expect(latest.status == 0, "\(latest.output)")
        let expectedLatest = try XLSFormWriter(
            questionnaire: definitions.questionnaire, defaultRound: "2026", labels: try definitions.formLabels(),
            reference: definitions.reference, rounds: definitions.configuration.rounds
        ).workbook()
        #expect(latest.workbook == expectedLatest)
        #expect(older.workbook != latest.workbook)
        let unknown = try await export(["--version", "2019.1"], to: "form-2019.xlsx")
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("--version '2019.1' is not the questionnaire version of a round (declared: 2022.1, 2026.3)"))
        #expect(unknown.workbook == nil)
    }
}
