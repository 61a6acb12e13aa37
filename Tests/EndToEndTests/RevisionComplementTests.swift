import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Complements (issue 19 part 3, second half): a file declared a complement, in a `revisions.yml`
/// (`complements:`) or by the pipeline file's `complements:` patterns, merges its answers onto the
/// country's current submission instead of replacing it; each answer keeps its own file and line,
/// so `explain stat` points at both files.
@Suite struct RevisionComplementTests {
    typealias Setup = RevisionArrivalTests.Setup

    static let full = "country,round,ch3_specific_law,ch3_framework_sufficient\nMAR,2026,yes,partly\n"
    static let cert = "Pays,CERT/CSIRT national\nMaroc,Oui\n"

    /// The explanation's entry for Morocco in the denominator of a statistic.
    static func morocco(_ setup: Setup, _ question: String, _ option: String) async throws -> (file: String, line: Int?, answer: String)? {
        let lineage = try await setup.pipeline.explainStatistic(round: "2026", question: question, option: option, group: "world")
        return lineage.denominator.first { $0.country == "MAR" }.map { ($0.file, $0.line, $0.answer) }
    }

    /// Acceptance: the partial correction declared a complement: Morocco keeps its other answers
    /// and gains the new one; `explain stat` names the complement's file for the new answer and
    /// the original's for the others; no `revision-drops-answers`; the complement is accounted
    /// (superseded, with a `submission-merged` note); `--rebuild` gives the same outputs.
    @Test func aDeclaredComplementKeepsTheOtherAnswersWithLineageToBothFiles() async throws {
        let setup = try Setup("revision-complement")
        try setup.write("maroc.csv", Self.full)
        _ = try await setup.run()
        try setup.write("maroc-cert.csv", Self.cert)
        try setup.write("revisions.yml", "complements:\n  - maroc-cert.csv\n")
        let summary = try await setup.run()
        let byPath = Dictionary(uniqueKeysWithValues: summary.files.map { ($0.file.path, $0.accounting) })
        #expect(byPath["maroc.csv"]?.accepted == 1)
        #expect(byPath["maroc-cert.csv"]?.superseded == 1 && byPath["maroc-cert.csv"]?.accepted == 0)
        #expect(summary.total.submissionsSeen == summary.total.accepted + summary.total.superseded + summary.total.excluded + summary.total.rejected)
        #expect(try setup.lines(.revisionDropsAnswers).isEmpty)
        let merged = try setup.lines(.submissionMerged)
        #expect(merged.count == 1 && merged.first?.contains("1 added, 0 replaced (added: ch8_cert)") == true, "\(merged)")

        let cert = try #require(try await Self.morocco(setup, "ch8_cert", "yes"))
        #expect(cert.file == "maroc-cert.csv" && cert.line == 2 && cert.answer == "yes")
        let law = try #require(try await Self.morocco(setup, "ch3_specific_law", "yes"))
        #expect(law.file == "maroc.csv" && law.line == 2 && law.answer == "yes")
        let framework = try #require(try await Self.morocco(setup, "ch3_framework_sufficient", "partly"))
        #expect(framework.file == "maroc.csv")
        let text = try await setup.pipeline.explainStatistic(round: "2026", question: "ch8_cert", option: "yes", group: "world").text
        #expect(text.contains("MAR  yes  maroc-cert.csv:2"), "\(text)")

        // The statistics count Morocco once, with all three answers.
        let statistics = try String(contentsOf: setup.output.appendingPathComponent("statistics.csv"), encoding: .utf8)
        for question in ["ch8_cert", "ch3_specific_law", "ch3_framework_sufficient"] {
            let row = statistics.split(separator: "\n").first { $0.contains(",\(question),") && $0.contains(",world,") }
            #expect(row != nil, "\(question) has no world row")
        }
        // A rebuild writes what an incremental run of the same store writes (changes.csv
        // included: nothing new since the run before).
        _ = try await setup.run()
        let before = try setup.csvs()
        _ = try await setup.run(rebuild: true)
        #expect(try setup.csvs() == before)
    }

