import Foundation
import SurveyAnalyze
import SurveyLoad
import SurveyModel
@testable import SurveyPipeline
import SurveyDefinitions
import SurveyExtract
import SurveySamples
import SurveyTestSupport
import Testing

/// The respondent key (`identity.respondent`): several respondents per country and round are
/// distinct submissions, statistics count respondents, groups go through each one's country.
@Suite struct RespondentKeyTests {
    /// Kenya twice (R2 sends a revision), France once, Kenya without a respondent; Brazil as an
    /// XForm instance.
    static let files = [
        "a.csv": """
            country,round,respondent_id,ch8_cert,ch3_instruments
            KEN,2026,R1,yes,budapest
            KEN,2026,R2,no,
            FRA,2026,R1,yes,budapest | un_convention
            KEN,2026,,yes,
            KEN,2026,R2,yes,malabo

            """,
        "b.xml": """
            <?xml version="1.0" encoding="UTF-8"?>
            <data id="unodc-cybercrime-survey"><country>BRA</country><round>2026</round>
            <respondent_id>R9</respondent_id><ch8><ch8_cert>no</ch8_cert></ch8></data>

            """,
    ]

    func run(respondentKey: Bool) async throws -> (RunSummary, URL) {
        let folder = Fixtures.temporaryFolder("respondents")
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try Fixtures.write(Self.files, in: inbox)
        let output = folder.appendingPathComponent("out")
        let extra = Fixtures.defaultStatisticsKeys + (respondentKey ? "\nidentity:\n  respondent: respondent_id\n" : "")
        let file = try Fixtures.pipelineFile(in: folder, input: inbox, output: output, extra: extra)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: file.path)).run()
        return (summary, output)
    }

    func row(_ output: URL, _ file: String, _ match: [String: String]) throws -> [String: String]? {
        let rows = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8))
        let header = rows[0]
        for cells in rows.dropFirst() where cells.count == header.count {
            let record = Dictionary(uniqueKeysWithValues: zip(header, cells))
            if match.allSatisfy({ record[$0.key] == $0.value }) { return record }
        }
        return nil
    }

    @Test func respondentsAreCountedOneByOne() async throws {
        let (summary, output) = try await run(respondentKey: true)
        #expect(summary.total.accepted == 4)  // KEN R1, KEN R2 (revised), FRA R1, BRA R9
        #expect(summary.total.superseded == 1)
        #expect(summary.total.rejected == 1)
        let store = try SurveyStoreProbe.reasons(output)
        #expect(store.contains("respondent-missing"))
        let world = try #require(try row(output, "statistics.csv", ["question_id": "ch8_cert", "option": "yes", "group_code": "001"]))
        #expect(world["n_responding"] == "4")
        #expect(world["n_option"] == "3")  // KEN R1, FRA R1, KEN R2's revision
        let africa = try #require(try row(output, "statistics.csv", ["question_id": "ch8_cert", "option": "yes", "group_code": "002"]))
        #expect(africa["n_responding"] == "2")  // both Kenyan respondents, through their country
        let indicators = try String(contentsOf: output.appendingPathComponent("country_indicators.csv"), encoding: .utf8)
        #expect(indicators.split(separator: "\r\n").first?.hasSuffix(",respondent") == true)
        #expect(indicators.contains(",KEN,404,002,prevention_readiness,8,1,1,4,100.0,R2"))
    }

    @Test func withoutTheKeyOneSubmissionPerCountry() async throws {
        let (summary, output) = try await run(respondentKey: false)
        #expect(summary.total.accepted == 3)  // KEN (the last row), FRA, BRA
        #expect(summary.total.superseded == 3)
        let world = try #require(try row(output, "statistics.csv", ["question_id": "ch8_cert", "option": "yes", "group_code": "001"]))
        #expect(world["n_responding"] == "3")
        let indicators = try String(contentsOf: output.appendingPathComponent("country_indicators.csv"), encoding: .utf8)
        #expect(indicators.split(separator: "\r\n").first?.hasSuffix(",value") == true)
    }

    @Test func theSampleInboxOfRespondentsIsReadWhole() async throws {
        let folder = Fixtures.temporaryFolder("respondent-sample")
        let inbox = folder.appendingPathComponent("inbox")
        let configuration = try PipelineConfiguration.load(path: Fixtures.packageRoot.appendingPathComponent("Benchmarks/bench.yml").path,
            input: inbox.path, output: folder.appendingPathComponent("out").path,
            store: folder.appendingPathComponent("out/store.sqlite").path)
        let pipeline = try Pipeline(configuration: configuration)
        let generator = SampleGenerator(
            questionnaire: pipeline.questionnaire, reference: pipeline.reference, seed: 7, countries: 0, round: "2026")
        let written = try generator.writeRespondents(60, rowsPerFile: 25, to: inbox)
        #expect(written.xformFiles == 30 && written.csvFiles == 2)
        let summary = try await pipeline.run()
        #expect(summary.total.submissionsSeen == 60)
        #expect(summary.total.accepted == 60)
        #expect(summary.total.answersDropped == 0)
    }

    /// The long CSV layout: rows are grouped by country, round and respondent; a row without a
    /// respondent makes a submission that is rejected as the wide layout's is.
    @Test func theLongLayoutGroupsRowsByRespondent() async throws {
        let folder = Fixtures.temporaryFolder("respondents-long")
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try Fixtures.write(
            [
                "long.csv": """
                    country,round,respondent_id,question_id,value
                    KEN,2026,R1,ch8_cert,yes
                    KEN,2026,R2,ch8_cert,no
                    Kenya,2026,R1,ch3_instruments,budapest
                    KEN,2026,R2,ch3_instruments,malabo
                    FRA,2026,,ch8_cert,yes

                    """
            ], in: inbox)
        let output = folder.appendingPathComponent("out")
        let extra = Fixtures.defaultStatisticsKeys + "\nidentity:\n  respondent: respondent_id\n"
        let file = try Fixtures.pipelineFile(in: folder, input: inbox, output: output, extra: extra)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: file.path)).run()
        #expect(summary.total.submissionsSeen == 3)  // KEN R1 (two spellings merged), KEN R2, FRA
        #expect(summary.total.accepted == 2)
        #expect(summary.total.rejected == 1)
        #expect(try SurveyStoreProbe.reasons(output).contains("respondent-missing"))
        let world = try #require(try row(output, "statistics.csv", ["question_id": "ch8_cert", "option": "yes", "group_code": "001"]))
        #expect(world["n_responding"] == "2")
        #expect(world["n_option"] == "1")
        let instruments = try #require(
            try row(output, "statistics.csv", ["question_id": "ch3_instruments", "option": "budapest", "group_code": "001"]))
        #expect(instruments["n_responding"] == "2")
        #expect(instruments["n_option"] == "1")
    }

    /// `explain stat` and `explain priority` count respondents as the tables do: every statistics
    /// row (world, regions, a custom group decided per respondent) and every priority score of a
    /// sample inbox of respondents is recomputed from the store and agrees.
    @Test func explainCountsRespondentsAsTheTablesDo() async throws {
        let folder = Fixtures.temporaryFolder("respondent-explain")
        let inbox = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        let configuration = try PipelineConfiguration.load(
            path: Fixtures.packageRoot.appendingPathComponent("Benchmarks/bench.yml").path, input: inbox.path,
            output: output.path, store: output.appendingPathComponent("store.sqlite").path)
        let pipeline = try Pipeline(configuration: configuration)
        let generator = SampleGenerator(
            questionnaire: pipeline.questionnaire, reference: pipeline.reference, seed: 11, countries: 0, round: "2026")
        _ = try generator.writeRespondents(50, rowsPerFile: 25, to: inbox)
        _ = try await pipeline.run()

        let statistics = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8))
        let header = statistics[0]
        var checked = 0
        for cells in statistics.dropFirst() where cells.count == header.count {
            let row = Dictionary(uniqueKeysWithValues: zip(header, cells))
            guard ["ch8_cert", "ch3_instruments", "ch4_illegal_access"].contains(row["question_id"]!),
                ["world", "region", "custom"].contains(row["group_type"]!)
            else { continue }
            let lineage = try await pipeline.explainStatistic(
                round: row["round"]!, question: row["question_id"]!, option: row["option"]!,
                group: "\(row["group_type"]!):\(row["group_code"]!)")
            let place = "\(row["question_id"]!)/\(row["option"]!)/\(row["group_type"]!):\(row["group_code"]!)"
            #expect(String(lineage.denominator.count) == row["n_responding"], "\(place): n_responding")
            #expect(String(lineage.numerator.count) == row["n_option"], "\(place): n_option")
            #expect(lineage.denominator.allSatisfy { $0.respondent != nil }, "\(place): one entry per respondent")
            // Coverage with respondents: N and the non-responding count are in States (States with at
            // least one respondent who answered), the bounds blank (issue 17).
            #expect(row["bound_low"] == "" && row["bound_high"] == "", "\(place): no bounds with respondents")
            // A "don't know" answer is a response: the respondents that answered only `unknown`
            // (out of a substantive share's denominator, listed apart) count as answering.
            #expect(String(lineage.denominator.count + lineage.dontKnow.count) == row["n_answered"], "\(place): n_answered")
            if row["group_type"] == "world" {
                let states = Set((lineage.denominator + lineage.dontKnow).map(\.country)).count
                #expect(row["n_in_group"] == "193" && row["n_not_responding"] == String(193 - states), "\(place)")
            }
            checked += 1
        }
        #expect(checked > 30)
        let world = try await pipeline.explainStatistic(round: "2026", question: "ch8_cert", option: "yes", group: "world")
        // Every respondent is in the world group or, when its country is outside the population
        // (the UN Member States), in `outside`: never both.
        let outside = try await pipeline.explainStatistic(round: "2026", question: "ch8_cert", option: "yes", group: "outside")
        #expect(world.denominator.count + world.notAnswered.count + outside.denominator.count + outside.notAnswered.count == 50)
        #expect(Set(world.denominator.map(\.country)).isDisjoint(with: outside.denominator.map(\.country)))
        #expect(outside.denominator.allSatisfy { Fixtures.reference.country(iso3: $0.country)?.unStatus != .member })
        #expect(world.text.contains("respondents of the group that answered ch8_cert"))

        let model = try #require(pipeline.scoringModel)
        let store = try await SurveyStores.open(configuration.store, mustExist: true)
        let priorities = MinimalReader.splitCSV(
            try String(contentsOf: output.appendingPathComponent("priorities_by_country.csv"), encoding: .utf8))
        let columns = priorities[0]
        var scores = 0
        for cells in priorities.dropFirst() where cells.count == columns.count {
            let row = Dictionary(uniqueKeysWithValues: zip(columns, cells))
            let explanation = try await PriorityExplanation.explain(
                store: store, model: model, country: row["country"]!, areaID: row["area"]!, round: row["round"]!,
                respondent: row["respondent"]!, declaredRounds: pipeline.configuration.rounds)
            #expect((explanation.score.map { String(format: "%.1f", $0) } ?? "") == row["need"], "\(row["respondent"]!)/\(row["area"]!)")
            scores += 1
        }
        #expect(scores == 50 * model.areas.count)
        // Without --respondent the command says whose scores there are.
        let country = try #require(try await store.acceptedSubmissions().first?.country)
        await #expect(throws: PipelineError.self) { _ = try await pipeline.explainPriority(country: country, area: "investigations", round: nil) }
        do {
            _ = try await pipeline.explainPriority(country: country, area: "investigations", round: nil)
        } catch {
            #expect("\(error)".contains("--respondent"))
        }
    }

    /// The file cache's binary payload gives back exactly what was encoded, for every demo file.
    @Test func cachePayloadsRoundTrip() async throws {
        let demo = Fixtures.packageRoot.appendingPathComponent("Input")
        let configuration = try PipelineConfiguration.load(path: Fixtures.packageRoot.appendingPathComponent("Pipelines/default.yml").path)
        let pipeline = try Pipeline(configuration: configuration)
        var reused = 0
        let batch = pipeline.read(
            files: try InboxWalk.dataFiles(in: demo).map { (demo.appendingPathComponent($0).path, $0) }, reused: &reused)
        #expect(batch.cache.count == batch.files.count)
        var checked = 0
        for entry in batch.cache {
            let payload = try #require(FileCacheCodec.decode(entry.payload))
            let again = FileCacheCodec.encode(payload)
            #expect(again == entry.payload, "\(entry.path)")
            let originals = batch.submissions.filter { $0.location.file == entry.path }
            // Revisions are resolved after caching: compare what resolution does not touch.
            #expect(payload.submissions.map(\.id) == originals.map(\.id))
            #expect(payload.submissions.map(\.answers) == originals.map(\.answers))
            #expect(payload.submissions.map(\.metadata) == originals.map(\.metadata))
            checked += payload.submissions.count
        }
        #expect(checked == batch.submissions.count)
        #expect(FileCacheCodec.decode(Array("not a payload".utf8)) == nil)
    }
}

/// Reasons recorded in a run's store.
enum SurveyStoreProbe {
    static func reasons(_ output: URL) throws -> Set<String> {
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        var codes = Set<String>()
        for code in DiagnosticCode.allCases where report.contains(code.rawValue) { codes.insert(code.rawValue) }
        return codes
    }
}
