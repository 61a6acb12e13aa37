// `legisurvey explain law` (issue 20, docs/legislation.md): a country's laws in one round, each
// field with its value, option labels and file:line; the default round; the refusals.
import Foundation
import SurveyDefinitions
import SurveyLoad
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

@Suite struct ExplainLawTests {
    /// The demo's pipeline (2022 answers questionnaire 2022.1, which has no inventory; 2026 the
    /// current one) and a store holding: FRA 2026 with two laws, FRA 2022, DEU 2026 with none.
    static func setup() async throws -> (Pipeline, any SurveyStore) {
        let folder = Fixtures.temporaryFolder("explain-law")
        let pipeline = try Pipeline(
            configuration: try PipelineConfiguration.load(path: Fixtures.packageRoot.appendingPathComponent("Pipelines/default.yml").path))
        let store = try await SurveyStores.open(.sqlite(path: folder.appendingPathComponent("store.sqlite").path))
        func submission(_ id: String, _ file: String, _ country: String, _ round: String, _ repeats: [(String, String, AnswerValue, Int)])
            -> Submission
        {
            var submission = Submission(
                id: id, location: SourceLocation(file: file, line: 2), format: .nativeXML, country: country, countryGiven: country,
                round: round, status: .accepted,
                answers: [Answer(questionID: "ch8_cert", value: .choice("yes"), location: SourceLocation(file: file, line: 3))],
                answersSeen: 1 + repeats.count, diagnostics: [])
            submission.repeatAnswers = repeats.map { path, question, value, line in
                Answer(questionID: question, value: value, location: SourceLocation(file: file, line: line), path: RepeatPath(parsing: path)!)
            }
            return submission
        }
        let files: [(String, [Submission])] = [
            (
                "fra.xml",
                [
                    submission("fra.xml#1", "fra.xml", "FRA", "2026", [
                        ("laws[1]", "title", .text("Loi n° 2004-575"), 12), ("laws[1]", "type", .choice("act"), 14),
                        ("laws[1]", "acts", .choices(["ch4_spam", "ch4_illegal_access"]), 20),
                        ("laws[2]", "status", .choice("draft"), 31),
                    ])
                ]
            ),
            ("fra-2022.xml", [submission("fra-2022.xml#1", "fra-2022.xml", "FRA", "2022", [])]),
            ("deu.xml", [submission("deu.xml#1", "deu.xml", "DEU", "2026", [])]),
        ]
        let lock = try await store.lockWriter(timeout: 10, log: { _ in })
        defer { lock.release() }
        _ = try await store.load(RunInfo(pipeline: "t", questionnaireID: "q", questionnaireVersion: "1"), beforeCommit: {}) { session in
            var total = Accounting()
            for (path, submissions) in files {
                var accounting = Accounting()
                for submission in submissions { accounting.add(submission) }
                try await session.add(
                    FileReport(file: SourceFile(path: path, sha256: path, bytes: 1, format: .nativeXML), accounting: accounting, diagnostics: []),
                    submissions: submissions, cache: nil)
                try await session.setAccounting(of: path, accounting)
                total.add(accounting)
            }
            return total
        }
        return (pipeline, store)
    }

    @Test func explainLawListsEachFieldWithItsLabelAndSource() async throws {
        let (pipeline, store) = try await Self.setup()
        // The default round is the latest FRA answered; the country by name, code or M49.
        let explanation = try await pipeline.explainLaws(country: "France", round: nil, store: store)
        #expect(explanation.round == "2026")
        let text = explanation.text
        #expect(text.hasPrefix("Laws of France (FRA), round 2026: submission fra.xml#1 (fra.xml:2)\n  2 laws listed\n"), "\(text)")
        #expect(text.contains("  laws[1]\n"))
        #expect(text.contains("title          Loi n° 2004-575  [fra.xml:12]"), "\(text)")
        #expect(text.contains("type           act (Act or law)  [fra.xml:14]"), "\(text)")
        // Multiple choice in questionnaire order, each code with its label.
        #expect(
            text.contains(
                "acts           ch4_illegal_access (Illegal access to a computer system); ch4_spam (Sending or controlling the sending of spam)  [fra.xml:20]"
            ), "\(text)")
        #expect(text.contains("year_adopted   (not answered)"))
        #expect(text.contains("  laws[2]\n") && text.contains("status         draft (Draft)  [fra.xml:31]"), "\(text)")
        #expect(try await pipeline.explainLaws(country: "250", round: "2026", store: store).text == text)
        #expect(try await pipeline.explainLaws(country: "fra", round: nil, store: store).text == text)
    }

    @Test func explainLawSaysWhenThereIsNothingToList() async throws {
        let (pipeline, store) = try await Self.setup()
        let none = try await pipeline.explainLaws(country: "DEU", round: nil, store: store).text
        #expect(none.hasSuffix("\n  no laws listed\n"), "\(none)")
        let old = try await pipeline.explainLaws(country: "FRA", round: "2022", store: store).text
        #expect(old.contains("the round's questionnaire (version 2022.1) has no inventory (no laws repeat)"), "\(old)")
        await #expect(throws: PipelineError.invalidArgument("Germany (DEU) has no accepted submission in round '2022' (its rounds: 2026)")) {
            _ = try await pipeline.explainLaws(country: "DEU", round: "2022", store: store)
        }
        await #expect(throws: PipelineError.invalidArgument("Italy (ITA) has no accepted submission in the store")) {
            _ = try await pipeline.explainLaws(country: "ITA", round: nil, store: store)
        }
        await #expect(throws: PipelineError.self) { _ = try await pipeline.explainLaws(country: "Atlantis", round: nil, store: store) }
    }
}
