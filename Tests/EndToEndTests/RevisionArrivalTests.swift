import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyPublish
import SurveyTestSupport
import Testing

/// Revision order in whole runs (issue 19, parts 1 and 2): a file's arrival in the store decides
/// between revisions that carry no time; when nothing decides, path order keeps one with a
/// `revision-order-ambiguous` warning, and a `revisions.yml` manifest or a `submitted` time
/// settles it; the store's history is an input of the run, and outputs are deterministic for the
/// same inboxes and the same history.
@Suite struct RevisionArrivalTests {
    static let original = "reponses_afrique_FR.csv"
    /// Sorts before the original ('-' before '.'), though it is the correction.
    static let corrected = "reponses_afrique_FR-corrige.csv"

    struct Setup {
        let folder: URL
        let inbox: URL
        let output: URL
        let pipeline: Pipeline

        init(_ name: String, extra: String = "") throws {
            folder = Fixtures.temporaryFolder(name)
            inbox = folder.appendingPathComponent("inbox")
            output = folder.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            let file = try Fixtures.pipelineFile(
                in: folder, input: inbox, output: output, extra: Fixtures.defaultStatisticsKeys + "\n" + extra)
            pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        }

        func write(_ path: String, _ text: String) throws {
            let url = inbox.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func run(rebuild: Bool = false) async throws -> RunSummary { try await pipeline.run(rebuild: rebuild) }

        /// The accepted submission's file (one country in these tests).
        func kept(_ summary: RunSummary) -> String? { summary.files.first { $0.accounting.accepted == 1 }?.file.path }

        func report() throws -> String {
            try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        }

        func lines(_ code: DiagnosticCode) throws -> [Substring] {
            try report().split(separator: "\r\n").filter { $0.contains(",\(code.rawValue),") }
        }

        func csvs() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in Pipeline.outputFiles { files[name] = try Data(contentsOf: output.appendingPathComponent(name)) }
            return files
        }
    }

    static let header = "country,round,ch8_cert,ch3_specific_law\n"

    /// Acceptance: the correction's path sorts first and it arrives in a later run: it wins,
    /// with no warning; `--rebuild` keeps the arrival records and gives the same outputs.
    @Test func aCorrectionThatArrivesLaterWinsWhateverItsName() async throws {
        let setup = try Setup("revision-arrival")
        try setup.write(Self.original, Self.header + "FRA,2026,yes,yes\n")
        let first = try await setup.run()
        #expect(setup.kept(first) == Self.original)
        try setup.write(Self.corrected, Self.header + "FRA,2026,no,yes\n")
        let second = try await setup.run()
        #expect(setup.kept(second) == Self.corrected)
        #expect(second.total.accepted == 1 && second.total.superseded == 1 && second.total.isBalanced)
        #expect(try setup.lines(.revisionOrderAmbiguous).isEmpty)
        let superseded = try setup.lines(.submissionSuperseded)
        #expect(superseded.count == 1 && superseded.first?.contains("its file arrived in a later run") == true, "\(superseded)")
        // A rebuild parses every file again but keeps the store's arrival records: it writes what
        // an incremental run of the same store writes (changes.csv included: nothing new).
        _ = try await setup.run()
        let incremental = try setup.csvs()
        let rebuilt = try await setup.run(rebuild: true)
        #expect(rebuilt.filesReused == 0)
        #expect(setup.kept(rebuilt) == Self.corrected)
        #expect(try setup.csvs() == incremental, "--rebuild gives the incremental run's outputs")
    }

    /// Acceptance: both arrive in one run with no time: path order keeps one, and a
    /// `revision-order-ambiguous` warning names both files and the remedy; then a `revisions.yml`
    /// listing the order decides, and is accounted for as a file of the run, not an unknown one.
    @Test func aTieIsWarnedThenTheManifestDecides() async throws {
        let setup = try Setup("revision-manifest")
        try setup.write(Self.original, Self.header + "FRA,2026,yes,yes\n")
        try setup.write(Self.corrected, Self.header + "FRA,2026,no,yes\n")
        let tied = try await setup.run()
        #expect(setup.kept(tied) == Self.original)  // '.' sorts after '-'
        let warnings = try setup.lines(.revisionOrderAmbiguous)
        let report = try setup.report()
        #expect(warnings.count == 1, "\(report)")
        let warning = String(warnings.first ?? "")
        #expect(warning.contains("\(Self.corrected) and \(Self.original)"), "\(warning)")
        #expect(warning.contains("revisions.yml") && warning.contains("submitted"), "\(warning)")
        #expect(warning.contains(",warning,"))

        try setup.write("revisions.yml", "order:\n  - \(Self.original)\n  - ./\(Self.corrected)\n")
        let decided = try await setup.run()
        #expect(setup.kept(decided) == Self.corrected)
        #expect(try setup.lines(.revisionOrderAmbiguous).isEmpty)
        #expect(try setup.lines(.fileFormatUnknown).isEmpty)
        #expect(try setup.lines(.revisionManifestInvalid).isEmpty)
        let manifest = try #require(decided.files.first { $0.file.path == "revisions.yml" })
        #expect(manifest.file.format == RevisionManifest.format && manifest.accounting.submissionsSeen == 0)
        #expect(decided.files.count == 3 && decided.total.isBalanced)
        #expect(try setup.lines(.submissionSuperseded).first?.contains("listed later in revisions.yml") == true)
    }

