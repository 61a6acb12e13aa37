import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyTransform

private func diagnostics(_ submission: Submission, _ code: DiagnosticCode) -> [Diagnostic] {
    submission.diagnostics.filter { $0.code == code }
}

/// Issue 24 item 2: `choice-unknown` suggests the option a mistyped answer meant, never when two
/// options are close.
@Suite struct OptionSuggestionTests {
    @Test func aMistypedLabelSuggestsItsOption() throws {
        // "En partei" (fr "En partie", two letters swapped) on a law-status question.
        let submission = transformer.transform(raw([("ch3_specific_law", ["En partei"])]))
        let unknown = try #require(diagnostics(submission, .choiceUnknown).first)
        #expect(unknown.suggestion == Suggestion(.option, "partly", label: "Partly"))
        #expect(unknown.message.hasSuffix("did you mean \"Partly\" (`partly`)?"))
        // A mistyped code too.
        let code = transformer.transform(raw([("ch5_search_used", ["yess"])]))
        #expect(diagnostics(code, .choiceUnknown).first?.suggestion == Suggestion(.option, "yes", label: "Yes"))
    }

    @Test func noSuggestionWhenNothingIsCloseOrTwoOptionsAre() throws {
        // "Peut-être" is no option of a yes/no question, nor close to one.
        let maybe = transformer.transform(raw([("ch5_search_used", ["Peut-être"])]))
        let unknown = try #require(diagnostics(maybe, .choiceUnknown).first)
        #expect(unknown.suggestion == nil)
        // "nsuffisant" is one edit from "Suffisant" (sufficient) and one from "Insuffisant" (not
        // sufficient): no guess.
        let two = transformer.transform(raw([("ch3_framework_sufficient", ["nsuffisant"])]))
        let close = try #require(diagnostics(two, .choiceUnknown).first)
        #expect(close.suggestion == nil)
        let matcher = ChoiceMatcher(choices: Fixtures.questionnaire.question(id: "ch3_framework_sufficient")!.choices)
        #expect(matcher.nearest("nsuffisant") == nil)
        #expect(matcher.nearest("Insufisant").map { matcher.codes[$0] } == "not_sufficient")
    }
}

/// Issue 24 item 2: `question-unknown` suggests the question a mistyped header meant.
@Suite struct QuestionHeaderSuggestionTests {
    @Test func aHeaderInFrenchSuggestsTheQuestion() throws {
        // The questionnaire's French label is "Point de contact joignable 24 heures sur 24, 7 jours
        // sur 7": the header's words are all in it, and in no other question's label.
        let submission = transformer.transform(raw([("Point de contact 24/7", ["Oui"]), ("ch3_specific_law", ["Non"])]))
        let unknown = try #require(diagnostics(submission, .questionUnknown).first)
        #expect(unknown.suggestion == Suggestion(.question, "ch7_contact_247", label: "24/7 point of contact"))
        // From a CSV header: it says so.
        #expect(unknown.expected == "a column header naming a question (its id or label) of questionnaire \(Fixtures.questionnaire.id)")
        #expect(unknown.message.hasSuffix("did you mean the question `ch7_contact_247` (24/7 point of contact)?"))
        // A mistyped id.
        let typo = transformer.transform(raw([("ch7_contact_24", ["yes"])]))
        #expect(diagnostics(typo, .questionUnknown).first?.suggestion?.value == "ch7_contact_247")
    }

    @Test func noSuggestionWhenTwoQuestionsAreClose() throws {
        // Two edits from ch5_search_used and two from ch5_search_basis.
        let submission = transformer.transform(raw([("ch5_search_usis", ["yes"])]))
        let unknown = try #require(diagnostics(submission, .questionUnknown).first)
        #expect(unknown.suggestion == nil)
        // Nothing near.
        let far = transformer.transform(raw([("remarks of the ministry", ["yes"])]))
        #expect(diagnostics(far, .questionUnknown).first?.suggestion == nil)
    }

    @Test func anXMLElementIsNamedSo() throws {
        var instance = raw([("ch7_contact_24", ["yes"])])
        instance.format = .xformInstance
        let submission = transformer.transform(instance)
        let unknown = try #require(diagnostics(submission, .questionUnknown).first)
        #expect(unknown.expected?.hasPrefix("an element named as a question id") == true)
    }
}

