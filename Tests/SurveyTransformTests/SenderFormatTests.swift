import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

func exported(
    _ answers: [(String, String)], metadata: SubmissionMetadata = SubmissionMetadata(), file: String = "e.csv",
    ordinal: Int = 1
) -> RawSubmission {
    let location = SourceLocation(file: file, line: ordinal + 1)
    return RawSubmission(
        location: location, format: .odkCentralCSV, ordinal: ordinal,
        answers: answers.enumerated().map { index, answer in
            RawAnswer(field: answer.0, values: [answer.1], location: SourceLocation(file: file, line: ordinal + 1, column: index + 1))
        }, metadata: metadata)
}

@Suite struct FieldMappingTests {
    @Test func identityFieldsAndGroupPathsFromEveryTool() throws {
        let submission = transformer.transform(exported([
            ("country", "FRA"), ("round", "2013"), ("ch8-ch8_cert", "yes"), ("ch3/ch3_specific_law", "partly"),
            ("ch4_illegal_access", "general"), ("meta-instanceID", "uuid:1"), ("start", "2026-01-01"),
            ("formhub/uuid", "x"), ("__version__", "v1"),
        ]))
        #expect(submission.status == .accepted)
        #expect(submission.country == "FRA" && submission.round == "2013")
        #expect(submission.answers.map(\.questionID) == ["ch8_cert", "ch3_specific_law", "ch4_illegal_access"])
        #expect(submission.diagnostics.isEmpty)
        #expect(submission.answersSeen == 3)
    }

    @Test func configuredIdentityFieldNames() {
        let custom = Transformer(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026",
            countryField: "member_state", roundField: "cycle", rounds: ["2026", "2030"])
        let submission = custom.transform(exported([("grp-member_state", "Brésil"), ("cycle", "2030"), ("ch8_cert", "yes")]))
        #expect(submission.country == "BRA" && submission.round == "2030")
    }

    @Test func questionLabelsAsHeadersInAnyLanguage() throws {
        let question = try #require(Fixtures.questionnaire.question(id: "ch8_cert"))
        for language in Language.allCases {
            let header = question.label.text(in: language).uppercased()
            let submission = transformer.transform(exported([("country", "FRA"), (header, "yes")]))
            #expect(submission.answers.map(\.questionID) == ["ch8_cert"], "\(language): \(header)")
        }
    }

    @Test func splitSelectMultipleColumnsWinOverTheCombinedOne() {
        let submission = transformer.transform(exported([
            ("country", "FRA"), ("ch3/ch3_instruments", "Convention A Convention B"),
            ("ch3/ch3_instruments/budapest", "1"), ("ch3/ch3_instruments/malabo", "0"),
            ("ch3/ch3_instruments/un_convention", "1"),
        ]))
        #expect(submission.answers.first?.value == .choices(["budapest", "un_convention"]))
        #expect(submission.diagnostics.isEmpty)
        #expect(submission.answersSeen == 1)
    }

    @Test func splitColumnsAloneAllZeroIsNotAnswered() {
        let submission = transformer.transform(exported([
            ("country", "FRA"), ("ch8_cert", "yes"), ("ch3-ch3_instruments/budapest", "0"), ("ch3-ch3_instruments/malabo", "0"),
        ]))
        #expect(submission.answers.map(\.questionID) == ["ch8_cert"])
        #expect(submission.answersSeen == 1)
    }

    @Test func answersInRepeatsAreReportedNotMerged() throws {
        var raw = exported([("country", "FRA"), ("ch8_cert", "yes")])
        raw.answers.append(RawAnswer(field: "ch8_awareness", values: ["yes"], location: SourceLocation(file: "e.csv", line: 9), groups: ["g"], repeatIndex: 1))
        raw.answers.append(RawAnswer(field: "ch8_awareness", values: ["no"], location: SourceLocation(file: "e.csv", line: 10), groups: ["g"], repeatIndex: 2))
        let submission = transformer.transform(raw)
        #expect(submission.answers.map(\.questionID) == ["ch8_cert"])
        #expect(submission.diagnostics.map(\.code) == [.answerInRepeat, .answerInRepeat])
        #expect(submission.answersSeen == 3 && submission.answersDropped == 2)
    }
}