    /// A manifest that names a file not in its folder, or that cannot be read, is a
    /// `revision-manifest-invalid` error at the manifest; the run goes on and path order (warned) decides.
    @Test func aWrongManifestIsReported() async throws {
        let setup = try Setup("revision-manifest-invalid")
        try setup.write("afrique/" + Self.original, Self.header + "FRA,2026,yes,yes\n")
        try setup.write("afrique/" + Self.corrected, Self.header + "FRA,2026,no,yes\n")
        try setup.write("afrique/revisions.yml", "order:\n  - \(Self.original)\n  - reponses_afrique_FR-corrigee.csv\n")
        let summary = try await setup.run()
        let invalid = try setup.lines(.revisionManifestInvalid)
        #expect(invalid.count == 1 && invalid.first?.contains("afrique/reponses_afrique_FR-corrigee.csv") == true, "\(invalid)")
        #expect(setup.kept(summary) == "afrique/" + Self.original)
        #expect(try setup.lines(.revisionOrderAmbiguous).count == 1)
        try setup.write("afrique/revisions.yml", "order: [unclosed\n")
        _ = try await setup.run()
        #expect(try setup.lines(.revisionManifestInvalid).count == 1)
        #expect(try setup.lines(.fileFormatUnknown).isEmpty)
    }

    /// Acceptance: a partial correction (one item, arriving later) replaces the whole submission
    /// and says which items lose their answer.
    @Test func aPartialCorrectionListsTheItemsThatLoseTheirAnswer() async throws {
        let setup = try Setup("revision-partial")
        try setup.write("maroc.csv", "country,round,ch8_cert,ch3_specific_law,ch3_framework_sufficient\nMAR,2026,no,yes,partly\n")
        _ = try await setup.run()
        try setup.write("maroc-cert.csv", "country,round,ch8_cert\nMAR,2026,yes\n")
        let summary = try await setup.run()
        #expect(setup.kept(summary) == "maroc-cert.csv")
        let lines = try setup.lines(.revisionDropsAnswers)
        let report = try setup.report()
        #expect(lines.count == 1, "\(report)")
        #expect(lines.first?.contains("2 lose their answer: ch3_framework_sufficient, ch3_specific_law") == true, "\(lines)")
    }

