// The store as a sink (issue 29): what a run's load writes, kept in memory as it streams, so the
// analysis reads the run's answers from here instead of reading every answer row back from the
// store it has just committed. Any backend: the recording wraps the backend's load session
// (`RecordingLoadSession`) and mirrors what the session's calls do to the accepted answer rows;
// `RecordedStore` answers `forEachAccepted` from it and every other read from the store.
import Foundation
public import SurveyModel

/// The accepted submissions and their answer rows, as a load session's calls leave them in the
/// store: what ``SurveyReadStore/forEachAccepted(submission:answer:)`` streams after the commit.
///
/// It mirrors the backends' load exactly (the store conformance suite compares the two on every
/// backend, docs/store.md): a submission's rows are written when it keeps an answer, one row per
/// selected option, or the number, or the text, in answer order; ``SurveyLoadSession/supersede(_:by:diagnostic:)``
/// takes a submission out of the accepted ones; ``SurveyLoadSession/merge(_:into:diagnostic:)``
/// replaces the base's rows to each question the complement answers by the complement's rows,
/// appended in their order, and takes the complement out.
///
/// Compact, since a run holds millions of rows: a row is a question index and a value index
/// (8 bytes); question ids, options and numbers are interned, texts kept as given (shared with
/// the submissions' strings, not copied).
public final class LoadRecording: InternedAcceptedAnswers, @unchecked Sendable {
    // `@unchecked Sendable`: written by the one task that drives the load (one call at a time,
    // as ``SurveyLoadSession`` promises), then only read, after the load returned.

    typealias Row = InternedAnswerRow
    typealias Value = InternedAnswerValue

    struct Unit {
        var round: String
        var country: String
        var respondent: String?
        var accepted: Bool
        var rows: [Row]
    }

    private(set) var units: [Unit] = []
    /// Where each recorded submission came from, by the units' positions: what
    /// ``SurveyReadStore/submissionSources(round:)`` reads back besides the unit's round, country
    /// and respondent (strings shared with the submissions', not copied).
    struct Origin {
        var id: String
        var file: String
        var line: Int?
        /// As stored: ``SenderRestriction/stored``, combined by merges as the backends combine it.
        var restricted: String?
        var submittedAt: String?
    }
    private var origins: [Origin] = []
    /// True once ``release()`` let go of the rows: reads then go to the store.
    public private(set) var released = false
    private var unitByID: [String: Int] = [:]
    private(set) var questions: [String] = []
    private var questionIndex: [String: UInt32] = [:]
    private(set) var values: [Value] = []
    private var optionIndex: [String: UInt32] = [:]
    /// Per question, its first options (at most 16) with their value: a choice question has a
    /// handful, and comparing a short code (or the questionnaire's own string) is cheaper than
    /// hashing it.
    private var recentOptions: [[(code: String, value: UInt32)]] = []
    private var numberIndex: [UInt64: UInt32] = [:]

    public init() {}

    /// The submissions of one file, as ``SurveyLoadSession/add(_:submissions:cache:)`` writes them.
    func add(_ submissions: [Submission]) {
        for submission in submissions {
            var rows: [Row] = []
            if submission.answersKept > 0 {
                // Exactly the rows the submission makes (a row per selected option): an array
                // grown by appending holds up to twice that, kept for the whole run.
                var count = 0
                for a in submission.answers.indices {
                    if case .choices(let codes) = submission.answers[a].value { count += codes.count } else { count += 1 }
                }
                rows.reserveCapacity(count)
                var previous: UInt32?
                for a in submission.answers.indices {  // by index: no copy of each answer
                    let q = question(submission.answers[a].questionID, after: previous)
                    previous = q
                    switch submission.answers[a].value {
                    case .choice(let code): rows.append(Row(question: q, value: option(code, of: q)))
                    case .choices(let codes): for code in codes { rows.append(Row(question: q, value: option(code, of: q))) }
                    case .number(let number): rows.append(Row(question: q, value: self.number(number)))
                    case .text(let text): rows.append(Row(question: q, value: self.text(text)))
                    }
                }
            }
            unitByID[submission.id] = units.count
            origins.append(
                Origin(
                    id: submission.id, file: submission.location.file, line: submission.location.line,
                    restricted: submission.restricted?.stored, submittedAt: submission.metadata.submittedAt))
            units.append(
                Unit(
                    round: submission.round, country: submission.country ?? "", respondent: submission.respondent,
                    accepted: submission.status == .accepted, rows: rows))
        }
    }

