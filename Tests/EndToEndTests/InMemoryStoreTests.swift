// The acceptance test of the store protocols (issue 15): a second implementation of the read
// protocol, defined here in the test target (arrays and dictionaries in memory), gives Analyze's
// statistics and `explain stat` the same answers as the SQLite store.
import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyLoad
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// A read store in memory: a snapshot of another store's content, with its own filtering and
/// ordering for the lineage reads (only the unordered answer rows are copied), its own
/// submission keys, and the submissions streamed in reverse order (the protocol promises no
/// order of submissions, only that a submission's rows come together).
struct InMemoryReadStore: SurveyReadStore {
    struct Unit: Sendable {
        var key: Int64
        var round: String
        var country: String
        var respondent: String?
        var file: String
        var line: Int?
        var submissionID: String
        var restricted: SenderRestriction? = nil
        var submittedAt: String? = nil
        /// Rows as streamed: (question, option, number, text).
        var rows: [(String, String?, Double?, String?)]
        /// Every answer row with its origin, unordered.
        var traces: [AnswerTrace]
    }

    var units: [Unit] = []
    var counts: [SubmissionStatus: Int] = [:]
    var runs: [RunRecord] = []
    var diagnostics: [Diagnostic] = []
    var cache: [String: CachedFile] = [:]
    var previous: [String: Int] = [:]
    var arrivals: [String: FileArrival] = [:]
    /// Repeat answer rows with the order they were written in within their submission, unordered.
    var repeatRows: [(row: RepeatAnswerRow, seq: Int)] = []

    /// Copies what `store` holds.
    static func snapshot(of store: any SurveyReadStore) async throws -> InMemoryReadStore {
        var memory = InMemoryReadStore()
        var byKey: [Int64: Int] = [:]
        try await store.forEachAccepted(
            submission: { key, round, country, respondent in
                byKey[key] = memory.units.count
                memory.units.append(
                    Unit(
                        key: 1000 - Int64(memory.units.count), round: round, country: country, respondent: respondent, file: "",
                        line: nil, submissionID: "", rows: [], traces: []))
            },
            answer: { key, question, option, number, text in
                memory.units[byKey[key]!].rows.append((question, option, number, text))
            })
        for index in memory.units.indices {
            let unit = memory.units[index]
            let source = try await store.submissionSources(round: unit.round).first {
                $0.country == unit.country && $0.respondent == unit.respondent
            }
            memory.units[index].file = source?.file ?? ""
            memory.units[index].line = source?.line
            memory.units[index].submissionID = source?.submissionID ?? ""
            memory.units[index].restricted = source?.restricted
            memory.units[index].submittedAt = source?.submittedAt
            memory.units[index].traces = try await store.submissionAnswers(
                round: unit.round, country: unit.country, respondent: unit.respondent
            ).shuffled()
        }
        memory.counts = try await store.statusCounts()
        memory.runs = try await store.recentRuns(limit: 1000)
        memory.diagnostics = try await store.latestDiagnostics()
        memory.cache = try await store.cachedFiles()
        memory.previous = try await store.previousFiles()
        memory.arrivals = try await store.fileArrivals()
        // The store gives a submission's rows in written order after path order; the position
        // within the submission's rows stands for the written order (`seq`).
        var seqs: [String: Int] = [:]
        for row in try await store.repeatAnswers() {
            seqs[row.submissionID, default: 0] += 1
            memory.repeatRows.append((row, seqs[row.submissionID]!))
        }
        memory.repeatRows.shuffle()
        return memory
    }

    func forEachAccepted(
        submission: (Int64, String, String, String?) throws -> Void,
        answer: (Int64, String, String?, Double?, String?) throws -> Void
    ) async throws {
        for unit in units.reversed() { try submission(unit.key, unit.round, unit.country, unit.respondent) }
        for unit in units.reversed() {
            for row in unit.rows { try answer(unit.key, row.0, row.1, row.2, row.3) }
        }
    }

