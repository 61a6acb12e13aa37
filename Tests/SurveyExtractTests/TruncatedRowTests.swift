import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

/// Issue 16 section 5: a CSV file cut short is not accepted as whole; line numbers are right
/// under every line-ending mix.
@Suite struct TruncatedRowTests {
    static let header = "country,round,ch3_specific_law,ch3_main_law,ch8_cert"

    /// The last row of a file without a final line end, with fewer cells than the header: cut.
    @Test(arguments: [1, 3, 64 * 1024])
    func aShortLastRowWithoutALineEndIsTruncated(_ chunkSize: Int) throws {
        let text = Self.header + "\nFRA,2026,yes,Loi 1,no\nDEU,2026,no,S"
        let (submissions, file) = extract(text, path: "cut.csv", chunkSize: chunkSize)
        #expect(submissions.count == 2)
        let cut = try #require(submissions.last)
        #expect(cut.diagnostics.map(\.code) == [.rowTruncated])
        #expect(cut.diagnostics.first?.location.line == 3)
        #expect(!file.diagnostics.contains { $0.code == .csvRaggedRow })
        let checked = rowTransformer.transform(file: submissions, format: file.file.format)
        #expect(checked.map(\.status) == [.accepted, .rejected])
        #expect(checked.dropFirst().first?.reason == .rowTruncated)
    }

    /// Ending inside an open double quote without a line end is a cut too (libcsv's strict end
    /// reports the open quote; the row is not lost as a malformed file).
    @Test func aLastRowEndingInsideAnOpenQuoteIsTruncated() throws {
        let text = Self.header + "\nFRA,2026,yes,Loi 1,no\nDEU,2026,no,\"Strafgesetz"
        let (submissions, file) = extract(text, path: "cut.csv")
        #expect(!file.diagnostics.contains { $0.code == .csvMalformed })
        let cut = try #require(submissions.last)
        #expect(submissions.count == 2)
        #expect(cut.diagnostics.map(\.code) == [.rowTruncated])
        let checked = rowTransformer.transform(file: submissions, format: file.file.format)
        #expect(checked.map(\.status) == [.accepted, .rejected])
    }

    /// A last row with every cell and no final line end is whole (many tools omit it).
    @Test func aFullLastRowWithoutALineEndIsWhole() {
        let text = Self.header + "\nFRA,2026,yes,Loi 1,no\nDEU,2026,no,StGB,yes"
        let (submissions, file) = extract(text, path: "whole.csv")
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.allSatisfy { $0.diagnostics.isEmpty })
        #expect(submissions.last?.answers.last?.values == ["yes"])
    }

    /// A short row elsewhere (not the cut end) keeps the ragged-row warning and is read.
    @Test(arguments: ["\nFRA,2026,yes\nDEU,2026,no,StGB,yes\n", "\nDEU,2026,no,StGB,yes\nFRA,2026,yes\n"])
    func aShortRowElsewhereIsRagged(_ rows: String) {
        let (submissions, file) = extract(Self.header + rows, path: "short.csv")
        #expect(file.diagnostics.map(\.code) == [.csvRaggedRow])
        #expect(submissions.count == 2)
        #expect(submissions.allSatisfy { $0.diagnostics.isEmpty })
    }

    /// A header ending in an empty name (a trailing comma) does not make full rows short.
    @Test func trailingEmptyHeaderCellsAreNotRequired() {
        let text = "country,round,ch8_cert,\nFRA,2026,yes\nDEU,2026,no"
        let (submissions, file) = extract(text, path: "trailing.csv")
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.allSatisfy { $0.diagnostics.isEmpty })
    }

    /// The long layout: the group of the cut row is rejected, not accepted without its value.
    @Test func aCutLongLayoutRowRejectsItsSubmission() throws {
        let text = "country,round,question_id,value\nFRA,2026,ch8_cert,yes\nDEU,2026,ch8_cert,no\nDEU,2026,ch3_specific"
        let (submissions, file) = extract(text, path: "long.csv")
        let checked = rowTransformer.transform(file: submissions, format: file.file.format)
        #expect(checked.map { "\($0.country ?? "?") \($0.status)" } == ["FRA accepted", "DEU rejected"])
        #expect(checked.dropFirst().first?.reason == .rowTruncated)
    }

    /// The issue's case: the demo's wide file cut 2000 bytes into its rows (`head -c`; the issue
    /// cut at 2000 bytes, when the header was shorter than questionnaire 2026.3's).
    @Test func theDemoWideFileCutAt2000Bytes() throws {
        let url = Fixtures.packageRoot.appendingPathComponent("Input/demo-2-wide.csv")
        let data = try Data(contentsOf: url)
        let header = try #require(data.firstIndex(of: UInt8(ascii: "\n")))
        let bytes = Array(data.prefix(header + 1 + 2000))
        let (submissions, file) = extractBytes(bytes, path: "cut.csv")
        let checked = rowTransformer.transform(file: submissions, format: file.file.format)
        let last = try #require(checked.last)
        #expect(last.status == .rejected && last.reason == .rowTruncated)
        #expect(checked.dropLast().allSatisfy { $0.status == .accepted })
    }
}

