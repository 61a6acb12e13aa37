import Foundation
import SurveyModel
import SurveyPublish
import SurveyTestSupport
import Testing

/// The report in the five other languages (issue 27): none of the report's own English words is
/// left, the page says its translation is not reviewed, severities and areas are in the
/// language, and in Arabic every signed figure is isolated left to right so that its sign stays
/// before its digits.
@Suite struct ReportLanguageTests {
    /// The fixed parts of an English text (between its `{placeholders}`), as the page escapes them;
    /// only parts long enough to be words of the report rather than a code or a number.
    static func fragments(_ english: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var inPlaceholder = false
        for character in english {
            if character == "{" { inPlaceholder = true; parts.append(current); current = ""; continue }
            if character == "}" { inPlaceholder = false; continue }
            if !inPlaceholder { current.append(character) }
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 8 && $0.contains(" ") }
            .map { XMLText.escape($0, apostrophe: true) }
    }

    @Test(arguments: [Language.fr, .es, .ru, .zh, .ar])
    func noEnglishUIStringIsLeft(_ language: Language) async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.\(language.rawValue).html"), encoding: .utf8)
        var checked = 0
        for (key, texts) in ReportStrings.all.sorted(by: { $0.key < $1.key }) {
            guard let english = texts[.en], !english.isEmpty, let own = texts[language], own != english else { continue }
            for fragment in Self.fragments(english) where !own.contains(fragment) {
                checked += 1
                #expect(!html.contains(fragment), "\(language.rawValue): the English of \(key) is left: \(fragment)")
            }
        }
        #expect(checked > 50, "\(checked) English fragments looked for")
        #expect(html.contains("data-translation-reviewed=\"false\""), "the notice that the translation is not reviewed")
        for severity in ["error", "warning", "info"] where ReportStrings.all["severity_\(severity)"]?[language] != severity {
            #expect(!html.contains("\">\(severity)</td>"), "\(language.rawValue): severity \(severity) in English")
        }
        for area in ["Legislation and criminalization", "Investigations and specialized units", "Prevention and awareness"] {
            #expect(!html.contains(">\(area)<"), "\(language.rawValue): area \(area) in English")
        }
    }

    /// In Arabic, a signed figure of the progress table (`+5.9`, `−2.2`) sits inside a left-to-right
    /// isolate (U+2066 … U+2069), so it reads +5.9, not 5.9+.
    @Test func arabicSignedFiguresAreIsolated() async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.ar.html"), encoding: .utf8)
        let section = try #require(html.range(of: "<section id=\"progress\"").map { html[$0.lowerBound...] })
        let progress = section[..<(section.range(of: "</section>")?.upperBound ?? section.endIndex)]
        var signed = 0
        var index = progress.startIndex
        while index < progress.endIndex {
            let character = progress[index]
            let next = progress.index(after: index)
            if (character == "+" || character == "−"), next < progress.endIndex, progress[next].isNumber {
                signed += 1
                let before = progress[..<index].last
                #expect(before == "\u{2066}", "a signed figure at \(progress.distance(from: progress.startIndex, to: index)) is not isolated")
            }
            index = next
        }
        #expect(signed > 10, "\(signed) signed figures in the progress table")
    }
}
