import Foundation
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// A small inbox of 12 countries in all three layouts, written as codes and as names and labels
/// in the six languages, with a revision and a rejected submission; counts checked by hand.
@Suite struct TwelveCountryTests {
    static let files: [String: String] = [
        "a.xml": """
            <?xml version="1.0" encoding="UTF-8"?>
            <submissions>
              <submission country="France" round="2026">
                <answer question="ch8_cert">yes</answer>
                <answer question="ch4_illegal_access">cyber_specific</answer>
              </submission>
              <submission country="DE" round="2026">
                <answer question="ch8_cert">no</answer>
                <answer question="ch4_illegal_access">not_criminalized</answer>
              </submission>
              <submission country="380">
                <answer question="ch8_cert">Yes</answer>
                <answer question="ch4_illegal_access">General offence</answer>
              </submission>
            </submissions>
            """,
        "b-wide.csv": """
            country,round,ch8_cert,ch4_illegal_access\r
            España,2026,no,Delito general\r
            Pays-Bas,2026,Oui,cyber_specific\r
            Польша,2026,нет,Специальный состав киберпреступления\r
            NGA,2026,是,not_criminalized\r
            肯尼亚,2026,,网络犯罪专门罪名\r

            """,
        "c-long.csv": """
            country,question_id,value
            مصر,ch8_cert,نعم
            مصر,ch4_illegal_access,جريمة عامة
            South Africa,ch8_cert,No
            South Africa,ch4_illegal_access,unknown
            Brasil,ch8_cert,Sí
            Brasil,ch4_illegal_access,cyber_specific
            CAN,ch8_cert,yes
            Atlantis,ch8_cert,yes
            Atlantis,ch4_illegal_access,cyber_specific

            """,
        "d-revision.xml": """
            <submission country="DEU" round="2026">
              <answer question="ch8_cert">yes</answer>
              <answer question="ch4_illegal_access">cyber_specific</answer>
            </submission>
            """,
    ]

    struct Result {
        var summary: RunSummary
        var statistics: [String: [String]]
        var header: [String]
    }

