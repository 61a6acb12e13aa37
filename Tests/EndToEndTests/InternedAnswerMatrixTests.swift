// The answer matrix from a run's load recording as it holds the answers, interned
// (`AnswerMatrix(interned:)`, issue 29), against the matrix from the rows the recording streams as
// strings (`AnswerMatrix(store:)`, which the store conformance suite ties to every backend's rows):
// the same question indexes, value ids, units and cells, on generated loads with every answer kind,
// questions answered twice (next to each other and apart), supersessions and merges.
import Foundation
@testable import SurveyAnalyze
import SurveyLoad
import SurveyModel
import Testing

@Suite struct InternedAnswerMatrixTests {
    /// A load session that keeps nothing: the recording around it is what is checked.
    final class NoSession: SurveyLoadSession {
        var filesReused: Int?
        func add(_ report: FileReport, submissions: [Submission], cache: CachedFile?) async throws {}
        func supersede(_ id: String, by winner: String, diagnostic: Diagnostic) async throws {}
        func merge(_ complement: String, into base: String, diagnostic: Diagnostic) async throws {}
        func note(_ diagnostic: Diagnostic) async throws {}
        func setAccounting(of path: String, _ accounting: Accounting) async throws {}
    }

    /// A small generator, the same sequence on every platform.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func answer(_ question: Int, _ g: inout Generator) -> AnswerValue {
        let options = ["yes", "no", "partly", "b", "B", "é", "a10", "a9", "unknown", "x"]
        switch question % 5 {
        case 0: return .choice(options[g.next(question == 5 ? 10 : 3)])
        case 1: return .choices((0..<g.next(5)).map { _ in options[g.next(options.count)] })
        case 2: return .number([0, 1, 2.5, -3, 1e9, 7][g.next(6)])
        case 3: return .number(Double(g.next(100_000)) / 7)  // more distinct numbers than any cache keeps
        default: return g.next(4) == 0 ? .text("") : .text("text \(g.next(40))")
        }
    }

    /// One generated load: submissions over two rounds (some with respondents, some rejected or
    /// excluded), each answering a random subset of 25 questions in questionnaire order, with a
    /// question answered twice next to each other or apart now and then; then supersessions and
    /// merges among them.
    static func recording(seed: UInt64) async throws -> LoadRecording {
        var g = Generator(state: seed)
        let recording = LoadRecording()
        let session = RecordingLoadSession(NoSession(), into: recording)
        let countries = ["FRA", "DEU", "GHA", "JPN", "BRA", "IND", "EGY", "CHL"]
        var ids: [String] = []
        for file in 0..<12 {
            let path = "f\(file).csv"
            var submissions: [Submission] = []
            for ordinal in 1...(1 + g.next(4)) {
                var answers: [Answer] = []
                for question in 0..<25 where g.next(3) > 0 {
                    let location = SourceLocation(file: path, line: ordinal + 1, column: question + 1)
                    answers.append(Answer(questionID: "q\(question)", value: answer(question, &g), location: location))
                    if g.next(12) == 0 {  // the same question again, next to it
                        answers.append(Answer(questionID: "q\(question)", value: answer(question, &g), location: location))
                    }
                }
                if g.next(5) == 0, let first = answers.first {  // the first question again, at the end
                    answers.append(Answer(questionID: first.questionID, value: answer(Int(first.questionID.dropFirst())!, &g), location: first.location))
                }
                let status: SubmissionStatus = [.accepted, .accepted, .accepted, .accepted, .rejected, .excluded][g.next(6)]
                let id = "\(path)#\(ordinal)"
                var submission = Submission(
                    id: id, location: SourceLocation(file: path, line: ordinal + 1), format: .wideCSV,
                    country: countries[g.next(countries.count)], countryGiven: "", round: g.next(3) == 0 ? "2024" : "2026",
                    status: status, answers: status == .rejected ? [] : answers, answersSeen: answers.count, diagnostics: [])
                submission.respondent = g.next(2) == 0 ? nil : "r\(g.next(3))"
                submissions.append(submission)
                ids.append(id)
            }
            try await session.add(
                FileReport(file: SourceFile(path: path, sha256: "sha-\(path)", bytes: 1, format: .wideCSV), accounting: Accounting(), diagnostics: []),
                submissions: submissions, cache: nil)
        }
        let diagnostic = Diagnostic(.submissionMerged, at: SourceLocation(file: "f0.csv", line: 2), found: "", submissionID: nil)
        for _ in 0..<3 {
            try await session.supersede(ids[g.next(ids.count)], by: ids[g.next(ids.count)], diagnostic: diagnostic)
            try await session.merge(ids[g.next(ids.count)], into: ids[g.next(ids.count)], diagnostic: diagnostic)
        }
        return recording
    }

    static func expectSame(_ a: AnswerMatrix, _ b: AnswerMatrix, _ label: String) {
        // Compared first, so that a failure names what differs without printing whole tables.
        let sameQuestions = a.questionIDs == b.questionIDs, sameValues = a.valueTables == b.valueTables
        #expect(sameQuestions, "\(label): question indexes")
        #expect(sameValues, "\(label): value ids")
        #expect(a.roundTables.map(\.id) == b.roundTables.map(\.id), "\(label): rounds")
        for (x, y) in zip(a.roundTables, b.roundTables) {
            #expect(x.units == y.units && x.countries == y.countries && x.respondents == y.respondents, "\(label): units of \(x.id)")
            let sameCells = x.cells == y.cells
            #expect(sameCells, "\(label): cells of \(x.id)")
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as [UInt64])
    func theInternedMatrixIsTheMatrixOfTheStreamedRows(seed: UInt64) async throws {
        let recording = try await Self.recording(seed: seed)
        let store = RecordedStore(base: InMemoryReadStore(), recording: recording)
        let streamed = try await AnswerMatrix(store: store)
        let interned = try #require(try await store.internedAccepted(), "a recorded store gives its recording")
        Self.expectSame(AnswerMatrix(interned: interned), streamed, "seed \(seed)")
        #expect(streamed.questionIDs.count > 10 && streamed.roundTables.count == 2, "the generated load has answers in both rounds")
        // The analysis takes the interned path from a recorded store.
        Self.expectSame(try await Analyzer.data(from: store), streamed, "seed \(seed), Analyzer.data")
    }

    /// No interned answers from a store without them, from a released recording, or from the
    /// corrections' layer when a correction applies (it streams corrected rows); its base's when
    /// none applies.
    @Test func onlyAStoreThatStreamsTheRecordedRowsGivesThem() async throws {
        let recording = try await Self.recording(seed: 99)
        #expect(try await InMemoryReadStore().internedAccepted() == nil)
        let store = RecordedStore(base: InMemoryReadStore(), recording: recording)
        let correction = Correction(
            country: "FRA", round: "2026", questionID: "q0", value: CorrectionValue(options: ["no"]), reason: "r", source: "s",
            analyst: "a", date: "2026-12-01", file: "corrections.yml", line: 3)
        let stale = CorrectedStore(base: store, outcomes: [CorrectionOutcome(status: .stale, correction: correction)], diagnostics: [])
        #expect(try await stale.internedAccepted() != nil, "no correction applies: the recording's")
        let corrected = CorrectedStore(base: store, outcomes: [CorrectionOutcome(status: .applied, correction: correction)], diagnostics: [])
        #expect(try await corrected.internedAccepted() == nil, "a correction applies: the corrected rows are streamed")
        // ... and the matrix read through it is the corrected one, not the recording's.
        let streamed = try await AnswerMatrix(store: corrected)
        Self.expectSame(try await Analyzer.data(from: corrected), streamed, "corrected")
        recording.release()
        #expect(try await store.internedAccepted() == nil, "a released recording is no longer read")
    }
}
