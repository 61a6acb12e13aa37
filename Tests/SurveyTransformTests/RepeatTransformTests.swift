import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

/// A raw answer inside groups (`groups`/`positions` as a reader reports them).
private func inside(
    _ groups: [String], _ positions: [Int], _ field: String, _ values: [String], line: Int
) -> RawAnswer {
    RawAnswer(
        field: field, values: values, location: SourceLocation(file: "t.xml", line: line), groups: groups, groupPositions: positions)
}

private func submission(_ answers: [RawAnswer], country: String = "FRA") -> RawSubmission {
    let location = SourceLocation(file: "t.xml", line: 1)
    return RawSubmission(
        location: location, format: .nativeXML, ordinal: 1, country: RawValue(country, at: location), round: RawValue("2026", at: location),
        answers: answers)
}

private func repeatValue(_ submission: Submission, _ field: String) -> AnswerValue? {
    submission.repeatAnswers.first { $0.field == field }?.value
}

/// A small questionnaire with a repeat holding a nested repeat, and a legal-form question whose id
/// the repeat's coverage list names.
private let nestedQuestionnaire: Questionnaire = {
    let label = LocalizedText([.en: "x"])
    let legalForm = [
        Choice(code: "cyber_specific", label: LocalizedText([.en: "Cyber-specific"])),
        Choice(code: "general", label: LocalizedText([.en: "General"])),
    ]
    var questionnaire = Questionnaire(
        id: "t", version: "1", title: label,
        questions: [
            Question(id: "act_a", chapter: .criminalization, type: .legalForm, label: LocalizedText([.en: "Act A"]), choiceList: "lf", choices: legalForm),
            Question(id: "act_b", chapter: .criminalization, type: .legalForm, label: LocalizedText([.en: "Act B"]), choiceList: "lf", choices: legalForm),
        ])
    let acts = [Choice(code: "act_a", label: LocalizedText([.en: "Act A"])), Choice(code: "act_b", label: LocalizedText([.en: "Act B"]))]
    questionnaire.repeats = [
        RepeatGroup(
            id: "laws", chapter: .legislation, label: label,
            questions: [
                Question(id: "title", chapter: .legislation, type: .text, label: LocalizedText([.en: "Title"])),
                Question(id: "year", chapter: .legislation, type: .year, label: LocalizedText([.en: "Year"]), minimum: 1900, maximum: 2030),
                Question(id: "acts", chapter: .legislation, type: .multipleChoice, label: LocalizedText([.en: "Acts"]), choiceList: "acts", choices: acts),
            ],
            repeats: [
                RepeatGroup(
                    id: "amendments", chapter: .legislation, label: label,
                    questions: [Question(id: "year", chapter: .legislation, type: .year, label: LocalizedText([.en: "Year"]))])
            ], position: 2)
    ]
    return questionnaire
}()

private let nestedTransformer = Transformer(
    questionnaire: nestedQuestionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: Fixtures.rounds)

/// Answers inside the questionnaire's repeat groups (issue 20): placed by path, checked against the
/// repeat's sub-questions, counted in the accounting, never mixed with the ordinary answers.
@Suite struct RepeatTransformTests {
    @Test func threeLawsKeepTheirPositionsAndValues() {
        let answers = (1...3).flatMap { index in
            [
                inside(["laws"], [index], "title", ["Law \(index)"], line: index * 10),
                inside(["laws"], [index], "status", ["in_force"], line: index * 10 + 1),
                inside(["laws"], [index], "year_adopted", ["\(2000 + index)"], line: index * 10 + 2),
            ]
        }
        let result = transformer.transform(submission([RawAnswer(field: "ch3_specific_law", values: ["no"], location: SourceLocation(file: "t.xml", line: 2))] + answers))
        #expect(result.status == .accepted)
        #expect(result.answers.map(\.questionID) == ["ch3_specific_law"])
        #expect(result.repeatAnswers.count == 9)
        #expect(Set(result.repeatAnswers.compactMap(\.path?.description)) == ["laws[1]", "laws[2]", "laws[3]"])
        #expect(repeatValue(result, "laws[2]/title") == .text("Law 2"))
        #expect(repeatValue(result, "laws[3]/year_adopted") == .number(2003))
        #expect(repeatValue(result, "laws[1]/status") == .choice("in_force"))
        #expect(result.answersSeen == 10)
        #expect(result.answersKept == 10)
        // Path order, then questionnaire order within an occurrence.
        #expect(result.repeatAnswers.prefix(3).map(\.questionID) == ["title", "status", "year_adopted"])
    }