    func cachedFiles() async throws -> [String: CachedFile] { cache }
    func previousFiles() async throws -> [String: Int] { previous }
    func statusCounts() async throws -> [SubmissionStatus: Int] { counts }
    func recentRuns(limit: Int) async throws -> [RunRecord] { Array(runs.prefix(limit)) }
    func latestDiagnostics() async throws -> [Diagnostic] { diagnostics }
    func runCount() async throws -> Int { runs.count }
    func fileArrivals() async throws -> [String: FileArrival] { arrivals }

    func acceptedSubmissions() async throws -> [AcceptedSubmission] {
        units.map { AcceptedSubmission(round: $0.round, country: $0.country, respondent: $0.respondent) }
            .sorted { Self.before([$0.round, $0.country, $0.respondent], [$1.round, $1.country, $1.respondent]) }
    }

    func submissionSources(round: String) async throws -> [SubmissionSource] {
        units.filter { $0.round == round }
            .sorted { Self.before([$0.country, $0.respondent], [$1.country, $1.respondent]) }
            .map {
                SubmissionSource(
                    country: $0.country, submissionID: $0.submissionID, file: $0.file, line: $0.line, respondent: $0.respondent,
                    restricted: $0.restricted, submittedAt: $0.submittedAt)
            }
    }

    func submissionAnswers(round: String, country: String, respondent: String?) async throws -> [AnswerTrace] {
        units.filter { $0.round == round && $0.country == country && $0.respondent == respondent }.flatMap(\.traces)
            .sorted { Self.before([$0.questionID, $0.option], [$1.questionID, $1.option]) }
    }

    func answerTraces(round: String, questionID: String) async throws -> [AnswerTrace] {
        units.filter { $0.round == round }.flatMap(\.traces).filter { $0.questionID == questionID }
            .sorted { Self.before([$0.country, $0.respondent, $0.option], [$1.country, $1.respondent, $1.option]) }
    }

    func repeatAnswers() async throws -> [RepeatAnswerRow] {
        repeatRows.sorted {
            if $0.row.round != $1.row.round || $0.row.country != $1.row.country || $0.row.respondent != $1.row.respondent {
                return Self.before([$0.row.round, $0.row.country, $0.row.respondent], [$1.row.round, $1.row.country, $1.row.respondent])
            }
            return $0.row.path != $1.row.path ? $0.row.path < $1.row.path : $0.seq < $1.seq
        }.map(\.row)
    }

    /// SQL's ORDER BY over text columns: byte order, NULL first.
    static func before(_ a: [String?], _ b: [String?]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            guard let x else { return true }
            guard let y else { return false }
            return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        return false
    }
}

@Suite(.serialized) struct InMemoryStoreTests {
    /// The demo run into SQLite, and the in-memory copy of what it stored.
    static let shared = Task { () async throws -> (Pipeline, any SurveyStore, InMemoryReadStore) in
        let folder = Fixtures.temporaryFolder("in-memory-store")
        let file = try Fixtures.pipelineFile(
            in: folder, input: Fixtures.packageRoot.appendingPathComponent("Input"),
            output: folder.appendingPathComponent("out"), extra: Fixtures.defaultStatisticsKeys)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        _ = try await pipeline.run()
        let sqlite = try await SurveyStores.open(pipeline.configuration.store, mustExist: true)
        return (pipeline, sqlite, try await InMemoryReadStore.snapshot(of: sqlite))
    }

    @Test func analyzeGivesTheSameStatisticsFromTheInMemoryStore() async throws {
        let (pipeline, sqlite, memory) = try await Self.shared.value
        #expect(memory.units.count == 145, "the demo's accepted submissions")
        let analyzer = pipeline.analyzer
        let fromSQLite = try await Analyzer.data(from: sqlite)
        let fromMemory = try await Analyzer.data(from: memory)
        let shares = analyzer.shareStatistics(from: fromSQLite)
        #expect(shares.count > 10_000)
        #expect(analyzer.shareStatistics(from: fromMemory) == shares)
        #expect(try await analyzer.shareStatistics(store: memory) == shares)
        #expect(analyzer.numericStatistics(from: fromMemory) == analyzer.numericStatistics(from: fromSQLite))
        #expect(fromMemory.roundIDs == fromSQLite.roundIDs)
    }