@Suite struct ReviewTests {
    @Test(arguments: ["rejected", "validation_status_not_approved"])
    func theSendersOwnReviewExcludes(_ review: String) {
        let submission = transformer.transform(exported([("country", "FRA"), ("ch8_cert", "yes")], metadata: SubmissionMetadata(review: review)))
        #expect(submission.status == .excluded)
        #expect(submission.reason == .submissionExcluded)
        #expect(submission.answersKept == 0)
    }

    @Test(arguments: ["", "approved", "edited", "hasIssues", "validation_status_approved", "validation_status_on_hold"])
    func otherStatesCount(_ review: String) {
        let submission = transformer.transform(exported([("country", "FRA"), ("ch8_cert", "yes")], metadata: SubmissionMetadata(review: review)))
        #expect(submission.status == .accepted)
    }
}

@Suite struct RevisionOrderTests {
    func submission(_ file: String, time: String? = nil, instance: String? = nil, deprecated: String? = nil, _ cert: String) -> Submission {
        transformer.transform(exported(
            [("country", "FRA"), ("ch8_cert", cert)],
            metadata: SubmissionMetadata(instanceID: instance, deprecatedID: deprecated, submittedAt: time), file: file))
    }

    @Test func deprecatedIDChainComesFirst() {
        // The edit (uuid:2 replacing uuid:1) is in an earlier file and has an earlier time, yet wins.
        var batch = [
            submission("a.xml", time: "2026-03-01T10:00:00Z", instance: "uuid:2", deprecated: "uuid:1", "yes"),
            submission("b.xml", time: "2026-03-05T10:00:00Z", instance: "uuid:1", "no"),
        ]
        Transformer.resolveRevisions(&batch)
        #expect(batch.map(\.status) == [.accepted, .superseded])
        #expect(batch[1].supersededBy == "a.xml#1")
    }

    @Test func thenSubmissionTimeAcrossFormats() {
        var batch = [
            submission("a.csv", time: "2026-03-07T08:46:12", "yes"),  // Kobo, no zone
            submission("b.csv", time: "2026-03-03T08:05:31.002Z", "no"),  // Central
            submission("c.xml", time: "Apr 26, 2018 8:58:20 AM", "no"),  // Briefcase
        ]
        Transformer.resolveRevisions(&batch)
        #expect(batch.map(\.status) == [.accepted, .superseded, .superseded])
    }

