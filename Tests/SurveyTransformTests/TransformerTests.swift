import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

func raw(
    country: String? = "FRA", round: String? = nil, file: String = "t.csv", ordinal: Int = 1,
    _ answers: [(String, [String])]
) -> RawSubmission {
    let location = SourceLocation(file: file, line: ordinal + 1)
    return RawSubmission(
        location: location, format: .wideCSV, ordinal: ordinal, country: country.map { RawValue($0, at: location) },
        round: round.map { RawValue($0, at: location) },
        answers: answers.enumerated().map { index, answer in
            RawAnswer(field: answer.0, values: answer.1, location: SourceLocation(file: file, line: ordinal + 1, column: index + 2))
        })
}

func value(_ submission: Submission, _ question: String) -> AnswerValue? {
    submission.answers.first { $0.questionID == question }?.value
}

/// Labels in each of the six languages are recognized, typed with other case and accents.
@Suite struct LabelTests {
    @Test(arguments: [
        (Language.en, " YES ", "yes"), (.en, "Partly", "partly"),
        (.fr, "oui", "yes"), (.fr, "NON", "no"),
        (.es, "si", "yes"), (.es, "Sí", "yes"),
        (.ru, "да", "yes"), (.ru, "НЕТ", "no"),
        (.zh, "是", "yes"), (.zh, "否", "no"),
        (.ar, "نعم", "yes"), (.ar, "لا", "no"),
    ])
    func yesNoAndLawStatus(_ language: Language, _ typed: String, _ code: String) {
        // With the law's citation: "yes" without one fires the consistency check specific-law-citation.
        let submission = transformer.transform(raw([("ch3_specific_law", [typed]), ("ch3_main_law", ["Law 1"])]))
        #expect(value(submission, "ch3_specific_law") == .choice(code), "\(language): \(typed)")
        #expect(submission.diagnostics.isEmpty)
    }

    @Test(arguments: Language.allCases)
    func legalFormLabelsInEveryLanguage(_ language: Language) throws {
        let question = try #require(Fixtures.questionnaire.question(id: "ch4_illegal_access"))
        for choice in question.choices {
            let typed = choice.label.text(in: language).uppercased()
            let submission = transformer.transform(raw([("ch4_illegal_access", [typed])]))
            #expect(value(submission, "ch4_illegal_access") == .choice(choice.code), "\(language): \(typed)")
        }
    }

    @Test(arguments: Language.allCases)
    func multipleChoiceLabelsInEveryLanguage(_ language: Language) throws {
        let question = try #require(Fixtures.questionnaire.question(id: "ch3_instruments"))
        let budapest = try #require(question.choice(code: "budapest")).label.text(in: language)
        let malabo = try #require(question.choice(code: "malabo")).label.text(in: language)
        let submission = transformer.transform(raw([("ch3_instruments", ["\(malabo) | \(budapest)"])]))
        #expect(value(submission, "ch3_instruments") == .choices(["budapest", "malabo"]))
    }
}

@Suite struct AnswerTests {
    @Test func multipleChoiceFromODKStyleCodesAndFromValues() {
        let spaced = transformer.transform(raw([("ch3_instruments", [" budapest  malabo"])]))
        #expect(value(spaced, "ch3_instruments") == .choices(["budapest", "malabo"]))
        let values = transformer.transform(raw([("ch3_instruments", ["un_convention", "budapest"])]))
        #expect(value(values, "ch3_instruments") == .choices(["budapest", "un_convention"]))
    }

