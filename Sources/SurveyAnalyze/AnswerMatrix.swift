public import SurveyModel

/// What the analysis reads from the store: each round's accepted submissions and their answers,
/// as a matrix of units × questions per round whose cells are ids of interned answer values.
///
/// A run with tens of thousands of respondents holds millions of answer rows, and every
/// statistic looks each (unit, question) pair up once per group it computes. Keeping them as
/// nested `[String: …]` dictionaries of ``StoredAnswer`` cost over a gigabyte and millions of
/// string hashes per run, so the data is stored compactly instead:
///
/// - **Units** (a country, or `ISO3/respondent` with a respondent key: ``SurveyUnit``) of each
///   round are sorted by key and named by their position (*unit index*) in that order.
/// - **Questions** are named by a *question index* (``questionIndex(of:)``), in the order they
///   were first seen.
/// - **Values**: each question keeps the distinct answers given to it, in any round
///   (``values(of:)``); a choice question has only a handful however many units answer it.
///   Slot 0 is a placeholder meaning "no answer", so a value id indexes the table directly.
/// - **Cells**: per round and question, one value id per unit (``column(question:round:)``,
///   0 = the unit did not answer), in a ``CellColumn``: 1 byte per unit and question for a
///   question with fewer than 256 distinct answers (every choice question), 2 or 4 for more; the
///   hot loops (Analyzer) count with plain integer ids instead of dictionary lookups.
///
/// The string API (``roundIDs``, ``countries(in:)``, ``answers(of:in:)``,
/// ``answer(of:to:in:)``) answers exactly as the dictionaries did; it builds ``StoredAnswer``s on
/// the fly, so loops over many units should use the index API.
public struct AnswerMatrix: Sendable {
    /// One distinct answer to a question (``GivenAnswer``: the options chosen in stored order, or a
    /// number, or a text).
    public typealias Value = GivenAnswer

    /// One round's units and answers.
    struct Round: Sendable {
        var id: String
        /// Unit keys, sorted (`String` order, as ``countries(in:)`` always returned them).
        var units: [String]
        /// Each unit's country (ISO alpha-3) and respondent, so answers need no parsing of keys.
        var countries: [String]
        var respondents: [String?]
        var unitIndex: [String: Int]
        /// `cells[question][unit]`: the unit's value id for the question, 0 when unanswered.
        /// Every column has one cell per unit.
        var cells: [CellColumn]
    }

    var roundTables: [Round]
    var roundPositions: [String: Int]
    /// Question ids by question index.
    public private(set) var questionIDs: [String]
    var questionPositions: [String: Int]
    /// `values[question][id]`: the distinct answers to a question; id 0 is the "no answer" slot.
    var valueTables: [[Value]]

    /// `submissions` lists every accepted submission; answers of units not listed there are
    /// still counted (their submission is implied). When several answers name the same round,
    /// unit and question, the last one is kept.
    public init(answers: [StoredAnswer], submissions: [AcceptedSubmission] = []) {
        var builder = Builder()
        for submission in submissions {
            builder.addUnit(round: submission.round, country: submission.country, respondent: submission.respondent)
        }
        for answer in answers { builder.addUnit(round: answer.round, country: answer.country, respondent: answer.respondent) }
        builder.sortUnits()
        for answer in answers {
            guard let (round, unit) = builder.position(round: answer.round, unit: answer.unit) else { continue }
            builder.set(
                round: round, unit: unit, question: builder.question(answer.questionID, after: nil),
                Value(options: answer.options, number: answer.number, text: answer.text), merge: false)
        }
        self = builder.build()
    }

    init(rounds: [Round], questionIDs: [String], values: [[Value]]) {
        roundTables = rounds
        roundPositions = Dictionary(uniqueKeysWithValues: rounds.enumerated().map { ($1.id, $0) })
        self.questionIDs = questionIDs
        questionPositions = Dictionary(uniqueKeysWithValues: questionIDs.enumerated().map { ($1, $0) })
        valueTables = values
    }

    /// Whether some unit is a respondent (the pipeline file declares a respondent key): shares
    /// then count respondents, and frames count States.
    public var hasRespondents: Bool { roundTables.contains { $0.respondents.contains { $0 != nil } } }

    // MARK: By name

    /// Rounds in order: as built, compared as text (`2013` < `2026`, `2026a` < `2026b`); after
    /// ``orderingRounds(declared:)``, the pipeline's declared order.
    public var roundIDs: [String] { roundTables.map(\.id) }

