// The store's tables as plain rows, for moving a store from one backend to another
// (`legisurvey store copy`, issue 28): every backend exports and imports the same tables with the
// same columns in the same order, so a copy is checked row for row.

/// One value of a stored row, whatever the backend's type for it.
public enum StoreValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .real(let value): return "\(value)"
        case .text(let value): return "'\(value)'"
        case .blob(let value): return "x'\(value.count) bytes'"
        }
    }
}

/// A table of the store as a copy moves it: its columns (name and kind) and the key it is read in.
public struct StoreTable: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case integer, real, text, blob
    }

    public var name: String
    public var columns: [(name: String, kind: Kind)]
    /// The columns a copy reads the rows in order of (the primary key; texts in byte order).
    public var key: [String]

    public static func == (a: StoreTable, b: StoreTable) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    init(_ name: String, key: [String], _ columns: [(String, Kind)]) {
        self.name = name
        self.key = key
        self.columns = columns.map { (name: $0.0, kind: $0.1) }
    }

    private static let accounting: [(String, Kind)] = [
        ("submissions_seen", .integer), ("accepted", .integer), ("superseded", .integer), ("excluded", .integer),
        ("rejected", .integer), ("answers_seen", .integer), ("answers_kept", .integer), ("answers_dropped", .integer),
    ]

    /// Every table of the store (at migration v17), in an order that inserts a row after the rows
    /// it refers to.
    public static let all: [StoreTable] = [
        StoreTable(
            "run", key: ["id"],
            [("id", .integer), ("pipeline", .text), ("questionnaire_id", .text), ("questionnaire_version", .text), ("files_read", .integer)]
                + accounting + [("started_at", .text), ("withdrawn", .integer), ("files_reused", .integer)]),
        StoreTable(
            "source_file", key: ["id"],
            [("id", .integer), ("path", .text), ("sha256", .text), ("bytes", .integer), ("format", .text), ("run_id", .integer)]
                + accounting),
        StoreTable(
            "submission", key: ["key"],
            [
                ("key", .integer), ("id", .text), ("file_id", .integer), ("line", .integer), ("country", .text),
                ("country_given", .text), ("round", .text), ("status", .text), ("reason", .text), ("superseded_by", .text),
                ("answers_seen", .integer), ("answers_kept", .integer), ("respondent", .text), ("questionnaire_version", .text),
                ("restricted", .text), ("submitted_at", .text),
            ]),
        // The answers as packed (v17); `answer` is a view of them.
        StoreTable("answer_pack", key: ["submission_key"], [("submission_key", .integer), ("answers", .text)]),
        StoreTable(
            "repeat_answer", key: ["submission_key", "seq"],
            [
                ("submission_key", .integer), ("seq", .integer), ("path", .text), ("question_id", .text), ("option", .text),
                ("number", .real), ("text", .text), ("line", .integer), ("column", .integer), ("file_id", .integer),
            ]),
        StoreTable(
            "diagnostic", key: ["id"],
            [
                ("id", .integer), ("run_id", .integer), ("file", .text), ("line", .integer), ("column", .integer),
                ("byte_offset", .integer), ("submission_id", .text), ("question_id", .text), ("code", .text), ("severity", .text),
                ("expected", .text), ("found", .text), ("message", .text), ("detail", .text), ("country", .text),
                ("sender_language", .text), ("suggestion", .text), ("sheet", .text),
            ]),
        StoreTable(
            "file_cache", key: ["path"], [("path", .text), ("sha256", .text), ("fingerprint", .text), ("payload", .blob)]),
        StoreTable("file_arrival", key: ["sha256"], [("sha256", .text), ("run_id", .integer), ("started_at", .text)]),
    ]
}

/// A store whose tables can be read and replaced whole: what `store copy` needs of a backend.
public protocol SurveyStoreTables: SurveyStore {
    /// Every row of `table`, in the order of its key (texts in byte order), as `table.columns`.
    /// Callers hold the writer lock, so no run changes the store meanwhile.
    func rows(of table: StoreTable) async throws -> [[StoreValue]]
    /// Replaces every table's rows with `tables`' (each table of ``StoreTable/all``), in ONE
    /// transaction: a failure leaves the store as it was. The caller holds the writer lock.
    func replaceTables(with tables: [StoreTable: [[StoreValue]]]) async throws
}
