import Foundation
@testable import legisurvey
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// Whole runs on what senders produce: exports, revisions, spreadsheets.
@Suite struct SenderFormatPipelineTests {
    func run(_ files: [String: String]) async throws -> (RunSummary, URL) {
        let folder = Fixtures.temporaryFolder("senders")
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write(files, in: input)
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        return (summary, output)
    }

    func report(_ output: URL) throws -> String {
        try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
    }

    /// A review-rejected export row with no country, or one that resolves to none, is rejected for
    /// its country (it cannot be excluded for a State it does not name); the run goes on with exit
    /// status 0. docs/formats.md used to list this as a known problem that stopped the run.
    @Test func aReviewRejectedRowWithoutACountryIsRejectedNotFatal() async throws {
        let header = "SubmissionDate,country,round,ch8-ch8_cert,meta-instanceID,KEY,ReviewState\r\n"
        let rows = [
            "2026-03-01T09:00:00.000Z,FRA,2026,yes,uuid:a1,uuid:a1,approved",
            "2026-03-01T09:01:00.000Z,,2026,yes,uuid:a2,uuid:a2,rejected",
            "2026-03-01T09:02:00.000Z,Atlantis,2026,no,uuid:a3,uuid:a3,rejected",
            "2026-03-01T09:03:00.000Z,KEN,2026,no,uuid:a4,uuid:a4,rejected",
        ]
        let (summary, output) = try await run(["central.csv": header + rows.joined(separator: "\r\n") + "\r\n"])
        #expect(summary.total.submissionsSeen == 4 && summary.total.isBalanced)
        #expect(summary.total.accepted == 1 && summary.total.rejected == 2 && summary.total.excluded == 1)
        let report = try report(output)
        #expect(report.contains("country-missing") && report.contains("country-unknown"), "\(report)")
    }

    /// Three revisions from one country in two formats: only the last counts.
    @Test func threeRevisionsAcrossTwoFormats() async throws {
        let files = [
            // First: a Kobo export of 1 March.
            "a-kobo.csv": "\"country\";\"ch8/ch8_cert\";\"_uuid\";\"_submission_time\"\r\n\"KEN\";\"no\";\"k1\";\"2026-03-01T09:00:00\"\r\n",
            // Second: an XForm instance submitted on 3 March.
            "b-instance.xml": "<data id=\"f\" submissionDate=\"2026-03-03T09:00:00Z\"><country>Kenya</country><ch8><ch8_cert>no</ch8_cert><ch8_awareness>no</ch8_awareness></ch8><meta><instanceID>uuid:x1</instanceID></meta></data>",
            // Third: an edit of the second (deprecatedID), stored earlier in path order with an earlier time.
            "0-edit.xml": "<data id=\"f\" submissionDate=\"2026-03-02T09:00:00Z\"><country>KEN</country><ch8><ch8_cert>yes</ch8_cert></ch8><meta><instanceID>uuid:x2</instanceID><deprecatedID>uuid:x1</deprecatedID></meta></data>",
        ]
        let (summary, output) = try await run(files)
        #expect(summary.total.submissionsSeen == 3)
        #expect(summary.total.accepted == 1 && summary.total.superseded == 2)
        #expect(summary.total.isBalanced)
        let text = try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8)
        #expect(text.contains("2026,8,ch8_cert,yes,world,001,1,1,"))
        let superseded = try report(output).components(separatedBy: "\r\n").filter { $0.contains("submission-superseded") }
        #expect(superseded.count == 2)
        #expect(superseded.allSatisfy { $0.contains("replaced by 0-edit.xml#1") })
        #expect(summary.text.contains("0-edit.xml [xform-instance]: 1 seen, 1 accepted"))
        #expect(summary.text.contains("a-kobo.csv [kobo-csv]: 1 seen, 0 accepted, 1 superseded"))
    }

    @Test func exportFixturesAccountForEveryRow() async throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/exports")
        var files: [String: String] = [:]
        for name in ["central-cybercrime.csv", "kobo-cybercrime.csv"] {
            files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        let (summary, output) = try await run(files)
        let total = summary.total
        // Central: FRA, DEU (rejected in review), KEN (edited), BRA; Kobo: SEN, MAR (not approved), KEN (later).
        #expect(total.submissionsSeen == 7)
        #expect(total.accepted == 4 && total.excluded == 2 && total.superseded == 1 && total.rejected == 0)
        let report = try report(output)
        #expect(report.components(separatedBy: "submission-excluded").count - 1 == 2)
        #expect(report.contains("validation_status_not_approved"))
        let statistics = try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8)
        // ch3_instruments from split columns: FRA budapest+un, BRA budapest+un, SEN malabo, KEN malabo+budapest.
        #expect(statistics.contains("2026,3,ch3_instruments,budapest,world,001,4,3,"))
        #expect(statistics.contains("2026,3,ch3_instruments,malabo,world,001,4,2,"))
        // SEN answered in French labels: Oui / Infraction générale.
        #expect(statistics.contains("2026,4,ch4_illegal_access,general,world,001,4,1,"))
    }

    @Test func aSpreadsheetWithTitleRowsAndQuestionLabelsAsHeaders() async throws {
        let cert = Fixtures.questionnaire.question(id: "ch8_cert")!.label.text(in: .fr)
        let law = Fixtures.questionnaire.question(id: "ch3_specific_law")!.label.text(in: .fr)
        let text = "Questionnaire sur la cybercriminalité;;\r\nMinistère de la Justice;;\r\nPays;\(law);\(cert)\r\nSénégal;Oui;Non\r\nMaroc;Non;Oui\r\n"
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array(text.utf8)
        let (summary, output) = try await run(["labels.csv": String(decoding: bytes, as: UTF8.self)])
        #expect(summary.total.accepted == 2)
        #expect(summary.total.answersKept == 4 && summary.total.answersDropped == 0)
        #expect(try report(output).contains("csv-title-rows"))
    }

    @Test func perFilePatternOverridesSniffing() async throws {
        // A Windows-1251 file: without the rule it would be read as Windows-1252 and "Да" would be lost.
        let cyrillic: [UInt8] = Array("country;ch8_cert\r\nRUS;".utf8) + [0xC4, 0xE0] + Array("\r\n".utf8)
        let folder = Fixtures.temporaryFolder("cp1251")
        let input = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: input.appendingPathComponent("ru"), withIntermediateDirectories: true)
        try Data(cyrillic).write(to: input.appendingPathComponent("ru/answers.csv"))
        let output = folder.appendingPathComponent("out")
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let handle = try FileHandle(forWritingTo: pipelineFile)
        handle.seekToEndOfFile()
        handle.write(Data("\nfiles:\n  - pattern: \"ru/*.csv\"\n    encoding: windows-1251\n".utf8))
        try handle.close()
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        #expect(summary.total.accepted == 1 && summary.total.answersKept == 1)
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        #expect(!report.contains("encoding-fallback"))
    }
}
