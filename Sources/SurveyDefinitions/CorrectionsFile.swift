// The corrections file (issue 26; `Pipelines/corrections.yml`, pipeline key `corrections:`): the
// analyst's corrections of senders' values, as data. Each entry is checked against the
// questionnaire of its round like a submitted answer; a mistake refuses that entry alone (a
// `correction-invalid` diagnostic naming the file and the entry's line), never the run.

public import Foundation
public import SurveyModel
import SurveyTransform

/// The corrections file, read and checked (``CorrectionsFile/load(from:displayPath:rounds:questionnaires:reference:respondentField:)``).
public struct CorrectionsFile: Sendable {
    /// The corrections that passed every check, in file order.
    public var corrections: [Correction] = []
    /// One `correction-invalid` diagnostic per refused entry, in file order, at the file and line.
    public var refused: [Diagnostic] = []
    /// The refused entries as far as they could be read, for `corrections.csv` (same order as
    /// `refused`).
    public var refusedEntries: [CorrectionOutcome] = []

    public init() {}

    /// The file as written: every field optional and loose, so that one entry's mistake refuses
    /// that entry with its line instead of the whole file.
    struct FileEntry: Decodable {
        var corrections: [Entry]?
    }

    struct Entry: Decodable {
        var country: Loose?
        var round: Loose?
        var respondent: Loose?
        var item: Loose?
        var value: Loose?
        var was: Loose?
        var submission: Loose?
        var reason: Loose?
        var source: Loose?
        var analyst: Loose?
        var date: Loose?
    }

