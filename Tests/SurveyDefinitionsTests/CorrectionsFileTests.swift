import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// The corrections file (issue 26, `Pipelines/corrections.yml`): each entry checked against the
/// questionnaire of its round like a submitted answer; each mistake refuses that entry alone with
/// a `correction-invalid` diagnostic at the file and the entry's line, saying what to write.
@Suite struct CorrectionsFileTests {
    static let shipped = Fixtures.packageRoot.appendingPathComponent("Pipelines/corrections.yml")

    /// Reads `text` as a corrections file of a pipeline with rounds 2026 (the fixture
    /// questionnaire) and 2022 (the same questionnaire, for the round check).
    static func load(_ text: String, respondentField: String? = nil) throws -> CorrectionsFile {
        let folder = Fixtures.temporaryFolder("corrections")
        let file = folder.appendingPathComponent("corrections.yml")
        try Data(text.utf8).write(to: file)
        return try CorrectionsFile.load(
            from: file, displayPath: "corrections.yml", rounds: ["2022", "2026"],
            questionnaires: ["2022": Fixtures.questionnaire, "2026": Fixtures.questionnaire], reference: Fixtures.reference,
            respondentField: respondentField)
    }

    /// A correction with every field but those `fields` replaces (`field: value` lines).
    static func entry(_ fields: [String: String]) -> String {
        var all = [
            "country": "GHA", "round": "\"2026\"", "item": "ch3_specific_law", "value": "\"yes\"", "reason": "typo",
            "source": "email from the focal point, 2026-03-04", "analyst": "A. Analyst", "date": "2026-03-05",
        ]
        for (key, value) in fields { all[key] = value }
        let order = ["country", "round", "respondent", "item", "value", "was", "submission", "reason", "source", "analyst", "date", "colour"]
        let lines = order.compactMap { key in all[key].map { "\(key): \($0)" } }
        return "  - " + lines.joined(separator: "\n    ") + "\n"
    }

    /// The one refusal of a file whose first entry is good and whose second (line 11) is `fields`.
    static func refusal(_ fields: [String: String]) throws -> (diagnostic: Diagnostic, message: String) {
        let file = try load("corrections:\n" + entry([:]) + entry(fields))
        #expect(file.corrections.count == 1, "the good entry is kept")
        let diagnostic = try #require(file.refused.first)
        #expect(file.refused.count == 1)
        #expect(diagnostic.code == .correctionInvalid)
        #expect(diagnostic.location.file == "corrections.yml")
        #expect(diagnostic.location.line == 10, "the second entry's line")
        #expect(file.refusedEntries.count == 1 && file.refusedEntries[0].status == .refused)
        return (diagnostic, diagnostic.message)
    }

    @Test func aGoodFileOfEveryValueKind() throws {
        let file = try Self.load(
            """
            corrections:
              - country: Ghana
                round: "2026"
                item: ch3_specific_law
                value: "yes"
                was: "no"
                reason: the focal point ticked the wrong box
                source: email from the focal point, 2026-03-04
                analyst: A. Analyst
                date: 2026-03-05
              - {country: FRA, round: "2026", item: ch3_instruments, value: [un_convention, budapest], reason: r, source: s, analyst: a, date: 2026-03-05}
              - {country: FRA, round: "2026", item: ch5_specialized_officers, value: 40, submission: "FRA-1", reason: r, source: s, analyst: a, date: 2026-03-05}
              - {country: FRA, round: "2026", item: ch3_main_law, value: "Cybercrime Act 2020, s. 3", reason: r, source: s, analyst: a, date: 2026-03-05}
              - {country: FRA, round: "2022", item: ch3_reform_year, value: not_answered, reason: r, source: s, analyst: a, date: 2026-03-05}
            """)
        #expect(file.refused.isEmpty, "\(file.refused.map(\.message))")
        #expect(file.corrections.count == 5)
        let first = try #require(file.corrections.first)
        #expect(first.country == "GHA" && first.round == "2026" && first.questionID == "ch3_specific_law")
        #expect(first.value == CorrectionValue(options: ["yes"]) && first.was == CorrectionValue(options: ["no"]))
        #expect(first.line == 2 && first.place == "corrections.yml:2")
        #expect(first.source == "email from the focal point, 2026-03-04" && first.analyst == "A. Analyst" && first.date == "2026-03-05")
        #expect(file.corrections[1].value.options == ["budapest", "un_convention"], "codes sorted as the store reads them")
        #expect(file.corrections[2].value == CorrectionValue(number: 40) && file.corrections[2].submission == "FRA-1")
        #expect(file.corrections[3].value == CorrectionValue(text: "Cybercrime Act 2020, s. 3"))
        #expect(file.corrections[4].value == .notAnswered && file.corrections[4].round == "2022")
        #expect(file.corrections.map(\.line) == [2, 11, 12, 13, 14])
    }

