// A submission's answer rows packed into one JSON text (store migration v17, docs/store.md,
// "Answer packs"): one row per submission in `answer_pack` instead of one row per answer in a
// table, which was most of the load's writing (issue 29). The `answer` view unpacks them into the
// rows the table held, so every read and every analyst's query of `answer` is unchanged.
public import SurveyModel

/// One answer row as a pack holds it: the `answer` view's columns but the submission's key and
/// `seq` (its place in the pack, from 1).
public struct PackedAnswer: Sendable, Equatable {
    public var questionID: String
    public var option: String?
    public var number: Double?
    public var text: String?
    public var line: Int?
    public var column: Int?
    /// NULL (nil) for the submission's own file; else the file a merged complement's answer
    /// came from.
    public var fileID: Int64?

    public init(
        questionID: String, option: String? = nil, number: Double? = nil, text: String? = nil, line: Int? = nil,
        column: Int? = nil, fileID: Int64? = nil
    ) {
        self.questionID = questionID
        self.option = option
        self.number = number
        self.text = text
        self.line = line
        self.column = column
        self.fileID = fileID
    }
}

/// The pack's text: a JSON array with one element per answer row, each an array of up to seven:
/// `[question_id, option, number, text, line, column, file_id]`, NULLs as `null` and left out at
/// the end (the migration writes all seven); one row per
/// selected option of a multiple-choice answer, rows in the order the answers were written.
/// Numbers are written as Swift writes a `Double` (the shortest text that reads back as the same
/// value), which JSON reads as it stands; texts are escaped as `JSONEncoder` escapes them and
/// otherwise kept as UTF-8. A submission without answer rows has no pack.
public enum AnswerPack {
    /// The rows of `answers` (a submission's kept answers) as the store holds them.
    public static func rows(of answers: [Answer]) -> [PackedAnswer] {
        var rows: [PackedAnswer] = []
        rows.reserveCapacity(answers.count)
        for a in answers.indices {
            let line = answers[a].location.line
            let column = answers[a].location.column
            let question = answers[a].questionID
            switch answers[a].value {
            case .choice(let code): rows.append(PackedAnswer(questionID: question, option: code, line: line, column: column))
            case .choices(let codes):
                for code in codes { rows.append(PackedAnswer(questionID: question, option: code, line: line, column: column)) }
            case .number(let number):
                rows.append(PackedAnswer(questionID: question, number: number, line: line, column: column))
            case .text(let text): rows.append(PackedAnswer(questionID: question, text: text, line: line, column: column))
            }
        }
        return rows
    }

