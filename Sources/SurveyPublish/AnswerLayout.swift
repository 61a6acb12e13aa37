// The layout of answers.csv (issue 23): which columns it has, in which order, under which names in
// Stata and SPSS, and how an answer becomes the text of its cells. codebook.csv, answers.do and
// answers.sps are made from the same layout, so every column of answers.csv is described once and
// named the same everywhere. docs/answers.md explains the choices for analysts.

import Foundation
public import SurveyModel

/// One row of answers.csv: a unit (country, or country and respondent) in one round, with its
/// answer to each question of ``AnswerLayout/questions`` (nil: not answered, or not asked in the
/// round: ``asked`` tells which).
public struct AnswersRow: Sendable {
    public var round: String
    /// The round's position among the rounds (the pipeline file's order), for the row order.
    public var roundPosition: Int
    public var country: String
    public var respondent: String?
    /// The questionnaire version the round answered.
    public var version: String
    /// By question of the layout: the answer's id in that question's table of ``values`` (0:
    /// none). Ids, not the answers: a row of answers held inline was about 5 KB (48 bytes per
    /// question), a quarter of a gigabyte at 50,000 respondents for a table the answer matrix
    /// already holds.
    public var answerIDs: [UInt32]
    /// The distinct answers, per question of the layout (shared by every row).
    public let values: AnswerValueTable
    /// By question of the layout: the answer, nil when none (made on each call).
    public var answers: [GivenAnswer?] { answerIDs.indices.map { answer(at: $0) } }
    /// By question of the layout: whether the round's questionnaire asks it.
    public var asked: [Bool]
    /// The questions whose answer is restricted (issue 26): withheld from answers.csv, named in
    /// its `restricted_items` column; empty for a row with nothing withheld.
    public var restricted: [String] = []

    /// A row with its own table of answers (nil or unanswered: none).
    public init(
        round: String, roundPosition: Int, country: String, respondent: String?, version: String, answers: [GivenAnswer?],
        asked: [Bool]
    ) {
        self.init(
            round: round, roundPosition: roundPosition, country: country, respondent: respondent, version: version,
            answerIDs: answers.map { $0 == nil ? 0 : 1 },
            values: AnswerValueTable(columns: answers.map { $0.map { [GivenAnswer(), $0] } }), asked: asked)
    }

    /// A row whose answers are ids in `values`, a table shared with other rows.
    public init(
        round: String, roundPosition: Int, country: String, respondent: String?, version: String, answerIDs: [UInt32],
        values: AnswerValueTable, asked: [Bool]
    ) {
        self.round = round
        self.roundPosition = roundPosition
        self.country = country
        self.respondent = respondent
        self.version = version
        self.answerIDs = answerIDs
        self.values = values
        self.asked = asked
    }

    /// The answer to the layout's question at `index`: nil when none (not answered, not asked,
    /// or an empty answer).
    public func answer(at index: Int) -> GivenAnswer? {
        guard index < answerIDs.count else { return nil }
        let id = answerIDs[index]
        guard id != 0, index < values.columns.count, let column = values.columns[index] else { return nil }
        let value = column[Int(id)]
        return value.isAnswered ? value : nil
    }
}

/// The distinct answers of answers.csv's rows, per question of the layout: nil for a question no
/// unit answered; else its answers by id (id 0 unused: "no answer").
public final class AnswerValueTable: Sendable {
    public let columns: [[GivenAnswer]?]

    public init(columns: [[GivenAnswer]?]) { self.columns = columns }
}

/// One column of answers.csv.
public struct AnswerColumn: Sendable, Equatable {
    /// What a column holds.
    public enum Kind: String, Sendable, CaseIterable {
        /// Who and when: `round`, `country`, `respondent`, `questionnaire_version`.
        case identifier
        /// The answer to a question that is not a multiple choice: a label (or code), a number, a text.
        case answer
        /// A multiple-choice question's selected options, joined by `; `.
        case selected
        /// One option of a multiple-choice question: `1` chosen, `0` not chosen, empty when the
        /// question was not answered.
        case option
    }

    /// The header in answers.csv.
    public var header: String
    public var kind: Kind
    /// The question (nil for an identifier column), as the newest version that asks it defines it,
    /// with the options of older versions after its own.
    public var question: Question?
    /// The option of an ``Kind/option`` column.
    public var option: Choice?
    /// The name in Stata (at most 32 characters, `[A-Za-z_][A-Za-z0-9_]*`, unique).
    public var stataName: String
    /// The name in SPSS (at most 64 bytes, a letter first, unique ignoring case).
    public var spssName: String

