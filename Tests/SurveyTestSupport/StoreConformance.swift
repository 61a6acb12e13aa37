// The store conformance suite: what every backend of the store protocols (SurveyModel/Store) must
// do, as public functions a backend's test target calls with a factory of fresh stores
// (SQLite: Tests/SurveyLoadTests/SQLiteStoreConformanceTests.swift; PostgreSQL: issue 28).
// Each check throws a `StoreConformance.Failure` naming what broke, so any test framework
// reports it; none needs a particular backend, a file path or GRDB.
public import Foundation
public import SurveyModel
public import SurveyLoad

/// The store conformance suite (docs/store.md): migrations, load, crash mid-load, reads,
/// lineage, a concurrent reader during a load, one writer at a time.
public struct StoreConformance: Sendable {
    /// A fresh, empty store (its schema migrated), not shared with any other check.
    public let fresh: @Sendable () async throws -> any SurveyStore
    /// A second handle on the store at a location (another connection, as another process would
    /// open it).
    public let reopen: @Sendable (StoreLocation) async throws -> any SurveyStore

    public init(
        fresh: @escaping @Sendable () async throws -> any SurveyStore,
        reopen: @escaping @Sendable (StoreLocation) async throws -> any SurveyStore
    ) {
        self.fresh = fresh
        self.reopen = reopen
    }

    /// A check that did not hold.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    // MARK: The checks

    /// A fresh store opens empty; opening it again (migrations re-run) is idempotent and keeps
    /// what it holds.
    public func migrations() async throws {
        let store = try await fresh()
        try await expectEmpty(store, "a fresh store")
        _ = try await reopen(store.location)
        let again = try await reopen(store.location)
        try await expectEmpty(again, "a fresh store opened twice more")
        try await load(Self.firstRun, into: store)
        let third = try await reopen(store.location)
        try await expectState(third, equals: try await State.read(store), "a loaded store opened again")
        try expect(try await third.runCount() == 1, "a loaded store opened again has its one run")
    }

    /// A run written through the load session is read back exactly: submissions (with their
    /// statuses), answers, accounting, run record, diagnostics, file cache.
    public func load() async throws {
        let store = try await fresh()
        let runID = try await load(Self.firstRun, into: store, filesReused: 1)
        let run = Self.firstRun
        try expect(try await store.runCount() == 1, "one run recorded")
        let value1 = try await store.statusCounts()
        try expect(
            value1 == [.accepted: 4, .superseded: 1, .rejected: 1],
            "status counts after the load: \(value1)")
        let runs = try await store.recentRuns(limit: 5)
        let expected = RunRecord(
            id: runID, startedAt: run.info.startedAt, pipeline: run.info.pipeline, questionnaireID: run.info.questionnaireID,
            questionnaireVersion: run.info.questionnaireVersion, filesRead: run.files.count, accounting: run.total,
            withdrawn: run.info.withdrawn, filesReused: 1)
        try expect(runs == [expected], "the run record: \(runs) expected \(expected)")
        let value2 = try await store.latestDiagnostics()
        try expect(
            value2 == run.diagnostics,
            "the run's diagnostics in written order: \(value2)")
        try expect(
            try await store.cachedFiles() == Dictionary(uniqueKeysWithValues: run.cache.map { ($0.path, $0) }),
            "the file cache")
        let value3 = try await store.previousFiles()
        try expect(
            value3 == Dictionary(uniqueKeysWithValues: run.files.map { ($0.report.file.path, $0.report.accounting.submissionsSeen) }),
            "the previous files: \(value3)")
        let value4 = try await store.acceptedSubmissions()
        try expect(
            value4 == run.accepted,
            "the accepted submissions, ordered: \(value4)")
        let rows = try await Rows.read(store)
        try expect(rows == run.acceptedRows, "the streamed accepted rows: \(rows) expected \(run.acceptedRows)")
    }

    /// An error thrown inside the load's body (after files were added) or by the backend (a
    /// submission naming a file not in the load) leaves the store as the run before left it, for
    /// this handle and a new one; the next run then loads normally.
    public func crashMidLoad() async throws {
        let store = try await fresh()
        try await load(Self.firstRun, into: store)
        let before = try await State.read(store)

        struct Crash: Error {}
        do {
            try await store.load(Self.secondRun.info, beforeCommit: {}) { session in
                for file in Self.secondRun.files {
                    try await session.add(file.report, submissions: file.submissions, cache: file.cache)
                }
                throw Crash()
            }
            throw Failure("a load whose body throws returned normally")
        } catch is Crash {}
        try await expectState(store, equals: before, "after a load whose body threw")
        try await expectState(try await reopen(store.location), equals: before, "a new handle after a load whose body threw")

        do {
            try await store.load(Self.secondRun.info, beforeCommit: {}) { session in
                let file = Self.secondRun.files[0]
                var stray = file.submissions[0]
                stray.location.file = "not-added.csv"
                try await session.add(file.report, submissions: [stray], cache: nil)
                return Accounting()
            }
            throw Failure("a submission naming a file not in the load was accepted")
        } catch StoreError.unknownFile(let path) {
            try expect(path == "not-added.csv", "unknownFile names the stray file: \(path)")
        }
        try await expectState(store, equals: before, "after a load the backend refused")

        try await load(Self.secondRun, into: store)
        try expect(try await store.runCount() == 2, "the next run loads after a failed one")
        try expect(try await Rows.read(store) == Self.secondRun.acceptedRows, "the next run's rows")
    }