    /// Failed before: A names B as the instance it replaces and B names A; the winner was the later
    /// file while both said "an edit of this instance". Now the links of a cycle are ignored, a
    /// `revision-cycle` warning names its instances, and the kept one is the latest by submission
    /// time, then the greatest instance id: the same in any file order.
    @Test func aDeprecatedIDCycleIsWarnedAndResolvedWithoutFileOrder() {
        for files in [["a.xml", "b.xml"], ["b.xml", "a.xml"]] {
            var batch = [
                submission(files[0], time: "2026-03-01T10:00:00Z", instance: "uuid:x", deprecated: "uuid:y", "yes"),
                submission(files[1], time: "2026-03-05T10:00:00Z", instance: "uuid:y", deprecated: "uuid:x", "no"),
            ]
            Transformer.resolveRevisions(&batch)
            #expect(batch.map(\.status) == [.superseded, .accepted], "\(files)")
            let warnings = batch.flatMap(\.diagnostics).filter { $0.code == .revisionCycle }
            #expect(warnings.count == 1)
            #expect(warnings.first?.submissionID == batch[1].id)
            #expect(warnings.first?.found == "x → y → x")
            #expect(warnings.first?.severity == .warning)
            #expect(batch[0].diagnostics.last?.detail?.contains("cycle") == true)
            #expect(batch[0].diagnostics.last?.detail?.contains("an edit of this instance") == false)
        }
        // No times: the greatest instance id, whatever the order; a three-cycle and an instance naming itself.
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let all = [
                submission("p.xml", instance: "uuid:p", deprecated: "uuid:q", "yes"),
                submission("q.xml", instance: "uuid:q", deprecated: "uuid:r", "yes"),
                submission("r.xml", instance: "uuid:r", deprecated: "uuid:p", "yes"),
            ]
            var batch = order.map { all[$0] }
            Transformer.resolveRevisions(&batch)
            #expect(batch.filter { $0.status == .accepted }.map(\.id) == ["r.xml#1"], "\(order)")
            #expect(batch.flatMap(\.diagnostics).filter { $0.code == .revisionCycle }.map(\.found) == ["p → q → r → p"])
        }
        var selfish = [
            submission("a.xml", instance: "uuid:s", deprecated: "uuid:s", "yes"), submission("b.xml", instance: "uuid:t", "no"),
        ]
        Transformer.resolveRevisions(&selfish)
        #expect(selfish.map(\.status) == [.superseded, .accepted])
        #expect(selfish.flatMap(\.diagnostics).filter { $0.code == .revisionCycle }.map(\.found) == ["s → s"])
        // An edit of a cycle member still replaces it: z names x, x and y name each other.
        var chained = [
            submission("a.xml", instance: "uuid:x", deprecated: "uuid:y", "yes"),
            submission("b.xml", instance: "uuid:y", deprecated: "uuid:x", "yes"),
            submission("c.xml", instance: "uuid:z", deprecated: "uuid:x", "no"),
        ]
        Transformer.resolveRevisions(&chained)
        #expect(chained.map(\.status) == [.superseded, .superseded, .accepted])
        #expect(chained[0].diagnostics.last?.detail == "an edit of this instance (deprecatedID)")
    }

    /// Issue 19: after deprecatedID links and submission times, arrival decides (a file first seen
    /// in a later run is newer, whatever its name); only when arrival ties does path order, with a
    /// `revision-order-ambiguous` warning naming both files; a manifest's order decides before
    /// time and arrival; two submissions in one file keep the sender's order without a warning.
    @Test func thenArrivalThenPathOrderWithAWarning() {
        let correction = submission("a-corrige.csv", "no"), original = submission("a.csv", "yes")
        // The correction sorts first but arrives in this run; the original arrived in run 1.
        let byArrival = Transformer.revisionDecisions([RevisionCandidate(correction), RevisionCandidate(original, arrival: 1)])
        #expect(byArrival.supersessions.map { [$0.loser, $0.winner] } == [[1, 0]])
        #expect(byArrival.supersessions.first?.diagnostic.detail == "its file arrived in a later run")
        #expect(byArrival.warnings.isEmpty)
        // An earlier recorded run is older than a later one.
        let recorded = Transformer.revisionDecisions([RevisionCandidate(correction, arrival: 3), RevisionCandidate(original, arrival: 2)])
        #expect(recorded.supersessions.map { [$0.loser, $0.winner] } == [[1, 0]])

        // The same arrival: path order, warned once at the kept one, naming both files.
        for arrival in [nil, Int64(4)] {
            let tied = Transformer.revisionDecisions([
                RevisionCandidate(correction, arrival: arrival), RevisionCandidate(original, arrival: arrival),
            ])
            #expect(tied.supersessions.map { [$0.loser, $0.winner] } == [[0, 1]])
            #expect(tied.supersessions.first?.diagnostic.detail == "a later file in path order")
            #expect(tied.warnings.count == 1)
            let warning = tied.warnings.first
            #expect(warning?.code == .revisionOrderAmbiguous && warning?.severity == .warning)
            #expect(warning?.submissionID == original.id && warning?.found == "a-corrige.csv and a.csv")
            #expect(warning?.detail?.contains("revisions.yml") == true && warning?.detail?.contains("submitted") == true)
        }

        // A manifest listing both decides over arrival and path.
        let listed = Transformer.revisionDecisions([
            RevisionCandidate(correction, manifestRank: 1), RevisionCandidate(original, arrival: 7, manifestRank: 0),
        ])
        #expect(listed.supersessions.map { [$0.loser, $0.winner] } == [[1, 0]])
        #expect(listed.supersessions.first?.diagnostic.detail == "listed later in revisions.yml")
        #expect(listed.warnings.isEmpty)
        // Listing only one of them says nothing: arrival, then path order, decide.
        let partly = Transformer.revisionDecisions([RevisionCandidate(correction, manifestRank: 0), RevisionCandidate(original)])
        #expect(partly.supersessions.map(\.winner) == [1] && partly.warnings.count == 1)

        // A submission time decides before arrival.
        let timed = Transformer.revisionDecisions([
            RevisionCandidate(submission("x.csv", time: "2026-03-05T10:00:00Z", "no")),
            RevisionCandidate(submission("y.csv", time: "2026-03-01T10:00:00Z", "yes"), arrival: nil),
        ])
        #expect(timed.supersessions.map(\.winner) == [0] && timed.warnings.isEmpty)

        // Two submissions of one file: the later one, no warning.
        var first = submission("same.csv", "yes"), second = submission("same.csv", "no")
        first.id = "same.csv#1"
        second.id = "same.csv#2"
        let inOneFile = Transformer.revisionDecisions([RevisionCandidate(first), RevisionCandidate(second)])
        #expect(inOneFile.supersessions.map { [$0.loser, $0.winner] } == [[0, 1]])
        #expect(inOneFile.supersessions.first?.diagnostic.detail == "later in the same file")
        #expect(inOneFile.warnings.isEmpty)
    }

    /// Issue 20: a repeat group counts as one item: a revision that lists no laws where the one
    /// it replaces listed two says `laws` loses its answers (each law is not an item of its own).
    @Test func aRevisionWithoutTheLawsListedBeforeSaysLawsLoseTheirAnswer() {
        func submission(_ file: String, laws: Int) -> Submission {
            var submission = transformer.transform(
                exported([("country", "FRA"), ("ch8_cert", "yes")], metadata: SubmissionMetadata(), file: file))
            submission.repeatAnswers = (0..<laws).map {
                Answer(
                    questionID: "title", value: .text("Law \($0)"), location: SourceLocation(file: file, line: 2),
                    path: RepeatPath([RepeatStep("laws", $0 + 1)]))
            }
            return submission
        }
        #expect(RevisionCandidate(submission("a.csv", laws: 2)).answered == ["ch8_cert", "laws"])
        let dropped = Transformer.revisionDecisions([
            RevisionCandidate(submission("a.csv", laws: 2), arrival: 1), RevisionCandidate(submission("b.csv", laws: 0)),
        ])
        #expect(dropped.warnings.first { $0.code == .revisionDropsAnswers }?.found == "1 answered; 1 lose their answer: laws")
    }

    /// Candidates sharing a run's table of item names keep each name once and give back each
    /// submission's own items (questions as answered and repeats, in no order to rely on);
    /// decisions are those of candidates with tables of their own.
    @Test func candidatesSharingTheirItemNamesGiveBackTheirOwnItems() {
        func submission(_ file: String, _ fields: [(String, String)], laws: Int = 0) -> Submission {
            var submission = transformer.transform(exported([("country", "FRA")] + fields, metadata: SubmissionMetadata(), file: file))
            submission.repeatAnswers = (0..<laws).map {
                Answer(
                    questionID: "title", value: .text("Law \($0)"), location: SourceLocation(file: file, line: 2),
                    path: RepeatPath([RepeatStep("laws", $0 + 1)]))
            }
            return submission
        }
        // c.csv, the latest, answers fewer items than b.csv: a revision-drops-answers warning.
        let batch = [
            submission("a.csv", [("ch8_cert", "yes"), ("ch3_specific_law", "yes"), ("ch3_framework_sufficient", "partly")], laws: 2),
            submission("b.csv", [("ch3_framework_sufficient", "partly"), ("ch8_cert", "no")], laws: 1),
            submission("c.csv", [("ch3_specific_law", "yes")]),
        ]
        let items = CandidateItems()
        let shared = batch.enumerated().map { RevisionCandidate($1, arrival: Int64($0), items: items) }
        let own = batch.enumerated().map { RevisionCandidate($1, arrival: Int64($0)) }
        #expect(shared.map { Set($0.answered) } == [
            ["ch8_cert", "ch3_specific_law", "ch3_framework_sufficient", "laws"], ["ch3_framework_sufficient", "ch8_cert", "laws"],
            ["ch3_specific_law"],
        ])
        #expect(shared.map { Set($0.answered) } == own.map { Set($0.answered) })
        #expect(shared.map(\.answered.count) == [4, 3, 1])
        #expect(items.count == 4)
        let (fromShared, fromOwn) = (Transformer.revisionDecisions(shared), Transformer.revisionDecisions(own))
        #expect(fromShared.supersessions.map(\.diagnostic) == fromOwn.supersessions.map(\.diagnostic))
        #expect(fromShared.warnings == fromOwn.warnings)
        #expect(fromShared.warnings.map(\.code) == [.revisionDropsAnswers])
    }

    /// Issue 19: a revision answering fewer items than the submission it replaces is a
    /// `revision-drops-answers` warning at the kept one, listing the items that lose their answer.
    @Test func aRevisionAnsweringFewerItemsSaysWhichLoseTheirAnswer() {
        func submission(_ file: String, _ fields: [(String, String)]) -> Submission {
            transformer.transform(exported([("country", "FRA")] + fields, metadata: SubmissionMetadata(), file: file))
        }
        let full = submission("a.csv", [("ch8_cert", "yes"), ("ch3_specific_law", "yes"), ("ch3_framework_sufficient", "partly")])
        let partial = submission("b.csv", [("ch8_cert", "no")])
        let dropped = Transformer.revisionDecisions([RevisionCandidate(full, arrival: 1), RevisionCandidate(partial)])
        #expect(dropped.supersessions.map(\.winner) == [1])
        let warnings = dropped.warnings.filter { $0.code == .revisionDropsAnswers }
        #expect(warnings.count == 1 && warnings.first?.severity == .warning)
        #expect(warnings.first?.submissionID == partial.id)
        #expect(warnings.first?.found == "1 answered; 2 lose their answer: ch3_framework_sufficient, ch3_specific_law")
        #expect(warnings.first?.expected == "the 3 items answered in \(full.id)")
        // A revision answering as many items or more drops nothing worth a warning.
        let grown = Transformer.revisionDecisions([RevisionCandidate(partial, arrival: 1), RevisionCandidate(full)])
        #expect(grown.supersessions.map(\.winner) == [1] && grown.warnings.isEmpty)
        // With three revisions, the kept one is compared with the one it replaces directly.
        let middle = submission("c.csv", [("ch8_cert", "no"), ("ch3_specific_law", "no")])
        let three = Transformer.revisionDecisions([
            RevisionCandidate(full, arrival: 1), RevisionCandidate(middle, arrival: 2), RevisionCandidate(partial),
        ])
        #expect(three.warnings.map(\.found) == ["1 answered; 1 lose their answer: ch3_specific_law"])
    }

    /// Issue 19 part 3: a complement (`complements:` in revisions.yml, or the pipeline file's
    /// `complements:` patterns) merges onto the country's kept submission instead of replacing it:
    /// no supersession, no `revision-drops-answers`, a `submission-merged` note that says which
    /// items it adds and which it replaces (the complement's answer wins); several complements
    /// merge oldest first; one with nothing to merge onto stands, with `complement-without-base`.
    @Test func aComplementMergesOntoTheKeptSubmission() {
        func submission(_ file: String, _ fields: [(String, String)]) -> Submission {
            transformer.transform(exported([("country", "MAR")] + fields, metadata: SubmissionMetadata(), file: file))
        }
        let full = submission("maroc.csv", [("ch3_specific_law", "yes"), ("ch3_framework_sufficient", "partly")])
        let cert = submission("maroc-cert.csv", [("ch8_cert", "yes")])
        let merged = Transformer.revisionDecisions([RevisionCandidate(full, arrival: 1), RevisionCandidate(cert, complementRank: 0)])
        #expect(merged.supersessions.isEmpty)
        #expect(merged.warnings.isEmpty)  // no revision-drops-answers: nothing is replaced whole
        #expect(merged.merges.map { [$0.complement, $0.base] } == [[1, 0]])
        let note = merged.merges.first?.diagnostic
        #expect(note?.code == .submissionMerged && note?.severity == .info && note?.submissionID == cert.id)
        #expect(note?.found == "merged into \(full.id): 1 added, 0 replaced (added: ch8_cert)")

        // The complement answers an item the base answered too: its answer wins, and the note says so.
        let law = submission("maroc-loi.csv", [("ch3_specific_law", "no"), ("ch8_cert", "no")])
        let both = Transformer.revisionDecisions([
            RevisionCandidate(full), RevisionCandidate(law, complementRank: 1), RevisionCandidate(cert, complementRank: 0),
        ])
        // Oldest first by their rank under complements:, whatever the batch order.
        #expect(both.merges.map { [$0.complement, $0.base] } == [[2, 0], [1, 0]])
        #expect(both.merges.last?.diagnostic.found == "merged into \(full.id): 0 added, 2 replaced")
        #expect(both.merges.last?.diagnostic.detail?.contains("on ch3_specific_law, ch8_cert, answered before, this complement's answer wins") == true)

        // With two ordinary revisions, the complement merges onto the one kept.
        let older = submission("maroc-2025.csv", [("ch3_specific_law", "no")])
        let revised = Transformer.revisionDecisions([
            RevisionCandidate(older, arrival: 1), RevisionCandidate(cert, complementRank: 0), RevisionCandidate(full, arrival: 2),
        ])
        #expect(revised.supersessions.map { [$0.loser, $0.winner] } == [[0, 2]])
        #expect(revised.merges.map { [$0.complement, $0.base] } == [[1, 2]])

        // No base: the oldest complement stands (warned), a later one merges onto it.
        let alone = Transformer.revisionDecisions([RevisionCandidate(law, complementRank: 1), RevisionCandidate(cert, complementRank: 0)])
        #expect(alone.supersessions.isEmpty)
        #expect(alone.warnings.map(\.code) == [.complementWithoutBase])
        #expect(alone.warnings.first?.submissionID == cert.id && alone.warnings.first?.severity == .warning)
        #expect(alone.merges.map { [$0.complement, $0.base] } == [[0, 1]])
        let single = Transformer.revisionDecisions([RevisionCandidate(cert, complementRank: 0)])
        #expect(single.warnings.map(\.code) == [.complementWithoutBase] && single.merges.isEmpty)
    }

    @Test func thenPathOrder() {
        var batch = [submission("a.csv", "no"), submission("b.csv", time: "2026-03-03T08:05:31Z", "no"), submission("c.csv", "yes")]
        Transformer.resolveRevisions(&batch)
        #expect(batch.map(\.status) == [.superseded, .superseded, .accepted])
        #expect(batch[0].diagnostics.last?.detail == "a later file in path order")
    }
}