    /// Whether the column holds a choice whose options the scripts turn into numeric codes with
    /// value labels: a single-choice or legal-form answer.
    public var isCoded: Bool { kind == .answer && question.map { $0.type.hasChoices } == true }

    /// Whether Stata and SPSS read the column as a number: a number question's answer, a 0/1 column.
    public var isNumeric: Bool { kind == .option || (kind == .answer && question.map { $0.type.isNumeric } == true) }
}

/// The columns of answers.csv for a pipeline: the identifier columns, then, question by question in
/// questionnaire order over every round's version, the question's column and, for a multiple
/// choice, one 0/1 column per option.
public struct AnswerLayout: Sendable {
    public var values: AnswerValues
    public var language: Language
    /// The rounds, in the pipeline file's order, with the questionnaire version each answered.
    public var rounds: [(id: String, version: String)]
    /// Every question of every round's questionnaire, once, in questionnaire order (see
    /// ``init(rounds:language:values:respondents:)``).
    public var questions: [Question]
    /// By question id: the rounds whose questionnaire asks it, in round order.
    public var askedIn: [String: [String]]
    public var columns: [AnswerColumn]
    /// Whether the `respondent` column is there.
    public var respondents: Bool
    /// Whether the `restricted_items` column is there (some answer is withheld, issue 26).
    public var restricted: Bool = false

    /// The separator of the selected options' labels in a multiple-choice column.
    public static let separator = "; "
    /// The Stata and SPSS value labels of a 0/1 column.
    public static let optionValueLabels: [(Int, String)] = [(0, "not selected"), (1, "selected")]

    /// `rounds` in the pipeline file's order, each with its questionnaire. The question order: the
    /// newest version's questions in its order, then each older version's questions that no newer
    /// version has, each placed right after the question it follows in its own version (first when
    /// it opens its version). A question asked by several versions takes the newest one's text,
    /// type and chapter; its options are the newest one's, then those only older versions have.
    public init(
        rounds: [(id: String, questionnaire: Questionnaire)], language: Language, values: AnswerValues, respondents: Bool,
        restricted: Bool = false
    ) {
        self.restricted = restricted
        self.values = values
        self.language = language
        self.respondents = respondents
        self.rounds = rounds.map { ($0.id, $0.questionnaire.version) }
        // Versions newest first (the last round's first), each once.
        var versions: [Questionnaire] = []
        for round in rounds.reversed() where !versions.contains(where: { $0.version == round.questionnaire.version }) {
            versions.append(round.questionnaire)
        }
        var questions: [Question] = []
        var position: [String: Int] = [:]
        for version in versions {
            var previous: String?
            for question in version.questions {
                if let at = position[question.id] {
                    // Known from a newer version: add the options only this older one has.
                    for choice in question.choices where !questions[at].choices.contains(where: { $0.code == choice.code }) {
                        questions[at].choices.append(choice)
                    }
                } else {
                    let at = previous.flatMap { position[$0] }.map { $0 + 1 } ?? 0
                    questions.insert(question, at: at)
                    position = Dictionary(uniqueKeysWithValues: questions.enumerated().map { ($1.id, $0) })
                }
                previous = question.id
            }
        }
        self.questions = questions
        var askedIn: [String: [String]] = [:]
        for round in rounds {
            for question in round.questionnaire.questions { askedIn[question.id, default: []].append(round.id) }
        }
        self.askedIn = askedIn

        var columns: [AnswerColumn] = []
        var stata = NameMaker(maxLength: 32, caseInsensitive: false, reserved: NameMaker.stataReserved)
        var spss = NameMaker(maxLength: 64, caseInsensitive: true, reserved: NameMaker.spssReserved)
        func add(_ header: String, _ kind: AnswerColumn.Kind, _ question: Question?, _ option: Choice? = nil) {
            columns.append(
                AnswerColumn(
                    header: header, kind: kind, question: question, option: option, stataName: stata.name(for: header),
                    spssName: spss.name(for: header)))
        }
        for header in Self.identifierHeaders(respondents: respondents, restricted: restricted) { add(header, .identifier, nil) }
        for question in questions {
            if question.type == .multipleChoice {
                add(question.id, .selected, question)
                for choice in question.choices { add(question.id + "__" + choice.code, .option, question, choice) }
            } else {
                add(question.id, .answer, question)
            }
        }
        self.columns = columns
    }

    /// The identifier columns' headers.
    public static func identifierHeaders(respondents: Bool, restricted: Bool = false) -> [String] {
        ["round", "country"] + (respondents ? ["respondent"] : []) + ["questionnaire_version"]
            + (restricted ? ["restricted_items"] : [])
    }

    /// The headers of the question columns (after the identifier columns), in file order.
    public var questionHeaders: [String] { columns.filter { $0.kind != .identifier }.map(\.header) }