/// Line numbers under every line-ending mix: right, and never 0, at every chunk size.
@Suite struct LineEndingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var lines: [Int]
        var stray = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "LF", text: "country,round,ch8_cert\nFRA,2026,yes\nDEU,2026,no\n", lines: [2, 3]),
        Case(name: "CRLF", text: "country,round,ch8_cert\r\nFRA,2026,yes\r\nDEU,2026,no\r\n", lines: [2, 3]),
        Case(name: "CR (old Mac)", text: "country,round,ch8_cert\rFRA,2026,yes\rDEU,2026,no\r", lines: [2, 3]),
        Case(name: "LF, no final line end", text: "country,round,ch8_cert\nFRA,2026,yes\nDEU,2026,no", lines: [2, 3]),
        Case(name: "CR, no final line end", text: "country,round,ch8_cert\rFRA,2026,yes\rDEU,2026,no", lines: [2, 3]),
        Case(name: "LF and CRLF mixed", text: "country,round,ch8_cert\nFRA,2026,yes\r\nDEU,2026,no\n", lines: [2, 3]),
        Case(name: "blank lines", text: "country,round,ch8_cert\n\nFRA,2026,yes\n\r\nDEU,2026,no\n", lines: [3, 5]),
        Case(
            name: "CR inside an unquoted cell (LF)", text: "country,round,ch8_cert\nFRA,\r2026,yes\nDEU,2026,no\n", lines: [2, 3],
            stray: true),
        Case(
            name: "CR inside an unquoted cell (CRLF)", text: "country,round,ch8_cert\r\nFRA,20\r26,yes\r\nDEU,2026,no\r\n",
            lines: [2, 3], stray: true),
        Case(
            name: "LF inside quotes", text: "country,round,ch3_main_law,ch8_cert\nFRA,2026,\"Loi 1\nLoi 2\",yes\nDEU,2026,StGB,no\n",
            lines: [2, 4]),
        Case(
            name: "CRLF inside quotes",
            text: "country,round,ch3_main_law,ch8_cert\r\nFRA,2026,\"Loi 1\r\nLoi 2\",yes\r\nDEU,2026,StGB,no\r\n", lines: [2, 4]),
        Case(
            name: "CR inside quotes (LF file)",
            text: "country,round,ch3_main_law,ch8_cert\nFRA,2026,\"Loi 1\rLoi 2\",yes\nDEU,2026,StGB,no\n", lines: [2, 3]),
        Case(
            name: "CR inside quotes (CR file)",
            text: "country,round,ch3_main_law,ch8_cert\rFRA,2026,\"Loi 1\rLoi 2\",yes\rDEU,2026,StGB,no\r", lines: [2, 4]),
    ]

    @Test(arguments: cases)
    func rowsKnowTheirLine(_ example: Case) {
        for chunkSize in [1, 2, 3, 7, 64 * 1024] {
            let (submissions, file) = extract(example.text, path: "lines.csv", chunkSize: chunkSize)
            #expect(submissions.map { $0.location.line ?? 0 } == example.lines, "chunk \(chunkSize)")
            #expect(submissions.map { $0.country?.text } == ["FRA", "DEU"], "chunk \(chunkSize)")
            #expect(submissions.map { $0.round?.text } == ["2026", "2026"], "chunk \(chunkSize)")
            let lines = file.diagnostics.map { $0.location.line ?? 1 } + submissions.flatMap { $0.answers.map { $0.location.line ?? 0 } }
            #expect(lines.allSatisfy { $0 >= 1 }, "chunk \(chunkSize): \(lines)")
            let strays = file.diagnostics.filter { $0.code == .csvStrayCarriageReturn }
            #expect(strays.count == (example.stray ? 1 : 0), "chunk \(chunkSize): \(file.diagnostics)")
            if example.stray { #expect(strays.first?.location.line == 2) }
            #expect(file.diagnostics.allSatisfy { $0.code == .csvStrayCarriageReturn }, "chunk \(chunkSize): \(file.diagnostics)")
        }
    }

    /// The issue's case: `FRA,\r2026,yes` is one accepted submission with one warning, not two
    /// rejected ones (one at line 0).
    @Test func aStrayCRGivesOneSubmission() {
        let (submissions, file) = extract("country,round,ch8_cert\nFRA,\r2026,yes\n", path: "cr.csv")
        let checked = rowTransformer.transform(file: submissions, format: file.file.format)
        #expect(checked.map(\.status) == [.accepted])
        #expect(checked.first?.round == "2026")
        #expect(file.diagnostics.map(\.code) == [.csvStrayCarriageReturn])
    }
}

/// The column limit says how many cells it saw, not "more".
@Suite struct CSVLimitMessageTests {
    @Test func aCSVRowOverTheColumnLimitGivesItsCount() throws {
        let text = "country,a,b,c,d,e\nFRA,1,2,3,4,5\n"
        let file = Extractor(limits: InputLimits(maxColumns: 3)).extract(bytes: Array(text.utf8), path: "a.csv") { _ in }
        let diagnostic = try #require(file.diagnostics.first { $0.code == .csvTooManyColumns })
        #expect(diagnostic.found?.hasPrefix("4 cells or more") == true, "\(diagnostic)")
        #expect(diagnostic.location.line == 1)
    }

}

private let rowTransformer = Transformer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: Fixtures.rounds)
