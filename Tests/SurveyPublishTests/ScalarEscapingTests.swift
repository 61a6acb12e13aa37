// Quotes and separators are looked for as Unicode scalars wherever a text is quoted for another
// language (formulas, cell references, XPath, CSS, Markdown): a quote followed by a combining mark
// is another `Character`, and CR LF is one, so searches by character or through Foundation's
// `replacingOccurrences` (which compares characters) left such a quote single or a line break raw.
import Foundation
import SurveyModel
import Testing

@testable import SurveyForms
@testable import SurveyPublish

@Suite struct ScalarEscapingTests {
    let acute = "\u{0301}"

    @Test func sheetNamesInFormulasAndReferences() {
        #expect(XLSXWorkbook.quotedSheet("l'\(acute)État") == "'l''\(acute)État'")
        #expect(SourceLocation(file: "f.xlsx", line: 3, column: 2, sheet: "l'\(acute)État").cellReference == "'l''\(acute)État'!B3")
        #expect(SourceLocation(file: "f.xlsx", line: 3, column: 2, sheet: "Réponses").cellReference == "Réponses!B3")
    }

    @Test func xpathLiterals() {
        #expect(XLSFormWriter.xpathLiteral("l'\(acute)x") == "\"l'\(acute)x\"")
        #expect(XLSFormWriter.xpathLiteral("a'\(acute)\"b") == #"concat('a', "'", '\#(acute)"b')"#)
        #expect(XLSFormWriter.xpathLiteral("plain") == "'plain'")
    }

    @Test func cssStrings() {
        #expect(ReportBuilder.cssString("a\"\(acute)b") == "\"a\\\"\(acute)b\"")
        #expect(ReportBuilder.cssString("one\r\ntwo\nthree<") == "\"one\\a two\\a three\\3c \"")
    }

    @Test func markdownCells() {
        #expect(TableDocumentation.cell("a\r\nb|\(acute)c") == "a b\\|\(acute)c")
        #expect(TableDocumentation.cell("x\ny\rz") == "x y z")
    }
}