    @Test func longLayoutRowsOfOneMultipleChoiceQuestionAreOneAnswer() {
        let submission = transformer.transform(raw([("ch3_instruments", ["budapest"]), ("ch3_instruments", ["malabo"])]))
        #expect(value(submission, "ch3_instruments") == .choices(["budapest", "malabo"]))
        #expect(submission.answersSeen == 1)
        #expect(submission.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ("ch5_specialized_officers", "1 200", 1200.0), ("ch5_specialized_officers", "1,000", 1000.0),
        ("ch7_mla_sent", "1.500", 1500.0), ("ch6_trained_share", "45%", 45.0), ("ch6_trained_share", "12,5", 12.5),
        ("ch3_reform_year", "2015", 2015.0),
    ])
    func numbersAsPeopleWriteThem(_ question: String, _ typed: String, _ expected: Double) {
        let submission = transformer.transform(raw([(question, [typed])]))
        #expect(value(submission, question) == .number(expected))
    }

    @Test(arguments: [
        ("ch3_reform_year", "1850", DiagnosticCode.numberOutOfRange), ("ch6_trained_share", "140", .numberOutOfRange),
        ("ch5_specialized_officers", "12.5", .numberNotInteger), ("ch7_mla_sent", "many", .numberInvalid),
        ("ch8_cert", "perhaps", .choiceUnknown), ("ch8_cert", "budapest", .choiceUnknown),
        ("no_such_question", "yes", .questionUnknown),
    ])
    func aBadAnswerIsDroppedAndTheRestKept(_ question: String, _ typed: String, _ code: DiagnosticCode) throws {
        let submission = transformer.transform(raw([(question, [typed]), ("ch8_cert", ["yes"])]))
        #expect(submission.status == .accepted)
        #expect(value(submission, "ch8_cert") == .choice("yes"))
        let diagnostic = try #require(submission.diagnostics.first)
        #expect(diagnostic.code == code)
        #expect(diagnostic.questionID == question)
        #expect(diagnostic.found == (code == .questionUnknown ? question : typed))
        #expect(diagnostic.expected != nil)
        #expect(diagnostic.location.line == 2 && diagnostic.location.column == 2)
        #expect(submission.answersSeen == 2 && submission.answersKept == 1 && submission.answersDropped == 1)
    }

    /// Whether a whole-number answer is whole is read from the text: a Double rounds these to a
    /// whole number (100000, 2015) or to a fraction too small to matter (issue 16 section 5).
    @Test(arguments: [
        ("ch5_specialized_officers", "99999.99999999999999999"), ("ch5_specialized_officers", "0.000000000000000000000001"),
        ("ch7_mla_sent", "1,50"), ("ch7_mla_sent", "-3.5"), ("ch3_reform_year", "2015.0000000000000001"),
        ("ch3_reform_year", "2015,5"), ("ch5_specialized_officers", "12.000001"),
    ])
    func aFractionIsNotAWholeNumberWhateverTheDoubleSays(_ question: String, _ typed: String) throws {
        let submission = transformer.transform(raw([(question, [typed]), ("ch8_cert", ["yes"])]))
        #expect(value(submission, question) == nil)
        let diagnostic = try #require(submission.diagnostics.first)
        #expect(diagnostic.code == .numberNotInteger)
        #expect(diagnostic.found == typed)
    }

    /// Whole numbers keep every written form: trailing zeros after the decimal mark, thousands
    /// separators (spaces, `,` or `.` before three digits), a sign.
    @Test(arguments: [
        ("ch5_specialized_officers", "12.0", 12.0), ("ch5_specialized_officers", "12,00", 12.0),
        ("ch5_specialized_officers", "1 200", 1200.0), ("ch5_specialized_officers", "1,000", 1000.0),
        ("ch7_mla_sent", "1.500", 1500.0), ("ch3_reform_year", " 2015.0 ", 2015.0), ("ch7_mla_sent", "+7", 7.0),
    ])
    func wholeNumbersWrittenWithZerosOrSeparatorsStayWhole(_ question: String, _ typed: String, _ expected: Double) {
        let submission = transformer.transform(raw([(question, [typed]), ("ch8_cert", ["yes"])]))
        #expect(!submission.diagnostics.contains { $0.code == .numberNotInteger }, "\(typed)")
        #expect(value(submission, question) == .number(expected), "\(typed)")
    }

    /// Zero written with a minus sign is zero, without its sign: the store keeps none (SQLite
    /// reads a whole REAL back as an integer, PostgreSQL keeps the sign), so a run's own answers
    /// and those read back from either backend are the same number.
    @Test(arguments: [("ch5_specialized_officers", "-0"), ("ch7_mla_sent", "-0.0"), ("ch7_mla_sent", "-0,00")])
    func zeroWrittenWithAMinusIsZeroWithoutItsSign(_ question: String, _ typed: String) throws {
        let submission = transformer.transform(raw([(question, [typed]), ("ch8_cert", ["yes"])]))
        guard case .number(let number) = try #require(value(submission, question)) else {
            Issue.record("\(typed) is not a number answer")
            return
        }
        #expect(number == 0 && number.sign == .plus, "\(typed) gives \(number)")
    }

    /// Digits past a Double's range are not a number (they read as infinity): refused as
    /// invalid, never kept (the profiles' JSON could not write an infinite number).
    @Test func digitsPastADoublesRangeAreNotANumber() throws {
        for typed in [String(repeating: "9", count: 400), "-" + String(repeating: "9", count: 400) + ".5"] {
            let submission = transformer.transform(raw([("ch7_mla_sent", [typed]), ("ch8_cert", ["yes"])]))
            #expect(value(submission, "ch7_mla_sent") == nil)
            #expect(submission.diagnostics.contains { $0.code == .numberInvalid }, "\(submission.diagnostics.map(\.code))")
        }
    }

    @Test func notAnsweredIsNeverAnAnswer() {
        let submission = transformer.transform(raw([("ch8_cert", ["  "]), ("ch8_public_private", ["no"])]))
        #expect(value(submission, "ch8_cert") == nil)
        #expect(submission.answersSeen == 1)
    }

    @Test func aSecondAnswerToOneQuestionIsDropped() {
        let submission = transformer.transform(raw([("ch8_cert", ["yes"]), ("ch8_cert", ["no"])]))
        #expect(value(submission, "ch8_cert") == .choice("yes"))
        #expect(submission.diagnostics.map(\.code) == [.answerDuplicate])
    }

    @Test func twoValuesForASingleChoiceQuestionAreDropped() {
        let submission = transformer.transform(raw([("ch8_cert", ["yes", "no"]), ("ch8_public_private", ["no"])]))
        #expect(submission.diagnostics.map(\.code) == [.tooManyValues])
    }
}