/// Issue 24 item 3: partial labels.
@Suite struct PartialLabelTests {
    @Test func aRunOfWordsOfOneLabelIsRead() throws {
        // The Spanish label ends "(Convenio de Budapest)".
        let submission = transformer.transform(raw([("ch3_instruments", ["Convenio de Budapest"])]))
        #expect(value(submission, "ch3_instruments") == .choices(["budapest"]))
        let note = try #require(diagnostics(submission, .choicePartialLabel).first)
        #expect(note.severity == .info)
        #expect(note.found == "Convenio de Budapest")
        #expect(note.expected == "Convenio del Consejo de Europa sobre la Ciberdelincuencia (Convenio de Budapest)")
        // A prefix of a single-choice label, and an abbreviation.
        let draft = transformer.transform(raw([("ch3_specific_law", ["Projet"]), ("ch3_instruments", ["Conv. de Malabo"])]))
        #expect(value(draft, "ch3_specific_law") == .choice("draft"))
        #expect(value(draft, "ch3_instruments") == .choices(["malabo"]))
        #expect(diagnostics(draft, .choicePartialLabel).count == 2)
    }

    @Test func notWhenTwoOptionsFitOrTheTextIsTooShort() throws {
        // "Convention" begins the labels of five instruments.
        let two = transformer.transform(raw([("ch3_instruments", ["Convention"])]))
        #expect(value(two, "ch3_instruments") == nil)
        #expect(diagnostics(two, .choiceUnknown).count == 1)
        // "Suffi" begins "Suffisant" and "Suffisant en partie".
        let prefix = transformer.transform(raw([("ch3_framework_sufficient", ["Suffi"])]))
        #expect(value(prefix, "ch3_framework_sufficient") == nil)
        // Four letters are too few to mean one option.
        let short = transformer.transform(raw([("ch3_specific_law", ["Draf"])]))
        #expect(value(short, "ch3_specific_law") == nil)
        #expect(diagnostics(short, .choicePartialLabel).isEmpty)
    }
}

/// Issue 24 item 3: options separated by commas.
@Suite struct SeparatorTests {
    @Test func commaSeparatedOptionsAreReadWithANote() throws {
        let submission = transformer.transform(raw([("ta_investigations_activities", ["Création d'un laboratoire de criminalistique, Échange d'experts"])]))
        #expect(value(submission, "ta_investigations_activities") == .choices(["forensic_lab_setup", "expert_exchange"]))
        let note = try #require(diagnostics(submission, .choiceSeparatorRead).first)
        #expect(note.severity == .info)
        #expect(note.expected == "options separated by ; or |: forensic_lab_setup; expert_exchange")
        #expect(diagnostics(submission, .choiceUnknown).isEmpty)
        // Codes and labels, "/" and the Chinese enumeration comma.
        let mixed = transformer.transform(raw([("ch3_instruments", ["budapest/Malabo"]), ("ta_investigations_activities", ["建立取证实验室、专家交流"])]))
        #expect(value(mixed, "ch3_instruments") == .choices(["budapest", "malabo"]))
        #expect(value(mixed, "ta_investigations_activities") == .choices(["forensic_lab_setup", "expert_exchange"]))
    }

    @Test func aPartThatIsNoOptionDropsTheAnswerWithTheSeparatorAdvice() throws {
        let submission = transformer.transform(raw([("ta_investigations_activities", ["Création d'un laboratoire de criminalistique, Peut-être"])]))
        #expect(value(submission, "ta_investigations_activities") == nil)
        let unknown = try #require(diagnostics(submission, .choiceUnknown).first)
        #expect(unknown.suggestion == Suggestion(.separator, ","))
        #expect(unknown.message.hasSuffix("separate several options with `;` or `|`, not `,`"))
        // No part is an option: no separator advice.
        let none = transformer.transform(raw([("ta_investigations_activities", ["Peut-être, autre chose"])]))
        #expect(diagnostics(none, .choiceUnknown).first?.suggestion == nil)
    }