    /// The same answers with the rounds in the pipeline file's declared order (`rounds:`), rounds
    /// not declared after them as text (see ``RoundNames/sorted(_:declared:)``). "First" and
    /// "latest" round then mean the first and last declared round with submissions.
    public func orderingRounds(declared: [String]) -> AnswerMatrix {
        var copy = self
        copy.roundTables = roundTables.sorted { RoundNames.precedes($0.id, $1.id, declared: declared) }
        copy.roundPositions = Dictionary(uniqueKeysWithValues: copy.roundTables.enumerated().map { ($1.id, $0) })
        return copy
    }

    /// Units (countries, or respondents with a respondent key) with an accepted submission for
    /// `round`, sorted by key (ISO code, then respondent).
    public func countries(in round: String) -> [String] { roundIndex(of: round).map { roundTables[$0].units } ?? [] }

    /// The answers of one unit in one round (empty when it did not submit). Built on each call.
    public func answers(of country: String, in round: String) -> [String: StoredAnswer] {
        guard let r = roundIndex(of: round), let u = roundTables[r].unitIndex[country] else { return [:] }
        var answers: [String: StoredAnswer] = [:]
        answers.reserveCapacity(questionIDs.count)
        for q in questionIDs.indices where roundTables[r].cells[q][u] != 0 {
            answers[questionIDs[q]] = storedAnswer(question: q, unit: u, round: r)
        }
        return answers
    }

    public func answer(of country: String, to question: String, in round: String) -> StoredAnswer? {
        guard let r = roundIndex(of: round), let u = roundTables[r].unitIndex[country], let q = questionIndex(of: question)
        else { return nil }
        return storedAnswer(question: q, unit: u, round: r)
    }

    /// round → unit → question id → answer, as the data was once stored. Built on each call and
    /// slow: for tests and debugging.
    public var rounds: [String: [String: [String: StoredAnswer]]] {
        var rounds: [String: [String: [String: StoredAnswer]]] = [:]
        for round in roundTables {
            rounds[round.id] = Dictionary(uniqueKeysWithValues: round.units.map { ($0, answers(of: $0, in: round.id)) })
        }
        return rounds
    }

    // MARK: By index, for the hot loops

    /// The position of `round` in ``roundIDs``.
    public func roundIndex(of round: String) -> Int? { roundPositions[round] }

    /// The sorted unit keys of the round at `round` (a position in ``roundIDs``).
    public func units(inRound round: Int) -> [String] { roundTables[round].units }

    /// The unit index of `unit` in the round at `round`.
    public func unitIndex(of unit: String, inRound round: Int) -> Int? { roundTables[round].unitIndex[unit] }

    /// The country (ISO alpha-3) of a unit.
    public func country(ofUnit unit: Int, inRound round: Int) -> String { roundTables[round].countries[unit] }

    /// The index of a question id; nil when no submission answered it.
    public func questionIndex(of question: String) -> Int? { questionPositions[question] }

    /// The value id of every unit of the round for one question (0: not answered), by unit index.
    public func column(question: Int, round: Int) -> CellColumn { roundTables[round].cells[question] }

    /// The distinct answers to a question, by value id; id 0 is a placeholder for "no answer".
    public func values(of question: Int) -> [Value] { valueTables[question] }

    /// The value id of one cell (0: not answered).
    func cell(question q: Int, unit u: Int, round r: Int) -> UInt32 { roundTables[r].cells[q][u] }

    /// What the unit at `u` of the round at `r` answered to `question` (nil: not answered, or
    /// no such question): for a row's several questions, its round and unit found once, and no
    /// ``StoredAnswer`` made.
    func given(_ question: String, unit u: Int, round r: Int) -> Value? {
        guard let q = questionPositions[question] else { return nil }
        let id = roundTables[r].cells[q][u]
        return id == 0 ? nil : valueTables[q][Int(id)]
    }

    /// The stored answer of one cell, nil when the unit did not answer.
    func storedAnswer(question q: Int, unit u: Int, round r: Int) -> StoredAnswer? {
        let round = roundTables[r]
        let id = round.cells[q][u]
        guard id != 0 else { return nil }
        let value = valueTables[q][Int(id)]
        return StoredAnswer(
            round: round.id, country: round.countries[u], questionID: questionIDs[q], options: value.options,
            number: value.number, text: value.text, respondent: round.respondents[u])
    }
}

