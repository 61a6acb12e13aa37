// The report's print stylesheet (issue 27, item 5): in every report's <style>, a page break before
// each chapter, charts and tables kept whole, navigation left out, collapsed details printed open,
// links plain; and the `@page` running header with the round and the date of the data. The PDF
// Chromium prints from it is checked end to end in ReportPDFTests.
import Foundation
import SurveyModel
@testable import SurveyPublish
import SurveyTestSupport
import Testing

@Suite struct ReportPrintTests {
    static func input(_ language: Language = .en) -> ReportInput {
        let statistics = [
            ShareStatistic(
                round: "2026", chapter: .legislation, questionID: "ch3_specific_law", option: "yes", group: .world, nResponding: 40,
                nOption: 30, percent: 75, ciLow: 60, ciHigh: 86, flag: .normal)
        ]
        return ReportInput(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, language: language, statistics: statistics,
            progress: [], priorities: [], groupPriorities: [], model: nil, countriesByRound: [("2022", 30), ("2026", 40)], run: nil,
            diagnostics: [])
    }

    /// The page's `<style>` element's text.
    static func style(_ html: String) throws -> String {
        let open = try #require(html.range(of: "<style>"))
        let close = try #require(html.range(of: "</style>", range: open.upperBound..<html.endIndex))
        return String(html[open.upperBound..<close.lowerBound])
    }

    @Test func thePrintStylesheetIsInTheReport() throws {
        let html = ReportBuilder(input: Self.input()).html
        let style = try Self.style(html)
        let print = try #require(style.range(of: "@media print{").map { String(style[$0.lowerBound...]) })
        // A page break before each chapter (and each section after the chapters).
        #expect(print.contains("section.chapter,#legislation,#progress,#priorities,#appendix{break-before:page}"))
        // Charts and tables not split where they fit; headings kept with what follows.
        #expect(print.contains("svg.chart,table,tr,.legend,figure{break-inside:avoid}"))
        #expect(print.contains("h2,h3{break-after:avoid}"))
        // Navigation left out, links plain, collapsed data tables printed open.
        #expect(print.contains("nav{display:none}a{color:inherit;text-decoration:none}"))
        #expect(print.contains("details::details-content{content-visibility:visible;display:block}"))
        // The chapters the stylesheet breaks before are what the report calls chapters.
        #expect(html.contains("<section class=\"chapter\" id=\"chapter-3\">"))
        // The running header and page numbers: @page margin boxes.
        #expect(style.contains("@page{size:A4;"))
        #expect(style.contains("@top-center{content:\"Round 2026\";"), "the latest round, no date without one")
        #expect(style.contains("@bottom-center{content:counter(page) \" / \" counter(pages);"))
        // Every report has it: the screen stylesheet is left as it was outside print.
        #expect(!style.replacingOccurrences(of: ReportBuilder.printCSS, with: "").contains("@media print"))
    }

    @Test func theRunningHeaderNamesTheRoundTheDateAndTheEdition() throws {
        var input = Self.input()
        input.dataDate = "2026-05-31"
        #expect(try Self.style(ReportBuilder(input: input).html).contains("@top-center{content:\"Round 2026 · data as of 2026-05-31\";"))
        input.edition = .internal
        let internalHeader = try Self.style(ReportBuilder(input: input).html)
        #expect(internalHeader.contains("@top-center{content:\"Survey of national cybercrime legislation: results — internal edition · Round 2026 · data as of 2026-05-31\";"))
        // In Arabic the round and the date are isolated left to right inside the header.
        var arabic = Self.input(.ar)
        arabic.dataDate = "2026-05-31"
        let style = try Self.style(ReportBuilder(input: arabic).html)
        #expect(style.contains("@top-center{content:\"الجولة \u{2066}2026\u{2069} · البيانات حتى \u{2066}2026-05-31\u{2069}\";"))
        // French words.
        var french = Self.input(.fr)
        french.dataDate = "2026-05-31"
        #expect(try Self.style(ReportBuilder(input: french).html).contains("content:\"Cycle 2026 · données au 2026-05-31\";"))
    }

    @Test func theHeaderTextIsAQuotedCSSStringThatCannotCloseTheStyle() {
        #expect(ReportBuilder.cssString("plain") == "\"plain\"")
        #expect(ReportBuilder.cssString("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(ReportBuilder.cssString("</style><script>") == "\"\\3c /style>\\3c script>\"")
        #expect(ReportBuilder.cssString("two\nlines") == "\"two\\a lines\"")
        #expect(ReportBuilder.cssString("two\r\nlines") == "\"two\\a lines\"", "CR LF is one Character in Swift")
        // A round id with a quote (round ids are free text in a pipeline file) stays inside the string.
        var input = Self.input()
        input.countriesByRound = [("20\"26</style>", 40)]
        input.statistics = input.statistics.map { var row = $0; row.round = "20\"26</style>"; return row }
        let html = ReportBuilder(input: input).html
        #expect(html.components(separatedBy: "</style>").count == 2, "one </style>: the element's own")
        #expect(html.contains("content:\"Round 20\\\"26\\3c /style>\";"))
    }
}