    func run() async throws -> Result {
        let folder = Fixtures.temporaryFolder("twelve")
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write(Self.files, in: input)
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path))
        let summary = try await pipeline.run()
        let text = try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8)
        var lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines.removeFirst().components(separatedBy: ",")
        var rows: [String: [String]] = [:]
        for line in lines {
            let cells = line.components(separatedBy: ",")
            rows[[cells[0], cells[2], cells[3], cells[5]].joined(separator: "/")] = cells
        }
        return Result(summary: summary, statistics: rows, header: header)
    }

    @Test func accountingBalances() async throws {
        let result = try await run()
        let total = result.summary.total
        #expect(total.submissionsSeen == 14)
        #expect(total.accepted == 12 && total.superseded == 1 && total.rejected == 1 && total.excluded == 0)
        #expect(total.isBalanced)
        #expect(result.summary.files.map(\.file.path) == ["a.xml", "b-wide.csv", "c-long.csv", "d-revision.xml"])
        #expect(result.summary.files.map(\.accounting.submissionsSeen) == [3, 5, 5, 1])
        // Per file, every submission and answer is accounted for, and the files add up to the total.
        var sum = Accounting()
        for file in result.summary.files {
            #expect(file.accounting.isBalanced, "\(file.file.path)")
            sum.add(file.accounting)
        }
        #expect(sum == total)
    }

    /// Row = n_responding, n_option, percent, ci_low, ci_high, flag (the first twelve columns
    /// after the six that name the row).
    func cells(_ result: Result, _ question: String, _ option: String, _ group: String) -> [String] {
        Array((result.statistics["2026/\(question)/\(option)/\(group)"] ?? []).dropFirst(6).prefix(6))
    }

    /// The coverage columns: n_in_group, n_not_responding, bound_low, bound_high.
    func coverage(_ result: Result, _ question: String, _ option: String, _ group: String) -> [String] {
        Array((result.statistics["2026/\(question)/\(option)/\(group)"] ?? []).dropFirst(12).prefix(4))
    }

    /// The columns of the rule for "don't know" answers: n_answered, n_unknown, denominator.
    func answers(_ result: Result, _ question: String, _ option: String, _ group: String) -> [String] {
        Array((result.statistics["2026/\(question)/\(option)/\(group)"] ?? []).dropFirst(16).prefix(3))
    }

    /// The labels after them: question_text, option_label, group_name.
    func labels(_ result: Result, _ question: String, _ option: String, _ group: String) -> [String] {
        Array((result.statistics["2026/\(question)/\(option)/\(group)"] ?? []).dropFirst(19))
    }

    @Test func exactCountsAndPercents() async throws {
        let result = try await run()
        #expect(result.header == Publisher_statisticsColumns)
        // World: KEN did not answer ch8_cert; DEU's revision says yes; Atlantis is rejected.
        // Intervals: Wilson with the finite population correction, n_eff = n(N − 1)/(N − n), for
        // N = 193 (world) and 43 (Europe): 8 of 11 → 44.2–90.0 (plain Wilson 43.4–90.3).
        #expect(cells(result, "ch8_cert", "yes", "001") == ["11", "8", "72.7", "44.2", "90.0", "normal"])
        #expect(cells(result, "ch8_cert", "no", "001") == ["11", "3", "27.3", "10.0", "55.8", "normal"])
        #expect(cells(result, "ch8_cert", "yes", "150") == ["6", "4", "66.7", "31.7", "89.6", "low_reliability"])
        #expect(cells(result, "ch8_cert", "yes", "002") == ["3", "2", "", "", "", "suppressed"])
        #expect(cells(result, "ch8_cert", "yes", "019") == ["2", "2", "", "", "", "suppressed"])
        #expect(cells(result, "ch8_cert", "yes", "142") == ["0", "0", "", "", "", "suppressed"])
        // CAN did not answer ch4_illegal_access; South Africa answered `unknown`. By the rule for
        // "don't know" answers (issue 17 part 5) the substantive options are over 11 − 1 = 10 (they
        // were over 11), `unknown` over all 11: cyber_specific 6/10 = 60.0 (n_eff = 10·192/183:
        // 31.8–82.8), general 3/10 = 30.0 (11.0–59.7), unknown 1/11 = 9.1 (1.7–36.8).
        #expect(cells(result, "ch4_illegal_access", "cyber_specific", "001") == ["10", "6", "60.0", "31.8", "82.8", "normal"])
        #expect(cells(result, "ch4_illegal_access", "general", "001") == ["10", "3", "30.0", "11.0", "59.7", "normal"])
        #expect(cells(result, "ch4_illegal_access", "not_criminalized", "001")[0...1] == ["10", "1"])
        #expect(cells(result, "ch4_illegal_access", "unknown", "001") == ["11", "1", "9.1", "1.7", "36.8", "normal"])
        // Both denominators: n_answered 11, n_unknown 1, and which one the row uses.
        #expect(answers(result, "ch4_illegal_access", "general", "001") == ["11", "1", "substantive"])
        #expect(answers(result, "ch4_illegal_access", "unknown", "001") == ["11", "1", "answered"])
        #expect(answers(result, "ch8_cert", "yes", "001") == ["11", "0", "substantive"])
        #expect(labels(result, "ch4_illegal_access", "unknown", "001") == ["Illegal access to a computer system", "Unknown", "World"])
        // N = 193 minus the 11 States that answered (South Africa's `unknown` is an answer): 182;
        // the substantive row's bounds over n = 10: 3/193 = 1.6, (3 + 193 − 10)/193 = 96.4.
        #expect(coverage(result, "ch4_illegal_access", "general", "001") == ["193", "182", "1.6", "96.4"])
        #expect(cells(result, "ch4_illegal_access", "cyber_specific", "150") == ["6", "4", "66.7", "31.7", "89.6", "low_reliability"])
        #expect(cells(result, "ch4_illegal_access", "general", "150") == ["6", "2", "33.3", "10.4", "68.3", "low_reliability"])
        // Coverage: the twelve are UN Member States; N counted here from the reference's un_status.
        func frame(_ region: String?) -> Int {
            Fixtures.reference.countries.filter { $0.unStatus == .member && (region == nil || $0.region == region) }.count
        }
        for (question, option, group, n, k) in [
            ("ch8_cert", "yes", "001", 11, 8), ("ch8_cert", "yes", "150", 6, 4), ("ch8_cert", "yes", "002", 3, 2),
            ("ch8_cert", "yes", "142", 0, 0), ("ch4_illegal_access", "general", "150", 6, 2),
        ] {
            let size = frame(group == "001" ? nil : group)
            let low = String(format: "%.1f", 100 * Double(k) / Double(size))
            let high = String(format: "%.1f", 100 * Double(k + size - n) / Double(size))
            #expect(coverage(result, question, option, group) == [String(size), String(size - n), low, high], "\(question) \(option) \(group)")
        }
        #expect(frame(nil) == 193 && frame("150") == 43)
    }

    @Test func everyOptionOfEveryChoiceQuestionForTheWorldAndEachRegion() async throws {
        let result = try await run()
        for question in Fixtures.questionnaire.questions where question.type.hasChoices {
            for choice in question.choices {
                for group in ["001", "002", "019", "142", "150", "009"] {
                    #expect(result.statistics["2026/\(question.id)/\(choice.code)/\(group)"] != nil, "\(question.id)/\(choice.code)/\(group)")
                }
            }
        }
    }
}

/// statistics.csv's columns, written out: the twelve of before issue 17, then its coverage columns,
/// then the two denominators of the rule for "don't know" answers (issue 17 part 5), then the
/// labels (issue 23).
let Publisher_statisticsColumns = [
    "round", "chapter", "question_id", "option", "group_type", "group_code", "n_responding", "n_option", "percent",
    "ci_low", "ci_high", "flag", "n_in_group", "n_not_responding", "bound_low", "bound_high", "n_answered", "n_unknown",
    "denominator", "question_text", "option_label", "group_name",
]