extension AnswerMatrix {
    /// Builds ``AnswerMatrix`` in order: first every unit (``addUnit(round:country:respondent:)``),
    /// then ``sortUnits()``, then the answers (``question(_:after:)`` for the question index, then
    /// ``set(round:unit:question:_:merge:)``), then ``build()``. Units must be known and sorted
    /// before answers arrive, since cells are addressed by the sorted unit index.
    struct Builder {
        private var roundIDs: [String] = []
        private var roundIndex: [String: Int] = [:]
        /// Per round, in arrival order until ``sortUnits()``: key, country, respondent.
        private var units: [[(key: String, country: String, respondent: String?)]] = []
        private var unitIndex: [[String: Int]] = []
        /// Per round, the cells unit by unit: `cells[round][unit * stride + question]`. Rows of
        /// the store come one unit at a time, so this layout keeps a unit's cells on a few cache
        /// lines while it is written (by question, every write missed the cache); ``build()``
        /// turns it into per-question columns. Two bytes a cell: at 500,000 units they are the
        /// largest thing the run holds while the load ends (4 bytes a cell and room for 128
        /// questions: 256 MB, beside the load's recording). A value id that does not fit
        /// (``wideCell``: a text question with more distinct answers) is in ``wide``.
        private var cells: [[UInt16]] = []
        /// Per round, the value ids of the cells marked ``wideCell``, by cell index.
        private var wide: [[Int: UInt32]] = []
        static let wideCell = UInt16.max
        /// Cells per unit: room for this many questions, doubled when outgrown.
        private var stride: Int

        /// `questions`: how many questions the answers can have (a load recording's count), so
        /// that each unit's cells have just that room; the room doubles when outgrown.
        init(questions: Int = 64) {
            stride = max(1, questions)
        }
        private var questionIDs: [String] = []
        private var questionIndex: [String: Int] = [:]
        /// `successor[q + 1]`: the question that last followed question `q` in a submission;
        /// `successor[0]`: the first question of the last submission; -1 when none yet.
        private var successor: [Int] = [-1]
        private var values: [[Value]] = []
        private var valueIndex: [[Value: UInt32]] = []
        /// Per question, its single-option values seen first (at most 32): option and value id.
        private var singleOptions: [[(option: String, id: UInt32)]] = []
        /// Per question, the value ids of answers that are a number alone, by the number's bits.
        private var numbers: [[UInt64: UInt32]] = []
        private var sorted = false

        /// Adds a unit to a round (a no-op when it is there).
        mutating func addUnit(round: String, country: String, respondent: String?) {
            precondition(!sorted, "units are added before sortUnits()")
            let r: Int
            if let known = roundIndex[round] {
                r = known
            } else {
                r = roundIDs.count
                roundIndex[round] = r
                roundIDs.append(round)
                units.append([])
                unitIndex.append([:])
            }
            let key = SurveyUnit.key(country: country, respondent: respondent)
            if unitIndex[r][key] == nil {
                unitIndex[r][key] = units[r].count
                units[r].append((key, country, respondent))
            }
        }