    /// Reads after two runs: the runs newest first and limited, the latest run's diagnostics only,
    /// the lineage reads with their orders.
    public func reads() async throws {
        let store = try await fresh()
        let first = try await load(Self.firstRun, into: store)
        let second = try await load(Self.secondRun, into: store)
        try expect(try await store.recentRuns(limit: 5).map(\.id) == [second, first], "runs newest first")
        try expect(try await store.recentRuns(limit: 1).map(\.id) == [second], "runs limited")
        try expect(try await store.recentRuns(limit: 0).isEmpty, "no run with limit 0")
        let value5 = try await store.latestDiagnostics()
        try expect(
            value5 == Self.secondRun.diagnostics,
            "the latest run's diagnostics only: \(value5)")
        try expect(try await store.statusCounts() == [.accepted: 2, .rejected: 1], "status counts of the second run")
        try expect(try await Rows.read(store) == Self.secondRun.acceptedRows, "the second run's rows only")
        try expect(
            try await store.repeatAnswers().isEmpty,
            "the next run replaces the repeat rows too: the first run's laws (files gone or changed) are not read")

        // Lineage, on the first run's richer content.
        let lineage = try await fresh()
        try await load(Self.firstRun, into: lineage)
        let sources = try await lineage.submissionSources(round: "2026")
        try expect(
            sources == [
                SubmissionSource(country: "DEU", submissionID: "b.csv#1", file: "b.csv", line: 2, submittedAt: "2026-03-01 10:00:00+01:00"),
                SubmissionSource(
                    country: "FRA", submissionID: "a.csv#1", file: "a.csv", line: 2,
                    restricted: .items(["ch3_main_law", "ch5_specialized_officers"]), submittedAt: "2026-03-04T10:22:33Z"),
            ], "submission sources ordered by country, with the sender's restrictions and the submission time as written: \(sources)")
        try expect(try await lineage.submissionSources(round: "2019").isEmpty, "no sources in an absent round")
        let fra = try await lineage.submissionAnswers(round: "2026", country: "FRA")
        try expect(
            fra.map { "\($0.questionID)|\($0.option ?? "")|\($0.number.map { "\($0)" } ?? "")|\($0.text ?? "")" } == [
                "ch3_instruments|budapest||", "ch3_instruments|un_convention||", "ch3_main_law|||Code pénal",
                "ch5_specialized_officers||12.0|", "ch8_cert|yes||",
            ], "a country's answer rows ordered by question, option: \(fra)")
        try expect(
            fra.allSatisfy { $0.submissionID == "a.csv#1" && $0.file == "a.csv" && $0.line == 2 && $0.country == "FRA" },
            "answer rows carry their origin")
        try expect(fra.first { $0.questionID == "ch8_cert" }?.column == 4, "an answer row keeps its column")
        let cert = try await lineage.answerTraces(round: "2026", questionID: "ch8_cert")
        try expect(
            cert.map { "\($0.country)/\($0.respondent ?? "-")/\($0.option ?? "")" } == ["DEU/-/yes", "FRA/-/yes"],
            "one question's rows ordered by country (superseded and rejected excluded): \(cert)")
        let respondents = try await lineage.submissionSources(round: "2027")
        try expect(
            respondents.map { "\($0.country)/\($0.respondent ?? "-")" } == ["ITA/r1", "ITA/r2"],
            "sources ordered by respondent within a country: \(respondents)")
        let r2 = try await lineage.submissionAnswers(round: "2027", country: "ITA", respondent: "r2")
        try expect(r2.count == 1 && r2[0].respondent == "r2" && r2[0].option == "no", "one respondent's rows only: \(r2)")
    }

    /// While a load's transaction is open (files added, not committed), a second handle reads
    /// the previous committed state without waiting for the load, and a second writer is refused
    /// (timeout 0) or waits and is refused after its timeout; once the load commits and the lock
    /// is released, the new state is read and the lock can be taken.
    public func concurrentReaderDuringLoad() async throws {
        let store = try await fresh()
        try await load(Self.firstRun, into: store)
        let before = try await State.read(store)
        let reader = try await reopen(store.location)

        let lock = try await store.lockWriter(timeout: 0, log: { _ in })
        let (inside, insideSignal) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
        // On the guard's own threads, like the guarded reads: the load must reach its commit when
        // released even while other suites hold every shared concurrency thread.
        let loading = Task(executorPreference: GuardExecutor.shared) {
            try await store.load(Self.secondRun.info, beforeCommit: {}) { session in
                for file in Self.secondRun.files {
                    try await session.add(file.report, submissions: file.submissions, cache: file.cache)
                    try await session.setAccounting(of: file.report.file.path, file.report.accounting)
                }
                insideSignal.yield()
                for await _ in release { break }
                return Self.secondRun.total
            }
        }
        for await _ in inside { break }

        let seen = try await Self.within(Self.hangGuard, "a read during a load") { try await State.read(reader) }
        try expect(seen == before, "a second handle during a load reads the previous committed state: \(seen)")

        let other = try await reopen(store.location)
        do {
            _ = try await other.lockWriter(timeout: 0, log: { _ in })
            throw Failure("a second writer took the lock while the first held it")
        } catch StoreError.busy {}
        let started = Date()
        do {
            _ = try await Self.within(Self.hangGuard, "a second writer waiting") {
                try await other.lockWriter(timeout: 0.3, log: { _ in })
            }
            throw Failure("a second writer took the lock after waiting while the first held it")
        } catch StoreError.busy {}
        try expect(Date().timeIntervalSince(started) >= 0.25, "a second writer waits its timeout before refusing")

        releaseSignal.yield()
        let runID = try await Self.within(Self.hangGuard, "the load's commit") { try await loading.value }
        lock.release()
        try expect(try await reader.runCount() == 2, "after the commit a second handle sees the new run")
        try expect(try await Rows.read(reader) == Self.secondRun.acceptedRows, "after the commit the new rows")
        try expect(try await reader.recentRuns(limit: 1).first?.id == runID, "the new run's id")
        let second = try await Self.within(Self.hangGuard, "the lock after release") { try await other.lockWriter(timeout: 5, log: { _ in }) }
        second.release()
    }