    /// ``SurveyLoadSession/supersede(_:by:diagnostic:)``: the submission is no longer accepted.
    func supersede(_ id: String) {
        guard let u = unitByID[id] else { return }
        units[u].accepted = false
    }

    /// ``SurveyLoadSession/merge(_:into:diagnostic:)``: the base's rows to the questions the
    /// complement answers give way to the complement's rows, appended in their order; the
    /// complement is no longer accepted.
    func merge(_ complement: String, into base: String) {
        guard let c = unitByID[complement] else {
            // As the backends' update does: the base's restriction becomes the unknown one's (none).
            if let b = unitByID[base] { origins[b].restricted = nil }
            return
        }
        // As the backends do: the complement is superseded even when the base is unknown.
        defer { units[c].accepted = false }
        guard let b = unitByID[base] else { return }
        // What either asked to restrict stays restricted (issue 26): `*` wins, else both lists.
        if let added = origins[c].restricted {
            if let kept = origins[b].restricted {
                origins[b].restricted = kept == "*" || added == "*" ? "*" : kept + " " + added
            } else {
                origins[b].restricted = added
            }
        }
        let added = units[c].rows
        let replaced = Set(added.map(\.question))
        units[b].rows.removeAll { replaced.contains($0.question) }
        units[b].rows += added
    }

    /// The accepted submissions, then their rows, as ``SurveyReadStore/forEachAccepted(submission:answer:)``
    /// streams them; a submission's key is its position among the recorded ones.
    func forEachAccepted(
        submission: (_ key: Int64, _ round: String, _ country: String, _ respondent: String?) throws -> Void,
        answer: (_ key: Int64, _ questionID: String, _ option: String?, _ number: Double?, _ text: String?) throws -> Void
    ) rethrows {
        for (key, unit) in units.enumerated() where unit.accepted {
            try submission(Int64(key), unit.round, unit.country, unit.respondent)
        }
        for (key, unit) in units.enumerated() where unit.accepted {
            for row in unit.rows {
                let question = questions[Int(row.question)]
                switch values[Int(row.value)] {
                case .option(let code): try answer(Int64(key), question, code, nil, nil)
                case .number(let number): try answer(Int64(key), question, nil, number, nil)
                case .text(let text): try answer(Int64(key), question, nil, nil, text)
                }
            }
        }
    }

    /// The accepted submissions with their rows, as ``forEachAccepted(submission:answer:)``
    /// streams them (``InternedAcceptedAnswers``).
    public func forEachAcceptedUnit(
        _ body: (_ round: String, _ country: String, _ respondent: String?, _ rows: UnsafeBufferPointer<InternedAnswerRow>) throws -> Void
    ) rethrows {
        for unit in units where unit.accepted {
            try unit.rows.withUnsafeBufferPointer { try body(unit.round, unit.country, unit.respondent, $0) }
        }
    }

    /// The accepted submissions' sources by round, each round's in the order
    /// ``SurveyReadStore/submissionSources(round:)`` promises (country, then respondent, none
    /// first, in byte order): what the store returns after the commit, made without reading it.
    /// Empty once released.
    public func acceptedSources() -> [String: [SubmissionSource]] {
        // The units' positions by round, sorted; then each round's sources made in that order
        // into an array of exactly their count. Appending the sources and sorting them held up to
        // twice their size and a merge buffer (tens of megabytes at 500,000 respondents, while
        // the load ends and the answer matrix is being made beside it).
        var positions: [String: [Int32]] = [:]
        for u in units.indices where units[u].accepted { positions[units[u].round, default: []].append(Int32(u)) }
        var byRound: [String: [SubmissionSource]] = [:]
        for (round, unitsOfRound) in positions {
            let order = unitsOfRound.sorted { a, b in
                let left = Int(a), right = Int(b)
                return Self.storeOrder(
                    (units[left].country, units[left].respondent, origins[left].id),
                    (units[right].country, units[right].respondent, origins[right].id))
            }
            var sources: [SubmissionSource] = []
            sources.reserveCapacity(order.count)
            for position in order {
                let unit = units[Int(position)], origin = origins[Int(position)]
                sources.append(
                    SubmissionSource(
                        country: unit.country, submissionID: origin.id, file: origin.file, line: origin.line,
                        respondent: unit.respondent, restricted: SenderRestriction(stored: origin.restricted),
                        submittedAt: origin.submittedAt))
            }
            byRound[round] = sources
        }
        return byRound
    }