    /// The question columns as table columns: numbers (a number question's answer, a 0/1 column)
    /// or text, for the spreadsheet copies and the workbook.
    public var questionColumns: [TableColumn] {
        columns.filter { $0.kind != .identifier }.map { column in
            TableColumn(column.header, "", kind: column.isNumeric ? .number : .text)
        }
    }

    /// The rounds whose questionnaire asks `question`, in round order.
    public func rounds(asking question: String) -> [String] { askedIn[question] ?? [] }

    /// What answers.csv holds for an option: its label in the pipeline file's language, or its code.
    public func text(of choice: Choice) -> String {
        values == .codes ? choice.code : choice.label.text(in: language)
    }

    /// The options of `answer` as the cell shows them, in the question's option order (codes the
    /// question does not list, after them as stored), joined by `; `.
    func optionsText(_ options: [String], question: Question) -> String {
        // The choices read where they are: a `Choice` copied per answer (its code and labels
        // retained) was an atomic operation on objects every worker of the table shares.
        let choices = question.choices
        var texts: [String] = []
        for index in choices.indices where options.contains(choices[index].code) {
            texts.append(values == .codes ? choices[index].code : choices[index].label.text(in: language))
        }
        for option in options where !choices.indices.contains(where: { choices[$0].code == option }) { texts.append(option) }
        return texts.joined(separator: Self.separator)
    }

    /// A number as stored: whole numbers without a decimal point, others with a point and as many
    /// digits as the stored value needs (the shortest text that reads back the same number).
    public static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let text = "\(value)"
        guard text.contains("e") else { return text }
        // Very small or very large: fixed notation, trailing zeros dropped.
        var fixed = String(format: "%.15f", value)
        while fixed.contains("."), fixed.hasSuffix("0") { fixed.removeLast() }
        if fixed.hasSuffix(".") { fixed.removeLast() }
        return fixed
    }

    /// The longest cell of each column of answers.csv, in bytes as written (``CSVText/encode(_:)``),
    /// by header (a column whose cells are all empty is left out): `answers.sps` makes its text
    /// variables that wide. A question's cells depend only on its answer, so each distinct answer
    /// the rows show (an id of their table of values) is encoded once, not once per row: at
    /// 500,000 respondents every cell again was seconds and a quarter of a gigabyte of short-lived
    /// strings. The rows' identifier cells, their own, are measured in chunks of `rowsPerChunk`
    /// rows in parallel.
    public func longestCells(_ rows: [AnswersRow], rowsPerChunk: Int = 512) -> [String: Int] {
        precondition(rowsPerChunk > 0, "chunks of at least one row")
        let headers = columns.map(\.header)
        var longest = [Int](repeating: 0, count: headers.count)
        // The identifier columns: in chunks, in parallel.
        let identifiers = Self.identifierHeaders(respondents: respondents, restricted: restricted).count
        let chunks = ConcurrentResults.compute(count: (rows.count + rowsPerChunk - 1) / rowsPerChunk) { chunk in
            var longest = [Int](repeating: 0, count: identifiers)
            for index in (chunk * rowsPerChunk)..<min(rows.count, (chunk + 1) * rowsPerChunk) {
                for (column, cell) in identifierCells(rows[index]).enumerated() {
                    longest[column] = max(longest[column], CSVText.encode(cell).utf8.count)
                }
            }
            return longest
        }
        for chunk in chunks {
            for column in chunk.indices { longest[column] = max(longest[column], chunk[column]) }
        }
        // The question columns: the answers shown, by table of values (the rows of a run share
        // one) and question, each measured once.
        var firstColumn: [Int] = []  // the first column of each question
        var next = identifiers
        for question in questions {
            firstColumn.append(next)
            next += question.type == .multipleChoice ? 1 + question.choices.count : 1
        }
        var tables: [(table: AnswerValueTable, shown: [[Bool]])] = []
        var tableIndex: [ObjectIdentifier: Int] = [:]
        for row in rows {
            let key = ObjectIdentifier(row.values)
            let t: Int
            if let known = tableIndex[key] {
                t = known
            } else {
                t = tables.count
                tableIndex[key] = t
                tables.append((row.values, row.values.columns.map { [Bool](repeating: false, count: $0?.count ?? 0) }))
            }
            for index in questions.indices where index < row.answerIDs.count && index < tables[t].shown.count {
                let id = Int(row.answerIDs[index])
                if id != 0, id < tables[t].shown[index].count { tables[t].shown[index][id] = true }
            }
        }
        var cells: [CSVCell] = []
        for (table, shown) in tables {
            for index in questions.indices where index < shown.count {
                guard let values = table.columns[index] else { continue }
                for id in shown[index].indices where shown[index][id] && values[id].isAnswered {
                    cells.removeAll(keepingCapacity: true)
                    appendCells(of: values[id], question: index, to: &cells)
                    for (offset, cell) in cells.enumerated() {
                        let column = firstColumn[index] + offset
                        longest[column] = max(longest[column], CSVText.encode(cell).utf8.count)
                    }
                }
            }
        }
        var widths: [String: Int] = [:]
        for (column, header) in headers.enumerated() where longest[column] > widths[header] ?? 0 { widths[header] = longest[column] }
        return widths
    }

    /// The cells of one row, in column order.
    public func cells(_ row: AnswersRow) -> [CSVCell] {
        var cells = identifierCells(row)
        // Each question read where it is (a `Question` copied per cell retained a dozen objects
        // that every worker making the table shares: an atomic operation on a contended cache
        // line each).
        for index in questions.indices { appendCells(of: row.answer(at: index), question: index, to: &cells) }
        return cells
    }

    /// The identifier cells of a row: round, country, respondent, version, restricted items.
    func identifierCells(_ row: AnswersRow) -> [CSVCell] {
        var cells: [CSVCell] = [.text(row.round), .text(row.country)]
        if respondents { cells.append(.text(row.respondent ?? "")) }
        cells.append(.text(row.version))
        if restricted { cells.append(.text(row.restricted.joined(separator: " "))) }
        return cells
    }

    /// The cells of the question at `index` (its column, and a multiple choice's 0/1 columns) for
    /// an answer (nil: not answered, not asked, or empty).
    private func appendCells(of answer: GivenAnswer?, question index: Int, to cells: inout [CSVCell]) {
        if questions[index].type == .multipleChoice {
            let choices = questions[index].choices
            guard let answer, answer.isAnswered else {
                cells.append(.text(""))
                for _ in choices.indices { cells.append(.number("")) }
                return
            }
            cells.append(.text(valueText(answer, question: questions[index])))
            for choice in choices.indices { cells.append(.number(answer.options.contains(choices[choice].code) ? "1" : "0")) }
        } else if let answer, answer.isAnswered {
            if answer.options.isEmpty, answer.text == nil, let number = answer.number {
                cells.append(.number(Self.numberText(number)))
            } else {
                cells.append(.text(valueText(answer, question: questions[index])))
            }
        } else {
            cells.append(.text(""))
        }
    }

    /// The text of an answer: its options, else its number, else its text.
    private func valueText(_ answer: GivenAnswer, question: Question) -> String {
        if !answer.options.isEmpty { return optionsText(answer.options, question: question) }
        if let number = answer.number { return Self.numberText(number) }
        return answer.text ?? ""
    }
}