        /// Puts rounds and each round's units in their published order; answers may follow.
        mutating func sortUnits() {
            let order = roundIDs.indices.sorted { roundIDs[$0].utf8.lexicographicallyPrecedes(roundIDs[$1].utf8) }
            roundIDs = order.map { roundIDs[$0] }
            units = order.map { units[$0] }
            roundIndex = Dictionary(uniqueKeysWithValues: roundIDs.enumerated().map { ($1, $0) })
            for r in units.indices {
                units[r].sort { $0.key < $1.key }
            }
            unitIndex = units.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1.key, $0) }) }
            cells = units.map { Array(repeating: 0, count: $0.count * stride) }
            wide = units.map { _ in [:] }
            sorted = true
        }

        /// The (round, unit) indices of a unit, once sorted.
        func position(round: String, unit: String) -> (Int, Int)? {
            guard let r = roundIndex[round], let u = unitIndex[r][unit] else { return nil }
            return (r, u)
        }

        /// The index of a question id, added when new. `previous` is the question of the row
        /// before in the same submission, if any: stored answers come in questionnaire order, so
        /// the question that followed it last time is tried first, which spares hashing the id.
        mutating func question(_ id: String, after previous: Int?) -> Int {
            let slot = previous.map { $0 + 1 } ?? 0  // successor[0]: the first question of a submission
            let guess = successor[slot]
            if guess >= 0, questionIDs[guess] == id { return guess }
            let q: Int
            if let known = questionIndex[id] {
                q = known
            } else {
                q = questionIDs.count
                questionIndex[id] = q
                questionIDs.append(id)
                successor.append(-1)
                values.append([Value()])  // slot 0: "no answer"
                valueIndex.append([:])
                singleOptions.append([])
                numbers.append([:])
                if q == stride { widen() }
            }
            successor[slot] = q
            return q
        }

        /// Records a unit's answer to a question. With `merge`, an answer already recorded for
        /// the cell is combined with this one (more rows of the same stored answer: options
        /// added and sorted, a number or text replaced); without, it is replaced.
        mutating func set(round r: Int, unit u: Int, question q: Int, _ value: Value, merge: Bool) {
            precondition(sorted, "answers are set after sortUnits()")
            var value = value
            let old = cell(r, u * stride + q)
            if merge, old != 0 {
                let previous = values[q][Int(old)]
                value = Value(
                    options: Self.sortedOptions(previous.options + value.options), number: value.number ?? previous.number,
                    text: value.text ?? previous.text)
            }
            put(r, u * stride + q, intern(value, question: q))
        }

        /// ``set(round:unit:question:_:merge:)`` for the commonest answer, a single option, without
        /// building a ``Value``.
        mutating func set(round r: Int, unit u: Int, question q: Int, option: String, merge: Bool) {
            let cell = u * stride + q
            guard !(merge && cells[r][cell] != 0) else {
                return set(round: r, unit: u, question: q, Value(options: [option]), merge: merge)
            }
            put(r, cell, intern(option: option, question: q))
        }

        /// Whether the unit has no answer to the question yet.
        func isEmpty(round r: Int, unit u: Int, question q: Int) -> Bool { cells[r][u * stride + q] == 0 }

        /// Puts a value id (from ``id(ofRow:question:)``) in an empty cell.
        mutating func set(round r: Int, unit u: Int, question q: Int, id: UInt32) { put(r, u * stride + q, id) }

        /// The value id in a round's cell.
        private func cell(_ r: Int, _ index: Int) -> UInt32 {
            let narrow = cells[r][index]
            return narrow == Self.wideCell ? wide[r][index]! : UInt32(narrow)
        }

        /// Puts a value id in a round's cell.
        private mutating func put(_ r: Int, _ index: Int, _ id: UInt32) {
            if id < UInt32(Self.wideCell) {
                if cells[r][index] == Self.wideCell { wide[r][index] = nil }
                cells[r][index] = UInt16(id)
            } else {
                cells[r][index] = Self.wideCell
                wide[r][index] = id
            }
        }

        /// The value id of an answer made of one stored row, interned when new: the id
        /// ``StoreReader`` stores for that row in an empty cell (an option as one option, a number
        /// or a text alone).
        mutating func id(ofRow value: InternedAnswerValue, question q: Int) -> UInt32 {
            switch value {
            case .option(let option): return intern(option: option, question: q)
            case .number(let number): return intern(Value(options: [], number: number, text: nil), question: q)
            case .text(let text): return intern(Value(options: [], number: nil, text: text), question: q)
            }
        }

        /// Doubles the room for questions in every unit's cells.
        private mutating func widen() {
            let wider = stride * 2
            for r in cells.indices {
                var copy = Array(repeating: UInt16(0), count: units[r].count * wider)
                for u in units[r].indices {
                    for q in 0..<stride { copy[u * wider + q] = cells[r][u * stride + q] }
                }
                cells[r] = copy
                wide[r] = Dictionary(uniqueKeysWithValues: wide[r].map { index, id in ((index / stride) * wider + index % stride, id) })
            }
            stride = wider
        }

        /// Options in the store's order (`ORDER BY option`: bytewise, as SQLite's BINARY collation).
        static func sortedOptions(_ options: [String]) -> [String] {
            options.count < 2 ? options : options.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }

        private mutating func intern(_ value: Value, question q: Int) -> UInt32 {
            // A number alone: looked up by its bits, cheaper than hashing a whole Value.
            let numberOnly = value.options.isEmpty && value.text == nil ? value.number?.bitPattern : nil
            if let bits = numberOnly, let id = numbers[q][bits] { return id }
            if let id = valueIndex[q][value] { return id }
            let id = UInt32(values[q].count)
            values[q].append(value)
            valueIndex[q][value] = id
            if let bits = numberOnly { numbers[q][bits] = id }
            if value.number == nil, value.text == nil, value.options.count == 1, singleOptions[q].count < 32 {
                singleOptions[q].append((value.options[0], id))
            }
            return id
        }

        /// A choice question has a few options: comparing short strings one by one is cheaper
        /// than hashing a ``Value``.
        private mutating func intern(option: String, question q: Int) -> UInt32 {
            for (known, id) in singleOptions[q] where known == option { return id }
            return intern(Value(options: [option]), question: q)
        }

        /// One round's cells as per-question columns (``Round/cells``), each as narrow as the
        /// question's distinct answers allow (its largest id is the count of its values).
        private func columns(round r: Int) -> [CellColumn] {
            let cells = self.cells[r]
            let wide = self.wide[r]
            let stride = self.stride
            return questionIDs.indices.map { q in
                var column = CellColumn(zeros: units[r].count, largest: UInt32(values[q].count - 1))
                for u in units[r].indices {
                    let index = u * stride + q
                    let id = cells[index]
                    if id == Self.wideCell {
                        column[u] = wide[index]!
                    } else if id != 0 {
                        column[u] = UInt32(id)
                    }
                }
                return column
            }
        }

        func build() -> AnswerMatrix {
            var rounds: [Round] = []
            for r in roundIDs.indices {
                rounds.append(
                    Round(
                        id: roundIDs[r], units: units[r].map(\.key), countries: units[r].map(\.country),
                        respondents: units[r].map(\.respondent), unitIndex: unitIndex[r], cells: columns(round: r)))
            }
            return AnswerMatrix(rounds: rounds, questionIDs: questionIDs, values: values)
        }
    }
}

