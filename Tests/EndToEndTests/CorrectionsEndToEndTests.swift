import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyLoad
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Analyst corrections in whole runs on a copy of the demo inbox (issue 26): a correction moves a
/// figure by one, shows in `explain stat` (the sender's value, the corrected one, the reason) and
/// in the country profile, while the store keeps the sender's value; an invalid one is refused at
/// its file and line; a revision of the corrected submission makes the correction stale and it is
/// no longer applied; the same inputs give the same bytes.
@Suite struct CorrectionsEndToEndTests {
    /// Line 2: Ghana's "no" corrected to "yes" (its first submission, `was: "no"`).
    /// Line 12: an unknown option, refused.
    static let corrections = """
        corrections:
          - country: GHA
            round: "2026"
            item: ch3_specific_law
            value: "yes"
            was: "no"
            submission: demo-1-xml/GHA.xml#1
            reason: the focal point confirmed the cybercrime act was adopted in 2025
            source: e-mail from the focal point, 2026-03-04
            analyst: Test Analyst
            date: 2026-03-05
          - country: GHA
            round: "2026"
            item: ch3_framework_sufficient
            value: mostly
            reason: r
            source: s
            analyst: a
            date: 2026-03-05

        """

    struct Setup {
        let folder: URL
        let inbox: URL
        let correctionsFile: URL

        init(_ name: String) throws {
            folder = Fixtures.temporaryFolder(name)
            inbox = folder.appendingPathComponent("inbox")
            try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Input"), to: inbox)
            correctionsFile = folder.appendingPathComponent("corrections.yml")
            try Data(CorrectionsEndToEndTests.corrections.utf8).write(to: correctionsFile)
        }

        func output(_ name: String) -> URL { folder.appendingPathComponent(name) }

        /// The demo pipeline on the copied inbox into `output`, with the test's corrections file
        /// (or none).
        func pipeline(_ output: String, corrections: Bool = true) throws -> Pipeline {
            let out = self.output(output)
            var configuration = try PipelineConfiguration.load(
                path: Fixtures.pipelineFile.path, input: inbox.path, output: out.path,
                store: out.appendingPathComponent("store.sqlite").path)
            configuration.corrections = corrections ? correctionsFile : nil
            return try Pipeline(configuration: configuration)
        }

        func text(_ output: String, _ file: String) throws -> String {
            try String(contentsOf: self.output(output).appendingPathComponent(file), encoding: .utf8)
        }

        /// n_option and n_responding of a world row of 2026's ch3_specific_law.
        func world(_ output: String, _ option: String) throws -> (count: String, n: String) {
            let line = try #require(
                try text(output, "statistics.csv").split(separator: "\r\n").first {
                    $0.hasPrefix("2026,3,ch3_specific_law,\(option),world,001,")
                }, "\(option)")
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return (String(cells[7]), String(cells[6]))
        }

