// The letters to senders: Output/feedback/<ISO3>.<lang>.html and .txt, one per country with current
// problems that ask something of the sender, in its language (docs/feedback.md).

public import SurveyModel

/// One country's letter, in HTML and plain text.
public struct FeedbackLetter: Sendable, Equatable {
    public var country: String
    public var language: Language
    public var html: String
    public var text: String

    /// `<ISO3>.<lang>`: the files are this name with `.html` and `.txt`.
    public var stem: String { "\(country).\(language.rawValue)" }

    /// The folder of the letters in the output folder.
    public static let folder = "feedback"
}

/// One problem of a letter: identical diagnostics (same file, code, question, expected, found,
/// suggestion) on several rows gathered into one entry naming them all.
public struct FeedbackEntry: Sendable, Equatable {
    public var diagnostic: Diagnostic
    public var locations: [SourceLocation]
}

extension FeedbackContext {
    /// The diagnostics a letter is made of: current (a superseded submission's problems are left
    /// out), asking something of the sender, with a known country.
    public func letterDiagnostics(_ diagnostics: [Diagnostic]) -> [String: [Diagnostic]] {
        var byCountry: [String: [Diagnostic]] = [:]
        for diagnostic in Diagnostic.current(diagnostics) where diagnostic.code.asksSender {
            guard let country = country(of: diagnostic) else { continue }
            byCountry[country, default: []].append(diagnostic)
        }
        return byCountry
    }