    /// Arrival (docs/store.md, "Arrival"): each file content (by SHA-256) keeps the run that first
    /// read it and that run's start; a later run that reads the same content again does not move
    /// it, a new content arrives in the run that reads it, a file leaving the inbox does not
    /// remove it, a failed load records nothing, and a new handle reads the same.
    public func arrivals() async throws {
        let store = try await fresh()
        try expect(try await store.fileArrivals().isEmpty, "a fresh store has no arrivals")
        let first = try await load(Self.firstRun, into: store)
        let firstStart = Self.firstRun.info.startedAt
        let expectedFirst = Dictionary(
            uniqueKeysWithValues: ["a.csv", "b.csv", "c.csv"].map { ("sha-\($0)", FileArrival(runID: first, startedAt: firstStart)) })
        try expect(try await store.fileArrivals() == expectedFirst, "every file of the first run arrives in it")

        // The same b.csv content again, and a new d.csv; a.csv and c.csv leave the inbox.
        var next = Self.secondRun
        next.info.startedAt = "2026-02-01T00:00:00Z"
        let d = Self.submission("d.csv#1", file: "d.csv", country: "ITA", answers: [("ch8_cert", .choice("yes"))])
        next.files.append(
            SampleRun.File(
                report: FileReport(
                    file: SourceFile(path: "d.csv", sha256: "sha-d.csv", bytes: 10, format: .wideCSV),
                    accounting: { var a = Accounting(); a.add(d); return a }(), diagnostics: []),
                submissions: [d], cache: nil))
        next.total.add(d)
        let second = try await load(next, into: store)
        var expectedSecond = expectedFirst
        expectedSecond["sha-d.csv"] = FileArrival(runID: second, startedAt: "2026-02-01T00:00:00Z")
        let afterSecond = try await store.fileArrivals()
        try expect(afterSecond == expectedSecond, "a new content arrives in its run; the others keep theirs: \(afterSecond)")

        // A load that fails after adding a new content records nothing.
        struct Crash: Error {}
        do {
            var failing = Self.secondRun
            failing.info.startedAt = "2026-03-01T00:00:00Z"
            try await store.load(failing.info, beforeCommit: {}) { session in
                try await session.add(
                    FileReport(file: SourceFile(path: "e.csv", sha256: "sha-e.csv", bytes: 1, format: .wideCSV), accounting: Accounting(), diagnostics: []),
                    submissions: [], cache: nil)
                throw Crash()
            }
            throw Failure("a load whose body throws returned normally")
        } catch is Crash {}
        try expect(try await store.fileArrivals() == expectedSecond, "a failed load records no arrival")
        try expect(try await reopen(store.location).fileArrivals() == expectedSecond, "a new handle reads the same arrivals")
    }

    /// Repeat answers (the legislation inventory): only accepted submissions' rows, in the
    /// protocol's order (round, country, respondent, repeat path in ``RepeatPath`` order, then
    /// written order), one row per selected option, exactly one of option, number and text, with
    /// their file, line and column. A complement merged onto a submission replaces each repeat
    /// group it carries whole (its rows keep the complement's file) and leaves the others.
    public func repeats() async throws {
        let store = try await fresh()
        try await load(Self.firstRun, into: store)
        let rows = try await store.repeatAnswers()
        try expect(
            rows.allSatisfy { [$0.option != nil, $0.number != nil, $0.text != nil].filter { $0 }.count == 1 },
            "each repeat row holds exactly one of option, number, text: \(rows)")
        let expected = [
            "2026|FRA|-|a.csv#1|laws[2]|acts|o:ch4_spam|a.csv:5:2",
            "2026|FRA|-|a.csv#1|laws[2]|acts|o:ch4_illegal_access|a.csv:5:2",
            "2026|FRA|-|a.csv#1|laws[2]|year_adopted|n:2019.0|a.csv:7:2",
            "2026|FRA|-|a.csv#1|laws[2]/amendments[1]|year|n:2021.0|a.csv:6:2",
            "2026|FRA|-|a.csv#1|laws[10]|title|t:Loi n° 10|a.csv:4:2",
            "2026|FRA|-|a.csv#1|practices[1]|kind|o:good_practice|a.csv:3:2",
            "2027|ITA|r1|c.csv#2|laws[1]|title|t:Legge r1|c.csv:3:2",
            "2027|ITA|r2|c.csv#1|laws[1]|title|t:Legge r2|c.csv:3:2",
        ]
        let found = rows.map(Self.repeatRowText)
        try expect(found == expected, "repeat rows (accepted only, in order):\n\(found.joined(separator: "\n"))")
        try expect(
            try await reopen(store.location).repeatAnswers().map(Self.repeatRowText) == expected, "a new handle reads the same")

        // A complement (d.csv) carrying laws[1] merges onto FRA: FRA's laws are the complement's,
        // its practices stay.
        let complement = Self.submission(
            "d.csv#1", file: "d.csv", country: "FRA", answers: [],
            repeats: [("laws[1]/title", .text("Loi corrigée")), ("laws[1]/status", .choice("in_force"))])
        let merged = try await fresh()
        try await loadFirstRun(into: merged, mergingOnto: "a.csv#1", [complement])
        let afterMerge = try await merged.repeatAnswers().map(Self.repeatRowText).filter { $0.hasPrefix("2026|FRA|") }
        try expect(
            afterMerge == [
                "2026|FRA|-|a.csv#1|laws[1]|title|t:Loi corrigée|d.csv:3:2",
                "2026|FRA|-|a.csv#1|laws[1]|status|o:in_force|d.csv:4:2",
                "2026|FRA|-|a.csv#1|practices[1]|kind|o:good_practice|a.csv:3:2",
            ], "after the merge, the complement's laws replace the base's, practices stay:\n\(afterMerge.joined(separator: "\n"))")
    }