        func rows(_ output: String, _ file: String, containing needle: String) throws -> [Substring] {
            try text(output, file).split(separator: "\r\n").filter { $0.contains(needle) }
        }
    }

    @Test func aCorrectionMovesAFigureShowsInExplainAndTheProfileAndABadOneIsRefusedAtItsLine() async throws {
        let setup = try Setup("corrections-applied")
        _ = try await setup.pipeline("plain", corrections: false).run()
        let pipeline = try setup.pipeline("corrected")
        let summary = try await pipeline.run()
        #expect(summary.total.submissionsSeen == 151 && summary.total.accepted == 145, "the accounting does not move")

        // statistics.csv: one more "yes", one fewer "no", the same denominator.
        let (yesBefore, nBefore) = try setup.world("plain", "yes")
        let (yesAfter, nAfter) = try setup.world("corrected", "yes")
        #expect(Int(yesAfter) == Int(yesBefore)! + 1)
        #expect(Int(try setup.world("corrected", "no").count) == Int(try setup.world("plain", "no").count)! - 1)
        #expect(nAfter == nBefore)

        // explain stat: Ghana among those choosing yes, at the correction's line, with the sender's
        // value, the reason and who wrote it.
        let lineage = try await pipeline.explainStatistic(round: "2026", question: "ch3_specific_law", option: "yes", group: "world")
        let ghana = try #require(lineage.numerator.first { $0.country == "GHA" })
        #expect(ghana.file == setup.correctionsFile.path && ghana.line == 2)
        #expect(ghana.correction?.original == CorrectionValue(options: ["no"]))
        let text = lineage.text
        #expect(text.contains("GHA  yes  \(setup.correctionsFile.path):2"), "\(text)")
        #expect(text.contains("corrected: no → yes (sender's submission demo-1-xml/GHA.xml#1)"), "\(text)")
        #expect(text.contains("reason: the focal point confirmed the cybercrime act was adopted in 2025"))
        #expect(text.contains("source: e-mail from the focal point, 2026-03-04; analyst: Test Analyst, 2026-03-05"))

        // The store keeps what the sender sent.
        let store = try await SurveyStores.open(pipeline.configuration.store, mustExist: true)
        let sent = try await store.submissionAnswers(round: "2026", country: "GHA").filter { $0.questionID == "ch3_specific_law" }
        #expect(sent.map(\.option) == ["no"])

        // The profile: the corrected value, marked, with the sender's.
        let data = try Data(contentsOf: setup.output("corrected").appendingPathComponent("countries/GHA.json"))
        let profile = try JSONDecoder().decode(CountryProfile.self, from: data)
        let item = try #require(
            profile.rounds.first { $0.round == "2026" }?.chapters.flatMap(\.items).first { $0.question == "ch3_specific_law" })
        #expect(item.answers.map(\.options) == [["yes"]])
        #expect(item.answers.first?.corrected?.original == "no")
        #expect(item.answers.first?.corrected?.place == "\(setup.correctionsFile.path):2")
        let page = try setup.text("corrected", "countries/GHA.html")
        #expect(page.contains("class=\"corrected\" data-original=\"no\""))
        #expect(page.contains("corrected (sent: no)"))

        // The unknown option: refused at the file and line, listed in corrections.csv.
        let refused = try setup.rows("corrected", "validation_report.csv", containing: ",correction-invalid,")
        #expect(refused.count == 1)
        #expect(refused.first?.hasPrefix("\(setup.correctionsFile.path),12,") == true, "\(refused)")
        #expect(refused.first?.contains("unknown option 'mostly'") == true)
        let listed = try setup.text("corrected", "corrections.csv").split(separator: "\r\n")
        #expect(listed.count == 3)
        #expect(listed[1].hasPrefix("applied,\(setup.correctionsFile.path),2,2026,GHA,,ch3_specific_law,yes,no,no,demo-1-xml/GHA.xml#1,"))
        #expect(listed[2].hasPrefix("refused,\(setup.correctionsFile.path),12,2026,GHA,,ch3_framework_sufficient,,"))
        // Without the file: corrections.csv is the header alone.
        #expect(try setup.text("plain", "corrections.csv").split(separator: "\r\n").count == 1)
    }

    @Test func aRevisionOfTheCorrectedSubmissionMakesItStaleAndTheSameInputsGiveTheSameBytes() async throws {
        let setup = try Setup("corrections-stale")
        let pipeline = try setup.pipeline("out")
        _ = try await pipeline.run()
        let yesCorrected = Int(try setup.world("out", "yes").count)!

        // Ghana sends a revision answering "partly": it arrives in a later run and supersedes the
        // submission the correction was written for.
        let original = try String(
            contentsOf: setup.inbox.appendingPathComponent("demo-1-xml/GHA.xml"), encoding: .utf8)
        let revised = original.replacingOccurrences(
            of: "<answer question=\"ch3_specific_law\">لا</answer>", with: "<answer question=\"ch3_specific_law\">partly</answer>")
        #expect(revised != original)
        try Data(revised.utf8).write(to: setup.inbox.appendingPathComponent("demo-4-revisions/GHA-revised.xml"))
        let summary = try await pipeline.run()
        #expect(summary.total.superseded == 2)

        let listed = try setup.text("out", "corrections.csv").split(separator: "\r\n")
        #expect(listed[1].hasPrefix("stale,"), "\(listed)")
        #expect(listed[1].contains("written for submission demo-1-xml/GHA.xml#1, since superseded by demo-4-revisions/GHA-revised.xml#1"))
        let stale = try setup.rows("out", "validation_report.csv", containing: ",correction-stale,")
        #expect(stale.count == 1)
        #expect(stale.first?.hasPrefix("\(setup.correctionsFile.path),2,") == true, "\(stale)")
        // Not applied: Ghana's revision ("partly") is counted, not the correction's "yes".
        #expect(Int(try setup.world("out", "yes").count) == yesCorrected - 1)
        let lineage = try await pipeline.explainStatistic(round: "2026", question: "ch3_specific_law", option: "partly", group: "world")
        let ghana = try #require(lineage.numerator.first { $0.country == "GHA" })
        #expect(ghana.correction == nil && ghana.file == "demo-4-revisions/GHA-revised.xml")

        // The same inputs and store history: the same bytes.
        let files = ["statistics.csv", "corrections.csv", "answers.csv", "validation_report.csv", "countries/GHA.json"]
        let before = try files.map { try Data(contentsOf: setup.output("out").appendingPathComponent($0)) }
        _ = try await pipeline.run()
        let after = try files.map { try Data(contentsOf: setup.output("out").appendingPathComponent($0)) }
        for (index, file) in files.enumerated() { #expect(before[index] == after[index], "\(file)") }
    }
}
