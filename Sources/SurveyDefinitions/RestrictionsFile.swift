// The restrictions file (issue 26; `Pipelines/restrictions.yml`, pipeline key `restrictions:`):
// answers a State asked, by letter or e-mail, to keep out of public outputs, besides the
// questionnaire's `public: false` items and the `restricted` field of its submission
// (docs/restricted.md). Unlike the corrections file, a mistake here stops the pipeline with the
// file and line: publishing what a State asked to keep out cannot be undone, so no output is
// written while a restriction is in doubt.

public import Foundation
public import SurveyModel
import SurveyTransform

/// The restrictions file, read and checked (``load(from:displayPath:rounds:questionnaires:reference:respondentField:)``).
public struct RestrictionsFile: Sendable {
    /// The restrictions, in file order.
    public var entries: [RestrictionEntry] = []

    public init() {}

    struct FileEntry: Decodable {
        var restrictions: [Entry]?
    }

    struct Entry: Decodable {
        var country: String?
        var round: String?
        var respondent: String?
        var item: String?
        var reason: String?
        var source: String?
        var date: String?
    }

    /// The fields an entry may have, for the message about an unknown one.
    static let fields = ["country", "round", "respondent", "item", "reason", "source", "date"]

    /// Reads and checks the file. `displayPath` names it in messages (relative to the pipeline
    /// file's folder). Throws ``DefinitionError/invalidDefinition(path:detail:)`` naming the line of
    /// the first entry in error: an unknown field, a missing country, round, item, reason, source
    /// or date, an unknown country, round or item, a date not written YYYY-MM-DD.
    public static func load(
        from url: URL, displayPath: String? = nil, rounds: [String], questionnaires: [String: Questionnaire],
        reference: CountryReference, respondentField: String?
    ) throws -> RestrictionsFile {
        let file: FileEntry
        do {
            file = try YAMLFile.decode(FileEntry.self, at: url, what: "restrictions file")
        } catch let error as DefinitionError {
            throw error
        } catch {
            throw DefinitionError.invalidDefinition(
                path: displayPath ?? url.path,
                detail: "expected `restrictions:` with a list of entries (country, round, item, reason, source, date), each a scalar")
        }
        let lines = YAMLFile.lines(ofSequence: "restrictions", at: url)
        let keys = YAMLFile.keys(ofSequence: "restrictions", at: url)
        let path = displayPath ?? url.path
        let resolver = CountryResolver(reference: reference)
        var result = RestrictionsFile()
        for (index, entry) in (file.restrictions ?? []).enumerated() {
            let line = index < lines.count ? lines[index] : 0
            func fail(_ detail: String) -> DefinitionError {
                .invalidDefinition(
                    path: "\(path):\(line)",
                    detail: "restrictions[\(index)]: \(detail). Nothing is published while a restriction is in doubt: correct the entry, or delete it if the State withdrew its request")
            }
            if index < keys.count, let unknown = keys[index].first(where: { !fields.contains($0) }) {
                throw fail("unknown field '\(unknown)' (expected \(fields.joined(separator: ", ")))")
            }
            func text(_ value: String?) -> String? {
                let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                return trimmed.isEmpty ? nil : trimmed
            }
            let missing = [
                ("country", text(entry.country)), ("round", text(entry.round)), ("item", text(entry.item)),
                ("reason", text(entry.reason)), ("source", text(entry.source)), ("date", text(entry.date)),
            ].filter { $0.1 == nil }.map(\.0)
            guard missing.isEmpty else {
                throw fail("missing \(missing.joined(separator: ", ")) (a restriction names country, round, item, reason, source and date)")
            }
            let written = text(entry.country)!
            let country: String
            switch resolver.resolve(written) {
            case .country(let code): country = code
            case .ambiguous(let codes): throw fail("country '\(written)' could be \(codes.joined(separator: " or ")): write its ISO alpha-3 code")
            case .unknown:
                let hint = resolver.suggestion(for: written).map { " (did you mean \($0.label), \($0.value)?)" } ?? ""
                throw fail("unknown country '\(written)'\(hint)")
            }
            let round = text(entry.round)!
            guard rounds.contains(round), let questionnaire = questionnaires[round] else {
                throw fail("unknown round '\(round)' (expected a round of the pipeline file: \(rounds.joined(separator: ", ")))")
            }
            let item = text(entry.item)!
            guard item == RestrictionEntry.everything || questionnaire.itemIDs.contains(item) else {
                throw fail(
                    "unknown item '\(item)' in questionnaire version \(questionnaire.version) (round \(round)): expected `all` or a question or repeat id")
            }
            let date = text(entry.date)!
            guard CorrectionsFile.isISODate(date) else { throw fail("date '\(date)' is not a date written YYYY-MM-DD") }
            let respondent = text(entry.respondent)
            if respondent != nil, respondentField == nil {
                throw fail("respondent given, but the pipeline has one respondent per country (no identity: respondent:)")
            }
            result.entries.append(
                RestrictionEntry(
                    country: country, round: round, respondent: respondent, item: item, reason: text(entry.reason)!,
                    source: text(entry.source)!, date: date, file: path, line: line))
        }
        return result
    }
}
