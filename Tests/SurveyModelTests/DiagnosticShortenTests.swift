import SurveyModel
import Testing

/// `Diagnostic.shorten` returns a value with no line break or tab and no more bytes than the
/// limit as it is (issue 29: every diagnostic's found value and detail went through it): on
/// generated values of every length around the limits, in every script, with line breaks, tabs,
/// `\r\n` and combining marks, it gives exactly what walking the characters gives.
@Suite struct DiagnosticShortenTests {
    /// The characters walked, line breaks and tabs made spaces, cut at `limit` characters with an
    /// ellipsis: the reference.
    static func reference(_ value: String, limit: Int) -> String {
        let flat = String(value.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
        guard flat.count > limit else { return flat }
        return String(flat.prefix(limit)) + "…"
    }

    @Test func shortenedAsTheCharactersAreWalked() {
        var random = SplitMix64(seed: 80)
        let pieces = ["a", "Z", "7", " ", ",", "é", "e\u{301}", "法", "ب", "я", "\u{1F600}", "\n", "\r", "\r\n", "\t", "…"]
        var unchanged = 0
        for _ in 0..<20000 {
            let limit = [80, 300, 5, 1][Int(random.next() % 4)]
            let length = Int(random.next() % UInt64(limit * 2 + 3))
            let value = (0..<length).map { _ in random.next() % 3 == 0 ? pieces[Int(random.next() % UInt64(pieces.count))] : "x" }.joined()
            let shortened = Diagnostic.shorten(value, limit: limit)
            #expect(shortened == Self.reference(value, limit: limit), "\(value.debugDescription) \(limit)")
            #expect(Array(shortened.utf8) == Array(Self.reference(value, limit: limit).utf8))
            if shortened == value { unchanged += 1 }
        }
        #expect(unchanged > 2000)
    }
}