@Suite struct SenderFormatEdgeTests {
    @Test func anExcludedRowWithAnUnknownCountryStaysRejected() {
        let submission = transformer.transform(exported([("country", "Atlantis"), ("ch8_cert", "yes")], metadata: SubmissionMetadata(review: "rejected")))
        #expect(submission.status == .rejected && submission.reason == .countryUnknown)
    }

    @Test func timeDecidesOnlyWhenEveryCandidateHasOne() {
        func submission(_ file: String, _ time: String?) -> Submission {
            transformer.transform(exported([("country", "FRA"), ("ch8_cert", "yes")], metadata: SubmissionMetadata(submittedAt: time), file: file))
        }
        var mixed = [submission("a", "2026-03-01T10:00:00Z"), submission("b", nil), submission("c", "2026-03-01T09:00:00Z")]
        Transformer.resolveRevisions(&mixed)
        #expect(mixed.map(\.status) == [.superseded, .superseded, .accepted])  // batch order
        #expect(mixed[0].diagnostics.last?.detail == "a later file in path order")
        var timed = [submission("a", "2026-03-01T10:00:00Z"), submission("c", "2026-03-01T09:00:00Z")]
        Transformer.resolveRevisions(&timed)
        #expect(timed.map(\.status) == [.accepted, .superseded])
    }

    @Test func fieldsInARepeatOfTheFormAreReportedEvenOnce() {
        var questionnaire = Fixtures.questionnaire
        questionnaire.repeatFields = ["contact_name"]
        let custom = Transformer(questionnaire: questionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: Fixtures.rounds)
        let submission = custom.transform(exported([("country", "FRA"), ("ch8_cert", "yes"), ("ch7-contacts-contact_name", "A. Person")]))
        #expect(submission.diagnostics.map(\.code) == [.answerInRepeat])
        #expect(submission.answers.count == 1)
    }
}