    /// The language of a country's letter: the focal point's in the register (`register:`), else
    /// the language most of its diagnostics' senders wrote in (ties: the first in code order), else
    /// the country's configured language, else English.
    public func letterLanguage(country: String, _ diagnostics: [Diagnostic]) -> Language {
        // The focal-point register knows what its focal point reads: that comes first.
        if let language = register[country]?.language { return language }
        var counts: [Language: Int] = [:]
        for diagnostic in diagnostics { if let language = diagnostic.senderLanguage { counts[language, default: 0] += 1 } }
        if let best = counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).first { return best.key }
        return reference.country(iso3: country)?.language ?? .en
    }

    /// Identical problems over several rows gathered, in the order of their first location.
    public static func entries(_ diagnostics: [Diagnostic]) -> [FeedbackEntry] {
        struct Key: Hashable {
            var file: String, sheet: String?, column: Int?, code: DiagnosticCode, question: String?
            var expected: String?, found: String?, detail: String?, suggestion: String?
        }
        var order: [Key] = []
        var groups: [Key: FeedbackEntry] = [:]
        let sorted = diagnostics.sorted { ($0.location, $0.code.rawValue) < ($1.location, $1.code.rawValue) }
        for diagnostic in sorted {
            // The column of a CSV cell moves with the header; a repeated unknown header is one
            // column on many rows, so rows of one column gather, and other columns stay apart.
            let key = Key(
                file: diagnostic.location.file, sheet: diagnostic.location.sheet, column: diagnostic.location.column,
                code: diagnostic.code, question: diagnostic.questionID, expected: diagnostic.expected, found: diagnostic.found,
                detail: diagnostic.detail, suggestion: diagnostic.suggestion?.stored)
            if groups[key] == nil {
                order.append(key)
                groups[key] = FeedbackEntry(diagnostic: diagnostic, locations: [])
            }
            if !groups[key]!.locations.contains(diagnostic.location) { groups[key]!.locations.append(diagnostic.location) }
        }
        return order.map { groups[$0]! }
    }

    /// Where an entry is, in `language`: the file and line(s), or the cell(s) of a sheet.
    public func place(_ entry: FeedbackEntry, in language: Language) -> String {
        guard let texts else { return entry.locations.map(\.description).joined(separator: ", ") }
        let file = entry.diagnostic.location.file
        if entry.locations.first?.sheet != nil {
            let cells = entry.locations.map { $0.cellReference ?? "" }
            return cells.count == 1
                ? texts.phrase(.cell, language, ["file": file, "n": cells[0]])
                : texts.phrase(.cells, language, ["file": file, "list": cells.joined(separator: ", ")])
        }
        let lines = entry.locations.compactMap(\.line)
        switch lines.count {
        case 0: return texts.phrase(.fileOnly, language, ["file": file])
        case 1: return texts.phrase(.line, language, ["file": file, "n": String(lines[0])])
        default: return texts.phrase(.lines, language, ["file": file, "list": lines.map(String.init).joined(separator: ", ")])
        }
    }

    /// The letters of a run, by country code; none without feedback texts.
    public func letters(_ diagnostics: [Diagnostic]) -> [FeedbackLetter] {
        guard let texts else { return [] }
        return letterDiagnostics(diagnostics).sorted { $0.key < $1.key }.map { country, found in
            let language = letterLanguage(country: country, found)
            let entries = Self.entries(found)
            return FeedbackLetter(
                country: country, language: language,
                html: html(country: country, language: language, entries: entries, texts: texts),
                text: plainText(country: country, language: language, entries: entries, texts: texts))
        }
    }

    /// The fields of one entry, in order: label and value (value nil: left out).
    private func fields(_ entry: FeedbackEntry, _ language: Language, _ texts: FeedbackTexts) -> [(String, String)] {
        let diagnostic = entry.diagnostic
        var fields: [(String, String)] = [(texts.phrase(.whereLabel, language), place(entry, in: language))]
        if let id = diagnostic.questionID, !id.isEmpty {
            let label = question(id, for: diagnostic)?.label.text(in: language) ?? ""
            fields.append((texts.phrase(.questionLabel, language), label.isEmpty ? id : "\(id): \(label)"))
        }
        if let found = diagnostic.found {
            fields.append((texts.phrase(.foundLabel, language), found.isEmpty ? texts.phrase(.foundEmpty, language) : found))
        }
        if let expected = expected(diagnostic, in: language) { fields.append((texts.phrase(.expectedLabel, language), expected)) }
        if let suggestion = suggestion(diagnostic, in: language) { fields.append((texts.phrase(.suggestionLabel, language), suggestion)) }
        let ask: FeedbackTexts.Phrase =
            diagnostic.questionID != nil ? .askAnswer : diagnostic.submissionID != nil ? .askSubmission : .askFile
        fields.append((texts.phrase(.askLabel, language), texts.phrase(ask, language)))
        return fields
    }

    private func html(country: String, language: Language, entries: [FeedbackEntry], texts: FeedbackTexts) -> String {
        func escape(_ text: String) -> String { XMLText.escape(text) }
        let title = texts.phrase(.letterTitle, language, ["country": countryName(country, language)])
        var html = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)" dir="\(language.isRightToLeft ? "rtl" : "ltr")">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
            body { font-family: sans-serif; max-width: 48em; margin: 2em auto; line-height: 1.4; }
            .notice { border: 1px solid #c90; background: #fff8e0; padding: 0.5em 1em; }
            dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
            dt { font-weight: bold; }
            dd { margin: 0; }
            bdi { unicode-bidi: isolate; }
            </style>
            </head>
            <body>

            """
        // The addressee from the focal-point register (name, institution, address as written).
        if let focalPoint = register[country] {
            html += "<p class=\"addressee\"><bdi>\(escape(focalPoint.addressee))</bdi></p>\n"
        }
        html += "<h1>\(escape(title))</h1>\n"
        if !texts.reviewed.contains(language) {
            html += "<p class=\"notice\" id=\"unreviewed\">\(escape(texts.phrase(.unreviewed, language)))</p>\n"
        }
        html += "<p>\(escape(texts.phrase(.letterIntro, language)))</p>\n<ol>\n"
        for entry in entries {
            html += "<li class=\"problem\" data-code=\"\(escape(entry.diagnostic.code.rawValue))\">\n"
            html += "<h2>\(escape(summary(entry.diagnostic, in: language)))</h2>\n<dl>\n"
            for (label, value) in fields(entry, language, texts) {
                // File names, codes and values as sent keep their own direction inside Arabic text.
                html += "<dt>\(escape(label))</dt><dd><bdi>\(escape(value))</bdi></dd>\n"
            }
            html += "</dl>\n</li>\n"
        }
        html += "</ol>\n<p>\(escape(texts.phrase(.letterClosing, language)))</p>\n</body>\n</html>\n"
        return html
    }

    private func plainText(country: String, language: Language, entries: [FeedbackEntry], texts: FeedbackTexts) -> String {
        let title = texts.phrase(.letterTitle, language, ["country": countryName(country, language)])
        var text = register[country].map { $0.addressee + "\n\n" } ?? ""
        text += title + "\n\n"
        if !texts.reviewed.contains(language) { text += texts.phrase(.unreviewed, language) + "\n\n" }
        text += texts.phrase(.letterIntro, language) + "\n\n"
        for (index, entry) in entries.enumerated() {
            text += "\(index + 1). \(summary(entry.diagnostic, in: language))\n"
            for (label, value) in fields(entry, language, texts) { text += "   \(label): \(value)\n" }
            text += "\n"
        }
        return text + texts.phrase(.letterClosing, language) + "\n"
    }
}