    @Test func labelsInTheSendersLanguageAreReadInsideRepeats() {
        let result = transformer.transform(
            submission([
                inside(["laws"], [1], "status", ["En vigueur"], line: 3), inside(["laws"], [1], "type", ["Proyecto de ley"], line: 4),
            ]))
        #expect(repeatValue(result, "laws[1]/status") == .choice("in_force"))
        #expect(repeatValue(result, "laws[1]/type") == .choice("draft_bill"))
    }

    @Test func aBadValueIsDroppedAndNamedByItsPath() throws {
        let result = transformer.transform(
            submission([
                inside(["laws"], [1], "title", ["Law 1"], line: 3),
                inside(["laws"], [2], "title", ["Law 2"], line: 5),
                inside(["laws"], [2], "year_adopted", ["1850"], line: 6),
            ]))
        #expect(result.status == .accepted)
        let diagnostic = try #require(result.diagnostics.first { $0.code == .numberOutOfRange })
        #expect(diagnostic.questionID == "laws[2]/year_adopted")
        #expect(diagnostic.location.line == 6)
        #expect(result.repeatAnswers.count == 2)
        #expect(result.answersSeen == 3 && result.answersDropped == 1)
    }

    @Test func anUnknownFieldInsideARepeatIsReportedWithItsPath() throws {
        let result = transformer.transform(
            submission([inside(["laws"], [1], "title", ["Law 1"], line: 3), inside(["laws"], [1], "colour", ["blue"], line: 4)]))
        let diagnostic = try #require(result.diagnostics.first { $0.code == .questionUnknown })
        #expect(diagnostic.questionID == "laws[1]/colour")
        #expect(diagnostic.expected?.contains("year_adopted") == true)
        #expect(result.answersDropped == 1)
    }

    @Test func chapterGroupsAroundARepeatArePassedThrough() {
        // An XForm may put the repeat inside a group (`/data/ch3/laws/title`).
        let result = transformer.transform(submission([inside(["ch3", "laws"], [1, 2], "title", ["Law"], line: 3)]))
        #expect(repeatValue(result, "laws[2]/title") == .text("Law"))
    }

    @Test func multipleChoiceOneOptionPerRowOrPerColumnIsOneAnswer() {
        let rows = transformer.transform(
            submission([
                inside(["laws"], [1], "acts", ["ch4_spam"], line: 3), inside(["laws"], [1], "acts", ["ch4_illegal_access"], line: 4),
            ]))
        #expect(repeatValue(rows, "laws[1]/acts") == .choices(["ch4_illegal_access", "ch4_spam"]))
        #expect(rows.repeatAnswers.count == 1)
        let columns = transformer.transform(
            submission([
                inside(["laws"], [1], "acts/ch4_spam", ["1"], line: 3), inside(["laws"], [1], "acts/ch4_grooming", ["0"], line: 3),
                inside(["laws"], [1], "acts/ch4_illegal_access", ["1"], line: 3),
            ]))
        #expect(repeatValue(columns, "laws[1]/acts") == .choices(["ch4_illegal_access", "ch4_spam"]))
        // Counted as one answer seen and kept, as outside repeats: reading the options one a row or
        // one a column drops nothing (it once counted each option as an answer seen).
        for result in [rows, columns] {
            #expect(result.answersSeen == 1 && result.answersKept == 1 && result.answersDropped == 0)
        }
        // A duplicate and an unknown field still count, as answers seen and dropped.
        let dropped = transformer.transform(
            submission([
                inside(["laws"], [1], "acts/ch4_spam", ["1"], line: 3), inside(["laws"], [1], "title", ["A"], line: 3),
                inside(["laws"], [1], "title", ["B"], line: 4), inside(["laws"], [1], "no_such_field", ["?"], line: 5),
            ]))
        #expect(dropped.answersSeen == 4 && dropped.answersKept == 2 && dropped.answersDropped == 2)
    }