    /// A corrected number written `-0` is zero without its sign, as a sender's answer is (the
    /// store keeps no sign of zero).
    @Test func aCorrectedZeroWrittenWithAMinusIsZeroWithoutItsSign() throws {
        let file = try Self.load("corrections:\n" + Self.entry(["item": "ch5_specialized_officers", "value": "\"-0\""]))
        #expect(file.refused.isEmpty, "\(file.refused)")
        let number = try #require(file.corrections.first?.value.number)
        #expect(number == 0 && number.sign == .plus, "\(number)")
    }

    @Test func anUnknownOptionIsRefusedWithTheFileLineAndTheOptions() throws {
        let (diagnostic, message) = try Self.refusal(["value": "maybe"])
        #expect(message.contains("unknown option 'maybe'"), "\(message)")
        #expect(diagnostic.expected?.contains("yes, partly, draft, no") == true, "\(diagnostic.expected ?? "")")
        #expect(diagnostic.questionID == "ch3_specific_law")
        #expect(diagnostic.location.description.hasPrefix("corrections.yml:10"))
    }

    @Test func eachMistakeIsRefusedWithWhatToWrite() throws {
        let cases: [([String: String], String)] = [
            (["item": "ch3_specific_lav"], "unknown item 'ch3_specific_lav' in questionnaire version"),
            (["item": "ch3_specific_lav"], "did you mean ch3_specific_law?"),
            (["country": "Atlantis"], "unknown country 'Atlantis'"),
            (["round": "\"2019\""], "unknown round '2019'"),
            (["value": "[\"yes\", \"no\"]"], "2 options for a single-choice item"),
            (["item": "ch3_instruments", "value": "[none, budapest]"], "'none' excludes every other option"),
            (["item": "ch5_specialized_officers", "value": "-3"], "-3 is out of range"),
            (["item": "ch5_specialized_officers", "value": "2.5"], "2.5 is not a whole number"),
            (["item": "ch5_specialized_officers", "value": "many"], "'many' is not a number"),
            (["item": "ch3_reform_year", "value": "2031"], "2031 is out of range"),
            (["was": "maybe"], "was of ch3_specific_law: unknown option 'maybe'"),
            (["reason": "\"\""], "missing reason"),
            (["item": "laws[2]/status"], "inside a repeat group"),
            (["date": "5 March"], "not a date written YYYY-MM-DD"),
            (["colour": "blue"], "unknown field 'colour'"),
            (["respondent": "ministry"], "respondent given, but the pipeline has one respondent per country"),
        ]
        for (fields, expected) in cases {
            let (_, message) = try Self.refusal(fields)
            #expect(message.contains(expected), "\(fields): \(message)")
        }
    }

    @Test func aSecondCorrectionOfOneAnswerIsRefusedNamingTheFirst() throws {
        let file = try Self.load("corrections:\n" + Self.entry([:]) + Self.entry(["value": "partly"]))
        #expect(file.corrections.count == 1)
        #expect(file.refused.first?.message.contains("the first is line 2") == true, "\(file.refused.map(\.message))")
    }

    @Test func aFileThatIsNotYAMLIsRefusedWhole() throws {
        #expect(throws: DefinitionError.self) { try Self.load("corrections: [\n") }
    }

    @Test func theShippedDemoFileSaysItIsSyntheticAndEveryCorrectionIsValid() throws {
        let text = try String(contentsOf: Self.shipped, encoding: .utf8)
        #expect(text.prefix(400).contains("SYNTHETIC"))
        let configuration = try PipelineConfiguration.load(
            path: Fixtures.packageRoot.appendingPathComponent("Pipelines/default.yml").path)
        #expect(configuration.corrections?.standardizedFileURL == Self.shipped.standardizedFileURL, "found beside the pipeline file")
        let definitions = try PipelineDefinitions(configuration: configuration)
        #expect(definitions.corrections.refused.isEmpty, "\(definitions.corrections.refused.map(\.message))")
        #expect(definitions.corrections.corrections.count >= 2)
        #expect(definitions.corrections.corrections.allSatisfy { $0.file == "corrections.yml" })
    }
}
