import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

/// Issue 16, section 2: with declared rounds, a written round maps to a declared round (with a
/// note when written in another form) or is rejected with `round-invalid` naming the rounds; a
/// stray value never becomes a round of its own.
@Suite struct DeclaredRoundTests {
    let declared = Transformer(
        questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: ["2022", "2026"])

    func submit(_ round: String?, with transformer: Transformer? = nil) -> Submission {
        (transformer ?? declared).transform(raw(round: round, [("ch8_cert", ["yes"])]))
    }

    @Test func aDeclaredRoundIsTakenWithoutADiagnostic() {
        for round in ["2022", "2026"] {
            let submission = submit(round)
            #expect(submission.status == .accepted && submission.round == round)
            #expect(submission.diagnostics.isEmpty)
        }
        // No round written: the default round, silently.
        #expect(submit(nil).round == "2026" && submit(nil).diagnostics.isEmpty)
        #expect(submit("").round == "2026" && submit("").diagnostics.isEmpty)
    }

    /// Forms tools write for a declared round: mapped to it with a `round-normalized` note.
    @Test(arguments: [
        ("2026.0", "2026"), ("2026.00", "2026"), (" 2026 ", "2026"), ("  2022  ", "2022"), ("2022.0", "2022"),
        ("２０２６", "2026"), ("２０２６.０", "2026"),
    ])
    func anotherFormOfADeclaredRoundMapsToItWithANote(_ written: String, _ round: String) throws {
        let submission = submit(written)
        #expect(submission.status == .accepted)
        #expect(submission.round == round)
        let note = try #require(submission.diagnostics.first { $0.code == .roundNormalized })
        #expect(note.severity == .info)
        #expect(note.expected == round && note.found == written)
        #expect(submission.diagnostics.count == 1)
    }

    /// Missing-value markers, punctuation, signs, undeclared years and fractions: rejected,
    /// naming the declared rounds.
    @Test(arguments: ["NA", "null", "NULL", "None", "NaN", ".", "..", "-", "-2026", "2027", "2026.5", "2026.01", "2026a", "1999", "20 26"])
    func anythingElseIsRejectedNamingTheDeclaredRounds(_ written: String) throws {
        let submission = submit(written)
        #expect(submission.status == .rejected)
        #expect(submission.reason == .roundInvalid)
        let diagnostic = try #require(submission.diagnostics.first { $0.code == .roundInvalid })
        #expect(diagnostic.expected == "one of the declared rounds: 2022, 2026")
        #expect(diagnostic.found == written)
        #expect(submission.round == "2026", "a rejected submission does not carry the stray value as a round")
    }

    /// Rounds are always declared (a pipeline file without `rounds:` is refused): any plain round
    /// name may be declared and is then taken as written; what is not declared is rejected,
    /// however round-like (before, with no declaration, any plain name became a round).
    @Test func otherDeclaredNamesAreTakenAndUndeclaredOnesRejected() {
        let other = Transformer(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026-A",
            rounds: ["2013", "2026-A", "round_3"])
        for round in ["2013", "2026-A", "round_3"] {
            let submission = submit(round, with: other)
            #expect(submission.status == .accepted && submission.round == round && submission.diagnostics.isEmpty)
        }
        #expect(submit(" 2013 ", with: other).round == "2013")
        for junk in ["2026", "2027", "round_4", "NA", "null", ".", "..", "-", "-2026", "2013/14"] {
            let submission = submit(junk, with: other)
            #expect(submission.status == .rejected && submission.reason == .roundInvalid, "\(junk)")
            #expect(submission.diagnostics.first { $0.code == .roundInvalid }?.expected == "one of the declared rounds: 2013, 2026-A, round_3")
        }
    }

    /// Long-layout rows of one country whose rounds are two forms of one declared round are one
    /// submission, not two competing ones.
    @Test func longRowsInTwoFormsOfOneRoundAreOneSubmission() {
        let rows = [
            raw(round: "2026", ordinal: 1, [("ch8_cert", ["yes"])]),
            raw(round: "2026.0", ordinal: 2, [("ch3_specific_law", ["yes"])]),
        ]
        let submissions = declared.transform(file: rows, format: .longCSV)
        #expect(submissions.count == 1)
        #expect(submissions.first?.round == "2026")
        #expect(submissions.first?.answers.count == 2)
    }
}

/// The order rounds follow: the declared order, never text order.
@Suite struct RoundOrderTests {
    @Test func declaredOrderWinsOverTextOrder() {
        let declared = ["2026-B", "2026-A", "2025"]
        #expect(RoundNames.sorted(["2025", "2026-A", "2026-B"], declared: declared) == declared)
        #expect(RoundNames.latest(["2026-A", "2025", "2026-B"], declared: declared) == "2025")
        // Undeclared rounds (from an older store) come after the declared ones, as text.
        #expect(RoundNames.sorted(["x2", "2025", "x1", "2026-B"], declared: declared) == ["2026-B", "2025", "x1", "x2"])
    }

    @Test func plainTokens() {
        for good in ["2026", "2026-A", "r3", "2013_14", "v1.2"] { #expect(RoundNames.isPlainToken(good), "\(good)") }
        for bad in ["", "-2026", ".", "..", "-", "20 26", "2013/14", "２０２６", String(repeating: "9", count: 33)] {
            #expect(!RoundNames.isPlainToken(bad), "\(bad)")
        }
    }
}
