// The PostgreSQL store's tables read and replaced whole, for `legisurvey store copy` (StoreTables).
import Foundation
import NIOCore
import PostgresNIO
public import SurveyModel

extension PostgresStore: SurveyStoreTables {
    public func rows(of table: StoreTable) async throws -> [[StoreValue]] {
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let kinds = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.kind) })
        let order = table.key.map { kinds[$0] == .text ? "\"\($0)\" COLLATE \"C\"" : "\"\($0)\"" }.joined(separator: ", ")
        return try await withConnection { connection in
            var rows: [[StoreValue]] = []
            let result = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT \(columns) FROM \(table.name) ORDER BY \(order)"), logger: Self.logger)
            for try await row in result {
                var values: [StoreValue] = []
                values.reserveCapacity(table.columns.count)
                for (cell, column) in zip(row, table.columns) {
                    switch column.kind {
                    case .integer: values.append(try cell.decode(Int64?.self).map(StoreValue.integer) ?? .null)
                    case .real: values.append(try cell.decode(Double?.self).map(StoreValue.real) ?? .null)
                    case .text: values.append(try cell.decode(String?.self).map(StoreValue.text) ?? .null)
                    case .blob: values.append(try cell.decode(Data?.self).map { StoreValue.blob([UInt8]($0)) } ?? .null)
                    }
                }
                rows.append(values)
            }
            return rows
        }
    }

    /// In one transaction: every table emptied, each filled with COPY, and the diagnostic ids'
    /// sequence moved past the copied ids (the loader's next diagnostics take it).
    public func replaceTables(with tables: [StoreTable: [[StoreValue]]]) async throws {
        try await withConnection { connection in
            try await self.run("BEGIN", on: connection)
            do {
                for table in StoreTable.all.reversed() { try await self.run("DELETE FROM \(table.name)", on: connection) }
                for table in StoreTable.all {
                    let rows = tables[table] ?? []
                    guard !rows.isEmpty else { continue }
                    var buffer = CopyBuffer(table: table.name, columns: table.columns.map(\.name))
                    for row in rows {
                        try buffer.row { copy in
                            for value in row {
                                switch value {
                                case .null: copy.int(nil)
                                case .integer(let number): copy.int(Int(number))
                                case .real(let number): copy.double(number)
                                case .text(let text): try copy.text(text)
                                case .blob(let bytes): copy.bytea(bytes)
                                }
                            }
                        }
                    }
                    try await connection.copyFrom(table: buffer.table, columns: buffer.columns, logger: Self.logger) { writer in
                        try await writer.write(buffer.bytes)
                    }
                }
                try await self.run(
                    "SELECT setval(pg_get_serial_sequence('diagnostic', 'id'), coalesce((SELECT max(id) FROM diagnostic), 0) + 1, false)",
                    on: connection)
                try await self.run("COMMIT", on: connection)
            } catch {
                try? await self.run("ROLLBACK", on: connection)
                throw error
            }
        }
    }
}
