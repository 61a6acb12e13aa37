import Foundation
import SurveyModel
import Testing

/// `trimmingWhitespace(newlines:)` is Foundation's `trimmingCharacters(in: .whitespaces)` (and
/// `.whitespacesAndNewlines`): on every scalar of the planes the texts use, alone and around a
/// word, and on generated texts mixing spaces, tabs, line breaks, no-break and ideographic
/// spaces, format characters, combining marks and letters in six scripts.
@Suite struct WhitespaceTrimTests {
    static let pieces: [String] = [
        " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2002}", "\u{200A}", "\u{200B}",
        "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "\u{180E}", "\u{301}", "*", "a", "É", "Ж",
        "中", "ع", "e\u{301}", "👍🏽", "(", ")",
    ]

    @Test func everyScalarDecidesAsFoundationDoes() {
        var differing: [String] = []
        for value in Array(UInt32(0)...0xFFFF) + Array(UInt32(0x1D000)...0x1D200) + Array(UInt32(0xE0000)...0xE0080) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "\(scalar)x\(scalar)", "x\(scalar)", "\(scalar)\(scalar)"] {
                if text.trimmingWhitespace() != text.trimmingCharacters(in: .whitespaces)
                    || text.trimmingWhitespace(newlines: true) != text.trimmingCharacters(in: .whitespacesAndNewlines)
                {
                    differing.append(String(format: "U+%04X", value))
                    break
                }
            }
        }
        #expect(differing.isEmpty, "trimmed otherwise than Foundation: \(differing.prefix(20))")
    }

    @Test func generatedTextsTrimAsFoundationDoes() {
        var state: UInt64 = 2026
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var checked = 0
        for _ in 0..<20_000 {
            let text = (0..<next(9)).map { _ in Self.pieces[next(Self.pieces.count)] }.joined()
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            #expect(
                text.trimmingWhitespace(newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(Array(text.unicodeScalars))")
            let sub = text.dropFirst(text.isEmpty ? 0 : 1)
            #expect(sub.trimmingWhitespace() == sub.trimmingCharacters(in: .whitespaces))
            checked += 1
        }
        #expect(checked == 20_000)
    }
}
