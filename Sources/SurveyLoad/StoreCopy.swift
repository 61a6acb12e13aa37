// `legisurvey store copy --from A --to B` (issue 28): a store moved between backends (SQLite ↔
// PostgreSQL, or between two of one kind), every table with its history (runs, diagnostics, file
// cache, arrivals), then read back and checked row for row.
public import SurveyModel

public enum StoreCopy {
    /// What was copied: rows per table, in ``StoreTable/all``'s order.
    public struct Result: Sendable, Equatable {
        public var from: String
        public var to: String
        public var rows: [(table: String, count: Int)]

        public static func == (a: Result, b: Result) -> Bool {
            a.from == b.from && a.to == b.to && a.rows.map(\.table) == b.rows.map(\.table) && a.rows.map(\.count) == b.rows.map(\.count)
        }
    }

    /// Copies the store at `from` (which must exist) into the store at `to` (created when missing;
    /// it must hold no run yet), holding both writer locks (waiting up to `wait` seconds for
    /// each), in one transaction of the target, then reads the target back and checks every table
    /// equals the source's row for row (``StoreError/failed(_:)`` naming the first difference).
    public static func copy(from: StoreLocation, to: StoreLocation, wait: Double, log: (String) -> Void) async throws -> Result {
        guard from != to else { throw StoreError.failed("--from and --to name the same store: \(from)") }
        let source = try await SurveyStores.open(from, mustExist: true)
        let target = try await SurveyStores.open(to)
        guard let sourceTables = source as? any SurveyStoreTables, let targetTables = target as? any SurveyStoreTables else {
            throw StoreError.failed("this backend cannot copy its tables")
        }
        let sourceLock = try await source.lockWriter(timeout: wait, log: log)
        defer { sourceLock.release() }
        let targetLock = try await target.lockWriter(timeout: wait, log: log)
        defer { targetLock.release() }
        let runs = try await target.runCount()
        guard runs == 0 else {
            throw StoreError.failed("\(to) already holds \(runs) run\(runs == 1 ? "" : "s"); copy into a new or empty store")
        }
        var tables: [StoreTable: [[StoreValue]]] = [:]
        for table in StoreTable.all { tables[table] = try await sourceTables.rows(of: table) }
        try await targetTables.replaceTables(with: tables)
        for table in StoreTable.all {
            let copied = try await targetTables.rows(of: table)
            let original = tables[table] ?? []
            guard copied != original else { continue }
            let index = zip(copied, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(copied.count, original.count)
            throw StoreError.failed(
                "the copy's table \(table.name) differs from the original at row \(index + 1) (\(copied.count) rows, the original \(original.count)); the store at \(to) holds the copy as it was written")
        }
        return Result(
            from: from.description, to: to.description, rows: StoreTable.all.map { ($0.name, tables[$0]?.count ?? 0) })
    }
}