    /// The load's recording (``LoadRecording``, the store as a sink: a run's analysis reads the
    /// accepted answers from it instead of from the store) streams exactly what the backend's
    /// ``SurveyReadStore/forEachAccepted(submission:answer:)`` streams after the commit: the first
    /// run (every answer kind, a supersession, a rejected submission, respondents) with two
    /// complements merged in turn onto one submission, each replacing some of its answers (one
    /// of several options, one a question the other complement replaced) and adding others.
    public func recordedLoad() async throws {
        let store = try await fresh()
        let first = Self.submission(
            "d.csv#1", file: "d.csv", country: "FRA",
            answers: [("ch3_instruments", .choices(["budapest"])), ("ch8_cert", .choice("no")), ("ch6_requests", .number(7))])
        let second = Self.submission(
            "e.csv#1", file: "e.csv", country: "FRA",
            answers: [("ch6_requests", .number(9)), ("ch3_main_law", .text("Loi n° 2"))])
        let recording = LoadRecording()
        try await loadFirstRun(into: store, mergingOnto: "a.csv#1", [first, second], recording: recording)
        let stored = try await Rows.read(store)
        let recorded = try await Rows.read(RecordedStore(base: store, recording: recording))
        try expect(recorded == stored, "the recording streams what the store does:\n\(recorded)\nthe store:\n\(stored)")
        let france = [
            "ch5_specialized_officers|n:12.0",
            "ch3_instruments|o:budapest", "ch8_cert|o:no",
            "ch6_requests|n:9.0", "ch3_main_law|t:Loi n° 2",
        ]
        try expect(
            stored.answers["2026|FRA|-"] == france,
            "both complements merged in turn, each replacing the base's answers to its items: \(stored.answers["2026|FRA|-"] ?? [])")
        let reopened = try await Rows.read(reopen(store.location))
        try expect(reopened == recorded, "a new handle reads what the recording streams")
        // Over an empty store it still streams the recording: it reads its own rows, not the base's.
        let overEmpty = try await Rows.read(RecordedStore(base: try await fresh(), recording: recording))
        try expect(overEmpty == stored, "the recorded store streams the recording, not its base:\n\(overEmpty)")
        // Made from the recording, the sources are the store's, every field, in its order, with
        // no read of the store (over an empty one).
        try await expectRecordedSources(recording, equal: store, rounds: ["2026", "2027", "2030"])
        // Without them, the sources are the store's, read once per round and kept.
        let counting = CountingSources(base: store)
        let kept = RecordedStore(base: counting, recording: recording)
        let sources = try await store.submissionSources(round: "2026")
        let firstRead = try await kept.submissionSources(round: "2026")
        let secondRead = try await kept.submissionSources(round: "2026")
        try expect(firstRead == sources && secondRead == sources, "the recorded store's sources are the store's")
        try expect(counting.reads == 1, "the sources of a round are read from the store once: \(counting.reads) reads")
        // Released once the run's analysis has read it, the recording's store reads the store.
        recording.release()
        try expect(recording.released, "the recording says it was released")
        let afterRelease = try await Rows.read(RecordedStore(base: store, recording: recording))
        try expect(afterRelease == stored, "a released recording's store reads the store:\n\(afterRelease)")
        let releasedOverEmpty = try await Rows.read(RecordedStore(base: try await fresh(), recording: recording))
        try expect(releasedOverEmpty != stored, "a released recording no longer streams its rows")
    }

    /// The recording against the backend on merges beyond the pipeline's everyday ones: a
    /// complement merged into two bases, a chain (a base merged on in turn, then merged itself
    /// into another), an excluded complement, a complement without answers, an empty choice list,
    /// one option of a multiple choice replaced, and a complement merged into a base never added
    /// (the backend still supersedes the complement).
    public func recordedMerges() async throws {
        func submission(_ id: String, country: String, status: SubmissionStatus = .accepted, _ answers: [(String, AnswerValue)]) -> Submission {
            let file = String(id.prefix { $0 != "#" })
            return Self.submission(id, file: file, country: country, status: status, answers: answers)
        }
        func restricted(_ submission: Submission, _ restriction: SenderRestriction?, at time: String? = nil) -> Submission {
            var restricted = submission
            restricted.restricted = restriction
            restricted.metadata.submittedAt = time
            return restricted
        }
        // Restrictions combine as merges go (issue 26): `*` wins, else both lists, none from a
        // complement the store does not know.
        let files: [(String, [Submission])] = [
            ("a.csv", [
                restricted(
                    submission("a.csv#1", country: "FRA", [("q1", .choices(["x", "y"])), ("q2", .number(1)), ("q3", .text("t"))]),
                    .items(["q1"])),
                submission("a.csv#2", country: "DEU", [("q1", .choice("z")), ("q4", .number(4))]),
            ]),
            ("c.csv", [restricted(submission("c.csv#1", country: "ITA", [("q2", .number(2)), ("q1", .choices(["w"]))]), .items(["q2", "q1"]))]),
            ("d.csv", [restricted(submission("d.csv#1", country: "ESP", [("q3", .text("u")), ("q5", .choices([]))]), .everything)]),
            ("e.csv", [restricted(submission("e.csv#1", country: "PRT", status: .excluded, [("q4", .number(5))]), .items(["q4"]))]),
            ("f.csv", [submission("f.csv#1", country: "GRC", [])]),
            ("g.csv", [submission("g.csv#1", country: "AUT", [("q1", .choice("v"))])]),
            ("h.csv", [
                restricted(submission("h.csv#1", country: "NLD", [("q1", .choice("x"))]), .items(["q9"]), at: "2026-03-01T10:00:00Z"),
                restricted(submission("h.csv#2", country: "NLD", [("q2", .number(3))]), .items(["q8", "q9"])),
                restricted(submission("h.csv#3", country: "SWE", [("q1", .choice("y"))]), nil, at: "2026-03-02"),
                restricted(submission("h.csv#4", country: "SWE", [("q3", .text("s"))]), .everything),
                restricted(submission("h.csv#5", country: "BEL", [("q1", .choice("z"))]), .items([""])),
                restricted(submission("h.csv#6", country: "BEL", [("q2", .number(6))]), .items(["q7"])),
                restricted(submission("h.csv#7", country: "LUX", [("q1", .choice("x"))]), .items(["q1"])),
            ]),
        ]
        let merges = [
            ("c.csv#1", "a.csv#1"), ("c.csv#1", "a.csv#2"), ("d.csv#1", "a.csv#1"), ("a.csv#1", "a.csv#2"), ("e.csv#1", "a.csv#2"),
            ("f.csv#1", "a.csv#2"), ("g.csv#1", "nowhere.csv#1"), ("h.csv#2", "h.csv#1"), ("h.csv#4", "h.csv#3"),
            ("h.csv#6", "h.csv#5"), ("nowhere.csv#2", "h.csv#7"),
        ]
        let store = try await fresh()
        let lock = try await store.lockWriter(timeout: 10, log: { _ in })
        defer { lock.release() }
        let recording = LoadRecording()
        _ = try await store.load(RunInfo(pipeline: "p", questionnaireID: "q", questionnaireVersion: "1"), beforeCommit: {}) { backend in
            let session = RecordingLoadSession(backend, into: recording)
            for (path, submissions) in files {
                try await session.add(
                    FileReport(
                        file: SourceFile(path: path, sha256: "sha-\(path)", bytes: 1, format: .wideCSV), accounting: Accounting(),
                        diagnostics: []), submissions: submissions, cache: nil)
            }
            for (complement, base) in merges {
                try await session.merge(
                    complement, into: base,
                    diagnostic: Diagnostic(.submissionMerged, at: SourceLocation(file: "a.csv", line: 2), found: "merged", submissionID: complement))
            }
            return Accounting()
        }
        let stored = try await Rows.read(store)
        let recorded = try await Rows.read(RecordedStore(base: store, recording: recording))
        try expect(recorded == stored, "the recording streams what the store does after the merges:\n\(recorded)\nthe store:\n\(stored)")
        try expect(
            stored.units == ["2026|BEL|-", "2026|DEU|-", "2026|LUX|-", "2026|NLD|-", "2026|SWE|-"],
            "only the last base of each chain stays accepted (the excluded one never was): \(stored.units.sorted())")
        let restrictions = try await store.submissionSources(round: "2026").map { "\($0.country):\($0.restricted?.stored ?? "-")" }
        try expect(
            restrictions == ["BEL:q7", "DEU:*", "LUX:-", "NLD:q9 q8 q9", "SWE:*"],
            "restrictions combined by the merges, none after one of an unknown complement: \(restrictions)")
        try await expectRecordedSources(recording, equal: store, rounds: ["2026"])
    }

