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
}
