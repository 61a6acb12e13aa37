import Foundation
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// The shipped demo inbox, recounted by an independent reader and compared with statistics.csv.
@Suite(.serialized) struct DemoInboxTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")

    func runPipeline(into output: URL) async throws -> RunSummary {
        let folder = output.deletingLastPathComponent()
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: Self.input, output: output, extra: Fixtures.defaultStatisticsKeys)
        return try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
    }

    func statistics(_ output: URL) throws -> [String: [String]] {
        let text = try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8)
        var rows: [String: [String]] = [:]
        for line in text.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
            let cells = line.components(separatedBy: ",")
            rows[[cells[0], cells[2], cells[3], cells[5]].joined(separator: "/")] = cells
        }
        return rows
    }

    @Test func theDemoIsLargeAndVariedEnough() async throws {
        let records = try MinimalReader().read(folder: Self.input)
        let reader = MinimalReader()
        let countries = Set(records.compactMap { reader.country($0.country) })
        #expect(countries.count >= 60)
        let regions = Set(countries.compactMap { Fixtures.reference.country(iso3: $0)?.region })
        #expect(regions == ["002", "019", "142", "150", "009"])
        let development = Set(countries.compactMap { Fixtures.reference.country(iso3: $0)?.development })
        #expect(development == [.developed, .developing])
        let files = Set(records.map { ($0.file as NSString).pathExtension })
        #expect(files == ["xml", "csv", "zip"])
    }

    @Test func handCountMatchesStatistics() async throws {
        let reader = MinimalReader()
        var records = try reader.read(folder: Self.input)
        // Reject what names no single country; later files supersede earlier ones.
        let rejected = records.filter { reader.country($0.country) == nil }
        #expect(rejected.count >= 2)
        records = records.filter { reader.country($0.country) != nil }
        var latest: [String: Record] = [:]
        var superseded = 0
        for record in records {
            let key = reader.country(record.country)! + "/" + record.round
            if latest[key] != nil { superseded += 1 }
            latest[key] = record
        }
        #expect(superseded >= 1)

        let output = Fixtures.temporaryFolder("demo").appendingPathComponent("out")
        let summary = try await runPipeline(into: output)
        #expect(summary.total.accepted == latest.count)
        #expect(summary.total.rejected == rejected.count)
        #expect(summary.total.superseded == superseded)
        let rows = try statistics(output)

        var sawLabel = false
        var sawSupersededDifference = false
        var outsiders = Set<String>()
        let supersededRecords = records.filter { record in
            let key = reader.country(record.country)! + "/" + record.round
            return latest[key]!.file != record.file
        }
        #expect(
            Set(latest.keys.map { String($0.dropFirst(4)) }) == ["2022", "2024", "2026"], "the demo has a baseline round and an interim round")
        for questionID in ["ch3_specific_law", "ch8_cert", "ch4_illegal_access", "ch3_instruments", "ch5_search_basis"] {
            let question = try #require(Fixtures.questionnaire.question(id: questionID))
            for round in Set(latest.keys.map { String($0.dropFirst(4)) }).sorted() {
                for group in ["001", "002", "019", "142", "150", "009", "outside"] {
                    var responding = 0
                    // Answers that are only "don't know" (`unknown`, marked dont_know in the
                    // questionnaire file): in the `unknown` share's denominator only.
                    var unknownOnly = 0
                    var chosen: [String: Int] = [:]
                    for (key, record) in latest where key.hasSuffix("/" + round) {
                        let iso3 = String(key.prefix(3))
                        // The default population: UN Member States (`un_status: member`). Everyone
                        // else is counted in `outside` and in no other group.
                        let member = Fixtures.reference.country(iso3: iso3)?.unStatus == .member
                        if !member { outsiders.insert(iso3) }
                        if group == "outside" { if member { continue } } else if !member { continue }
                        if group != "001" && group != "outside" && Fixtures.reference.country(iso3: iso3)?.region != group { continue }
                        guard let values = record.answers[questionID] else { continue }
                        let codes = values.compactMap { reader.code($0, question: question) }
                        if values.contains(where: { $0 != reader.code($0, question: question) }) { sawLabel = true }
                        guard !codes.isEmpty else { continue }
                        responding += 1
                        if Set(codes) == ["unknown"] { unknownOnly += 1 }
                        for code in Set(codes) { chosen[code, default: 0] += 1 }
                    }
                    for choice in question.choices {
                        let row = try #require(rows["\(round)/\(questionID)/\(choice.code)/\(group)"])
                        let denominator = choice.code == "unknown" ? responding : responding - unknownOnly
                        #expect(row[6] == String(denominator), "\(questionID)/\(choice.code)/\(group) n_responding")
                        #expect(row[7] == String(chosen[choice.code] ?? 0), "\(questionID)/\(choice.code)/\(group) n_option")
                    }
                    if question.type == .legalForm {
                        // "In any form": a cyber-specific or a general offence (or legal basis).
                        let row = try #require(rows["\(round)/\(questionID)/any_form/\(group)"])
                        #expect(row[6] == String(responding - unknownOnly))
                        #expect(row[7] == String((chosen["cyber_specific"] ?? 0) + (chosen["general"] ?? 0)))
                    }
                }
            }
            // The superseded submission answered differently from its revision on this question.
            for old in supersededRecords {
                let key = reader.country(old.country)! + "/" + old.round
                if old.answers[questionID] != latest[key]!.answers[questionID] { sawSupersededDifference = true }
            }
        }
        #expect(outsiders == ["COK", "NIU", "VAT"], "the demo's submissions from outside the UN Member States")
        #expect(sawLabel, "the recounted cells include answers written as labels in another language")
        #expect(sawSupersededDifference, "the recounted cells include a question the revision changed")
    }

    typealias Record = MinimalReader.Record

    @Test func twoRunsGiveByteIdenticalOutputs() async throws {
        let first = Fixtures.temporaryFolder("det1").appendingPathComponent("out")
        let second = Fixtures.temporaryFolder("det2").appendingPathComponent("out")
        _ = try await runPipeline(into: first)
        _ = try await runPipeline(into: second)
        for name in Pipeline.outputFiles {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a == b, "\(name)")
            #expect(!a.isEmpty)
        }
    }

    @Test func theRejectedDemoSubmissionsSayWhy() async throws {
        let output = Fixtures.temporaryFolder("why").appendingPathComponent("out")
        _ = try await runPipeline(into: output)
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        for code in ["country-unknown", "country-missing", "country-ambiguous", "submission-superseded", "number-out-of-range", "choice-unknown"] {
            #expect(report.contains(",\(code),"), "\(code)")
        }
    }
}