extension AnswerMatrix {
    /// Reads the store's accepted submissions and answers straight into the compact form,
    /// without an array of ``StoredAnswer`` in between (``SurveyReadStore/forEachAccepted(submission:answer:)``).
    /// The answer is the same as `AnswerMatrix(answers: store.acceptedAnswers(), submissions:
    /// store.acceptedSubmissions())`: the rows of one answer are gathered and its options sorted
    /// as the store sorts them.
    init(store: any SurveyReadStore) async throws {
        var reader = StoreReader()
        try await store.forEachAccepted(
            submission: { reader.submission(key: $0, round: $1, country: $2, respondent: $3) },
            answer: { reader.row(key: $0, question: $1, option: $2, number: $3, text: $4) })
        self = reader.finish()
    }

    /// The matrix of a store's interned answers (``SurveyReadStore/internedAccepted()``: a run's
    /// load recording): the same matrix as ``init(store:)`` from the rows they stream, the same
    /// question indexes and value ids in the same order, without each row as strings looked up
    /// and interned again. A run of rows to one question is one answer, as there; an answer of one
    /// row finds its value id by the row's value index among the few its question has had (a
    /// choice question's options), else through the builder, which interns it as ``init(store:)``
    /// would at that point. Checked against ``init(store:)`` on generated recordings
    /// (`InternedAnswerMatrixTests`).
    init(interned source: some InternedAcceptedAnswers) {
        var reader = InternedReader(questionIDs: source.questionIDs, values: source.answerValues)
        reader.builder = Builder(questions: source.questionIDs.count)
        source.forEachAcceptedUnit { round, country, respondent, _ in reader.addUnit(round: round, country: country, respondent: respondent) }
        reader.sortUnits()
        source.forEachAcceptedUnit { _, _, _, rows in reader.unit(rows) }
        self = reader.builder.build()
    }

    /// ``init(interned:)``'s state in one struct, as ``StoreReader``'s: the closures reach it
    /// once per unit (a variable they capture is reached through a box, and the builder was
    /// copied whole to read a cell), the rows in a method of its own.
    private struct InternedReader {
        var builder = Builder()
        let questionIDs: [String]
        let values: [InternedAnswerValue]
        /// The units in the order they are streamed, until they are sorted; then their
        /// positions (round, unit index), 8 bytes each instead of two strings (500,000 units:
        /// tens of megabytes less beside the builder's cells).
        var units: [(round: String, unit: String)] = []
        var positions: [(round: Int32, unit: Int32)] = []
        var next = 0
        /// Per stored question: its matrix index (-1 until met), and the value ids of its one-row
        /// answers met so far by stored value (at most 16; texts, each its own value, are not kept).
        var questionOf: [Int]
        var known: [[(value: UInt32, id: UInt32)]]
        var options: [String] = []

