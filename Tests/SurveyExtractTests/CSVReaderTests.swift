import Foundation
import SurveyExtract
import SurveyModel
import Testing

@Suite struct CSVReaderTests {
    @Test func wideLayoutOneRowPerSubmission() throws {
        let text = "country,round,_note,ch3_specific_law,ch8_cert\nFRA,2026,demo,yes,\nBrésil,,demo,\"no\",Oui\n"
        let (submissions, file) = extract(text, path: "wide.csv")
        #expect(file.diagnostics.isEmpty)
        #expect(file.file.format == .wideCSV)
        #expect(submissions.count == 2)
        let first = try #require(submissions.first)
        #expect(first.country?.text == "FRA")
        #expect(first.round?.text == "2026")
        #expect(first.answers.map(\.field) == ["ch3_specific_law"])  // empty cells are not answers; _note is not
        #expect(first.answers[0].location == SourceLocation(file: "wide.csv", line: 2, column: 4))
        #expect(submissions[1].location.line == 3)
        #expect(submissions[1].answers.map(\.values) == [["no"], ["Oui"]])
    }

    @Test func longLayoutGroupsRowsByCountryAndRound() throws {
        let text = """
            country,round,question_id,value
            FRA,2026,ch3_specific_law,yes
            DEU,2026,ch3_specific_law,no
            FRA,2026,ch3_instruments,budapest
            FRA,2026,ch3_instruments,un_convention
            FRA,2013,ch3_specific_law,draft

            """
        let (submissions, file) = extract(text, path: "long.csv")
        #expect(file.diagnostics.isEmpty)
        #expect(file.file.format == .longCSV)
        #expect(submissions.map { "\($0.country!.text)/\($0.round!.text)" } == ["FRA/2026", "DEU/2026", "FRA/2013"])
        #expect(submissions[0].answers.map(\.field) == ["ch3_specific_law", "ch3_instruments", "ch3_instruments"])
        #expect(submissions[0].answers[2].location.line == 5)
        #expect(submissions[0].location.line == 2)
    }

    @Test func semicolonsBOMAndCRLF() {
        let text = "\u{FEFF}country;ch3_specific_law\r\nFRA;\"Oui; vraiment\"\r\nDEU;Nein\r\n"
        let (submissions, file) = extract(text, path: "excel.csv")
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.map { $0.country?.text } == ["FRA", "DEU"])
        #expect(submissions.first?.answers.first?.values == ["Oui; vraiment"])
        #expect(submissions[1].location.line == 3)
    }

    @Test func quotedNewlinesKeepTheirText() {
        let text = "country,ch3_main_law\nFRA,\"Loi 1\nLoi 2\"\nDEU,StGB\n"
        let (submissions, _) = extract(text, path: "a.csv")
        #expect(submissions.first?.answers.first?.values == ["Loi 1\nLoi 2"])
        #expect(submissions.map { $0.country?.text } == ["FRA", "DEU"])
        #expect(submissions[1].location.line == 4)
    }

    /// Blank lines between rows are counted without a call into libcsv each (a file of 250 MB of
    /// newlines made 262 million calls); inside a quoted cell they are text. Same result at every
    /// chunk size, so a blank line cut from its row's end is handled too.
    @Test func blankLinesAreCountedAndQuotedOnesKept() {
        let text = "country,ch3_main_law\n\n\nFRA,\"a\n\n\r\nb\"\r\n\r\n\r\nDEU,x\n" + String(repeating: "\n", count: 1000) + "KEN,\"\"\n\r\n"
        let (submissions, file) = extract(text, path: "blank.csv")
        #expect(file.diagnostics.isEmpty, "\(file.diagnostics.map(\.message))")
        #expect(submissions.map { $0.country?.text } == ["FRA", "DEU", "KEN"])
        #expect(submissions.first?.answers.first?.values == ["a\n\n\r\nb"])
        #expect(submissions.map(\.location.line) == [4, 10, 1011])
        for chunkSize in [1, 2, 3, 7] {
            #expect(extract(text, path: "blank.csv", chunkSize: chunkSize).0 == submissions, "chunk size \(chunkSize)")
        }
    }

    @Test func sameResultWhateverTheChunkSize() {
        let text = "country,round,ch3_specific_law,ch3_main_law\nFRA,2026,yes,\"a, b\"\nDEU,2026,no,\"c\"\"d\"\n"
        let (big, _) = extract(text, path: "a.csv")
        let (small, _) = extract(text, path: "a.csv", chunkSize: 5)
        #expect(big == small)
        #expect(big.count == 2)
    }

    @Test func missingCountryColumnStopsTheFile() {
        let (submissions, file) = extract("nation,ch3_specific_law\nFRA,yes\n", path: "a.csv")
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.map(\.code) == [.csvMissingColumn])
    }

    @Test func longLayoutNeedsAValueColumn() {
        let (_, file) = extract("country,question_id\nFRA,ch8_cert\n", path: "a.csv")
        #expect(file.diagnostics.map(\.code) == [.csvMissingColumn])
    }

    @Test func unterminatedQuoteIsMalformed() throws {
        let (_, file) = extract("country,ch3_main_law\nFRA,\"never closed\n", path: "a.csv")
        let diagnostic = try #require(file.diagnostics.first { $0.code == .csvMalformed })
        #expect(diagnostic.location.line != nil)
    }

    @Test func raggedRowsAndDuplicateColumnsAreReported() {
        let (submissions, file) = extract("country,ch8_cert,ch8_cert\nFRA,yes,no,extra\n", path: "a.csv")
        #expect(Set(file.diagnostics.map(\.code)) == [.csvRaggedRow, .csvDuplicateColumn])
        #expect(submissions.first?.answers.map(\.values) == [["yes"]])  // the first of two same-named columns
    }

    @Test func invalidUTF8IsReportedNotFatal() {
        var bytes = Array("country,ch3_main_law\nFRA,Loi ".utf8)
        bytes += [0xE9, 0x0A]  // Latin-1 é, no declaration: read as Windows-1252 with a warning
        let (submissions, file) = extractBytes(bytes, path: "a.csv")
        #expect(file.diagnostics.map(\.code) == [.encodingFallback])
        #expect(file.diagnostics.first?.found == "windows-1252")
        #expect(submissions.count == 1)
        #expect(submissions.first?.answers.first?.values == ["Loi é"])
    }

    @Test func headerWithoutRowsSaysSo() {
        let (_, file) = extract("country,ch8_cert\n", path: "a.csv")
        #expect(file.diagnostics.map(\.code) == [.csvNoRows])
    }

    @Test func emptyFileIsUnreadable() {
        let (_, file) = extract("", path: "a.csv")
        #expect(file.isUnreadable)
    }
}
