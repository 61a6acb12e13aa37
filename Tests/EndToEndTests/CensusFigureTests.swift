import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// The census rule beyond shares (issue 17, parts 3 and 4): when every State of a group answered
/// (n = N) a figure has no sampling uncertainty and is never suppressed, however small the group.
/// `numeric_statistics.csv` and `priorities_by_group.csv` follow it as `statistics.csv` does. The
/// fixture: Northern America (M49 021), whose two Member States (counted here from the reference
/// data) both answer; expected figures are worked out by hand.
@Suite struct CensusFigureTests {
    func run(respondents: Bool) async throws -> URL {
        let folder = Fixtures.temporaryFolder("census-figures")
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let respondent = respondents ? "respondent_id," : ""
        try Fixtures.write(
            [
                "answers.csv": """
                    country,round,\(respondent)ch3_reform_year,ta_legislative_drafting_requested,ch4_illegal_access,ch3_specific_law
                    USA,2026,\(respondents ? "R1," : "")2015,yes,not_criminalized,no
                    CAN,2026,\(respondents ? "R2," : "")2019,no,cyber_specific,yes

                    """
            ], in: inbox)
        let output = folder.appendingPathComponent("out")
        let extra = Fixtures.defaultStatisticsKeys + (respondents ? "\nidentity:\n  respondent: respondent_id\n" : "")
        let file = try Fixtures.pipelineFile(in: folder, input: inbox, output: output, extra: extra)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: file.path)).run()
        #expect(summary.total.accepted == 2)
        return output
    }

    func row(_ output: URL, _ file: String, _ match: [String: String]) throws -> [String: String] {
        let rows = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8))
        let header = try #require(rows.first)
        let all = rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        return try #require(all.first { row in match.allSatisfy { row[$0.key] == $0.value } }, "\(file): \(match)")
    }

    @Test func theFixtureIsACensusOfNorthernAmerica() {
        let members = Fixtures.reference.countries.filter { $0.unStatus == .member && $0.subregion == "021" }.map(\.iso3).sorted()
        #expect(members == ["CAN", "USA"])
    }

    @Test func numericFiguresOfACompleteGroupAreNotSuppressed() async throws {
        let output = try await run(respondents: false)
        let census = try row(
            output, "numeric_statistics.csv", ["question_id": "ch3_reform_year", "group_type": "subregion", "group_code": "021"])
        // 2015 and 2019: type 7 quartiles at h = 0.25, 0.5, 0.75 of the gap of 4 years.
        #expect(census["n"] == "2" && census["n_in_group"] == "2" && census["n_not_responding"] == "0")
        #expect(census["flag"] == "normal", "n = N: no suppression below suppress_below (5)")
        #expect(
            [census["min"], census["p25"], census["median"], census["p75"], census["max"], census["mean"]]
                == ["2015", "2016", "2017", "2018", "2019", "2017"])
        // The Americas: the same two answers of 35 Member States are a small sample, suppressed.
        let americas = try row(
            output, "numeric_statistics.csv", ["question_id": "ch3_reform_year", "group_type": "region", "group_code": "019"])
        #expect(americas["n"] == "2" && americas["n_in_group"] == "35" && americas["flag"] == "suppressed")
        #expect(americas["min"] == "" && americas["median"] == "" && americas["mean"] == "")
    }

    @Test func groupPrioritiesOfACompleteGroupAreNotSuppressed() async throws {
        let output = try await run(respondents: false)
        // legislation (gap weights: acts 3, law 2, framework 1): the USA has illegal access not
        // criminalized and no cybercrime law (need 100, coverage 5/6) and asks for legislative
        // drafting; Canada has both (need 0) and does not ask: mean and median 50, one of two
        // requesting. (Before issue 25 the request alone was a term of the score.)
        let census = try row(output, "priorities_by_group.csv", ["area": "legislation", "group_type": "subregion", "group_code": "021"])
        #expect(census["n_countries"] == "2" && census["flag"] == "normal")
        #expect(census["mean_need"] == "50.0" && census["median_need"] == "50.0")
        #expect(census["n_request_answered"] == "2" && census["percent_requested"] == "50.0")
        let americas = try row(output, "priorities_by_group.csv", ["area": "legislation", "group_type": "region", "group_code": "019"])
        #expect(americas["flag"] == "suppressed" && americas["mean_need"] == "" && americas["percent_requested"] == "")
    }

    /// With a respondent key n counts respondents and N States: two respondents from the two
    /// States are not a census, and the usual threshold applies.
    @Test func respondentsAreNeverACensus() async throws {
        let output = try await run(respondents: true)
        let numeric = try row(
            output, "numeric_statistics.csv", ["question_id": "ch3_reform_year", "group_type": "subregion", "group_code": "021"])
        #expect(numeric["n"] == "2" && numeric["flag"] == "suppressed" && numeric["median"] == "")
        let priorities = try row(output, "priorities_by_group.csv", ["area": "legislation", "group_type": "subregion", "group_code": "021"])
        #expect(priorities["flag"] == "suppressed" && priorities["mean_need"] == "")
    }
}
