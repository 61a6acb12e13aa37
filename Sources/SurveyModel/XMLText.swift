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
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'" where apostrophe: result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
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
