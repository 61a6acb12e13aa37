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
        // Today's twelve columns, in their order, then the coverage columns (issue 17), then the
        // two denominators of the rule for "don't know" answers (issue 17 part 5), then the labels
        // (issue 23; blank without labels).
        #expect(lines[0] == "round,chapter,question_id,option,group_type,group_code,n_responding,n_option,percent,ci_low,ci_high,flag,n_in_group,n_not_responding,bound_low,bound_high,n_answered,n_unknown,denominator,question_text,option_label,group_name")
        #expect(lines[1] == "2026,8,ch8_cert,yes,region,150,3,1,,,,suppressed,,,,,3,0,substantive,,,")
        #expect(lines[2] == "2026,8,ch8_cert,no,world,001,12,4,33.3,23.3,43.3,normal,,,,,12,0,substantive,,,")
        // With a frame: N = 43, 12 responding, 4 chose: bounds 4/43 and (4 + 31)/43.
        var framed = share("no", n: 12, k: 4)
        framed.nInGroup = 43
        framed.nNotResponding = 31
        framed.boundLow = 100 * 4 / 43.0
        framed.boundHigh = 100 * 35 / 43.0
        #expect(try Publisher.statisticsCSV([framed]).components(separatedBy: "\r\n")[1] == "2026,8,ch8_cert,no,world,001,12,4,33.3,23.3,43.3,normal,43,31,9.3,81.4,12,0,substantive,,,")
        #expect(text.hasSuffix("\r\n"))
    }

    @Test func tablesThatBreakTheirInvariantsAreRefused() {
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([share("yes", n: 3, k: 4)]) }
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([share("yes", n: 10, k: 4), share("yes", n: 10, k: 4)]) }
        var suppressedWithPercent = share("yes", n: 3, k: 1, flag: .suppressed)
        suppressedWithPercent.percent = 33.3
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([suppressedWithPercent]) }
        // Coverage: bounds that do not follow from the counts, a frame smaller than the respondents,
        // a half-blank frame are refused.
        var wrongBounds = share("yes", n: 10, k: 4)
        (wrongBounds.nInGroup, wrongBounds.nNotResponding, wrongBounds.boundLow, wrongBounds.boundHigh) = (20, 10, 20, 70)
        #expect(throws: Never.self) { try Publisher.statisticsCSV([wrongBounds]) }
        wrongBounds.boundHigh = 61
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([wrongBounds]) }
        var halfBlank = share("yes", n: 10, k: 4)
        halfBlank.nInGroup = 20
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([halfBlank]) }
        var tooSmall = share("yes", n: 10, k: 4)
        (tooSmall.nInGroup, tooSmall.nNotResponding) = (8, -2)
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([tooSmall]) }
    }

    /// The rule for "don't know" answers in the file, by hand: N = 43, 14 answered, 2 of them
    /// `unknown` only; not responding 43 − 14 = 29. The `unknown` row is over 14 (1 chose it: 7.1%;
    /// bounds 1/43 = 2.3% and (1 + 43 − 14)/43 = 69.8%); a substantive row over 14 − 2 = 12 (9 chose
    /// it: 75.0%; bounds 9/43 = 20.9% and (9 + 43 − 12)/43 = 93.0%).
    @Test func bothDenominatorsAreWrittenAndChecked() throws {
        func row(_ option: String, k: Int, denominator: ShareDenominator) -> ShareStatistic {
            let n = denominator == .answered ? 14 : 12
            var row = share(option, n: n, k: k)
            row.questionID = "ch4_illegal_access"
            row.chapter = .criminalization
            (row.nInGroup, row.nNotResponding) = (43, 29)
            (row.boundLow, row.boundHigh) = (100 * Double(k) / 43, 100 * Double(k + 43 - n) / 43)
            (row.nAnswered, row.nUnknown, row.denominator) = (14, 2, denominator)
            return row
        }
        let unknown = row("unknown", k: 1, denominator: .answered)
        let general = row("general", k: 9, denominator: .substantive)
        let lines = try Publisher.statisticsCSV([general, unknown]).components(separatedBy: "\r\n")
        #expect(lines[1] == "2026,4,ch4_illegal_access,general,world,001,12,9,75.0,65.0,85.0,normal,43,29,20.9,93.0,14,2,substantive,,,")
        #expect(lines[2] == "2026,4,ch4_illegal_access,unknown,world,001,14,1,7.1,0.0,17.1,normal,43,29,2.3,69.8,14,2,answered,,,")
        // SDMX: the same three as attributes at the end.
        #expect(Publisher.sdmxLine(general, dataflow: "UNODC:DF_X(1.0)").hasSuffix(",43,29,20.9,93.0,14,2,substantive\r\n"))
        // Refused: a substantive row over every answer, an `unknown` row over the substantive ones,
        // more unknown than answered, n_answered differing between options of one question.
        var overAll = general
        (overAll.nResponding, overAll.percent) = (14, 100 * 9 / 14.0)
        (overAll.boundHigh) = 100 * Double(9 + 43 - 14) / 43
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([overAll]) }
        var unknownOverSubstantive = unknown
        unknownOverSubstantive.denominator = .substantive
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([unknownOverSubstantive]) }
        var tooMany = general
        tooMany.nUnknown = 15
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([tooMany]) }
        var otherAnswered = general
        (otherAnswered.option, otherAnswered.nAnswered, otherAnswered.nUnknown) = ("cyber_specific", 13, 1)
        otherAnswered.nNotResponding = 30
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([general, otherAnswered]) }
        // n_answered + n_not_responding = N, not n_responding + n_not_responding.
        var oldCoverage = general
        oldCoverage.nNotResponding = 31
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([oldCoverage]) }
    }

    /// One cell of a validation_report.csv line, by its column's name (quotes understood).
    static func cell(_ line: String, _ column: String) -> String? {
        guard let index = Publisher.validationColumns.firstIndex(of: column) else { return nil }
        var cells: [String] = []
        var current = "", quoted = false, previous: Character = " "
        for character in line {
            if character == "\"" {
                if quoted { quoted = false } else { quoted = true; if previous == "\"" { current.append("\"") } }
            } else if character == "," && !quoted {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        cells.append(current)
        return index < cells.count ? cells[index] : nil
    }

    @Test func validationReportNeutralizesFormulasAndSortsByPlace() throws {
        let diagnostics = [
            Diagnostic(.choiceUnknown, at: SourceLocation(file: "b.csv", line: 3, column: 2), questionID: "ch8_cert", expected: "one of: yes, no", found: "=HYPERLINK(\"x\")"),
            Diagnostic(.countryUnknown, at: SourceLocation(file: "a.xml", line: 1, column: 5), found: "Atlantis"),
        ]
        let text = try Publisher.validationCSV(diagnostics)
        let lines = text.components(separatedBy: "\r\n")
        // The sender's columns (issue 24) come after the existing ones.
        #expect(lines[0] == "file,line,column,offset,submission_id,question_id,code,severity,expected,found,message,current,country,sender_language,remedy,suggestion,message_local")
        #expect(Self.cell(lines[1], "current") == "yes" && Self.cell(lines[2], "current") == "yes")
        #expect(lines[1].hasPrefix("a.xml,1,5,,,,country-unknown,error,"))
        #expect(lines[2].contains(",\"'=HYPERLINK(\"\"x\"\")\","))
    }

    /// Issue 19: a superseded submission's own diagnostics are kept in the report with
    /// `current` = `no`; the supersession note and the other submissions' stay `yes`.
    @Test func validationReportMarksDiagnosticsOfSupersededSubmissions() throws {
        let old = SourceLocation(file: "a.csv", line: 2), new = SourceLocation(file: "b.csv", line: 2)
        let diagnostics = [
            Diagnostic(.choiceUnknown, at: old, questionID: "ch8_cert", found: "oui?", submissionID: "a.csv#1"),
            Diagnostic(.choiceUnknown, at: new, questionID: "ch8_cert", found: "peut-être", submissionID: "b.csv#1"),
            Diagnostic(.submissionSuperseded, at: old, found: "replaced by b.csv#1", submissionID: "a.csv#1"),
        ]
        let lines = try Publisher.validationCSV(diagnostics).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("a.csv,2,,,a.csv#1,ch8_cert,choice-unknown,") && Self.cell(lines[1], "current") == "no")
        #expect(lines[2].hasPrefix("a.csv,2,,,a.csv#1,,submission-superseded,") && Self.cell(lines[2], "current") == "yes")
        #expect(lines[3].hasPrefix("b.csv,2,,,b.csv#1,ch8_cert,choice-unknown,") && Self.cell(lines[3], "current") == "yes")
        #expect(Diagnostic.current(diagnostics).map(\.submissionID) == ["b.csv#1", "a.csv#1"])
    }

    @Test func writesFilesIntoTheFolder() throws {
        let folder = Fixtures.temporaryFolder()
        let url = try Publisher(directory: folder).writeStatistics([share("no", n: 12, k: 4)])
        #expect(url.lastPathComponent == "statistics.csv")
        #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("round,"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    /// Eight publishers write the same file at once, each its own large text: every write
    /// succeeds and the file is then wholly one writer's text, with no temporary file left. With
    /// one shared `.NAME.partial` (before issue 16) the writers truncated and wrote into each
    /// other's temporary file and renamed it from under each other (a mixed file, or a failed
    /// rename).
    @Test func publishersWritingOneFileAtOnceNeverShareATemporaryFile() throws {
        let folder = Fixtures.temporaryFolder("publish-concurrent")
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = (0..<8).map { writer in
            String(repeating: "writer \(writer): " + String(repeating: Character(UnicodeScalar(UInt8(97 + writer))), count: 60) + "\n", count: 40_000)
        }
        let failures = ConcurrentFailures()
        for _ in 0..<3 {
            DispatchQueue.concurrentPerform(iterations: texts.count) { writer in
                do { try Publisher(directory: folder).writeText(texts[writer], to: "shared.csv") } catch { failures.add("\(error)") }
            }
            #expect(failures.all.isEmpty, "\(failures.all)")
            let written = try String(contentsOf: folder.appendingPathComponent("shared.csv"), encoding: .utf8)
            #expect(texts.contains(written), "the file mixes writers (\(written.utf8.count) bytes)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["shared.csv"])
        }
    }

    /// What lies at the old fixed temporary name (`.NAME.partial`), here a symlink to another
    /// file, is neither written through nor removed: the temporary file is always a new file.
    @Test func aSymlinkAtTheOldTemporaryNameIsNotFollowed() throws {
        let folder = Fixtures.temporaryFolder("publish-symlink")
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("keep me\n".utf8).write(to: victim)
        let link = folder.appendingPathComponent(".report.html.partial")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: victim)
        try Publisher(directory: folder).writeText("<p>report</p>\n", to: "report.html")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8) == "<p>report</p>\n")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == victim.path)
    }

    /// A failed write leaves no temporary file: here the folder is gone, so the temporary file
    /// cannot be created, and the error names the file.
    @Test func aWriteThatCannotStartLeavesNothingAndSaysWhy() throws {
        let folder = Fixtures.temporaryFolder("publish-missing").appendingPathComponent("gone")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        var message = ""
        do { try Publisher(directory: folder).writeText("x", to: "run_summary.json") } catch { message = "\(error)" }
        #expect(message.contains("run_summary.json"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}

/// Errors collected from concurrent writers.
final class ConcurrentFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []
    func add(_ failure: String) { lock.withLock { failures.append(failure) } }
    var all: [String] { lock.withLock { failures } }
}