    /// The stores' order of sources: country, then respondent (none first), in byte order (one
    /// accepted submission per round, country and respondent: the id only orders what a store
    /// would refuse).
    static func storeOrder(
        _ a: (country: String, respondent: String?, id: String), _ b: (country: String, respondent: String?, id: String)
    ) -> Bool {
        // Bytes compared, not `String` equality (which takes canonically equivalent texts as equal).
        if !a.country.utf8.elementsEqual(b.country.utf8) { return a.country.utf8.lexicographicallyPrecedes(b.country.utf8) }
        switch (a.respondent, b.respondent) {
        case (nil, nil): break
        case (nil, _): return true
        case (_, nil): return false
        case (let left?, let right?):
            if !left.utf8.elementsEqual(right.utf8) { return left.utf8.lexicographicallyPrecedes(right.utf8) }
        }
        return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
    }

    public var questionIDs: [String] { questions }
    public var answerValues: [InternedAnswerValue] { values }

    /// Lets go of every recorded row (39 MB at 50,000 respondents, ten times that at 500,000) once
    /// the run's analysis has read them (the answer matrix is built); ``RecordedStore`` then reads
    /// the store, which holds the same rows. Only by the task that owns the run, after the reads.
    public func release() {
        released = true
        units = []
        origins = []
        unitByID = [:]
        questions = []
        questionIndex = [:]
        values = []
        optionIndex = [:]
        recentOptions = []
        numberIndex = [:]
    }

    // MARK: Interning

    /// The index of a question id. Answers come in questionnaire order, so the question after
    /// `previous` is tried first (no hashing in the common case).
    private func question(_ id: String, after previous: UInt32?) -> UInt32 {
        if let previous, Int(previous) + 1 < questions.count, questions[Int(previous) + 1] == id { return previous + 1 }
        if let known = questionIndex[id] { return known }
        let q = UInt32(questions.count)
        questions.append(id)
        questionIndex[id] = q
        recentOptions.append([])
        return q
    }

    private func option(_ code: String, of question: UInt32) -> UInt32 {
        let q = Int(question)
        for (known, value) in recentOptions[q] where known == code { return value }
        let v: UInt32
        if let known = optionIndex[code] {
            v = known
        } else {
            v = UInt32(values.count)
            values.append(.option(code))
            optionIndex[code] = v
        }
        if recentOptions[q].count < 16 { recentOptions[q].append((code, v)) }
        return v
    }

    private func number(_ number: Double) -> UInt32 {
        if let known = numberIndex[number.bitPattern] { return known }
        let v = UInt32(values.count)
        values.append(.number(number))
        numberIndex[number.bitPattern] = v
        return v
    }

    private func text(_ text: String) -> UInt32 {
        let v = UInt32(values.count)
        values.append(.text(text))
        return v
    }
}

/// A load session that records what it writes (``LoadRecording``) and hands every call on to the
/// backend's session; a call is recorded once the backend took it.
public final class RecordingLoadSession: SurveyLoadSession {
    private let session: any SurveyLoadSession
    public let recording: LoadRecording

    public init(_ session: any SurveyLoadSession, into recording: LoadRecording) {
        self.session = session
        self.recording = recording
    }

    public func add(_ report: FileReport, submissions: [Submission], cache: CachedFile?) async throws {
        try await session.add(report, submissions: submissions, cache: cache)
        recording.add(submissions)
    }

