import SurveyLoad
import SurveyModel
import Testing

func makeSubmission(
    _ id: String, file: String, country: String?, round: String = "2026", status: SubmissionStatus = .accepted,
    answers: [(String, AnswerValue)]
) -> Submission {
    let location = SourceLocation(file: file, line: 2)
    return Submission(
        id: id, location: location, format: .wideCSV, country: country, countryGiven: country ?? "", round: round,
        status: status, reason: status == .rejected ? .countryUnknown : nil,
        answers: answers.map { Answer(questionID: $0.0, value: $0.1, location: location) }, answersSeen: answers.count,
        diagnostics: status == .rejected ? [Diagnostic(.countryUnknown, at: location, found: "Atlantis", submissionID: id)] : [])
}

func makeBatch(_ submissions: [Submission], files: [String]) -> Batch {
    let reports = files.map { path in
        var accounting = Accounting()
        for submission in submissions where submission.location.file == path { accounting.add(submission) }
        return FileReport(file: SourceFile(path: path, sha256: "00", bytes: 1, format: .wideCSV), accounting: accounting, diagnostics: [])
    }
    return Batch(pipeline: "test", questionnaireID: "q", questionnaireVersion: "1", files: reports, submissions: submissions)
}

@Suite struct SurveyStoreTests {
    let submissions = [
        makeSubmission("a.csv#1", file: "a.csv", country: "FRA", answers: [
            ("ch8_cert", .choice("yes")), ("ch3_instruments", .choices(["budapest", "un_convention"])),
            ("ch5_specialized_officers", .number(12)), ("ch3_main_law", .text("Code pénal")),
        ]),
        makeSubmission("a.csv#2", file: "a.csv", country: "DEU", status: .superseded, answers: [("ch8_cert", .choice("no"))]),
        makeSubmission("b.csv#1", file: "b.csv", country: "DEU", answers: [("ch8_cert", .choice("yes"))]),
        makeSubmission("b.csv#2", file: "b.csv", country: nil, status: .rejected, answers: [("ch8_cert", .choice("yes"))]),
    ]

    @Test func loadsAcceptedAnswersOnly() async throws {
        let store = try SQLiteStore()
        try await store.replace(with: makeBatch(submissions, files: ["a.csv", "b.csv"]))
        let answers = try store.acceptedAnswers()
        #expect(answers.count == 5)
        let deu = answers.filter { $0.country == "DEU" }
        #expect(deu.map(\.options) == [["yes"]])  // the superseded "no" is not read
        let instruments = try #require(answers.first { $0.questionID == "ch3_instruments" })
        #expect(instruments.options == ["budapest", "un_convention"])
        #expect(answers.first { $0.questionID == "ch5_specialized_officers" }?.number == 12)
        #expect(answers.first { $0.questionID == "ch3_main_law" }?.text == "Code pénal")
        #expect(try await store.statusCounts() == [.accepted: 2, .superseded: 1, .rejected: 1])
    }

    @Test func eachRunReplacesTheSubmissionsAndKeepsTheRunHistory() async throws {
        let store = try SQLiteStore()
        try await store.replace(with: makeBatch(submissions, files: ["a.csv", "b.csv"]))
        try await store.replace(with: makeBatch(Array(submissions.suffix(2)), files: ["b.csv"]))
        #expect(try await store.statusCounts() == [.accepted: 1, .rejected: 1])
        #expect(try await store.runCount() == 2)
    }

    @Test func aFailedLoadLeavesTheStoreAsItWas() async throws {
        let store = try SQLiteStore()
        try await store.replace(with: makeBatch(submissions, files: ["a.csv", "b.csv"]))
        // A submission whose file is not in the batch breaks the load half-way.
        let broken = makeBatch(submissions, files: ["a.csv"])
        await #expect(throws: StoreError.self) { try await store.replace(with: broken) }
        #expect(try await store.statusCounts() == [.accepted: 2, .superseded: 1, .rejected: 1])
        #expect(try await store.runCount() == 1)
        #expect(try store.acceptedAnswers().count == 5)
    }

    @Test func twoAcceptedSubmissionsForOneCountryAndRoundAreRefused() async throws {
        let store = try SQLiteStore()
        let twice = [
            makeSubmission("a.csv#1", file: "a.csv", country: "FRA", answers: [("ch8_cert", .choice("yes"))]),
            makeSubmission("a.csv#2", file: "a.csv", country: "FRA", answers: [("ch8_cert", .choice("no"))]),
        ]
        await #expect(throws: (any Error).self) { try await store.replace(with: makeBatch(twice, files: ["a.csv"])) }
        #expect(try await store.runCount() == 0)
    }
}