        init(questionIDs: [String], values: [InternedAnswerValue]) {
            self.questionIDs = questionIDs
            self.values = values
            questionOf = [Int](repeating: -1, count: questionIDs.count)
            known = [[(value: UInt32, id: UInt32)]](repeating: [], count: questionIDs.count)
        }

        mutating func addUnit(round: String, country: String, respondent: String?) {
            builder.addUnit(round: round, country: country, respondent: respondent)
            units.append((round, SurveyUnit.key(country: country, respondent: respondent)))
        }

        mutating func sortUnits() {
            builder.sortUnits()
            positions.reserveCapacity(units.count)
            for (round, unit) in units {
                let (r, u) = builder.position(round: round, unit: unit) ?? (-1, -1)
                positions.append((Int32(r), Int32(u)))
            }
            units = []
        }

        /// The rows of the next unit (in the order the units were added).
        mutating func unit(_ rows: UnsafeBufferPointer<InternedAnswerRow>) {
            defer { next += 1 }
            guard positions[next].round >= 0 else { return }
            let r = Int(positions[next].round), u = Int(positions[next].unit)
            var start = 0
            while start < rows.count {
                let stored = rows[start].question
                var end = start + 1
                while end < rows.count, rows[end].question == stored { end += 1 }
                let sq = Int(stored)
                var q = questionOf[sq]
                if q < 0 {
                    q = builder.question(questionIDs[sq], after: nil)
                    questionOf[sq] = q
                }
                if end == start + 1 {
                    one(rows[start].value, round: r, unit: u, question: q, stored: sq)
                } else {
                    several(rows[start..<end], round: r, unit: u, question: q)
                }
                start = end
            }
        }

        /// An answer of one row.
        private mutating func one(_ v: UInt32, round r: Int, unit u: Int, question q: Int, stored sq: Int) {
            guard builder.isEmpty(round: r, unit: u, question: q) else {
                // A second answer to a question already answered: merged as the store's rows are.
                switch values[Int(v)] {
                case .option(let option): builder.set(round: r, unit: u, question: q, option: option, merge: true)
                case .number(let number): builder.set(round: r, unit: u, question: q, Value(options: [], number: number, text: nil), merge: true)
                case .text(let text): builder.set(round: r, unit: u, question: q, Value(options: [], number: nil, text: text), merge: true)
                }
                return
            }
            for entry in known[sq] where entry.value == v {
                builder.set(round: r, unit: u, question: q, id: entry.id)
                return
            }
            let value = values[Int(v)]  // only now: no reference counted for a known value
            let id = builder.id(ofRow: value, question: q)
            builder.set(round: r, unit: u, question: q, id: id)
            var isText = false
            if case .text = value { isText = true }
            if known[sq].count < 16, !isText { known[sq].append((v, id)) }
        }

        /// An answer of several rows (options, or a number or text with them): gathered as
        /// ``StoreReader`` gathers them.
        private mutating func several(_ rows: Slice<UnsafeBufferPointer<InternedAnswerRow>>, round r: Int, unit u: Int, question q: Int) {
            options.removeAll(keepingCapacity: true)
            var number: Double?
            var text: String?
            for row in rows {
                switch values[Int(row.value)] {
                case .option(let option): options.append(option)
                case .number(let value): number = value
                case .text(let value): text = value
                }
            }
            if options.count == 1, number == nil, text == nil {
                builder.set(round: r, unit: u, question: q, option: options[0], merge: true)
            } else {
                builder.set(
                    round: r, unit: u, question: q, Value(options: Builder.sortedOptions(options), number: number, text: text), merge: true)
            }
        }
    }

    /// Gathers the store's rows (one per option, or the number or text) into answers for the
    /// ``Builder``. Its state lives in one struct, not in variables captured by the closures,
    /// because Swift checks every access to a captured variable at run time, several times per
    /// row.
    private struct StoreReader {
        var builder = Builder()
        var submissions: [(key: Int64, round: String, unit: String)] = []
        /// Submission key → (round, unit) index, filled once the units are sorted.
        var cellOf: [Int64: (round: Int, unit: Int)] = [:]
        var sorted = false
        // The answer being gathered: the rows of one submission and question, with a reused
        // options buffer.
        var key: Int64 = 0
        var cell: (round: Int, unit: Int)?
        var question = -1  // -1: no answer pending
        var options: [String] = []
        var number: Double?
        var text: String?