    /// The recording's sources (``LoadRecording/acceptedSources()``) through a ``RecordedStore``
    /// over an empty store: each round's equal to what `store` reads, every field and in order.
    func expectRecordedSources(_ recording: LoadRecording, equal store: any SurveyStore, rounds: [String]) async throws {
        let recorded = RecordedStore(base: try await fresh(), recording: recording, sources: recording.acceptedSources())
        for round in rounds {
            let stored = try await store.submissionSources(round: round)
            let made = try await recorded.submissionSources(round: round)
            try expect(made == stored, "round \(round): the recording's sources are the store's:\n\(made)\nthe store:\n\(stored)")
        }
    }

    /// Values come back exactly as written and every ordered read sorts as the protocol says, in
    /// byte order whatever the backend's collation (upper case before lower case, `Z` before `a`,
    /// `a` before `é`; digits as text: `10` before `9`) with no respondent before any: texts with
    /// tabs, line breaks, backslashes, quotes and non-ASCII letters, empty texts, and numbers to
    /// the last bit (the smallest subnormal, the largest double, a negative zero is not promised).
    public func valuesAndOrder() async throws {
        let texts = ["tab\there", "line\nbreak\r\nend", #"back\slash \N \\"#, "quote ' \" ;", "Ünïcödé ✓ 中文", "", " leading"]
        let numbers: [Double] = [0.1, 1e-300, 1.7976931348623157e308, -2.5, 123_456_789.123_456_79, 5e-324, 0, 1.0 / 3]
        let respondents: [String?] = [nil, "b", "B", "a", "é", "Z", "10", "9"]
        var submissions: [Submission] = []
        for (index, respondent) in respondents.enumerated() {
            submissions.append(
                Self.submission(
                    "r.csv#\(index + 1)", file: "r.csv", country: index % 2 == 0 ? "ITA" : "AUT", round: "2027", respondent: respondent,
                    answers: [
                        ("q_text", .text(texts[index % texts.count])), ("q_num", .number(numbers[index % numbers.count])),
                        ("q_multi", .choices(["b", "é", "B", "a"])),
                    ],
                    repeats: [("laws[1]/title", .text(texts[(index + 1) % texts.count]))]))
        }
        let run = Self.sample(files: [("r.csv", submissions, [], nil)], supersessions: [], startedAt: nil, withdrawn: 0)
        let store = try await fresh()
        let recording = LoadRecording()
        try await load(run, into: store, recording: recording)
        func before(_ a: String?, _ b: String?) -> Bool {
            guard let b else { return false }
            guard let a else { return true }
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        func unitOrder(_ x: (String, String?), _ y: (String, String?)) -> Bool {
            x.0 != y.0 ? before(x.0, y.0) : before(x.1, y.1)
        }

        let rows = try await Rows.read(store)
        try expect(rows == run.acceptedRows, "texts and numbers read back exactly: \(rows)")
        let accepted = try await store.acceptedSubmissions()
        let expectedAccepted = submissions.map { AcceptedSubmission(round: "2027", country: $0.country!, respondent: $0.respondent) }
            .sorted { unitOrder(($0.country, $0.respondent), ($1.country, $1.respondent)) }
        try expect(accepted == expectedAccepted, "accepted submissions in byte order, no respondent first: \(accepted.map(\.unit))")
        let sources = try await store.submissionSources(round: "2027").map { "\($0.country)/\($0.respondent ?? "-")" }
        try expect(
            sources == expectedAccepted.map { "\($0.country)/\($0.respondent ?? "-")" },
            "submission sources in byte order, no respondent first: \(sources)")
        try await expectRecordedSources(recording, equal: store, rounds: ["2027"])
        let traces = try await store.answerTraces(round: "2027", questionID: "q_multi").map {
            "\($0.country)/\($0.respondent ?? "-")/\($0.option ?? "")"
        }
        let expectedTraces = expectedAccepted.flatMap { unit in ["B", "a", "b", "é"].map { "\(unit.country)/\(unit.respondent ?? "-")/\($0)" } }
        try expect(traces == expectedTraces, "one question's rows by country, respondent, option in byte order: \(traces)")
        let one = try await store.submissionAnswers(round: "2027", country: "ITA", respondent: "B")
        try expect(
            one.map { "\($0.questionID)|\($0.option ?? "")" } == ["q_multi|B", "q_multi|a", "q_multi|b", "q_multi|é", "q_num|", "q_text|"],
            "a unit's rows by question, option in byte order: \(one.map { "\($0.questionID)|\($0.option ?? "")" })")
        try expect(one.first { $0.questionID == "q_num" }?.number == numbers[2], "the largest double read back exactly")
        try expect(one.first { $0.questionID == "q_text" }?.text == texts[2], "a text with backslashes read back exactly")
        let repeats = try await store.repeatAnswers()
        try expect(
            repeats.map { "\($0.country)/\($0.respondent ?? "-")" } == expectedAccepted.map { "\($0.country)/\($0.respondent ?? "-")" },
            "repeat rows in byte order of their units: \(repeats.map { "\($0.country)/\($0.respondent ?? "-")" })")
        let repeatTexts = Dictionary(uniqueKeysWithValues: repeats.map { ($0.submissionID, $0.text) })
        for (index, submission) in submissions.enumerated() {
            try expect(repeatTexts[submission.id] == texts[(index + 1) % texts.count], "the repeat text of \(submission.id) read back exactly")
        }
    }

    /// One repeat row as the checks compare it: round|country|respondent|submission|path|question|value|file:line:column.
    public static func repeatRowText(_ row: RepeatAnswerRow) -> String {
        let value = row.option.map { "o:\($0)" } ?? row.number.map { "n:\($0)" } ?? row.text.map { "t:\($0)" } ?? "?"
        return [
            row.round, row.country, row.respondent ?? "-", row.submissionID, row.path.description, row.questionID, value,
            "\(row.file):\(row.line.map(String.init) ?? "-"):\(row.column.map(String.init) ?? "-")",
        ].joined(separator: "|")
    }

    /// Every check, in order.
    public func all() async throws {
        try await migrations()
        try await load()
        try await crashMidLoad()
        try await reads()
        try await concurrentReaderDuringLoad()
        try await arrivals()
        try await repeats()
        try await recordedLoad()
        try await recordedMerges()
        try await valuesAndOrder()
    }

    // MARK: Sample runs

    /// A run written file by file, as the pipeline writes it: each file's submissions (statuses
    /// before revisions), then the supersessions, then each file's final accounting.
    public struct SampleRun: Sendable {
        public struct File: Sendable {
            public var report: FileReport
            public var submissions: [Submission]
            public var cache: CachedFile?
        }
        public var info: RunInfo
        public var files: [File]
        /// (loser, winner, diagnostic)
        public var supersessions: [(String, String, Diagnostic)]
        public var total: Accounting
        /// Every diagnostic in the order the load writes them.
        public var diagnostics: [Diagnostic]
        public var cache: [CachedFile]
        public var accepted: [AcceptedSubmission]
        public var acceptedRows: Rows
    }

    /// Three files: every answer kind, a revision superseding an earlier submission, a rejected
    /// submission, respondents in another round, file and submission diagnostics, a cache entry.
    public static let firstRun: SampleRun = {
        let a = [
            submission(
                "a.csv#1", file: "a.csv", country: "FRA",
                // The sender's own restrictions (issue 26) and the tool's submission time (issue 27),
                // read back by `submissionSources`.
                restricted: .items(["ch3_main_law", "ch5_specialized_officers"]), submittedAt: "2026-03-04T10:22:33Z",
                answers: [
                    ("ch8_cert", .choice("yes")), ("ch3_instruments", .choices(["un_convention", "budapest"])),
                    ("ch5_specialized_officers", .number(12)), ("ch3_main_law", .text("Code pénal")),
                ],
                // Not in path order: the store orders them (laws[2] < laws[2]/amendments[1] < laws[10]).
                repeats: [
                    ("practices[1]/kind", .choice("good_practice")), ("laws[10]/title", .text("Loi n° 10")),
                    ("laws[2]/acts", .choices(["ch4_spam", "ch4_illegal_access"])), ("laws[2]/amendments[1]/year", .number(2021)),
                    ("laws[2]/year_adopted", .number(2019)),
                ]),
            submission(
                "a.csv#2", file: "a.csv", country: "DEU", answers: [("ch8_cert", .choice("no"))],
                repeats: [("laws[1]/title", .text("superseded, never read"))]),
        ]
        // With the sender's submission time (issue 27), read back as written.
        var timed = submission("b.csv#1", file: "b.csv", country: "DEU", answers: [("ch8_cert", .choice("yes"))])
        timed.metadata.submittedAt = "2026-03-01 10:00:00+01:00"
        let b = [
            timed,
            submission(
                "b.csv#2", file: "b.csv", country: nil, status: .rejected, answers: [("ch8_cert", .choice("yes"))],
                repeats: [("laws[1]/title", .text("rejected, never stored"))]),
        ]
        let c = [
            submission(
                "c.csv#1", file: "c.csv", country: "ITA", round: "2027", respondent: "r2", answers: [("ch8_cert", .choice("no"))],
                repeats: [("laws[1]/title", .text("Legge r2"))]),
            submission(
                "c.csv#2", file: "c.csv", country: "ITA", round: "2027", respondent: "r1", answers: [("ch8_cert", .choice("yes"))],
                repeats: [("laws[1]/title", .text("Legge r1"))]),
        ]
        // With a detail: a diagnostic read back keeps it (the report's consistency-check summary
        // reads the check and the country from it).
        // With the sender's side (issue 24): country, sender language, suggestion and a sheet, so
        // that `legisurvey report` rewrites validation_report.csv's columns and the letters.
        var fileDiagnostic = Diagnostic(
            .encodingFallback, at: SourceLocation(file: "b.csv", line: 1, column: 3, sheet: "Réponses"), found: "latin-1",
            detail: "read as Windows-1252", suggestion: Suggestion(.question, "ch3_main_law", label: "Main law: title"))
        fileDiagnostic.country = "DEU"
        fileDiagnostic.senderLanguage = .fr
        let superseded = Diagnostic(
            .submissionSuperseded, at: SourceLocation(file: "a.csv", line: 2), found: "b.csv#1", submissionID: "a.csv#2")
        let cache = CachedFile(path: "a.csv", sha256: "aa", fingerprint: "f1", payload: [0, 1, 2, 255])
        return sample(
            files: [("a.csv", a, [], cache), ("b.csv", b, [fileDiagnostic], nil), ("c.csv", c, [], nil)],
            supersessions: [("a.csv#2", "b.csv#1", superseded)], startedAt: "2026-01-01T00:00:00Z", withdrawn: 3)
    }()

    /// The next run: one file left, one changed.
    public static let secondRun: SampleRun = {
        let b = [
            submission("b.csv#1", file: "b.csv", country: "DEU", answers: [("ch8_cert", .choice("no")), ("ch3_main_law", .text("StGB"))]),
            submission("b.csv#2", file: "b.csv", country: "ESP", answers: [("ch3_instruments", .choices(["budapest"]))]),
            submission("b.csv#3", file: "b.csv", country: nil, status: .rejected, answers: [("ch8_cert", .choice("yes"))]),
        ]
        return sample(files: [("b.csv", b, [], nil)], supersessions: [], startedAt: nil, withdrawn: 0)
    }()

    static func submission(
        _ id: String, file: String, country: String?, round: String = "2026", respondent: String? = nil,
        status: SubmissionStatus = .accepted, restricted: SenderRestriction? = nil, submittedAt: String? = nil,
        answers: [(String, AnswerValue)], repeats: [(String, AnswerValue)] = []
    ) -> Submission {
        let location = SourceLocation(file: file, line: 2)
        var submission = Submission(
            id: id, location: location, format: .wideCSV, country: country, countryGiven: country ?? "Atlantis", round: round,
            status: status, reason: status == .rejected ? .countryUnknown : nil,
            answers: answers.enumerated().map {
                Answer(questionID: $0.element.0, value: $0.element.1, location: SourceLocation(file: file, line: 2, column: 4 + $0.offset))
            },
            answersSeen: answers.count + repeats.count,
            diagnostics: status == .rejected ? [Diagnostic(.countryUnknown, at: location, found: "Atlantis", submissionID: id)] : [])
        submission.respondent = respondent
        submission.restricted = restricted
        submission.metadata.submittedAt = submittedAt
        // `laws[2]/acts`: the path, then the question id local to the repeat; on line 3 onwards.
        submission.repeatAnswers = repeats.enumerated().map { offset, element in
            let field = element.0
            let slash = field.lastIndex(of: "/")!
            return Answer(
                questionID: String(field[field.index(after: slash)...]), value: element.1,
                location: SourceLocation(file: file, line: 3 + offset, column: 2), path: RepeatPath(parsing: String(field[..<slash]))!)
        }
        return submission
    }

    static func sample(
        files: [(String, [Submission], [Diagnostic], CachedFile?)], supersessions: [(String, String, Diagnostic)],
        startedAt: String?, withdrawn: Int
    ) -> SampleRun {
        var diagnostics: [Diagnostic] = []
        var sampleFiles: [SampleRun.File] = []
        var final: [Submission] = []
        for (path, submissions, fileDiagnostics, cache) in files {
            let report = FileReport(
                file: SourceFile(path: path, sha256: "sha-\(path)", bytes: 100, format: .wideCSV), accounting: Accounting(),
                diagnostics: fileDiagnostics)
            sampleFiles.append(SampleRun.File(report: report, submissions: submissions, cache: cache))
            diagnostics += fileDiagnostics + submissions.flatMap(\.diagnostics)
            final += submissions
        }
        for (loser, winner, diagnostic) in supersessions {
            diagnostics.append(diagnostic)
            if let index = final.firstIndex(where: { $0.id == loser }) {
                final[index].status = .superseded
                final[index].supersededBy = winner
            }
        }
        var total = Accounting()
        for index in sampleFiles.indices {
            var accounting = Accounting()
            for submission in final where submission.location.file == sampleFiles[index].report.file.path {
                accounting.add(submission)
            }
            sampleFiles[index].report.accounting = accounting
            total.add(accounting)
        }
        let accepted = final.filter { $0.status == .accepted }
        var rows = Rows()
        for submission in accepted {
            let unit = "\(submission.round)|\(submission.country ?? "")|\(submission.respondent ?? "-")"
            rows.units.insert(unit)
            rows.answers[unit] = submission.answers.flatMap { answer -> [String] in
                switch answer.value {
                case .choice(let code): return ["\(answer.questionID)|o:\(code)"]
                case .choices(let codes): return codes.map { "\(answer.questionID)|o:\($0)" }
                case .number(let number): return ["\(answer.questionID)|n:\(number)"]
                case .text(let text): return ["\(answer.questionID)|t:\(text)"]
                }
            }
        }
        return SampleRun(
            info: RunInfo(
                pipeline: "conformance", questionnaireID: "q", questionnaireVersion: "1", startedAt: startedAt,
                withdrawn: withdrawn),
            files: sampleFiles, supersessions: supersessions, total: total, diagnostics: diagnostics,
            cache: files.compactMap(\.3),
            accepted: accepted.map { AcceptedSubmission(round: $0.round, country: $0.country ?? "", respondent: $0.respondent) }
                .sorted { ($0.round, $0.country, $0.respondent ?? "") < ($1.round, $1.country, $1.respondent ?? "") },
            acceptedRows: rows)
    }

    /// Writes a sample run through the load session, as the pipeline does (under the writer lock).
    @discardableResult
    public func load(
        _ run: SampleRun, into store: any SurveyStore, filesReused: Int? = nil, recording: LoadRecording? = nil
    ) async throws -> Int64 {
        let lock = try await store.lockWriter(timeout: 10, log: { _ in })
        defer { lock.release() }
        return try await store.load(run.info, beforeCommit: {}) { backend in
            let session: any SurveyLoadSession = recording.map { RecordingLoadSession(backend, into: $0) } ?? backend
            for file in run.files {
                var report = file.report
                report.accounting = Accounting()
                try await session.add(report, submissions: file.submissions, cache: file.cache)
            }
            for (loser, winner, diagnostic) in run.supersessions {
                try await session.supersede(loser, by: winner, diagnostic: diagnostic)
            }
            for file in run.files { try await session.setAccounting(of: file.report.file.path, file.report.accounting) }
            if let filesReused { session.filesReused = filesReused }
            return run.total
        }
    }

    /// The first run with `complements` (each in a file of its own, its location's) merged in
    /// turn onto `base`, written as the pipeline writes it: the files, the supersessions, the
    /// merges, every file's final accounting. Through a recording session when `recording` is
    /// given.
    func loadFirstRun(
        into store: any SurveyStore, mergingOnto base: String, _ complements: [Submission], recording: LoadRecording? = nil
    ) async throws {
        let lock = try await store.lockWriter(timeout: 10, log: { _ in })
        defer { lock.release() }
        let run = Self.firstRun
        var total = run.total
        for complement in complements {
            total.submissionsSeen += 1
            total.superseded += 1
            total.answersSeen += complement.answersSeen
            total.answersKept += complement.answersKept
        }
        _ = try await store.load(run.info, beforeCommit: {}) { backend in
            let session: any SurveyLoadSession = recording.map { RecordingLoadSession(backend, into: $0) } ?? backend
            for file in run.files { try await session.add(file.report, submissions: file.submissions, cache: file.cache) }
            for complement in complements {
                let path = complement.location.file
                try await session.add(
                    FileReport(
                        file: SourceFile(path: path, sha256: "sha-\(path)", bytes: 10, format: .wideCSV), accounting: Accounting(),
                        diagnostics: []), submissions: [complement], cache: nil)
            }
            for (loser, winner, diagnostic) in run.supersessions { try await session.supersede(loser, by: winner, diagnostic: diagnostic) }
            for complement in complements {
                try await session.merge(
                    complement.id, into: base,
                    diagnostic: Diagnostic(
                        .submissionMerged, at: complement.location, found: "merged into \(base)", submissionID: complement.id))
            }
            for file in run.files { try await session.setAccounting(of: file.report.file.path, file.report.accounting) }
            for complement in complements {
                var accounting = Accounting()
                var superseded = complement
                superseded.status = .superseded
                accounting.add(superseded)
                try await session.setAccounting(of: complement.location.file, accounting)
            }
            return total
        }
    }

    /// A read store over another that counts its `submissionSources` reads.
    final class CountingSources: SurveyReadStoreLayer, @unchecked Sendable {
        let base: any SurveyReadStore
        private let lock = NSLock()
        private var count = 0
        var reads: Int { lock.withLock { count } }

        init(base: any SurveyReadStore) { self.base = base }

        func submissionSources(round: String) async throws -> [SubmissionSource] {
            lock.withLock { count += 1 }
            return try await base.submissionSources(round: round)
        }
    }

    // MARK: Reading a store whole

    /// The accepted units and each unit's answer rows in the order streamed, from
    /// ``SurveyReadStore/forEachAccepted(submission:answer:)``.
    public struct Rows: Sendable, Equatable, CustomStringConvertible {
        /// `round|country|respondent` (`-` without one).
        public var units: Set<String> = []
        /// Unit → its rows in streamed order: `question|o:code`, `|n:number`, `|t:text`.
        public var answers: [String: [String]] = [:]

        public var description: String { "\(units.sorted()) \(answers.sorted { $0.key < $1.key })" }

        public static func read(_ store: any SurveyReadStore) async throws -> Rows {
            var rows = Rows()
            var unitOf: [Int64: String] = [:]
            try await store.forEachAccepted(
                submission: { key, round, country, respondent in
                    let unit = "\(round)|\(country)|\(respondent ?? "-")"
                    unitOf[key] = unit
                    rows.units.insert(unit)
                },
                answer: { key, question, option, number, text in
                    guard let unit = unitOf[key] else { throw Failure("an answer row of a submission not streamed: \(key)") }
                    let value = option.map { "o:\($0)" } ?? number.map { "n:\($0)" } ?? text.map { "t:\($0)" } ?? "?"
                    rows.answers[unit, default: []].append("\(question)|\(value)")
                })
            return rows
        }
    }

    /// What a reader sees of a store, for before/after comparisons.
    public struct State: Sendable, Equatable {
        var runs: Int
        var counts: [SubmissionStatus: Int]
        var records: [RunRecord]
        var diagnostics: [Diagnostic]
        var cache: [String: CachedFile]
        var previous: [String: Int]
        var accepted: [AcceptedSubmission]
        var rows: Rows
        /// ``SurveyReadStore/repeatAnswers()`` as ``repeatRowText(_:)`` lines, in its order.
        var repeatRows: [String]

        public static func read(_ store: any SurveyReadStore) async throws -> State {
            State(
                runs: try await store.runCount(), counts: try await store.statusCounts(),
                records: try await store.recentRuns(limit: 10), diagnostics: try await store.latestDiagnostics(),
                cache: try await store.cachedFiles(), previous: try await store.previousFiles(),
                accepted: try await store.acceptedSubmissions(), rows: try await Rows.read(store),
                repeatRows: try await store.repeatAnswers().map(StoreConformance.repeatRowText))
        }
    }

    // MARK: Helpers

    private func expect(_ condition: Bool, _ what: @autoclosure () -> String) throws {
        guard condition else { throw Failure(what()) }
    }

    private func expectEmpty(_ store: any SurveyStore, _ what: String) async throws {
        let state = try await State.read(store)
        try expect(
            state.runs == 0 && state.counts.isEmpty && state.records.isEmpty && state.diagnostics.isEmpty
                && state.cache.isEmpty && state.previous.isEmpty && state.accepted.isEmpty && state.rows == Rows()
                && state.repeatRows.isEmpty,
            "\(what) is empty: \(state)")
    }

    private func expectState(_ store: any SurveyReadStore, equals expected: State, _ what: String) async throws {
        let state = try await State.read(store)
        try expect(state == expected, "\(what): the store changed:\n\(state)\nexpected\n\(expected)")
    }

    /// `operation`'s result, or a failure when it takes longer than `seconds` (a hung read or lock).
    /// How long ``within(_:_:_:)`` waits before calling an operation hung. It guards against a
    /// deadlock (a read blocked by a writer would otherwise wait forever); it is not a timing
    /// check, so it is generous: on two busy cores, with other suites running beside this one,
    /// a read that takes a fraction of a second alone was seen to take over 20 s, and over 120 s
    /// while tests blocked the shared concurrency threads on external programs (those now wait
    /// off the pool: ``ExternalProgram/run(_:_:in:environment:mergeErrors:)``). It still
    /// failed, twice in full runs on a loaded machine, on a read during a load (a read of many
    /// awaits, each waiting for a shared thread that CPU-bound suites held): so the guarded
    /// operation and its timer run on ``GuardExecutor``'s own threads, never the shared pool, and
    /// what is measured is the store, not the other suites.
    static let hangGuard: Double = 300

    static func within<T: Sendable>(
        _ seconds: Double, _ what: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let once = ResumeOnce<T>()
        return try await withCheckedThrowingContinuation { continuation in
            once.set(continuation)
            Task(executorPreference: GuardExecutor.shared) {
                do { once.resume(.success(try await operation())) } catch { once.resume(.failure(error)) }
            }
            Task(executorPreference: GuardExecutor.shared) {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                once.resume(.failure(Failure("\(what) did not finish within \(seconds) s")))
            }
        }
    }
}

/// A task executor on threads of its own (a concurrent dispatch queue, outside the cooperative
/// pool Swift Testing runs every suite on): a task preferring it makes progress however busy
/// the shared pool is. Only for the conformance suite's hang guards.
public final class GuardExecutor: TaskExecutor, @unchecked Sendable {
    public static let shared = GuardExecutor()
    private let queue = DispatchQueue(label: "legisurvey.tests.hang-guard", attributes: .concurrent)

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// A continuation resumed by whichever comes first.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        lock.lock()
        self.continuation = continuation
        lock.unlock()
    }

    func resume(_ result: Result<T, any Error>) {
        lock.lock()
        let continuation = self.continuation
        self.continuation = nil
        lock.unlock()
        continuation?.resume(with: result)
    }
}