    /// A complement answering an item the base answered too: the complement's answer wins, and
    /// the note says which items it replaced; a later complement wins over an earlier one.
    @Test func aComplementsAnswerWinsOverTheBaseAndOrderIsTheListsOrder() async throws {
        let setup = try Setup("revision-complement-overlap")
        try setup.write("maroc.csv", Self.full)
        try setup.write("fix/a.csv", "country,round,ch3_specific_law,ch8_cert\nMAR,2026,draft,no\n")
        try setup.write("fix/b.csv", "country,round,ch8_cert\nMAR,2026,yes\n")
        // b listed first: a is the later complement, and wins on ch8_cert.
        try setup.write("revisions.yml", "complements:\n  - fix/b.csv\n  - fix/a.csv\n")
        _ = try await setup.run()
        let law = try #require(try await Self.morocco(setup, "ch3_specific_law", "draft"))
        #expect(law.file == "fix/a.csv" && law.answer == "draft")
        let cert = try #require(try await Self.morocco(setup, "ch8_cert", "no"))
        #expect(cert.file == "fix/a.csv" && cert.answer == "no")
        let framework = try #require(try await Self.morocco(setup, "ch3_framework_sufficient", "partly"))
        #expect(framework.file == "maroc.csv")
        let merged = try setup.lines(.submissionMerged)
        #expect(merged.count == 2)
        #expect(merged.contains { $0.contains("fix/a.csv") && $0.contains("0 added, 2 replaced") }, "\(merged)")
        #expect(try setup.lines(.revisionOrderAmbiguous).isEmpty)
    }

    /// The pipeline file's `complements:` patterns declare a folder's files complements; a
    /// complement with nothing to merge onto stands as the submission, with a warning.
    @Test func aFolderDeclaredInThePipelineFileAndAComplementWithoutBase() async throws {
        let setup = try Setup("revision-complement-folder", extra: "complements:\n  - \"corrections/**\"\n")
        try setup.write("maroc.csv", Self.full)
        try setup.write("corrections/maroc-cert.csv", Self.cert)
        try setup.write("corrections/tunisie.csv", "country,round,ch8_cert\nTUN,2026,no\n")
        let summary = try await setup.run()
        let byPath = Dictionary(uniqueKeysWithValues: summary.files.map { ($0.file.path, $0.accounting) })
        #expect(byPath["maroc.csv"]?.accepted == 1 && byPath["corrections/maroc-cert.csv"]?.superseded == 1)
        #expect(byPath["corrections/tunisie.csv"]?.accepted == 1)
        let cert = try #require(try await Self.morocco(setup, "ch8_cert", "yes"))
        #expect(cert.file == "corrections/maroc-cert.csv")
        let alone = try setup.lines(.complementWithoutBase)
        #expect(alone.count == 1 && alone.first?.contains("corrections/tunisie.csv") == true, "\(alone)")
    }

    /// A file listed under both `order:` and `complements:` is a `revision-manifest-invalid` error
    /// at the manifest, and is taken as a complement.
    @Test func aFileListedAsBothIsReportedAndTakenAsAComplement() async throws {
        let setup = try Setup("revision-complement-both")
        try setup.write("maroc.csv", Self.full)
        try setup.write("maroc-cert.csv", Self.cert)
        try setup.write("revisions.yml", "order:\n  - maroc.csv\n  - maroc-cert.csv\ncomplements:\n  - maroc-cert.csv\n")
        let summary = try await setup.run()
        #expect(setup.kept(summary) == "maroc.csv")
        let invalid = try setup.lines(.revisionManifestInvalid)
        #expect(invalid.count == 1 && invalid.first?.contains("both 'order:' and 'complements:'") == true, "\(invalid)")
        #expect(try setup.lines(.submissionMerged).count == 1)
        #expect(try setup.lines(.revisionDropsAnswers).isEmpty)
    }

    /// Without a declaration the same partial correction still replaces the whole submission
    /// (the first half of part 3): complements are opt-in.
    @Test func undeclaredItStillReplaces() async throws {
        let setup = try Setup("revision-complement-undeclared")
        try setup.write("maroc.csv", Self.full)
        _ = try await setup.run()
        try setup.write("maroc-cert.csv", Self.cert)
        let summary = try await setup.run()
        #expect(setup.kept(summary) == "maroc-cert.csv")
        #expect(try setup.lines(.revisionDropsAnswers).count == 1)
        #expect(try setup.lines(.submissionMerged).isEmpty)
    }
}
