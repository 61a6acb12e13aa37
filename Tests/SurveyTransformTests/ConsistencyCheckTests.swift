import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

/// The questionnaire's consistency checks on transformed submissions (issue 17, part 6): each
/// shipped check fires when its two answers contradict and stays silent otherwise; an unanswered
/// `then` item is never read as "no"; a check never rejects a submission or drops an answer.
@Suite struct ConsistencyCheckTests {
    /// The firings of `check` on a submission from `answers` (field, values).
    func firings(_ check: String, _ answers: [(String, [String])], country: String? = "FRA") -> [Diagnostic] {
        let submission = transformer.transform(raw(country: country, answers))
        return submission.diagnostics.filter { ConsistencyCheck.firing($0)?.check == check }
    }

    // The three checks the issue names, written out by hand.

    @Test func budapestPartyWithout247ContactFires() throws {
        let answers = [("ch3_instruments", ["budapest un_convention"]), ("ch7_contact_247", ["no"])]
        let fired = try #require(firings("budapest-247-contact", answers).first)
        #expect(fired.code == .consistencyCheck && fired.severity == .warning)
        // Located at the `if` answer (column 2), naming the `then` answer's position (column 3).
        #expect(fired.location == SourceLocation(file: "t.csv", line: 2, column: 2))
        #expect(fired.questionID == "ch3_instruments")
        #expect(fired.expected == "ch7_contact_247: yes")
        #expect(fired.found == "no")
        #expect(fired.detail?.hasPrefix("check budapest-247-contact [FRA]: ch3_instruments at t.csv:2:2, ch7_contact_247 at t.csv:2:3; Party to the Budapest Convention") == true)
        #expect(fired.message.contains("t.csv:2:2") && fired.message.contains("t.csv:2:3"))
        #expect(ConsistencyCheck.firing(fired)?.check == "budapest-247-contact")
        #expect(ConsistencyCheck.firing(fired)?.country == "FRA")
    }

    @Test func budapestPartyWith247ContactOrUnansweredOrNotPartyDoesNotFire() {
        #expect(firings("budapest-247-contact", [("ch3_instruments", ["budapest"]), ("ch7_contact_247", ["yes"])]).isEmpty)
        // "Not answered" is never "no".
        #expect(firings("budapest-247-contact", [("ch3_instruments", ["budapest"])]).isEmpty)
        #expect(firings("budapest-247-contact", [("ch3_instruments", ["un_convention"]), ("ch7_contact_247", ["no"])]).isEmpty)
        #expect(firings("budapest-247-contact", [("ch7_contact_247", ["no"])]).isEmpty)
    }

    @Test func specificLawWithoutCitationFires() throws {
        let fired = try #require(firings("specific-law-citation", [("ch3_specific_law", ["yes"])]).first)
        #expect(fired.found == "not answered")
        #expect(fired.detail?.contains("ch3_main_law at not answered") == true)
        #expect(firings("specific-law-citation", [("ch3_specific_law", ["yes"]), ("ch3_main_law", ["Law 12/2019"])]).isEmpty)
        #expect(firings("specific-law-citation", [("ch3_specific_law", ["partly"])]).isEmpty)
        #expect(firings("specific-law-citation", [("ch3_specific_law", ["no"])]).isEmpty)
    }

    @Test func powerUsedWithoutLegalBasisFires() throws {
        let fired = try #require(
            firings("used-without-basis-search", [("ch5_search_used", ["yes"]), ("ch5_search_basis", ["none"])]).first)
        #expect(fired.questionID == "ch5_search_used" && fired.found == "none")
        for basis in ["cyber_specific", "general", "unknown"] {
            #expect(firings("used-without-basis-search", [("ch5_search_used", ["yes"]), ("ch5_search_basis", [basis])]).isEmpty, "\(basis)")
        }
        #expect(firings("used-without-basis-search", [("ch5_search_used", ["no"]), ("ch5_search_basis", ["none"])]).isEmpty)
        #expect(firings("used-without-basis-search", [("ch5_search_used", ["yes"])]).isEmpty)
    }

    @Test func aForensicLabWithoutCapacityIsANote() throws {
        let fired = try #require(
            firings("forensic-lab-capacity", [("ch6_forensic_lab", ["yes"]), ("ch5_forensic_capacity", ["none"])]).first)
        #expect(fired.code == .consistencyNote && fired.severity == .info)
        #expect(firings("forensic-lab-capacity", [("ch6_forensic_lab", ["yes"]), ("ch5_forensic_capacity", ["basic"])]).isEmpty)
    }

    /// Answers that make `condition` hold (`true`) or fail (`false`) for `question`; nil for
    /// "leave it unanswered".
    static func values(_ question: Question, _ condition: ConsistencyCheck.Condition, holding: Bool) -> [String]? {
        let all = question.choices.map(\.code)
        switch (condition, holding) {
        case (.selected(let codes), true): return [codes[0]]
        case (.selected(let codes), false): return all.first { !codes.contains($0) }.map { [$0] }
        case (.notSelected(let codes), true): return all.first { !codes.contains($0) }.map { [$0] }
        case (.notSelected(let codes), false): return [codes[0]]
        case (.answered, true): return [question.type.hasChoices ? all[0] : "12"]
        case (.answered, false): return nil
        }
    }

    /// Every shipped check, from its own declaration: fires when `if` holds and `then` fails;
    /// silent when `then` holds, when `if` does not hold, and (unless it asks for an answer) when
    /// `then` is unanswered. The submission stays accepted with every answer kept.
    @Test(arguments: Fixtures.questionnaire.checks.map(\.id))
    func eachShippedCheckFiresAndDoesNotFire(_ id: String) throws {
        let check = try #require(Fixtures.questionnaire.checks.first { $0.id == id })
        let ifQuestion = try #require(Fixtures.questionnaire.question(id: check.ifQuestion))
        let thenQuestion = try #require(Fixtures.questionnaire.question(id: check.thenQuestion))
        let premise = try #require(Self.values(ifQuestion, check.ifCondition, holding: true))
        func answers(_ then: [String]?, premise: [String]? = premise) -> [(String, [String])] {
            (premise.map { [(check.ifQuestion, $0)] } ?? []) + (then.map { [(check.thenQuestion, $0)] } ?? [])
        }

        let contradiction = answers(Self.values(thenQuestion, check.thenCondition, holding: false))
        let submission = transformer.transform(raw(contradiction))
        #expect(submission.status == .accepted)
        #expect(submission.answers.count == contradiction.count)
        let fired = submission.diagnostics.filter { ConsistencyCheck.firing($0)?.check == id }
        #expect(fired.count == 1)
        #expect(fired.first?.code == check.code)
        #expect(fired.first?.location == submission.answers.first { $0.questionID == check.ifQuestion }?.location)

        #expect(firings(id, answers(Self.values(thenQuestion, check.thenCondition, holding: true))).isEmpty)
        if check.thenCondition != .answered {
            #expect(firings(id, answers(nil)).isEmpty, "an unanswered then item is not a contradiction")
        }
        if let otherwise = Self.values(ifQuestion, check.ifCondition, holding: false) {
            #expect(firings(id, answers(Self.values(thenQuestion, check.thenCondition, holding: false), premise: otherwise)).isEmpty)
        }
    }

    @Test func aRejectedSubmissionIsNotChecked() {
        let answers = [("ch3_instruments", ["budapest"]), ("ch7_contact_247", ["no"])]
        let submission = transformer.transform(raw(country: "Atlantis", answers))
        #expect(submission.status == .rejected)
        #expect(!submission.diagnostics.contains { $0.code == .consistencyCheck })
    }
}
