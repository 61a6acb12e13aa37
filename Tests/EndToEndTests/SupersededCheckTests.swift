import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Issue 17 part 6, consistency checks and revisions: a check that fired on a submission a later
/// revision superseded stays in `validation_report.csv` (its sender may still want to know, and
/// the file's record is complete), but the report's per-check summary counts only the submissions
/// that count: accepted and current. Also across runs (the revision arrives in a later run, the
/// old file comes from the file cache) and when `report` rebuilds the summary from the store.
@Suite struct SupersededCheckTests {
    static let header = "country,round,ch3_instruments,ch7_contact_247\n"
    /// FRA and DEU say they are Budapest parties without a 24/7 point of contact: the check fires on both.
    static let first = header + "FRA,2026,budapest,no\nDEU,2026,budapest,no\n"
    /// FRA's revision (a later file in path order) reports the point of contact: it fires on DEU only.
    static let revision = header + "FRA,2026,budapest,yes\n"

    func csv(_ url: URL) throws -> [[String: String]] {
        let rows = MinimalReader.splitCSV(try String(contentsOf: url, encoding: .utf8))
        let header = try #require(rows.first)
        return rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// The `data-submissions` of the report's row for `budapest-247-contact`, and its countries cell.
    func summary(_ output: URL) throws -> (submissions: String, countries: String) {
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let start = try #require(html.range(of: "data-check=\"budapest-247-contact\" data-submissions=\""))
        let submissions = String(html[start.upperBound...].prefix { $0 != "\"" })
        let row = html[start.upperBound...].components(separatedBy: "</tr>")[0]
        let cell = row.components(separatedBy: "<td>").last?.components(separatedBy: "</td>").first ?? ""
        // The codes' text: a State with a profile is a link to it (issue 21).
        let countries = cell.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        return (submissions, countries)
    }

    /// Both sides: the old firing is in the CSV with the submission's id, the same id that
    /// `submission-superseded` names; the summary counts DEU's alone.
    func expectBothSides(_ output: URL) throws {
        let rows = try csv(output.appendingPathComponent("validation_report.csv"))
        let firings = rows.filter { $0["message"]?.contains("check budapest-247-contact [") == true }
        #expect(firings.count == 2, "FRA's superseded submission and DEU's")
        let superseded = Set(rows.filter { $0["code"] == "submission-superseded" }.compactMap { $0["submission_id"] })
        let france = try #require(firings.first { $0["message"]?.contains("check budapest-247-contact [FRA]") == true })
        #expect(superseded.contains(france["submission_id"] ?? "-"), "the old firing is tied to the superseded submission")
        let (submissions, countries) = try summary(output)
        #expect(submissions == "1" && countries == "DEU", "\(submissions) \(countries)")
    }

    @Test func aFiringOnASupersededSubmissionStaysInTheCSVButIsNotCounted() async throws {
        let folder = Fixtures.temporaryFolder("superseded-check")
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write(["inbox/a.csv": Self.first, "inbox/b.csv": Self.revision], in: folder)
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path))
        let run = try await pipeline.run()
        #expect(run.total.accepted == 2 && run.total.superseded == 1)
        try expectBothSides(output)

        // `report` rebuilds the summary from the store alone, with the same count.
        try FileManager.default.removeItem(at: output.appendingPathComponent("report.html"))
        _ = try await pipeline.writeReports(languages: [.en])
        #expect(try summary(output) == ("1", "DEU"))
    }

    @Test func aRevisionInALaterRunUncountsTheCachedFiring() async throws {
        let folder = Fixtures.temporaryFolder("superseded-check-later")
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write(["inbox/a.csv": Self.first], in: folder)
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path))
        _ = try await pipeline.run()
        #expect(try summary(output) == ("2", "DEU, FRA"), "before the revision both count")
        try Fixtures.write(["inbox/b.csv": Self.revision], in: folder)
        let second = try await pipeline.run()
        #expect(second.total.superseded == 1)
        try expectBothSides(output)
    }
}
