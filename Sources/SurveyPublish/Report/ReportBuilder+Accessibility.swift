// The report's tables for keyboard and screen-reader users (issue 27 item 6), applied to the whole
// page once it is written, so that no section, today's or a later one, can forget it:
// - every table sits in a focusable region (`tabindex="0"`, `role="region"`) named after the
//   heading or summary that introduces it, so a keyboard user reaches it with Tab and scrolls a
//   wide table with the arrow keys, and a screen reader announces which table it is;
// - every header cell says what it heads: `scope="col"` in a row of header cells only,
//   `scope="row"` for a header cell that starts a row of data.
// The page is the report's own output (written by ReportBuilder a moment before), not input read
// from a sender.

import Foundation
import SurveyModel

extension ReportBuilder {
    static func accessibleTables(_ body: String) -> String {
        var result = ""
        result.reserveCapacity(body.utf8.count + body.utf8.count / 20)
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

    /// The text of the last `<h2>`, `<h3>` or `<summary>` in `html`, tags removed and entities
    /// left as they are (the caller escapes the result again: `&amp;` would double, so the
    /// common entities are decoded first).
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

    /// `table` with `scope` on each header cell: a row with a data cell has row headers, a row of
    /// header cells only has column headers.
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