    @Test func aSecondValueForOneFieldOfOneOccurrenceIsADuplicate() throws {
        let result = transformer.transform(
            submission([inside(["laws"], [1], "title", ["A"], line: 3), inside(["laws"], [1], "title", ["B"], line: 4)]))
        let diagnostic = try #require(result.diagnostics.first { $0.code == .answerDuplicate })
        #expect(diagnostic.questionID == "laws[1]/title")
        #expect(repeatValue(result, "laws[1]/title") == .text("A"))
    }

    @Test func aSubmissionWithOnlyLawsIsNotEmpty() {
        let result = transformer.transform(submission([inside(["laws"], [1], "title", ["Law 1"], line: 3)]))
        #expect(result.status == .accepted)
    }

    @Test func nestedRepeatsCarryEveryLevel() {
        let result = nestedTransformer.transform(
            submission([
                inside(["laws"], [2], "title", ["Law 2"], line: 3),
                inside(["laws", "amendments"], [2, 1], "year", ["2015"], line: 4),
                inside(["laws", "amendments"], [2, 3], "year", ["2019"], line: 5),
            ]))
        #expect(repeatValue(result, "laws[2]/amendments[1]/year") == .number(2015))
        #expect(repeatValue(result, "laws[2]/amendments[3]/year") == .number(2019))
        #expect(repeatValue(result, "laws[2]/year") == nil)  // the law's own year is not the amendment's
        #expect(result.repeatAnswers.map(\.field) == ["laws[2]/title", "laws[2]/amendments[1]/year", "laws[2]/amendments[3]/year"])
    }

    @Test func anActAnsweredCyberSpecificThatNoListedLawCoversIsWarned() throws {
        let listed = nestedTransformer.transform(
            submission([
                RawAnswer(field: "act_a", values: ["cyber_specific"], location: SourceLocation(file: "t.xml", line: 2)),
                RawAnswer(field: "act_b", values: ["cyber_specific"], location: SourceLocation(file: "t.xml", line: 3)),
                inside(["laws"], [1], "acts", ["act_b"], line: 5),
            ]))
        let warnings = listed.diagnostics.filter { $0.code == .inventoryActUncovered }
        #expect(warnings.map(\.questionID) == ["act_a"])
        #expect(try #require(warnings.first).location.line == 2)
        #expect(listed.status == .accepted && listed.answers.count == 2)
        // No law listed: nothing to compare with, no warning ("not answered" is never "no").
        let none = nestedTransformer.transform(
            submission([RawAnswer(field: "act_a", values: ["cyber_specific"], location: SourceLocation(file: "t.xml", line: 2))]))
        #expect(!none.diagnostics.contains { $0.code == .inventoryActUncovered })
        // A general offence needs no cyber-specific law.
        let general = nestedTransformer.transform(
            submission([
                RawAnswer(field: "act_a", values: ["general"], location: SourceLocation(file: "t.xml", line: 2)),
                inside(["laws"], [1], "title", ["Penal code"], line: 5),
            ]))
        #expect(!general.diagnostics.contains { $0.code == .inventoryActUncovered })
    }

    @Test func aGroupTheQuestionnaireDoesNotRepeatIsStillRefusedWhenItRepeats() {
        var answer = RawAnswer(
            field: "ch3_main_law", values: ["Law"], location: SourceLocation(file: "t.xml", line: 3), groups: ["other"], groupPositions: [2],
            repeatIndex: 2)
        answer.repeatIndex = 2
        let result = transformer.transform(submission([answer, RawAnswer(field: "ch3_specific_law", values: ["no"], location: SourceLocation(file: "t.xml", line: 2))]))
        #expect(result.diagnostics.contains { $0.code == .answerInRepeat })
        #expect(result.repeatAnswers.isEmpty)
    }
}
