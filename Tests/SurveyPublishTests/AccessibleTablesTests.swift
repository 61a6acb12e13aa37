// The report's accessible tables (ReportBuilder+Accessibility.swift) are made by searching the
// page's UTF-8 bytes. These tests compare them with the Foundation string searches they replaced
// (kept here as the reference) on generated pages: tables with and without rows of data, headings
// and summaries before them, entities, tags inside headings, white space of every kind, text in
// every script of the report's languages, a table never closed. One difference, on purpose: the
// reference wrote `scope` twice into every `<th>` (its second replacement matched the first's
// output); the byte search writes it once and leaves a scope already written alone.
import Foundation
import SurveyModel
@testable import SurveyPublish
import SurveyTestSupport
import Testing

@Suite struct AccessibleTablesTests {
    /// The implementation before the byte search (Foundation's `range(of:)`), as it was.
    enum Reference {
        /// Its page with each doubled `scope` written once.
        static func fixed(_ body: String) -> String {
            accessibleTables(body).replacingOccurrences(of: #"scope="col" scope="col""#, with: #"scope="col""#)
                .replacingOccurrences(of: #"scope="row" scope="row""#, with: #"scope="row""#)
        }

        static func accessibleTables(_ body: String) -> String {
            var result = ""
            var rest = body[...]
            var label = ""
            while let open = rest.range(of: "<table") {
                let before = rest[..<open.lowerBound]
                result += before
                label = lastLabel(in: before) ?? label
                guard let close = rest.range(of: "</table>", range: open.upperBound..<rest.endIndex) else {
                    rest = rest[open.lowerBound...]
                    break
                }
                let table = rest[open.lowerBound..<close.upperBound]
                result += "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"\(XMLText.escape(label, apostrophe: true))\">"
                result += scoped(table)
                result += "</div>"
                rest = rest[close.upperBound...]
            }
            result += rest
            return result
        }

        static func lastLabel(in html: Substring) -> String? {
            var best: Range<Substring.Index>?
            for tag in ["<h2", "<h3", "<summary"] {
                if let found = html.range(of: tag, options: .backwards), best.map({ found.lowerBound > $0.lowerBound }) ?? true { best = found }
            }
            guard let start = best, let end = html[start.upperBound...].range(of: ">") else { return nil }
            let name = html[html.index(after: start.lowerBound)..<start.upperBound]
            let content = html[end.upperBound...]
            let stop = content.range(of: "</\(name)>")?.lowerBound ?? content.endIndex
            var text = ""
            var inTag = false
            for character in content[..<stop] {
                if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
            }
            for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
                text = text.replacingOccurrences(of: entity, with: character)
            }
            text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return text.isEmpty ? nil : text
        }

        static func scoped(_ table: Substring) -> String {
            var rows = table.components(separatedBy: "<tr")
            for index in rows.indices.dropFirst() {
                let scope = rows[index].contains("<td") ? "row" : "col"
                rows[index] = rows[index].replacingOccurrences(of: "<th>", with: "<th scope=\"\(scope)\">")
                    .replacingOccurrences(of: "<th ", with: "<th scope=\"\(scope)\" ")
            }
            return rows.joined(separator: "<tr")
        }
    }

    static let pieces = [
        "<table>", "<table class=\"wide\">", "</table>", "<tr>", "<tr class=\"x\">", "</tr>", "<th>", "<th class=\"num\">",
        "</th>", "<td>", "<td class=\"num\">", "</td>", "<thead>", "</thead>", "<h2>", "<h2 id=\"ch3\">", "</h2>", "<h3>",
        "</h3>", "<summary>", "</summary>", "<details>", "</details>", "<p>", "</p>", "<span class=\"n\">", "</span>",
        "<h4>", "</h4>", "<thx>", "<trx>", "<tdx>",
        "Legislation", "Côte d’Ivoire", "Türkiye", "الجريمة السيبرانية", "网络犯罪", "Киберпреступность", "Número",
        "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&amp;lt;", "&", "<", ">", "A &amp; B", "50%", "n = 193",
        " ", "  ", "\n", "\t", "\u{00A0}", "\u{2003}", "\u{200F}", "1", "22.5", "\"", "'",
    ]

    static func page(_ random: inout SplitMix64, length: Int) -> String {
        var text = ""
        for _ in 0..<length { text += pieces[Int(random.next() % UInt64(pieces.count))] }
        return text
    }

    @Test func byteSearchWritesWhatFoundationsSearchWrote() {
        var random = SplitMix64(seed: 27)
        var wrapped = 0
        var doubled = 0
        for round in 0..<400 {
            let body = Self.page(&random, length: 20 + round % 180)
            let made = ReportBuilder.accessibleTables(body)
            #expect(made == Reference.fixed(body), "\(body.debugDescription)")
            #expect(!made.contains(#"" scope="#), "\(made)")
            if made.contains("table-wrap") { wrapped += 1 }
            if Reference.accessibleTables(body).contains(#"" scope="#) { doubled += 1 }
        }
        #expect(wrapped > 200)
        #expect(doubled > 50, "the reference doubled the scope of \(doubled) pages")
    }

    @Test func aReportLikePage() {
        let body = """
            <h2 id="ch3">Chapter 3 &amp; <span class="n">criminalisation</span></h2>
            <p>Text</p><table><thead><tr><th>State</th><th class="num">n</th></tr></thead>
            <tr><th>Côte d’Ivoire</th><td class="num">1</td></tr><tr><th scope="colgroup">All</th></tr></table>
            <details><summary>Details &lt;all&gt;</summary><table><tr><th>A</th></tr></table></details>
            <table><tr><td>no heading between</td></tr></table><table><tr><th>never closed
            """
        let made = ReportBuilder.accessibleTables(body)
        #expect(made == Reference.fixed(body).replacingOccurrences(of: #"<th scope="col" scope="colgroup">"#, with: #"<th scope="colgroup">"#))
        #expect(made.contains(#"aria-label="Chapter 3 &amp; criminalisation"><table><thead><tr><th scope="col">State</th><th scope="col" class="num">"#))
        #expect(made.contains(#"<tr><th scope="row">Côte d’Ivoire</th>"#))
        #expect(made.contains(#"aria-label="Details &lt;all&gt;"><table><tr><th scope="col">A</th>"#))
        #expect(made.contains(#"<tr><th scope="colgroup">All</th></tr>"#), "a scope already written is kept")
        #expect(made.hasSuffix("<table><tr><th>never closed"))
    }
}
