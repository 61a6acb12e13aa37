import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyPublish
import SurveyTestSupport
import Testing

/// `changes.csv` and the run digest (issue 19 part 5): what changed since the previous committed
/// run in the store.
@Suite struct ChangesTests {
    static let demo = Fixtures.packageRoot.appendingPathComponent("Input")

    struct Setup {
        let inbox: URL
        let output: URL
        let pipeline: Pipeline

        init(_ name: String, extra: String = "") throws {
            let folder = Fixtures.temporaryFolder(name)
            inbox = folder.appendingPathComponent("inbox")
            output = folder.appendingPathComponent("out")
            try FileManager.default.copyItem(at: ChangesTests.demo, to: inbox)
            let file = try Fixtures.pipelineFile(
                in: folder, input: inbox, output: output, extra: Fixtures.defaultStatisticsKeys + "\n" + extra)
            pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        }

        func write(_ path: String, _ text: String) throws {
            try Data(text.utf8).write(to: inbox.appendingPathComponent(path))
        }

        func text(_ name: String) throws -> String {
            try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
        }

        /// The data lines of `changes.csv`.
        func changes() throws -> [String] {
            try text("changes.csv").components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        }

        /// `statistics.csv`'s exact percents (100 × n_option / n_responding) of published rows, by
        /// round/question/option/group type/group code.
        func percents() throws -> [String: Double] {
            var rows: [String: Double] = [:]
            for line in try text("statistics.csv").components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
                let cells = line.components(separatedBy: ",")
                guard !cells[8].isEmpty, let n = Double(cells[6]), let k = Double(cells[7]) else { continue }
                rows[[cells[0], cells[2], cells[3], cells[4], cells[5]].joined(separator: "/")] = 100 * k / n
            }
            return rows
        }
    }

    /// The Haiti row of the demo's wide CSV (line 5, demo-2-wide.csv#4, Haiti's current 2026
    /// submission) with two answers changed: ch3_specific_law no → yes, ch8_cert no → yes.
    static func haitiRevision() throws -> String {
        let wide = try String(contentsOf: demo.appendingPathComponent("demo-2-wide.csv"), encoding: .utf8)
        let lines = wide.components(separatedBy: "\r\n")
        let header = lines[0].components(separatedBy: ",")
        var cells = lines[4].components(separatedBy: ",")
        #expect(cells[0] == "HTI")
        for item in ["ch3_specific_law", "ch8_cert"] {
            let column = try #require(header.firstIndex(of: item))
            #expect(cells[column] == "no")
            cells[column] = "yes"
        }
        return lines[0] + "\r\n" + cells.joined(separator: ",") + "\r\n"
    }

    /// Acceptance: after a revision (Haiti, two answers changed) and a new country (New Zealand)
    /// are added to the demo, `changes.csv` lists exactly those: 1 replaced submission, 2 changed
    /// answers, 1 added submission, and the figures whose exact percent moved ≥ 1 point (counted
    /// here from statistics.csv before and after). A second run with nothing new writes no rows.
    @Test func aRevisionAndANewCountryAreExactlyWhatChanged() async throws {
        let setup = try Setup("changes-demo")
        let first = try await setup.pipeline.run()
        #expect(first.total.accepted == 145)
        // A fresh store: every current submission is added, nothing else.
        let fresh = try setup.changes()
        #expect(fresh.count == 145)
        #expect(fresh.allSatisfy { $0.contains(",submission_added,") })
        #expect(first.changes?.text == "145 countries new")
        let before = try setup.percents()

        try setup.write("zz-haiti-revision.csv", try Self.haitiRevision())
        try setup.write("zz-new-zealand.csv", "country,round,ch3_specific_law,ch8_cert\r\nNZL,2026,yes,yes\r\n")
        let second = try await setup.pipeline.run()
        #expect(second.total.isBalanced)
        let rows = try setup.changes()
        let unitRows = rows.filter { !$0.contains(",figure_moved,") }
        #expect(
            unitRows == [
                "2026,HTI,,submission_replaced,,,,,demo-2-wide.csv#4,zz-haiti-revision.csv#1,zz-haiti-revision.csv:2",
                "2026,HTI,,answer_changed,ch3_specific_law,,,,no,yes,zz-haiti-revision.csv:2",
                "2026,HTI,,answer_changed,ch8_cert,,,,no,yes,zz-haiti-revision.csv:2",
                "2026,NZL,,submission_added,,,,,,zz-new-zealand.csv#1,zz-new-zealand.csv:2",
            ])
        // The figures: every row published in both runs whose exact percent moved ≥ 1 point.
        let after = try setup.percents()
        let moved = after.filter { key, now in before[key].map { abs(now - $0) >= 1 - 1e-9 } ?? false }
        let figureRows = rows.filter { $0.contains(",figure_moved,") }
        #expect(!moved.isEmpty)
        #expect(figureRows.count == moved.count)
        for row in figureRows {
            let cells = row.components(separatedBy: ",")
            #expect(cells[0] == "2026", "only 2026 figures move: \(row)")
            #expect(moved[[cells[0], cells[4], cells[5], cells[6], cells[7]].joined(separator: "/")] != nil, "\(row)")
        }
        #expect(unitRows.count + figureRows.count == rows.count)
        #expect(
            second.changes?.text == "1 country new, 1 revised (2 answers changed), \(moved.count) figures moved ≥ 1 point")
        let json = try setup.text("run_summary.json")
        #expect(json.contains("\"digest\" : \"1 country new, 1 revised (2 answers changed), \(moved.count) figures moved ≥ 1 point\""))

        // Nothing new: a changes.csv with the header alone, and the digest says so.
        let third = try await setup.pipeline.run()
        #expect(try setup.changes().isEmpty)
        #expect(try setup.text("changes.csv") == Publisher.changesTable.headers().joined(separator: ",") + "\r\n")
        #expect(third.changes?.text == "no changes")
        // --rebuild compares with the same committed state: no rows either.
        _ = try await setup.pipeline.run(rebuild: true)
        #expect(try setup.changes().isEmpty)
    }

    /// Withdrawing the new country's file and the revision lists them withdrawn and Haiti back at
    /// its first submission; a threshold of 100 points keeps every figure out.
    @Test func aWithdrawnFileAndTheThreshold() async throws {
        let setup = try Setup("changes-withdrawn", extra: "changes:\n  min_percent_move: 100\n")
        #expect(setup.pipeline.configuration.minPercentMove == 100)
        try setup.write("zz-new-zealand.csv", "country,round,ch3_specific_law,ch8_cert\r\nNZL,2026,yes,yes\r\n")
        try setup.write("zz-haiti-revision.csv", try Self.haitiRevision())
        _ = try await setup.pipeline.run()
        try FileManager.default.removeItem(at: setup.inbox.appendingPathComponent("zz-new-zealand.csv"))
        try FileManager.default.removeItem(at: setup.inbox.appendingPathComponent("zz-haiti-revision.csv"))
        let summary = try await setup.pipeline.run()
        #expect(
            try setup.changes() == [
                "2026,HTI,,submission_replaced,,,,,zz-haiti-revision.csv#1,demo-2-wide.csv#4,demo-2-wide.csv:5",
                "2026,HTI,,answer_changed,ch3_specific_law,,,,yes,no,demo-2-wide.csv:5",
                "2026,HTI,,answer_changed,ch8_cert,,,,yes,no,demo-2-wide.csv:5",
                "2026,NZL,,submission_withdrawn,,,,,zz-new-zealand.csv#1,,zz-new-zealand.csv:2",
            ])
        #expect(summary.changes?.text == "1 country revised (2 answers changed), 1 withdrawn")
    }

    /// A threshold outside 0–100 is refused with the key's name.
    @Test func aThresholdOutOfRangeIsRefused() throws {
        let folder = Fixtures.temporaryFolder("changes-threshold")
        let file = try Fixtures.pipelineFile(
            in: folder, input: folder, output: folder.appendingPathComponent("out"),
            extra: Fixtures.defaultStatisticsKeys + "\nchanges:\n  min_percent_move: -1\n")
        #expect {
            _ = try PipelineConfiguration.load(path: file.path)
        } throws: { "\($0)".contains("changes.min_percent_move") }
    }
}
