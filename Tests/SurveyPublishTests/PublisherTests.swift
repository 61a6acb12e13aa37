import Foundation
import SurveyModel
import SurveyPublish
import SurveyTestSupport
import Testing

func share(_ option: String, n: Int, k: Int, flag: ReliabilityFlag = .normal, percent: Double? = nil) -> ShareStatistic {
    let p = flag == .suppressed ? nil : (percent ?? 100 * Double(k) / Double(n))
    return ShareStatistic(
        round: "2026", chapter: .prevention, questionID: "ch8_cert", option: option, group: .world, nResponding: n,
        nOption: k, percent: p, ciLow: p.map { max(0, $0 - 10) }, ciHigh: p.map { min(100, $0 + 10) }, flag: flag)
}

@Suite struct PublisherTests {
    @Test func statisticsColumnsInOrderAndOneDecimal() throws {
        // Another group than the second row: a question has one denominator per round and group.
        var suppressed = share("yes", n: 3, k: 1, flag: .suppressed)
        suppressed.group = CountryGroup(type: .region, code: "150")
        let text = try Publisher.statisticsCSV([suppressed, share("no", n: 12, k: 4)])
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "round,chapter,question_id,option,group_type,group_code,n_responding,n_option,percent,ci_low,ci_high,flag")
        #expect(lines[1] == "2026,8,ch8_cert,yes,region,150,3,1,,,,suppressed")
        #expect(lines[2] == "2026,8,ch8_cert,no,world,001,12,4,33.3,23.3,43.3,normal")
        #expect(text.hasSuffix("\r\n"))
    }

    @Test func tablesThatBreakTheirInvariantsAreRefused() {
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([share("yes", n: 3, k: 4)]) }
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([share("yes", n: 10, k: 4), share("yes", n: 10, k: 4)]) }
        var suppressedWithPercent = share("yes", n: 3, k: 1, flag: .suppressed)
        suppressedWithPercent.percent = 33.3
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([suppressedWithPercent]) }
    }

    @Test func validationReportNeutralizesFormulasAndSortsByPlace() throws {
        let diagnostics = [
            Diagnostic(.choiceUnknown, at: SourceLocation(file: "b.csv", line: 3, column: 2), questionID: "ch8_cert", expected: "one of: yes, no", found: "=HYPERLINK(\"x\")"),
            Diagnostic(.countryUnknown, at: SourceLocation(file: "a.xml", line: 1, column: 5), found: "Atlantis"),
        ]
        let text = try Publisher.validationCSV(diagnostics)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "file,line,column,offset,submission_id,question_id,code,severity,expected,found,message")
        #expect(lines[1].hasPrefix("a.xml,1,5,,,,country-unknown,error,"))
        #expect(lines[2].contains(",\"'=HYPERLINK(\"\"x\"\")\","))
    }

    @Test func writesFilesIntoTheFolder() throws {
        let folder = Fixtures.temporaryFolder()
        let url = try Publisher(directory: folder).writeStatistics([share("no", n: 12, k: 4)])
        #expect(url.lastPathComponent == "statistics.csv")
        #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("round,"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }
}