    /// A label that holds a comma is never cut: in every shipped questionnaire, every
    /// multiple-choice list (repeats' too), every language, two labels joined by ", " read as
    /// their two options, and each label alone as its option without a note.
    @Test func aCommaInsideALabelNeverCutsIt() throws {
        let root = Fixtures.packageRoot.appendingPathComponent("Pipelines/questionnaires")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".yml") }.sorted()
        #expect(files.count >= 2)
        var withComma = 0
        var pairs = 0
        for file in files {
            let questionnaire = try Questionnaire.load(from: root.appendingPathComponent(file))
            let lists = questionnaire.questions.filter { $0.type == .multipleChoice }
                + questionnaire.allRepeatGroups.flatMap { $0.group.questions.filter { $0.type == .multipleChoice } }
            for question in lists {
                let matcher = ChoiceMatcher(choices: question.choices)
                let choices = question.choices.filter { !$0.isExclusive }
                for language in Language.allCases {
                    for (index, first) in choices.enumerated() {
                        let label = try #require(first.label[language])
                        if label.contains(where: ChoiceMatcher.looseSeparators.contains) { withComma += 1 }
                        #expect(matcher.match(label) == .code(first.code))
                        let second = choices[(index + 1) % choices.count]
                        guard second.code != first.code, let other = second.label[language] else { continue }
                        pairs += 1
                        guard case .read(let positions, let partial, _) = matcher.separated(label + ", " + other) else {
                            Issue.record("\(file) \(question.id) \(language): \(label), \(other) not read")
                            continue
                        }
                        #expect(Set(positions.map { matcher.codes[$0] }) == [first.code, second.code], "\(question.id) \(language)")
                        #expect(partial.isEmpty)
                    }
                }
            }
        }
        #expect(withComma >= 10, "the shipped labels hold commas (\(withComma))")
        #expect(pairs > 300)
    }
}

/// Issue 24 item 1: the sender's language.
@Suite struct SenderLanguageTests {
    @Test func theLabelsVote() throws {
        let french = transformer.transform(raw([("ch5_seizure_used", ["Oui"]), ("ch5_search_used", ["Non"]), ("nope", ["x"])]))
        #expect(!french.diagnostics.isEmpty)
        #expect(french.diagnostics.allSatisfy { $0.senderLanguage == .fr && $0.country == "FRA" })
        // "No" is English and Spanish: it votes for neither; "Sí" is Spanish.
        let spanish = transformer.transform(raw(country: "ESP", [("ch5_seizure_used", ["Sí"]), ("ch5_search_used", ["No"]), ("nope", ["x"])]))
        #expect(spanish.diagnostics.first?.senderLanguage == .es)
        // Question labels as headers vote too.
        let header = try #require(Fixtures.questionnaire.question(id: "ch7_contact_247")?.label[.ru])
        let russian = transformer.transform(raw(country: "RUS", [(header, ["yes"]), ("nope", ["x"])]))
        #expect(russian.diagnostics.first?.senderLanguage == .ru)
    }

    @Test func otherwiseTheCountrysLanguageElseNone() throws {
        // Codes vote for no language.
        let codes = raw(country: "SEN", [("ch5_search_used", ["yes"]), ("nope", ["x"])])
        let none = transformer.transform(codes)
        #expect(none.diagnostics.first?.country == "SEN")
        var countries = Fixtures.reference.countries
        let senegal = try #require(countries.firstIndex { $0.iso3 == "SEN" })
        countries[senegal].language = .fr
        let reference = CountryReference(
            countries: countries, regions: Fixtures.reference.regions, subregions: Fixtures.reference.subregions)
        let configured = Transformer(
            questionnaire: Fixtures.questionnaire, reference: reference, defaultRound: "2026", rounds: Fixtures.rounds)
        var withReader = codes
        withReader.diagnostics = [Diagnostic(.csvRaggedRow, at: withReader.location)]
        let submission = configured.transform(withReader)
        #expect(submission.diagnostics.contains { $0.code == .csvRaggedRow })
        #expect(submission.diagnostics.allSatisfy { $0.senderLanguage == .fr && $0.country == "SEN" })
        // Labels outvote the configuration: "Yes" is English only.
        let english = configured.transform(raw(country: "SEN", [("ch5_search_used", ["Yes"]), ("nope", ["x"])]))
        #expect(english.diagnostics.first?.senderLanguage == .en)
    }

    @Test func aCloseVoteIsNoLeader() {
        var votes = LanguageVotes()
        #expect(votes.leader == nil)
        votes.add(.fr)
        #expect(votes.leader == .fr)
        votes.add(.en)
        #expect(votes.leader == nil)
        votes.add(.fr)
        #expect(votes.leader == .fr)
    }
}

/// Diagnostics added after the check (revisions) name the country and language too.
@Suite struct SenderLanguageAfterCheckTests {
    @Test func aSupersededNoteCarriesTheSubmissionsCountryAndLanguage() throws {
        var submissions = [
            transformer.transform(raw(ordinal: 1, [("ch5_search_used", ["Oui"])])),
            transformer.transform(raw(ordinal: 2, [("ch5_search_used", ["Non"])])),
        ]
        #expect(submissions.map(\.senderLanguage) == [.fr, .fr])
        Transformer.resolveRevisions(&submissions)
        let note = try #require(submissions[0].diagnostics.first { $0.code == .submissionSuperseded })
        #expect(note.country == "FRA")
        #expect(note.senderLanguage == .fr)
    }
}