        mutating func submission(key: Int64, round: String, country: String, respondent: String?) {
            builder.addUnit(round: round, country: country, respondent: respondent)
            submissions.append((key, round, SurveyUnit.key(country: country, respondent: respondent)))
        }

        mutating func row(key rowKey: Int64, question questionID: String, option: String?, number rowNumber: Double?, text rowText: String?) {
            if !sorted { sortUnits() }
            let sameSubmission = question >= 0 && rowKey == key
            let q = builder.question(questionID, after: sameSubmission ? question : nil)
            if sameSubmission, q == question {  // one more row of the pending answer
                if let option { options.append(option) }
                if let rowNumber { number = rowNumber }
                if let rowText { text = rowText }
                return
            }
            flush()
            if !sameSubmission {
                key = rowKey
                cell = cellOf[rowKey]
            }
            question = q
            options.removeAll(keepingCapacity: true)
            if let option { options.append(option) }
            number = rowNumber
            text = rowText
        }

        mutating func finish() -> AnswerMatrix {
            if sorted { flush() } else { sortUnits() }
            return builder.build()
        }

        private mutating func sortUnits() {
            builder.sortUnits()
            cellOf.reserveCapacity(submissions.count)
            for submission in submissions {
                cellOf[submission.key] = builder.position(round: submission.round, unit: submission.unit)
            }
            submissions = []
            sorted = true
        }

        private mutating func flush() {
            guard question >= 0, let (r, u) = cell else { return }
            if options.count == 1, number == nil, text == nil {
                builder.set(round: r, unit: u, question: question, option: options[0], merge: true)
            } else {
                builder.set(
                    round: r, unit: u, question: question,
                    Value(options: Builder.sortedOptions(options), number: number, text: text), merge: true)
            }
        }
    }
}

extension StoredAnswer {
    /// Whether this is an answer at all for its question: a choice, a number or a text.
    var isAnswered: Bool { !options.isEmpty || number != nil || text != nil }
}

extension AnswerMatrix {
    /// The public view (issue 26, docs/restricted.md): the same units, with every restricted
    /// answer withheld (its cell emptied). A unit whose answers are all restricted stays a unit of
    /// its round: it responded; what it said is not public.
    public func withholding(_ restrictions: RestrictionSet) -> AnswerMatrix {
        guard !restrictions.isEmpty else { return self }
        var copy = self
        for r in roundTables.indices {
            let round = roundTables[r].id
            for (u, unit) in roundTables[r].units.enumerated() where restrictions.restrictsAnything(round: round, unit: unit) {
                for (q, question) in questionIDs.enumerated()
                where q < copy.roundTables[r].cells.count && restrictions.isRestricted(round: round, unit: unit, item: question) {
                    copy.roundTables[r].cells[q][u] = 0
                }
            }
        }
        return copy
    }

    /// The questions of `unit` in `round` whose answer the public view withholds (answered and
    /// restricted), in question-index order.
    public func withheld(round: String, unit: String, by restrictions: RestrictionSet) -> [String] {
        guard let r = roundIndex(of: round), let u = unitIndex(of: unit, inRound: r),
            restrictions.restrictsAnything(round: round, unit: unit)
        else { return [] }
        return questionIDs.enumerated().compactMap { q, question in
            q < roundTables[r].cells.count && roundTables[r].cells[q][u] != 0
                && restrictions.isRestricted(round: round, unit: unit, item: question) ? question : nil
        }
    }
}

extension RepeatAnswerRow {
    /// Whether the public view withholds this row: its repeat group (any level), or its
    /// sub-question (`<repeat>/<question>`), is restricted for its unit and round.
    public func isWithheld(by restrictions: RestrictionSet) -> Bool {
        let unit = SurveyUnit.key(country: country, respondent: respondent)
        guard restrictions.restrictsAnything(round: round, unit: unit) else { return false }
        let groups = path.groupPath
        if groups.contains(where: { restrictions.isRestricted(round: round, unit: unit, item: $0) }) { return true }
        return groups.last.map { restrictions.isRestricted(round: round, unit: unit, item: "\($0)/\(questionID)") } ?? false
    }
}