/// Deterministic variable names for Stata and SPSS from answers.csv's headers: the header itself
/// when it is a valid name of the right length not taken yet; otherwise the header with every
/// character outside `[A-Za-z0-9_]` made `_` (a leading digit gets a `v` in front), cut to leave
/// room for a suffix `_2`, `_3`, … that makes it unique. The same headers in the same order always
/// give the same names.
struct NameMaker {
    let maxLength: Int
    let caseInsensitive: Bool
    let reserved: Set<String>
    private var taken: Set<String> = []

    init(maxLength: Int, caseInsensitive: Bool, reserved: Set<String>) {
        self.maxLength = maxLength
        self.caseInsensitive = caseInsensitive
        self.reserved = reserved
    }

    /// Stata's reserved names (the manual's list, [U] 11.3).
    static let stataReserved: Set<String> = [
        "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n", "_N", "_pi", "_pred",
        "_rc", "_se", "_skip", "str", "strL", "using", "with",
    ]
    /// SPSS's reserved keywords, which cannot name a variable.
    static let spssReserved: Set<String> = ["all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"]

    private func key(_ name: String) -> String { caseInsensitive ? name.lowercased() : name }

    mutating func name(for header: String) -> String {
        var base = String(
            header.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
                    ? Character(scalar) : "_"
            })
        if base.isEmpty { base = "v" }
        if let first = base.unicodeScalars.first, ("0"..."9").contains(first) || (caseInsensitive && first == "_") {
            base = "v" + base
        }
        if base.utf8.count <= maxLength, !reserved.contains(key(base)), !reserved.contains(base), !taken.contains(key(base)) {
            taken.insert(key(base))
            return base
        }
        var suffix = 2
        while true {
            let tail = "_\(suffix)"
            let candidate = String(base.prefix(maxLength - tail.count)) + tail
            if !taken.contains(key(candidate)) {
                taken.insert(key(candidate))
                return candidate
            }
            suffix += 1
        }
    }
}