@Suite struct SubmissionTests {
    @Test func unknownMissingAndAmbiguousCountriesAreRejected() {
        let cases: [(String?, DiagnosticCode)] = [("Atlantis", .countryUnknown), (nil, .countryMissing), ("  ", .countryMissing), ("San Martín", .countryAmbiguous)]
        for (country, code) in cases {
            let submission = transformer.transform(raw(country: country, [("ch8_cert", ["yes"])]))
            #expect(submission.status == .rejected)
            #expect(submission.reason == code)
            #expect(submission.answersKept == 0 && submission.answersDropped == 1)
        }
    }

    @Test func roundFromTheFileOrTheDefault() {
        #expect(transformer.transform(raw(round: "2013", [("ch8_cert", ["yes"])])).round == "2013")
        #expect(transformer.transform(raw(round: "", [("ch8_cert", ["yes"])])).round == "2026")
        let bad = transformer.transform(raw(round: "2013/14", [("ch8_cert", ["yes"])]))
        #expect(bad.status == .rejected && bad.reason == .roundInvalid)
    }

    @Test func aSubmissionWithNoUsableAnswerIsRejected() {
        let submission = transformer.transform(raw([("ch8_cert", ["perhaps"])]))
        #expect(submission.status == .rejected)
        #expect(submission.reason == .submissionEmpty)
    }

    @Test func aLaterSubmissionForTheSameCountryAndRoundSupersedes() {
        var submissions = [
            transformer.transform(raw(country: "FRA", file: "a.xml", [("ch8_cert", ["no"])])),
            transformer.transform(raw(country: "DEU", file: "b.xml", [("ch8_cert", ["no"])])),
            transformer.transform(raw(country: "France", file: "c.xml", [("ch8_cert", ["yes"])])),
            transformer.transform(raw(country: "FRA", round: "2013", file: "d.xml", [("ch8_cert", ["yes"])])),
        ]
        Transformer.resolveRevisions(&submissions)
        #expect(submissions.map(\.status) == [.superseded, .accepted, .accepted, .accepted])
        #expect(submissions[0].supersededBy == "c.xml#1")
        #expect(submissions[0].diagnostics.map(\.code) == [.submissionSuperseded])
    }
}

@Suite struct QuestionnaireChecks {
    @Test func theShippedQuestionnaireHasNoCollidingLabels() {
        #expect(Transformer.labelCollisions(in: Fixtures.questionnaire) == [])
    }

    @Test func collidingLabelsAreFound() {
        let label = LocalizedText([.en: "Yes", .fr: "Oui"])
        let question = Question(
            id: "q", chapter: .prevention, type: .singleChoice, label: label, choiceList: "l",
            choices: [Choice(code: "yes", label: label), Choice(code: "si", label: LocalizedText([.en: "OUI"]))])
        let questionnaire = Questionnaire(id: "t", version: "1", title: label, questions: [question])
        #expect(Transformer.labelCollisions(in: questionnaire).count == 1)
    }
}

@Suite struct LongLayoutMergeTests {
    @Test func rowsNamingOneCountryTwoWaysAreOneSubmission() {
        let raws = [
            raw(country: "FRA", file: "l.csv", ordinal: 1, [("ch8_cert", ["yes"])]),
            raw(country: "DEU", file: "l.csv", ordinal: 2, [("ch8_cert", ["no"])]),
            raw(country: "France", file: "l.csv", ordinal: 3, [("ch8_awareness", ["yes"])]),
            raw(country: "France", round: "2013", file: "l.csv", ordinal: 4, [("ch8_cert", ["no"])]),
        ]
        let merged = transformer.mergingSameCountry(raws)
        #expect(merged.map(\.ordinal) == [1, 2, 3])
        #expect(merged[0].answers.map(\.field) == ["ch8_cert", "ch8_awareness"])
        #expect(merged[2].round?.text == "2013")
    }
}

@Suite struct MultipleChoiceEdgeTests {
    @Test func separatorsAloneAreNotAnAnswer() {
        let submission = transformer.transform(raw([("ch3_instruments", [";"]), ("ch8_cert", ["yes"])]))
        #expect(value(submission, "ch3_instruments") == nil)
        #expect(submission.diagnostics.map(\.code) == [.choiceUnknown])
        #expect(submission.answersSeen == 2 && submission.answersKept == 1)
    }

    @Test func noneWithOtherOptionsIsAConflict() {
        let submission = transformer.transform(raw([("ch3_instruments", ["budapest|none"]), ("ch8_cert", ["yes"])]))
        #expect(value(submission, "ch3_instruments") == nil)
        #expect(submission.diagnostics.map(\.code) == [.choiceConflict])
    }
}