    public func supersede(_ id: String, by winner: String, diagnostic: Diagnostic) async throws {
        try await session.supersede(id, by: winner, diagnostic: diagnostic)
        recording.supersede(id)
    }

    public func merge(_ complement: String, into base: String, diagnostic: Diagnostic) async throws {
        try await session.merge(complement, into: base, diagnostic: diagnostic)
        recording.merge(complement, into: base)
    }

    public func note(_ diagnostic: Diagnostic) async throws { try await session.note(diagnostic) }

    public func setAccounting(of path: String, _ accounting: Accounting) async throws {
        try await session.setAccounting(of: path, accounting)
    }

    public var filesReused: Int? {
        get { session.filesReused }
        set { session.filesReused = newValue }
    }
}

/// The store as a run just committed it, read with the run's recording (``LoadRecording``):
/// ``forEachAccepted(submission:answer:)`` streams the recorded rows instead of reading them back,
/// ``submissionSources(round:)`` are the recording's (``LoadRecording/acceptedSources()``, when
/// given) or read from the store once per round and kept (the outputs ask for them several
/// times), every other read is the store's (``SurveyReadStoreLayer``).
///
/// Only for the run that made the recording, after its load committed, while it holds the
/// store's writer lock: nothing else can change the store meanwhile, so both answer as the
/// store would.
public struct RecordedStore: SurveyReadStoreLayer {
    public let base: any SurveyReadStore
    private let recording: LoadRecording
    private let sources = SourcesByRound()
    private let recordedSources: [String: [SubmissionSource]]?

    /// `sources`: the recording's ``LoadRecording/acceptedSources()``, made before it was
    /// released (at 50,000 respondents the store's read took a fifth of a second after the
    /// commit, before the shares could start); nil to read them from the store.
    public init(base: any SurveyReadStore, recording: LoadRecording, sources: [String: [SubmissionSource]]? = nil) {
        self.base = base
        self.recording = recording
        recordedSources = sources
    }

    public func forEachAccepted(
        submission: (_ key: Int64, _ round: String, _ country: String, _ respondent: String?) throws -> Void,
        answer: (_ key: Int64, _ questionID: String, _ option: String?, _ number: Double?, _ text: String?) throws -> Void
    ) async throws {
        guard !recording.released else {
            return try await base.forEachAccepted(submission: submission, answer: answer)
        }
        try recording.forEachAccepted(submission: submission, answer: answer)
    }

    /// The recording itself, until it is released (then the base's, if it has any).
    public func internedAccepted() async throws -> (any InternedAcceptedAnswers)? {
        recording.released ? try await base.internedAccepted() : recording
    }

    /// Read from the store once per round: callers asking at the same time wait for the same
    /// read (the outputs ask from two cores at once); a read that failed is tried again.
    public func submissionSources(round: String) async throws -> [SubmissionSource] {
        if let recordedSources { return recordedSources[round] ?? [] }
        let base = self.base
        let read = sources.read(round) { Task { try await base.submissionSources(round: round) } }
        do {
            return try await read.value
        } catch {
            sources.forget(round, read)
            throw error
        }
    }

    // Every other read is the store's (SurveyReadStoreLayer).
}

/// ``RecordedStore``'s sources by round: each round's one read, started by its first caller
/// (under a lock: reads may overlap).
private final class SourcesByRound: @unchecked Sendable {
    private let lock = NSLock()
    private var rounds: [String: Task<[SubmissionSource], any Error>] = [:]

    /// The round's read, started with `start` when there is none.
    func read(_ round: String, _ start: () -> Task<[SubmissionSource], any Error>) -> Task<[SubmissionSource], any Error> {
        lock.withLock {
            if let known = rounds[round] { return known }
            let task = start()
            rounds[round] = task
            return task
        }
    }

    /// Drops a read that failed (unless another has replaced it).
    func forget(_ round: String, _ task: Task<[SubmissionSource], any Error>) {
        lock.withLock { if rounds[round] == task { rounds[round] = nil } }
    }
}
