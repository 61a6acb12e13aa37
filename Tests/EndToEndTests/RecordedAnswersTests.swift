// The store as a sink (issue 29): a run's analysis reads the accepted answers from the load's
// recording, not back from the store it committed. The acceptance check: statistics (and every
// other output) from the in-memory path equal those recomputed from the store.
import Foundation
import SurveyDefinitions
import SurveyLoad
import SurveyModel
@testable import SurveyPipeline
import SurveyTestSupport
import Testing

@Suite struct RecordedAnswersTests {
    /// One inbox run twice, each into a fresh store: once reading the answers from the
    /// recording, once reading them back from the store; every table, the report and every
    /// country profile are the same bytes.
    static func expectSameOutputs(
        inbox: URL, in folder: URL, pipelineFile: URL = Fixtures.pipelineFile, corrections: URL? = nil, complements: [String] = [],
        restrictions: URL? = nil
    ) async throws {
        var outputs: [URL] = []
        for readsBack in [false, true] {
            let output = folder.appendingPathComponent(readsBack ? "out-store" : "out-recording")
            var configuration = try PipelineConfiguration.load(
                path: pipelineFile.path, input: inbox.path, output: output.path,
                store: folder.appendingPathComponent(readsBack ? "store-read-back.sqlite" : "store-recorded.sqlite").path)
            configuration.corrections = corrections
            configuration.complements = complements
            if let restrictions { configuration.restrictions = restrictions }
            var pipeline = try Pipeline(configuration: configuration)
            pipeline.readsAnswersBack = readsBack
            _ = try await pipeline.run()
            outputs.append(output)
        }
        let files = try Self.files(under: outputs[0])
        #expect(files == (try Self.files(under: outputs[1])), "the same files are written")
        #expect(files.contains("statistics.csv") && files.contains("report.html") && files.contains { $0.hasPrefix("countries/") })
        for file in files where file != "run_summary.json" {
            let recorded = try Data(contentsOf: outputs[0].appendingPathComponent(file))
            let readBack = try Data(contentsOf: outputs[1].appendingPathComponent(file))
            // Compared first: #expect on two Data values would diff them byte by byte to report.
            let same = recorded == readBack
            #expect(same, "\(file) differs between the recording and the store read back")
        }
    }

    /// Every file under `folder`, as relative paths, sorted; the output folder's lock aside.
    static func files(under folder: URL) throws -> [String] {
        let base = folder.standardizedFileURL.path + "/"
        var paths: [String] = []
        let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walk?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(base.count))
            if !path.hasPrefix(".legisurvey") { paths.append(path) }
        }
        return paths.sorted()
    }

    /// The demo inbox (a revision superseding a submission, excluded and rejected ones) with the
    /// analyst's corrections (applied, stale and refused ones) and two complements merged in turn
    /// onto Ghana's submission, each replacing answers and adding one.
    @Test func theDemoWithCorrectionsAndComplementsGivesTheSameOutputs() async throws {
        let folder = Fixtures.temporaryFolder("recorded-answers")
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Input"), to: inbox)
        let corrections = folder.appendingPathComponent("corrections.yml")
        try Data(CorrectionsEndToEndTests.corrections.utf8).write(to: corrections)
        try Data("country,round,ch8_cert,ch3_framework_sufficient\nGHA,2026,no,partly\n".utf8)
            .write(to: inbox.appendingPathComponent("complement-1.csv"))
        try Data("country,round,ch8_cert,ch3_specific_law\nGHA,2026,yes,no\n".utf8)
            .write(to: inbox.appendingPathComponent("complement-2.csv"))
        try await Self.expectSameOutputs(
            inbox: inbox, in: folder, corrections: corrections, complements: ["complement-1.csv", "complement-2.csv"])
    }

    /// Numbers written `-0` (a percentage too), merged onto Ghana's submission: the same zero
    /// from the recording and from the store (which keeps no sign of zero).
    @Test func zeroWrittenWithAMinusGivesTheSameOutputs() async throws {
        let folder = Fixtures.temporaryFolder("recorded-answers-negative-zero")
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Input"), to: inbox)
        try Data(
            """
            country,round,ch5_specialized_officers,ch7_mla_sent,ch7_mla_received,ch7_response_days,ch6_trained_share
            GHA,2026,-0,-0,-0,-0,-0%

            """.utf8
        ).write(to: inbox.appendingPathComponent("complement-1.csv"))
        try await Self.expectSameOutputs(inbox: inbox, in: folder, complements: ["complement-1.csv"])
    }

    /// Respondents (a respondent key: several units per State, one sending a revision) give the
    /// same outputs too.
    @Test func respondentsGiveTheSameOutputs() async throws {
        let folder = Fixtures.temporaryFolder("recorded-answers-respondents")
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try Fixtures.write(RespondentKeyTests.files, in: inbox)
        let file = try Fixtures.pipelineFile(
            in: folder, input: inbox, output: folder.appendingPathComponent("out"),
            extra: Fixtures.defaultStatisticsKeys + "\nidentity:\n  respondent: respondent_id\n")
        try await Self.expectSameOutputs(inbox: inbox, in: folder, pipelineFile: file)
    }

    /// Restrictions (issue 26) from the senders' `restricted` fields, the restrictions file and a
    /// complement that restricts one more item of Ghana's: the run takes the submissions' sources
    /// (their restrictions among them) from the recording, not from the store, and every output
    /// is the same as when it reads them back.
    @Test func restrictionsFromTheSendersAndAComplementGiveTheSameOutputs() async throws {
        let setup = try RestrictedEndToEndTests.Setup("recorded-answers-restricted", plant: true)
        try Data("country,round,ch8_cert,restricted\nGHA,2026,no,ch8_cert\n".utf8)
            .write(to: setup.inbox.appendingPathComponent("complement-1.csv"))
        try await Self.expectSameOutputs(
            inbox: setup.inbox, in: setup.folder, complements: ["complement-1.csv"], restrictions: setup.restrictionsFile)
        let store = try SQLiteStore(path: setup.folder.appendingPathComponent("store-recorded.sqlite").path)
        let ghana = try await store.submissionSources(round: "2026").first { $0.country == "GHA" }
        #expect(
            ghana?.restricted == .items(["ch7_mla_received", "ch3_main_law", "ch8_cert"]),
            "Ghana's restriction with the complement's: \(String(describing: ghana?.restricted))")
    }
}