    /// Acceptance (part 4): a corrected problem leaves the current counts: the run summary (and
    /// `run_summary.json`) and the report's appendix count current diagnostics only; the
    /// superseded submission's warning stays in `validation_report.csv` with `current` = `no`.
    /// The `current` cell of a validation_report.csv line (the sender's columns follow it).
    static func current(_ line: Substring) -> String {
        var cells: [String] = [], cell = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() } else if character == "," && !quoted { cells.append(cell); cell = "" } else { cell.append(character) }
        }
        cells.append(cell)
        let index = Publisher.validationColumns.firstIndex(of: "current")!
        return index < cells.count ? cells[index] : ""
    }

    @Test func aCorrectedProblemLeavesTheCurrentCounts() async throws {
        let setup = try Setup("revision-current")
        try setup.write(Self.original, Self.header + "FRA,2026,peut-etre,yes\n")
        let before = try await setup.run()
        let warningsBefore = before.diagnosticsBySeverity[.warning] ?? 0
        #expect(try setup.lines(.choiceUnknown).count == 1)
        let html = { try String(contentsOf: setup.output.appendingPathComponent("report.html"), encoding: .utf8) }
        #expect(try html().contains(">choice-unknown</code>"))
        try setup.write(Self.corrected, Self.header + "FRA,2026,no,yes\n")
        let after = try await setup.run()
        #expect(setup.kept(after) == Self.corrected)
        // The choice-unknown warning of the original left the counts; nothing new was warned.
        #expect((after.diagnosticsBySeverity[.warning] ?? 0) == warningsBefore - 1, "\(after.diagnosticsBySeverity)")
        #expect(after.diagnosticsBySeverity[.info] == 1)  // the supersession note
        let kept = try setup.lines(.choiceUnknown)
        #expect(kept.count == 1 && kept.first.map { Self.current($0) } == "no", "\(kept)")
        #expect(try setup.lines(.submissionSuperseded).first.map { Self.current($0) } == "yes")
        #expect(try !html().contains(">choice-unknown</code>"))
        let json = try String(contentsOf: setup.output.appendingPathComponent("run_summary.json"), encoding: .utf8)
        #expect(json.contains("\"warning\" : \(warningsBefore - 1)"), "\(json)")
    }

    /// Acceptance: a `submitted` column (CSV) or attribute (native XML) orders revisions in one
    /// run, whatever the paths; no warning.
    @Test func aSubmittedTimeDecides() async throws {
        let setup = try Setup("revision-submitted")
        let header = "country,round,submitted,ch8_cert\n"
        try setup.write(Self.original, header + "FRA,2026,2026-03-01,yes\n")
        try setup.write(Self.corrected, header + "FRA,2026,2026-03-05T10:00:00Z,no\n")
        let csv = try await setup.run()
        #expect(setup.kept(csv) == Self.corrected)
        #expect(try setup.lines(.revisionOrderAmbiguous).isEmpty)
        #expect(try setup.lines(.questionUnknown).isEmpty, "submitted is not a question")
        #expect(try setup.lines(.submissionSuperseded).first?.contains("a later submission time") == true)

        let xml = try Setup("revision-submitted-xml")
        func submission(_ time: String, _ cert: String) -> String {
            """
            <submission xmlns="urn:unodc:legisurvey:submission:1" country="DEU" round="2026" submitted="\(time)">
              <answer question="ch8_cert">\(cert)</answer>
            </submission>
            """
        }
        try xml.write("a.xml", submission("2026-04-02T09:00:00Z", "no"))
        try xml.write("b.xml", submission("2026-04-01T09:00:00Z", "yes"))
        let summary = try await xml.run()
        #expect(xml.kept(summary) == "a.xml")
        #expect(try xml.lines(.revisionOrderAmbiguous).isEmpty)
    }

    /// Acceptance (determinism): two fresh stores fed the same sequence of inboxes give
    /// byte-identical outputs after each step, `changes.csv` included (run ids and arrivals are
    /// the same; start times, which differ, reach no data output); a third store fed the same
    /// inboxes with `--rebuild` at every step writes the same bytes as the incremental runs,
    /// `changes.csv` included (it compares with the same committed state).
    @Test func twoStoresFedTheSameInboxesAgree() async throws {
        let stores = [try Setup("revision-determinism-1"), try Setup("revision-determinism-2")]
        let rebuilt = try Setup("revision-determinism-rebuilt")
        let steps: [[(String, String)]] = [
            [(Self.original, Self.header + "FRA,2026,yes,yes\n"), ("deu.csv", Self.header + "DEU,2026,no,no\n")],
            [(Self.corrected, Self.header + "FRA,2026,no,yes\n"), ("ita.csv", Self.header + "ITA,2026,yes,no\n")],
            [("deu-2.csv", Self.header + "DEU,2026,yes,no\n")],
            [],
        ]
        for (number, step) in steps.enumerated() {
            var outputs: [[String: Data]] = []
            for setup in stores + [rebuilt] {
                for (path, text) in step { try setup.write(path, text) }
                let summary = try await setup.run(rebuild: setup.output == rebuilt.output)
                #expect(summary.total.isBalanced)
                outputs.append(try setup.csvs())
            }
            #expect(outputs[0] == outputs[1], "step \(number + 1)")
            #expect(outputs[2] == outputs[0], "step \(number + 1): --rebuild gives the incremental run's outputs")
            #expect(outputs[0]["changes.csv"] != nil)
        }
        // The last step added nothing: no changes. The step before revised Germany.
        #expect(try stores[0].csvs()["changes.csv"].map { String(decoding: $0, as: UTF8.self).split(separator: "\r\n").count } == 1)
        let incremental = try stores[0].csvs()
        _ = try await stores[0].run(rebuild: true)
        #expect(try stores[0].csvs() == incremental, "--rebuild gives the incremental run's outputs")
    }

    /// `changes.csv` of the second step of the inboxes above: France's correction arrived later and
    /// replaced its submission (ch8_cert yes → no), Italy is new.
    @Test func theCorrectionIsWhatChanged() async throws {
        let setup = try Setup("revision-changes")
        try setup.write(Self.original, Self.header + "FRA,2026,yes,yes\n")
        try setup.write("deu.csv", Self.header + "DEU,2026,no,no\n")
        _ = try await setup.run()
        try setup.write(Self.corrected, Self.header + "FRA,2026,no,yes\n")
        try setup.write("ita.csv", Self.header + "ITA,2026,yes,no\n")
        let summary = try await setup.run()
        let changes = try String(contentsOf: setup.output.appendingPathComponent("changes.csv"), encoding: .utf8)
            .split(separator: "\r\n").dropFirst().filter { !$0.contains(",figure_moved,") }
        #expect(
            changes == [
                "2026,FRA,,submission_replaced,,,,,\(Self.original)#1,\(Self.corrected)#1,\(Self.corrected):2",
                "2026,FRA,,answer_changed,ch8_cert,,,,yes,no,\(Self.corrected):2",
                "2026,ITA,,submission_added,,,,,,ita.csv#1,ita.csv:2",
            ])
        #expect(summary.changes?.countriesNew == 1 && summary.changes?.countriesRevised == 1 && summary.changes?.answersChanged == 1)
    }
}