    /// A scalar (kept as written), a list of scalars, or something else (a mapping, a nested list).
    enum Loose: Decodable {
        case one(String)
        case list([String])
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                self = .one(one)
            } else if let list = try? container.decode([String].self) {
                self = .list(list)
            } else {
                self = .other
            }
        }

        /// A scalar trimmed; nil for a list or a mapping, or blank.
        var text: String? {
            guard case .one(let value) = self else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }

        var shown: String {
            switch self {
            case .one(let value): return value
            case .list(let values): return "[" + values.joined(separator: ", ") + "]"
            case .other: return "(a mapping)"
            }
        }
    }

    /// The fields an entry may have, for the message about an unknown one.
    static let fields = ["country", "round", "respondent", "item", "value", "was", "submission", "reason", "source", "analyst", "date"]

    /// Reads and checks the corrections file at `url`. `displayPath` is how messages and
    /// `corrections.csv` name the file (the path relative to the project, by default the file's
    /// name under `Pipelines/`). Throws only when the file as a whole cannot be read (missing, not
    /// YAML, not a `corrections:` list of mappings); each entry's mistake is a refused entry.
    public static func load(
        from url: URL, displayPath: String? = nil, rounds: [String], questionnaires: [String: Questionnaire],
        reference: CountryReference, respondentField: String?
    ) throws -> CorrectionsFile {
        let file = try YAMLFile.decode(FileEntry.self, at: url, what: "corrections file")
        let lines = YAMLFile.lines(ofSequence: "corrections", at: url)
        let keys = YAMLFile.keys(ofSequence: "corrections", at: url)
        let path = displayPath ?? url.path
        let resolver = CountryResolver(reference: reference)
        var result = CorrectionsFile()
        for (index, entry) in (file.corrections ?? []).enumerated() {
            let line = index < lines.count ? lines[index] : 0
            var partial = Correction(
                country: entry.country?.shown ?? "", round: entry.round?.shown ?? "", respondent: entry.respondent?.text,
                questionID: entry.item?.shown ?? "", value: .notAnswered, reason: entry.reason?.text ?? "",
                source: entry.source?.text ?? "", analyst: entry.analyst?.text ?? "", date: entry.date?.text ?? "", file: path,
                line: line)
            func refuse(_ detail: String, expected: String? = nil, found: String? = nil) {
                let diagnostic = Diagnostic(
                    .correctionInvalid, at: SourceLocation(file: path, line: line), questionID: partial.questionID.isEmpty ? nil : partial.questionID,
                    expected: expected, found: found, detail: "corrections[\(index)]: \(detail)")
                result.refused.append(diagnostic)
                var message = detail
                if let expected { message += "; expected \(expected)" }
                result.refusedEntries.append(CorrectionOutcome(status: .refused, correction: partial, detail: message))
            }
            if index < keys.count, let unknown = keys[index].first(where: { !fields.contains($0) }) {
                refuse("unknown field '\(unknown)'", expected: fields.joined(separator: ", "), found: unknown)
                continue
            }
            // Who, when and why: a correction without them is no audit trail.
            let missing = [
                ("country", entry.country?.text), ("round", entry.round?.text), ("item", entry.item?.text),
                ("value", entry.value == nil ? nil : "set"), ("reason", entry.reason?.text), ("source", entry.source?.text),
                ("analyst", entry.analyst?.text), ("date", entry.date?.text),
            ].filter { $0.1 == nil }.map(\.0)
            if !missing.isEmpty {
                refuse(
                    "missing \(missing.joined(separator: ", ")) (a correction names country, round, item, value, reason, source, analyst and date)",
                    expected: missing.map { "\($0): …" }.joined(separator: ", "))
                continue
            }
            let written = entry.country!.text!
            switch resolver.resolve(written) {
            case .country(let code): partial.country = code
            case .ambiguous(let codes):
                refuse("country '\(written)' could be \(codes.joined(separator: " or "))", expected: "an ISO alpha-3 code", found: written)
                continue
            case .unknown:
                let hint = resolver.suggestion(for: written).map { " (did you mean \($0.label), \($0.value)?)" } ?? ""
                refuse(
                    "unknown country '\(written)'\(hint)", expected: "an ISO alpha-3 code or a name of the reference data",
                    found: written)
                continue
            }
            let round = entry.round!.text!
            guard rounds.contains(round) else {
                refuse("unknown round '\(round)'", expected: "a round of the pipeline file: \(rounds.joined(separator: ", "))", found: round)
                continue
            }
            partial.round = round
            if let date = partial.date as String?, !Self.isISODate(date) {
                refuse("date '\(date)' is not a date written YYYY-MM-DD", expected: "a date such as 2026-03-04", found: date)
                continue
            }
            guard let questionnaire = questionnaires[round] else {
                refuse("round '\(round)' has no questionnaire", expected: "a round of the pipeline file", found: round)
                continue
            }
            let version = questionnaire.version
            let item = entry.item!.text!
            if item.contains("/") || item.contains("[") {
                refuse(
                    "item '\(item)' is inside a repeat group: corrections apply to items outside repeats (correct a listed law by asking the sender for a revision)",
                    expected: "a question id of questionnaire version \(version)", found: item)
                continue
            }
            guard let question = questionnaire.question(id: item) else {
                let hint = Self.nearest(item, in: questionnaire.questions.map(\.id)).map { " (did you mean \($0)?)" } ?? ""
                refuse(
                    "unknown item '\(item)' in questionnaire version \(version) (round \(round))\(hint)",
                    expected: "a question id of questionnaire version \(version)", found: item)
                continue
            }
            partial.questionID = question.id
            let value: CorrectionValue
            switch Self.value(entry.value!, for: question) {
            case .success(let checked): value = checked
            case .failure(let mistake):
                refuse("value of \(question.id): \(mistake.detail)", expected: mistake.expected, found: entry.value!.shown)
                continue
            }
            partial.value = value
            if let was = entry.was {
                switch Self.value(was, for: question) {
                case .success(let checked): partial.was = checked
                case .failure(let mistake):
                    refuse("was of \(question.id): \(mistake.detail)", expected: mistake.expected, found: was.shown)
                    continue
                }
            }
            if let submission = entry.submission {
                guard let id = submission.text else {
                    refuse("submission is not one id", expected: "the submission id explain stat prints", found: submission.shown)
                    continue
                }
                partial.submission = id
            }
            if entry.respondent != nil, partial.respondent == nil {
                refuse("respondent is not one key", expected: "the respondent key the submission gives", found: entry.respondent!.shown)
                continue
            }
            if partial.respondent != nil, respondentField == nil {
                refuse(
                    "respondent given, but the pipeline has one respondent per country (no identity: respondent:)",
                    expected: "no respondent field", found: partial.respondent)
                continue
            }
            if let earlier = result.corrections.first(where: {
                $0.country == partial.country && $0.round == partial.round && $0.respondent == partial.respondent
                    && $0.questionID == partial.questionID
            }) {
                refuse(
                    "a second correction of \(partial.country) \(partial.round) \(partial.questionID) (the first is line \(earlier.line))",
                    expected: "one correction per answer: edit the first")
                continue
            }
            result.corrections.append(partial)
        }
        return result
    }

    struct Mistake: Error {
        var detail: String
        var expected: String
    }

    /// A value written for `question`, checked as a submitted answer is: option codes of its list
    /// (one for a single choice, no exclusive option beside another), a number of its type within
    /// its range, a text; `not_answered` blanks it.
    static func value(_ written: Loose, for question: Question) -> Result<CorrectionValue, Mistake> {
        if case .one(let one) = written, one.trimmingCharacters(in: .whitespaces) == "not_answered" { return .success(.notAnswered) }
        if question.type.hasChoices {
            let codes: [String]
            switch written {
            case .one(let one): codes = [one.trimmingCharacters(in: .whitespaces)]
            case .list(let list): codes = list.map { $0.trimmingCharacters(in: .whitespaces) }
            case .other: codes = []
            }
            let known = question.choices.map(\.code)
            let expected = "one of: \(known.joined(separator: ", ")), or not_answered"
            guard !codes.isEmpty, !codes.contains("") else { return .failure(Mistake(detail: "no option code", expected: expected)) }
            if let unknown = codes.first(where: { question.choice(code: $0) == nil }) {
                return .failure(Mistake(detail: "unknown option '\(unknown)'", expected: expected))
            }
            if question.type != .multipleChoice, codes.count > 1 {
                return .failure(Mistake(detail: "\(codes.count) options for a single-choice item", expected: "one of: \(known.joined(separator: ", "))"))
            }
            if Set(codes).count != codes.count {
                return .failure(Mistake(detail: "an option written twice", expected: "each option once"))
            }
            if let exclusive = question.exclusiveConflict(Set(codes)) {
                return .failure(Mistake(detail: "'\(exclusive)' excludes every other option", expected: "'\(exclusive)' alone, or other options without it"))
            }
            return .success(CorrectionValue(options: codes))
        }
        guard case .one(let raw) = written else {
            return .failure(Mistake(detail: "a list for a \(question.type.rawValue) item", expected: "one value"))
        }
        let one = raw.trimmingCharacters(in: .whitespaces)
        if question.type.isNumeric {
            var range = ""
            if let minimum = question.minimum { range += " ≥ \(CorrectionValue(number: minimum).description)" }
            if let maximum = question.maximum { range += (range.isEmpty ? " " : " and ") + "≤ \(CorrectionValue(number: maximum).description)" }
            let whole = question.type == .integer || question.type == .year
            let expected = (whole ? "a whole number" : "a number") + range
            guard let number = Double(one), number.isFinite else {
                return .failure(Mistake(detail: "'\(one)' is not a number", expected: expected))
            }
            if whole, number != number.rounded() { return .failure(Mistake(detail: "\(one) is not a whole number", expected: expected)) }
            if let minimum = question.minimum, number < minimum { return .failure(Mistake(detail: "\(one) is out of range", expected: expected)) }
            if let maximum = question.maximum, number > maximum { return .failure(Mistake(detail: "\(one) is out of range", expected: expected)) }
            // Zero without a sign, as an answer's (the store keeps none).
            return .success(CorrectionValue(number: number == 0 ? 0 : number))
        }
        guard !one.isEmpty else { return .failure(Mistake(detail: "an empty text", expected: "a text, or not_answered")) }
        return .success(CorrectionValue(text: raw))
    }

    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// The id closest to `written` when one is clearly close (edit distance ≤ 2).
    static func nearest(_ written: String, in ids: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var previous = row[0]
                row[0] = i
                for j in stride(from: 1, through: b.count, by: 1) {
                    let current = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                    previous = current
                }
            }
            return a.isEmpty ? b.count : row[b.count]
        }
        let target = Array(written)
        var best: (id: String, distance: Int)?
        for id in ids {
            let d = distance(target, Array(id))
            guard d <= 2 else { continue }
            if let current = best, current.distance < d || (current.distance == d && current.id < id) { continue }
            best = (id, d)
        }
        return best?.id
    }
}
