import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// The survey's population on the demo inbox (issue 17): the Cook Islands, Niue and the Holy See
/// are accepted, explained (`outside-population`) and counted in `outside` rows only; every group's
/// frame N is in `statistics.csv`; `population: member_and_observer_states` brings the Holy See in.
@Suite(.serialized) struct PopulationEndToEndTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")

    /// Runs the demo with the project's statistics keys and `extra`; returns the output folder.
    func run(_ extra: String = "") async throws -> (URL, RunSummary) {
        let folder = Fixtures.temporaryFolder("population")
        let output = folder.appendingPathComponent("out")
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: Self.input, output: output, rounds: ["2022", "2026"],
            extra: Fixtures.defaultStatisticsKeys + "\n" + extra)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        return (output, summary)
    }

    func table(_ output: URL, _ file: String) throws -> [[String: String]] {
        let rows = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8))
        let header = try #require(rows.first)
        return rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func theDemosNonMembersAreNotedAndCountedOutsideOnly() async throws {
        let (output, summary) = try await run()
        #expect(summary.total.accepted == 124, "accepted, as before: nothing is lost")

        // The note, once per accepted submission from outside, naming the population.
        let notes = try table(output, "validation_report.csv").filter { $0["code"] == "outside-population" }
        #expect(notes.allSatisfy { $0["severity"] == "info" && $0["expected"] == "a State of the population: UN Member States (193)" })
        let noted = notes.map { String($0["found"]!.prefix(3)) }
        #expect(Set(noted) == ["COK", "NIU", "VAT"])

        let numeric = try table(output, "numeric_statistics.csv").filter { $0["question_id"] == "ch3_reform_year" }
        let outsideSubmissions = numeric.filter { $0["group_type"] == "outside" }.map { Int($0["n_submissions"]!)! }
        #expect(outsideSubmissions.reduce(0, +) == notes.count, "one note per accepted submission counted in outside")
        #expect(outsideSubmissions == [2, 3], "2022: COK, NIU; 2026: COK, NIU, VAT")

        // Frames: world 193, Europe 43; outside and answer-defined groups blank.
        let statistics = try table(output, "statistics.csv")
        for row in statistics {
            let place = "\(row["round"]!) \(row["question_id"]!) \(row["option"]!) \(row["group_type"]!):\(row["group_code"]!)"
            switch row["group_type"]! {
            case "world": #expect(row["n_in_group"] == "193", "\(place)")
            case "outside", "custom":
                #expect(row["n_in_group"] == "" && row["n_not_responding"] == "" && row["bound_low"] == "" && row["bound_high"] == "", "\(place)")
                continue
            default: break
            }
            if row["group_type"] == "region", row["group_code"] == "150" { #expect(row["n_in_group"] == "43", "\(place)") }
            // The bounds, recomputed from the row's own counts (n: the row's denominator); the
            // non-responding count is N minus every State that answered, `unknown` included.
            let k = Double(row["n_option"]!)!, n = Double(row["n_responding"]!)!, N = Double(row["n_in_group"]!)!
            #expect(row["n_not_responding"] == String(Int(N) - Int(row["n_answered"]!)!), "\(place)")
            #expect(row["bound_low"] == String(format: "%.1f", 100 * k / N), "\(place)")
            #expect(row["bound_high"] == String(format: "%.1f", 100 * (k + N - n) / N), "\(place)")
        }

        // run_summary.json records the population and the vintage of the reference's un_status.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("run_summary.json")))
        let population = try #require((json as? [String: Any])?["population"] as? [String: Any])
        #expect(population["code"] as? String == "member_states")
        #expect(population["size"] as? Int == 193)
        #expect((population["un_status_vintage"] as? String)?.contains("193 Member States") == true)
    }

    @Test func observerStatesJoinThePopulationOnRequest() async throws {
        let (defaultOutput, _) = try await run()
        let (output, _) = try await run("population: member_and_observer_states\n")
        let notes = try table(output, "validation_report.csv").filter { $0["code"] == "outside-population" }
        #expect(Set(notes.map { String($0["found"]!.prefix(3)) }) == ["COK", "NIU"])
        let before = try table(defaultOutput, "statistics.csv")
        let after = try table(output, "statistics.csv")
        func find(_ rows: [[String: String]], _ group: String) -> [String: String]? {
            rows.first { $0["round"] == "2026" && $0["question_id"] == "ch4_illegal_access" && $0["option"] == "any_form" && "\($0["group_type"]!):\($0["group_code"]!)" == group }
        }
        let world = try #require(find(after, "world:001"))
        #expect(world["n_in_group"] == "195")
        // The Holy See answered ch4_illegal_access in 2026: one more in the world and Europe, one
        // fewer outside.
        #expect(Int(world["n_responding"]!)! == Int(try #require(find(before, "world:001"))["n_responding"]!)! + 1)
        #expect(Int(try #require(find(after, "region:150"))["n_responding"]!)! == Int(try #require(find(before, "region:150"))["n_responding"]!)! + 1)
        #expect(try #require(find(after, "region:150"))["n_in_group"] == "44")
        #expect(Int(try #require(find(after, "outside:outside"))["n_responding"]!)! == Int(try #require(find(before, "outside:outside"))["n_responding"]!)! - 1)
    }
}
