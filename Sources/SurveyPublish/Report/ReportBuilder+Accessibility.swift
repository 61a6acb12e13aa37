// The report's tables for keyboard and screen-reader users (issue 27 item 6), applied to the whole
// page once it is written, so that no section, today's or a later one, can forget it:
// - every table sits in a focusable region (`tabindex="0"`, `role="region"`) named after the
//   heading or summary that introduces it, so a keyboard user reaches it with Tab and scrolls a
//   wide table with the arrow keys, and a screen reader announces which table it is;
// - every header cell says what it heads: `scope="col"` in a row of header cells only,
//   `scope="row"` for a header cell that starts a row of data.
// The page is the report's own output (written by ReportBuilder a moment before), not input read
// from a sender. It is searched as UTF-8 bytes: the tags are ASCII, and a search through
// Foundation's `range(of:)` on the whole page (1.7 MB at 10,000 respondents) cost 0.4 s a run.

import SurveyModel

extension ReportBuilder {
    static func accessibleTables(_ body: String) -> String {
        let page = Array(body.utf8)
        return page.withUnsafeBufferPointer { bytes -> String in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + bytes.count / 20)
            var rest = 0
            var label = ""
            while let open = HTMLBytes.find("<table", in: bytes, from: rest) {
                result.append(contentsOf: bytes[rest..<open])
                label = lastLabel(in: bytes, rest..<open) ?? label
                guard let close = HTMLBytes.find("</table>", in: bytes, from: open + 6) else {
                    rest = open
                    break
                }
                let end = close + 8
                result.append(contentsOf: "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"".utf8)
                result.append(contentsOf: XMLText.escape(label, apostrophe: true).utf8)
                result.append(contentsOf: "\">".utf8)
                scoped(bytes, open..<end, into: &result)
                result.append(contentsOf: "</div>".utf8)
                rest = end
            }
            result.append(contentsOf: bytes[rest...])
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// The text of the last `<h2`, `<h3` or `<summary` in `html`, tags removed and entities
    /// left as they are (the caller escapes the result again: `&amp;` would double, so the
    /// common entities are decoded first).
    static func lastLabel(in html: Substring) -> String? {
        let bytes = Array(html.utf8)
        return bytes.withUnsafeBufferPointer { lastLabel(in: $0, 0..<$0.count) }
    }

    static func lastLabel(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        var best: (start: Int, end: Int)?
        for tag in ["<h2", "<h3", "<summary"] {
            if let found = HTMLBytes.findLast(tag, in: bytes, range), best.map({ found > $0.start }) ?? true {
                best = (found, found + tag.utf8.count)
            }
        }
        guard let (start, tagEnd) = best, let gt = HTMLBytes.find(">", in: bytes, from: tagEnd, to: range.upperBound) else { return nil }
        let closing = Array("</".utf8) + bytes[(start + 1)..<tagEnd] + Array(">".utf8)
        let stop = HTMLBytes.find(closing, in: bytes, from: gt + 1, to: range.upperBound) ?? range.upperBound
        var text: [UInt8] = []
        var inTag = false
        for byte in bytes[(gt + 1)..<stop] {
            if byte == UInt8(ascii: "<") { inTag = true } else if byte == UInt8(ascii: ">") { inTag = false } else if !inTag { text.append(byte) }
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = HTMLBytes.replacing(entity, with: character, in: text)
        }
        let words = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.isEmpty ? nil : words
    }

    /// `table` with `scope` on each header cell: a row with a data cell has row headers, a row of
    /// header cells only has column headers. A header cell that already says its scope keeps it
    /// (each attribute once: the earlier text replacements wrote `scope` twice into `<th>`).
    static func scoped(_ table: Substring) -> String {
        let bytes = Array(table.utf8)
        var result: [UInt8] = []
        bytes.withUnsafeBufferPointer { scoped($0, 0..<$0.count, into: &result) }
        return String(decoding: result, as: UTF8.self)
    }

    static func scoped(_ bytes: UnsafeBufferPointer<UInt8>, _ table: Range<Int>, into result: inout [UInt8]) {
        // The table split at each `<tr`: the part before the first row as it is, then each row.
        var next = HTMLBytes.find("<tr", in: bytes, from: table.lowerBound, to: table.upperBound)
        result.append(contentsOf: bytes[table.lowerBound..<(next ?? table.upperBound)])
        while let row = next {
            next = HTMLBytes.find("<tr", in: bytes, from: row + 3, to: table.upperBound)
            let end = next ?? table.upperBound
            let scope = Array((HTMLBytes.find("<td", in: bytes, from: row + 3, to: end) != nil ? " scope=\"row\"" : " scope=\"col\"").utf8)
            var copied = row
            var index = row
            while let cell = HTMLBytes.find("<th", in: bytes, from: index, to: end) {
                index = cell + 3
                guard index < end, bytes[index] == UInt8(ascii: ">") || bytes[index] == UInt8(ascii: " ") else { continue }
                let close = HTMLBytes.find(">", in: bytes, from: index, to: end) ?? end
                if HTMLBytes.find(" scope=", in: bytes, from: index, to: close) != nil { continue }
                result.append(contentsOf: bytes[copied..<index])
                result.append(contentsOf: scope)
                copied = index
            }
            result.append(contentsOf: bytes[copied..<end])
        }
    }
}

/// Byte searches in the report's own HTML (ASCII patterns).
enum HTMLBytes {
    static func find(_ pattern: String, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int? = nil) -> Int? {
        find(Array(pattern.utf8), in: bytes, from: from, to: to ?? bytes.count)
    }

    static func find(_ pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let first = pattern.first, to - from >= pattern.count else { return nil }
        var index = from
        let last = to - pattern.count
        while index <= last {
            if bytes[index] == first {
                var k = 1
                while k < pattern.count && bytes[index + k] == pattern[k] { k += 1 }
                if k == pattern.count { return index }
            }
            index += 1
        }
        return nil
    }

    static func findLast(_ pattern: String, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        let pattern = Array(pattern.utf8)
        guard range.count >= pattern.count else { return nil }
        var index = range.upperBound - pattern.count
        while index >= range.lowerBound {
            if bytes[index] == pattern[0] {
                var k = 1
                while k < pattern.count && bytes[index + k] == pattern[k] { k += 1 }
                if k == pattern.count { return index }
            }
            index -= 1
        }
        return nil
    }

    /// `text` with every occurrence of `pattern` (left to right, not overlapping) replaced.
    static func replacing<Bytes: Collection<UInt8>>(_ pattern: String, with replacement: String, in text: Bytes) -> [UInt8]
    where Bytes.Index == Int {
        let pattern = Array(pattern.utf8)
        let replacement = Array(replacement.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == pattern[0], text.endIndex - index >= pattern.count,
                text[index..<(index + pattern.count)].elementsEqual(pattern)
            {
                result.append(contentsOf: replacement)
                index += pattern.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }
}
