import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing

/// The `.xlsx` reader's own rules: cell types, dates in both systems, merged cells, hidden sheets
/// and rows, which sheets hold answers, wide or transposed, limits, and cells named in every
/// diagnostic.
@Suite struct XLSXReaderTests {
    typealias Cell = XLSXSamples.Cell
    typealias Sheet = XLSXSamples.Sheet
    static let reader = ReaderConformance(XLSXReader(), write: XLSXSamples.wide)

    func read(_ sheets: [Sheet], date1904: Bool = false, doctype: Bool = false, limits: InputLimits = InputLimits())
        -> ReaderConformance.Reading
    {
        Self.reader.read(XLSXSamples.workbook(sheets, date1904: date1904, doctype: doctype), limits: limits)
    }

    func answers(_ submission: RawSubmission) -> [String: String] {
        Dictionary(submission.answers.map { ($0.field, $0.values.joined(separator: "|")) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func everyCellTypeReadsAsText() throws {
        let reading = read([
            Sheet(
                "Réponses",
                rows: [
                    ["country", "round", "a", "b", "c", "d", "e", "f", "g", "h"].map { .text($0) },
                    [
                        .inline("BRA"), .number("2026"), .rich(["Loi ", "n° 12", ".737"]), .number("12.5"), .number("2.015E3"),
                        .date(46096), .date(46096.5), .bool(true), .formula("CONCAT(\"y\",\"es\")", cached: "yes"), .error("#N/A"),
                    ],
                ])
        ])
        let submission = try #require(reading.submissions.first)
        #expect(submission.country?.text == "BRA")
        #expect(
            answers(submission) == [
                "a": "Loi n° 12.737", "b": "12.5", "c": "2015", "d": "2026-03-15", "e": "2026-03-15T12:00:00", "f": "true", "g": "yes",
            ])
        let error = try #require(reading.file.diagnostics.first { $0.code == .xlsxCellError })
        #expect(error.location.description == "sample.xlsx:Réponses!J2")
        #expect(error.found?.contains("#N/A") == true)
        #expect(submission.answers.first { $0.field == "d" }?.location.cellReference == "Réponses!F2")
        #expect(reading.file.file.format == .xlsxWide && submission.format == .xlsxWide)
    }

    /// The 1900 system counts 29 February 1900 (serial 60); the 1904 system counts from 1904.
    @Test func datesInBothSystems() {
        #expect(XLSXDates.date(1, date1904: false) == "1900-01-01")
        #expect(XLSXDates.date(59, date1904: false) == "1900-02-28")
        #expect(XLSXDates.date(60, date1904: false) == "1900-02-29")
        #expect(XLSXDates.date(61, date1904: false) == "1900-03-01")
        #expect(XLSXDates.date(46096, date1904: false) == "2026-03-15")
        #expect(XLSXDates.date(0, date1904: true) == "1904-01-01")
        #expect(XLSXDates.date(44634, date1904: true) == "2026-03-15")
        #expect(XLSXDates.date(0.75, date1904: false) == "18:00:00")
        let reading = read([Sheet("S", rows: [[.text("country"), .text("d")], [.text("KEN"), .date(44634)]])], date1904: true)
        #expect(reading.submissions.first.map(answers) == ["d": "2026-03-15"])
        #expect(XLSXDates.isDateFormat("dd/mm/yyyy\\ hh:mm") && XLSXDates.isDateFormat("[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"))
        #expect(!XLSXDates.isDateFormat("General") && !XLSXDates.isDateFormat("0.00E+00") && !XLSXDates.isDateFormat("#,##0.0\\ \"days\""))
        #expect(!XLSXDates.isDateFormat("[Red]0.0"))
    }

    /// Hidden sheets and sheets without a country column are reported, not read; hidden rows are
    /// read and reported; title rows above the header are skipped as in CSV.
    @Test func sheetsAndRows() throws {
        let reading = read([
            Sheet("Notes", rows: [[.text("Read me first")]]),
            Sheet("Draft", rows: [[.text("country"), .text("ch3_specific_law")], [.text("DEU"), .text("no")]], hidden: true),
            Sheet(
                // Two countries, one question: the round header says the sheet is wide.
                "Answers",
                rows: [
                    [.text("Title")], [.text("pays"), .text("round"), .text("ch3_specific_law")], [.text("FRA"), .number("2026"), .text("yes")],
                    [.text("BEL"), .number("2026"), .text("no")],
                ],
                hiddenRows: [4]),
        ])
        #expect(reading.submissions.map { $0.country?.text } == ["FRA", "BEL"])
        #expect(reading.submissions.map(\.ordinal) == [1, 2])
        let places = reading.file.diagnostics.map { "\($0.code.rawValue)@\($0.location)" }
        #expect(places.contains("xlsx-sheet-ignored@sample.xlsx:Notes"))
        #expect(places.contains("xlsx-sheet-ignored@sample.xlsx:Draft"))
        #expect(places.contains("xlsx-hidden-rows@sample.xlsx:Answers!4:4"))
        #expect(places.contains("csv-title-rows@sample.xlsx:Answers!1:1"))
        #expect(reading.file.diagnostics.allSatisfy { $0.severity != .error })

        let none = read([Sheet("Notes", rows: [[.text("nothing here")]])])
        #expect(none.submissions.isEmpty)
        #expect(none.file.diagnostics.contains { $0.code == .csvMissingColumn && $0.severity == .error })
        #expect(none.file.file.format == .unknown)
    }

    /// Several answer sheets: ordinals run on through the file.
    @Test func severalAnswerSheets() {
        let reading = read([
            Sheet("A", rows: [[.text("country"), .text("ch3_specific_law")], [.text("FRA"), .text("yes")]]),
            Sheet("B", rows: [[.text("country"), .text("ch3_specific_law")], [.text("BEL"), .text("no")]]),
        ])
        #expect(reading.submissions.map(\.ordinal) == [1, 2])
        #expect(reading.submissions.map { $0.location.sheet } == ["A", "B"])
    }

    /// A merged header spans its columns: the cells under it are one answer's values; a merged
    /// title above the header is skipped.
    @Test func mergedCells() throws {
        let reading = read([
            Sheet(
                "S",
                rows: [
                    [.text("Questionnaire"), nil, nil, nil],
                    [.text("country"), .text("ch3_instruments"), nil, .text("ch3_specific_law")],
                    [.text("KEN"), .text("budapest"), .text("malabo"), .text("yes")],
                ], merges: ["A1:D1", "B2:C2"])
        ])
        let submission = try #require(reading.submissions.first)
        #expect(answers(submission) == ["ch3_instruments": "budapest; malabo", "ch3_specific_law": "yes"])
        let accepted = Self.reader.accept(reading)
        #expect(accepted.first?.status == .accepted)
        #expect(accepted.first?.answers.contains { $0.questionID == "ch3_instruments" } == true)
    }

    /// Questions as rows, a column per country: detected by the round label below the country
    /// label, or by the shape (more filled below than right).
    @Test func transposedSheets() throws {
        let withRound = read([
            Sheet(
                "S",
                rows: [
                    [.text("country"), .text("KEN"), .text("FRA")],
                    [.text("round"), .number("2026"), .number("2026")],
                    [.text("ch3_specific_law"), .text("yes"), .text("partly")],
                ])
        ])
        #expect(withRound.file.file.format == .xlsxTransposed)
        #expect(withRound.submissions.map { $0.country?.text } == ["KEN", "FRA"])
        let france = try #require(withRound.submissions.last)
        #expect(france.answers.first?.location.cellReference == "S!C3")
        #expect(france.location.cellReference == "S!C1")
        #expect(answers(france) == ["ch3_specific_law": "partly"])

        let byShape = read([
            Sheet("S", rows: [[.text("Pays"), .text("Kenya")], [.text("ch3_specific_law"), .text("yes")], [.text("ch3_reform_year"), .number("2019")]])
        ])
        #expect(byShape.file.file.format == .xlsxTransposed)
        #expect(byShape.submissions.first.map(answers) == ["ch3_specific_law": "yes", "ch3_reform_year": "2019"])

        // Declared wide, the same sheet is read as a row per country.
        let declared = Self.reader.read(
            XLSXSamples.workbook([Sheet("S", rows: [[.text("Pays"), .text("Kenya")], [.text("ch3_specific_law"), .text("yes")]])]),
            options: ReadOptions(format: .xlsxWide))
        #expect(declared.file.file.format == .xlsxWide)
        #expect(declared.submissions.first?.country?.text == "ch3_specific_law")
    }

    /// A wide sheet cannot carry repeats: a repeat column is reported once, as in the wide CSV.
    @Test func repeatColumnsAreReportedLikeTheWideCSV() {
        let reading = read([
            Sheet("S", rows: [[.text("country"), .text("ch3_specific_law"), .text("laws/title")], [.text("KEN"), .text("yes"), .text("Act 2018")]])
        ])
        let accepted = Self.reader.accept(reading)
        #expect(accepted.first?.status == .accepted)
        #expect(accepted.flatMap(\.diagnostics).contains { $0.code == .answerInRepeat })
    }

    /// DOCTYPE refused in a part; too many cells and cells past the column limit refuse the file.
    @Test func hostileWorkbooksAreRefused() {
        let sheet = Sheet("S", rows: [[.text("country"), .text("ch3_specific_law")], [.text("KEN"), .text("yes")]])
        let doctype = read([sheet], doctype: true)
        #expect(doctype.submissions.isEmpty)
        #expect(doctype.file.diagnostics.map(\.code) == [.xmlDoctypeForbidden])

        var cells = InputLimits()
        cells.maxCells = 3
        let many = read([sheet], limits: cells)
        #expect(many.submissions.isEmpty)
        #expect(many.file.diagnostics.map(\.code) == [.xlsxTooManyCells])
        #expect(many.file.diagnostics.first?.location.cellReference == "S!B2")

        let notAWorkbook = Self.reader.read(Array("country,round\nKEN,2026\n".utf8))
        #expect(notAWorkbook.file.diagnostics.map(\.code) == [.fileUnreadable])
        let zipWithoutWorkbook = Self.reader.read(try! ZipSamples.archive([(name: "a.csv", bytes: Array("x".utf8), deflate: true)]))
        #expect(zipWithoutWorkbook.file.diagnostics.first?.detail?.contains("xl/workbook.xml") == true)
    }

    @Test func cellReferences() {
        #expect(SourceLocation(file: "a.xlsx", line: 7, column: 3, sheet: "Réponses").description == "a.xlsx:Réponses!C7")
        #expect(SourceLocation(file: "a.xlsx", line: 2, column: 28, sheet: "Sheet 2").cellReference == "'Sheet 2'!AB2")
        #expect(SourceLocation(file: "a.xlsx", line: 7, column: 3).description == "a.xlsx:7:3")
    }
}
