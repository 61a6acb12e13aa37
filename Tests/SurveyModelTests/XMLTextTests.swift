import SurveyModel
import Testing

/// One escaping for every markup file LegiSurvey writes (workbook parts, SDMX-ML, report, sample
/// XML): the five special characters and the characters XML 1.0 forbids.
@Suite struct XMLTextTests {
    @Test func specialCharactersBecomeEntities() {
        #expect(XMLText.escape(#"a & b <c> "d""#) == "a &amp; b &lt;c&gt; &quot;d&quot;")
        // An apostrophe stays as written unless asked for (HTML attributes may be single-quoted).
        #expect(XMLText.escape("Côte d'Ivoire") == "Côte d'Ivoire")
        #expect(XMLText.escape("Côte d'Ivoire", apostrophe: true) == "Côte d&#39;Ivoire")
    }

    @Test func charactersXMLForbidsAreDroppedAndWhitespaceKept() {
        #expect(XMLText.escape("a\u{0}b\u{1F}c\u{FFFE}d\u{FFFF}e") == "abcde")
        #expect(XMLText.escape("tab\tline\ncr\r") == "tab\tline\ncr\r")
        #expect(XMLText.escape("中文 العربية") == "中文 العربية")
    }

    /// The scalar-by-scalar escaping, as the rule reads: the fast path (a value with nothing to
    /// escape returned as it is) must give the same text for every string.
    static func reference(_ value: String, apostrophe: Bool) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'" where apostrophe: result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    @Test func theFastPathEscapesAsTheRuleReads() {
        let alphabet: [String] = [
            "a", "Z", "0", " ", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{1}", "\u{1F}", "\u{7F}", "\u{FFFE}", "\u{FFFF}",
            "\u{FFFD}", "\u{FEFF}", "\u{FFFC}", "\u{F000}", "\u{EFBF}", "é", "中", "ع", "😀", "_x",
        ]
        var generator = SplitMix64(seed: 29)
        for length in Array(0..<12) + [24, 64] {
            for _ in 0..<(length < 3 ? 300 : 1_000) {
                let value = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
                for apostrophe in [false, true] {
                    let expected = Self.reference(value, apostrophe: apostrophe)
                    #expect(XMLText.escape(value, apostrophe: apostrophe) == expected, "\(value.debugDescription)")
                    // Appended as bytes after what the buffer holds: the same UTF-8.
                    var bytes = Array("<t>".utf8)
                    XMLText.appendEscaped(value, to: &bytes, apostrophe: apostrophe)
                    #expect(bytes == Array(("<t>" + expected).utf8), "\(value.debugDescription)")
                }
            }
        }
    }
}