    @Test func explainStatGivesTheSameExplanationFromTheInMemoryStore() async throws {
        let (pipeline, _, memory) = try await Self.shared.value
        var compared = 0
        for round in ["2022", "2026"] {
            for (question, option) in [("ch4_illegal_access", "any_form"), ("ch8_cert", "yes"), ("ch5_specialized_officers", "n")] {
                for group in ["world", "150", "002", "developing", "ldc", "sids"] {
                    let fromSQLite = try await pipeline.explainStatistic(round: round, question: question, option: option, group: group)
                    let fromMemory = try await pipeline.explainStatistic(
                        round: round, question: question, option: option, group: group, store: memory)
                    #expect(fromMemory.text == fromSQLite.text, "\(round)/\(question)/\(option)/\(group)")
                    #expect(fromMemory.numerator == fromSQLite.numerator)
                    #expect(fromMemory.denominator == fromSQLite.denominator)
                    #expect(fromMemory.notAnswered == fromSQLite.notAnswered)
                    compared += 1
                }
            }
        }
        #expect(compared == 36)
        // An unknown round is refused with the rounds the in-memory store holds.
        await #expect(throws: PipelineError.invalidArgument("the store has no accepted submission for round '1999' (rounds: 2022, 2024, 2026)")) {
            _ = try await pipeline.explainStatistic(round: "1999", question: "ch8_cert", option: "yes", group: "world", store: memory)
        }
    }

    /// Analyst corrections (issue 26) read through ``CorrectedStore`` give the statistics of the
    /// same store with the rows edited by hand: a single choice changed, a number blanked
    /// (`not_answered`), an unanswered item answered, a multiple choice replaced. The edited rows
    /// go first in their submission, the layer writes its rows last: the order must not matter.
    @Test func correctionsReadAsTheRowsEditedByHand() async throws {
        let (pipeline, _, memory) = try await Self.shared.value
        let units = memory.units.indices.filter { memory.units[$0].round == "2026" }
        func has(_ i: Int, _ q: String) -> Bool { memory.units[i].rows.contains { $0.0 == q } }
        let ghana = try #require(units.first { memory.units[$0].country == "GHA" })
        let numeric = try #require(units.first { $0 != ghana && has($0, "ch5_specialized_officers") })
        let unanswered = try #require(units.first { ![ghana, numeric].contains($0) && !has($0, "ch3_reform_year") })
        let multi = try #require(units.first { ![ghana, numeric, unanswered].contains($0) && has($0, "ch3_instruments") })
        let plan: [(unit: Int, question: String, value: CorrectionValue)] = [
            (ghana, "ch3_specific_law", CorrectionValue(options: ["yes"])),
            (numeric, "ch5_specialized_officers", .notAnswered),
            (unanswered, "ch3_reform_year", CorrectionValue(number: 2020)),
            (multi, "ch3_instruments", CorrectionValue(options: ["malabo", "budapest"])),
        ]
        let corrections = plan.enumerated().map { index, step in
            Correction(
                country: memory.units[step.unit].country, round: "2026", questionID: step.question, value: step.value,
                reason: "r", source: "s", analyst: "a", date: "2026-03-05", file: "corrections.yml", line: 2 + 10 * index)
        }
        let corrected = try await CorrectedStore.resolve(corrections, over: memory)
        #expect(corrected.outcomes.map(\.status) == [.applied, .applied, .applied, .applied])
        #expect(corrected.outcomes[2].original == .notAnswered)

        var edited = memory
        for step in plan {
            let unit = memory.units[step.unit]
            var rows: [(String, String?, Double?, String?)] = step.value.options.map { (step.question, $0, nil, nil) }
            if step.value.number != nil { rows = [(step.question, nil, step.value.number, nil)] }
            edited.units[step.unit].rows.removeAll { $0.0 == step.question }
            edited.units[step.unit].rows.insert(contentsOf: rows, at: 0)
            edited.units[step.unit].traces.removeAll { $0.questionID == step.question }
            edited.units[step.unit].traces += rows.map {
                AnswerTrace(
                    country: unit.country, submissionID: unit.submissionID, file: "", line: nil, column: nil, option: $0.1,
                    number: $0.2, text: nil, questionID: step.question)
            }
        }
        let analyzer = pipeline.analyzer
        let fromLayer = try await Analyzer.data(from: corrected)
        let byHand = try await Analyzer.data(from: edited)
        let shares = analyzer.shareStatistics(from: fromLayer)
        #expect(shares == analyzer.shareStatistics(from: byHand))
        #expect(shares != analyzer.shareStatistics(from: try await Analyzer.data(from: memory)), "the corrections move figures")
        #expect(analyzer.numericStatistics(from: fromLayer) == analyzer.numericStatistics(from: byHand))
        // The lineage reads: the same values, the corrected ones at the corrections file's lines.
        func values(_ traces: [AnswerTrace]) -> [String] {
            traces.map { "\($0.country) \($0.questionID) \($0.option ?? "") \($0.number.map { String($0) } ?? "")" }
        }
        for step in plan {
            let unit = memory.units[step.unit]
            let layer = try await corrected.submissionAnswers(round: "2026", country: unit.country, respondent: nil)
            #expect(values(layer) == values(try await edited.submissionAnswers(round: "2026", country: unit.country, respondent: nil)))
            let traces = try await corrected.answerTraces(round: "2026", questionID: step.question)
            #expect(values(traces) == values(try await edited.answerTraces(round: "2026", questionID: step.question)))
            #expect(traces.filter { $0.country == unit.country }.allSatisfy { $0.correction != nil && $0.file == "corrections.yml" })
        }
    }

    /// Repeat answers (the legislation inventory): the in-memory store, which orders its shuffled
    /// copy by itself, gives the rows in the order SQLite gives them (the conformance sample,
    /// written out of path order, with `laws[2]` and `laws[10]`), and the inventory built on them
    /// is the same.
    @Test func repeatAnswersReadTheSameFromTheInMemoryStore() async throws {
        let folder = Fixtures.temporaryFolder("in-memory-repeats")
        let location = StoreLocation.sqlite(path: folder.appendingPathComponent("store.sqlite").path)
        let suite = StoreConformance(fresh: { try await SurveyStores.open(location) }, reopen: { try await SurveyStores.open($0) })
        let sqlite = try await SurveyStores.open(location)
        try await suite.load(StoreConformance.firstRun, into: sqlite)
        let memory = try await InMemoryReadStore.snapshot(of: sqlite)
        let fromSQLite = try await sqlite.repeatAnswers()
        #expect(fromSQLite.count == 8)
        #expect(try await memory.repeatAnswers() == fromSQLite)
        #expect(
            RepeatRecord.records(from: try await memory.repeatAnswers(), group: ["laws"]).map { "\($0.country) \($0.path)" } == [
                "FRA laws[2]", "FRA laws[10]", "ITA laws[1]", "ITA laws[1]",
            ])
    }

    @Test func statusAndExplainPriorityReadTheInMemoryStoreToo() async throws {
        let (pipeline, _, memory) = try await Self.shared.value
        let fromSQLite = try await pipeline.storeStatus(runs: 5)
        let fromMemory = try await pipeline.storeStatus(runs: 5, store: memory)
        #expect(fromMemory.rounds.map(\.round) == fromSQLite.rounds.map(\.round))
        #expect(fromMemory.rounds.map(\.countries) == fromSQLite.rounds.map(\.countries))
        #expect(fromMemory.runs.map(\.id) == fromSQLite.runs.map(\.id))
        let priority = try await pipeline.explainPriority(country: "Ghana", area: "investigations", round: nil)
        let priorityFromMemory = try await pipeline.explainPriority(
            country: "Ghana", area: "investigations", round: nil, store: memory)
        #expect(priorityFromMemory.text == priority.text)
    }
}