    /// The pack of a submission's kept answers, written into `bytes` (emptied first); false when
    /// they give no row (then there is no pack). Straight from the answers, without the rows.
    @discardableResult
    public static func encode(_ answers: [Answer], into bytes: inout [UInt8]) throws -> Bool {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "["))
        for a in answers.indices {
            let line = answers[a].location.line
            let column = answers[a].location.column
            switch answers[a].value {
            case .choice(let code):
                element(&bytes, answers[a].questionID, option: code, number: nil, text: nil, line: line, column: column, fileID: nil)
            case .choices(let codes):
                for code in codes {
                    element(&bytes, answers[a].questionID, option: code, number: nil, text: nil, line: line, column: column, fileID: nil)
                }
            case .number(let number):
                guard number.isFinite else { throw nonFinite(answers[a].questionID) }
                element(&bytes, answers[a].questionID, option: nil, number: number, text: nil, line: line, column: column, fileID: nil)
            case .text(let text):
                element(&bytes, answers[a].questionID, option: nil, number: nil, text: text, line: line, column: column, fileID: nil)
            }
        }
        guard bytes.count > 1 else { return false }
        bytes.append(UInt8(ascii: "]"))
        return true
    }

    /// The pack of `rows`; nil when there are none (no pack).
    public static func encode(_ rows: [PackedAnswer]) throws -> [UInt8]? {
        guard !rows.isEmpty else { return nil }
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for row in rows {
            if let number = row.number, !number.isFinite { throw nonFinite(row.questionID) }
            element(
                &bytes, row.questionID, option: row.option, number: row.number, text: row.text, line: row.line, column: row.column,
                fileID: row.fileID)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    /// A complement merged onto its base (docs/formats.md, Complements): the base's rows but
    /// those to the items the complement answers, in their order, then the complement's rows in
    /// theirs, each keeping the file it came from (the complement's own rows: `complementFile`).
    public static func merged(base: [PackedAnswer], complement: [PackedAnswer], complementFile: Int64) -> [PackedAnswer] {
        let replaced = Set(complement.map(\.questionID))
        var rows = base.filter { !replaced.contains($0.questionID) }
        for var row in complement {
            row.fileID = row.fileID ?? complementFile
            rows.append(row)
        }
        return rows
    }

    /// A number as a pack's JSON writes it (the text of element 3, `null` for none), read with
    /// Swift's own conversion, which gives the nearest double: the backends read a pack's rows
    /// with their JSON functions (the ones the `answer` view uses) but take the number's text, not
    /// their conversion of it (Foundation's JSON parser, tried first, was two units in the last
    /// place off on some numbers).
    public static func number(json text: String?) throws -> Double? {
        guard let text, text != "null" else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw StoreError.failed("an answer pack whose number is not one: \(text)")
        }
        return number
    }

    private static func nonFinite(_ question: String) -> StoreError {
        StoreError.failed("the answer to \(question) is a number that is not finite (a bug: numbers are checked finite when read)")
    }

    private static let null: [UInt8] = Array("null".utf8)

    /// One row: `[question, option, number, text, line, column, file_id]`, the NULLs at its end
    /// left out (JSON's `->>` reads a missing element as NULL, as it reads `null`): a choice row
    /// is `["q","yes",null,null,12,5]`.
    private static func element(
        _ bytes: inout [UInt8], _ question: String, option: String?, number: Double?, text: String?, line: Int?, column: Int?,
        fileID: Int64?
    ) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "["))
        string(&bytes, question)
        let fields =
            fileID != nil ? 6 : column != nil ? 5 : line != nil ? 4 : text != nil ? 3 : number != nil ? 2 : option != nil ? 1 : 0
        if fields >= 1 {
            bytes.append(UInt8(ascii: ","))
            if let option { string(&bytes, option) } else { bytes.append(contentsOf: null) }
        }
        if fields >= 2 {
            bytes.append(UInt8(ascii: ","))
            if let number { bytes.append(contentsOf: number.description.utf8) } else { bytes.append(contentsOf: null) }
        }
        if fields >= 3 {
            bytes.append(UInt8(ascii: ","))
            if let text { string(&bytes, text) } else { bytes.append(contentsOf: null) }
        }
        if fields >= 4 {
            bytes.append(UInt8(ascii: ","))
            integer(&bytes, line.map(Int64.init))
        }
        if fields >= 5 {
            bytes.append(UInt8(ascii: ","))
            integer(&bytes, column.map(Int64.init))
        }
        if fields >= 6 {
            bytes.append(UInt8(ascii: ","))
            integer(&bytes, fileID)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An integer's decimal digits (as `String(value)` writes them), written straight into the
    /// bytes: two per answer row.
    static func integer(_ bytes: inout [UInt8], _ value: Int64?) {
        guard let value else { bytes.append(contentsOf: null); return }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // The highest power of ten in it (at most 10^18: an Int64 is under 10^19), then each
        // digit from the first.
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        } while divisor > 0
    }

    /// A JSON string, as `JSONEncoder` writes it (``PrettyJSON/appendString(_:to:)``).
    private static func string(_ bytes: inout [UInt8], _ value: String) { PrettyJSON.appendString(value, to: &bytes) }
}
