/// Text escaped for XML 1.0 (and HTML) content and attribute values, for every file LegiSurvey
/// writes as markup: the XLSForm workbook's parts, the SDMX-ML structure, the report and the
/// sample XML submissions. One place, so a fix to one escaping is a fix to all.
public enum XMLText {
    /// `&`, `<`, `>` and `"` as entities (and `'` as `&#39;` when `apostrophe`, for HTML
    /// attributes that may be single-quoted); the characters XML 1.0 forbids (C0 controls other
    /// than tab, LF and CR; U+FFFE, U+FFFF) are dropped.
    public static func escape(_ value: String, apostrophe: Bool = false) -> String {
        // Most values (a code, a number, a name) need nothing: one pass over the bytes finds
        // out, and the value is returned as it is. A byte below 0x20, one of the special
        // characters, or 0xEF (the lead byte of U+FFFE and U+FFFF, among others) takes the
        // scalar-by-scalar path below.
        if !needsEscape(value, apostrophe: apostrophe) { return value }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 32)
        appendEscapedBytes(value, to: &bytes, apostrophe: apostrophe)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``escape(_:apostrophe:)``'s UTF-8 appended to `bytes`, without the escaped string in
    /// between (the workbook's sheets are hundreds of megabytes of cells).
    public static func appendEscaped(_ value: String, to bytes: inout [UInt8], apostrophe: Bool = false) {
        if !needsEscape(value, apostrophe: apostrophe) {
            bytes.append(contentsOf: value.utf8)
            return
        }
        appendEscapedBytes(value, to: &bytes, apostrophe: apostrophe)
    }

    /// The escaping over UTF-8 bytes: runs with nothing to escape copied whole, an entity for each
    /// special character, the forbidden characters left out (a C0 control is one byte; U+FFFE and
    /// U+FFFF are `EF BF BE` and `EF BF BF`, and `EF` never starts anything else in those two
    /// bytes: UTF-8 is valid in a `String`). Scalar by scalar into a `String` before, a third of
    /// writing a table of long diagnostic messages.
    static func appendEscapedBytes(_ value: String, to out: inout [UInt8], apostrophe: Bool) {
        var value = value
        value.withUTF8 { bytes in
            let count = bytes.count
            var start = 0
            var i = 0
            func flush(upTo end: Int) {
                if end > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end])) }
            }
            while i < count {
                let byte = bytes[i]
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'") where apostrophe: entity = "&#39;"
                case 0x09, 0x0A, 0x0D:
                    i += 1
                    continue
                case 0x00..<0x20:
                    flush(upTo: i)
                    i += 1
                    start = i
                    continue
                case 0xEF where i + 2 < count && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                    flush(upTo: i)
                    i += 3
                    start = i
                    continue
                default:
                    i += 1
                    continue
                }
                flush(upTo: i)
                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                i += 1
                start = i
            }
            flush(upTo: count)
        }
    }

    /// Whether ``escape(_:apostrophe:)`` has anything to do: every byte looked at, without a
    /// branch per byte (most values are short and need nothing).
    static func needsEscape(_ value: String, apostrophe: Bool) -> Bool {
        var value = value
        let quote = apostrophe ? UInt8(ascii: "'") : UInt8(ascii: "&")
        return value.withUTF8 { bytes in
            var found: UInt8 = 0
            for byte in bytes {
                found |= (byte < 0x20 ? 1 : 0) | (byte == UInt8(ascii: "&") ? 1 : 0) | (byte == UInt8(ascii: "<") ? 1 : 0)
                    | (byte == UInt8(ascii: ">") ? 1 : 0) | (byte == UInt8(ascii: "\"") ? 1 : 0) | (byte == quote ? 1 : 0)
                    | (byte == 0xEF ? 1 : 0)
            }
            return found != 0
        }
    }
}
