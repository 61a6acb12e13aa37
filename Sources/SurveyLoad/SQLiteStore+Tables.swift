// The SQLite store's tables read and replaced whole, for `legisurvey store copy` (StoreTables).
import Foundation
import GRDB
public import SurveyModel

extension SQLiteStore: SurveyStoreTables {
    public func rows(of table: StoreTable) async throws -> [[StoreValue]] {
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let order = table.key.map { "\"\($0)\"" }.joined(separator: ", ")
        do {
            return try await database.read { db in
                var rows: [[StoreValue]] = []
                let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(table.name) ORDER BY \(order)")
                while let row = try cursor.next() {
                    rows.append(
                        row.databaseValues.map { value in
                            switch value.storage {
                            case .null: return .null
                            case .int64(let number): return .integer(number)
                            case .double(let number): return .real(number)
                            case .string(let text): return .text(text)
                            case .blob(let data): return .blob([UInt8](data))
                            }
                        })
                }
                return rows
            }
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    public func replaceTables(with tables: [StoreTable: [[StoreValue]]]) async throws {
        do {
            try await database.write { db in
                for table in StoreTable.all.reversed() { try db.execute(sql: "DELETE FROM \(table.name)") }
                for table in StoreTable.all {
                    let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
                    let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                    let statement = try db.makeStatement(sql: "INSERT INTO \(table.name) (\(columns)) VALUES (\(marks))")
                    for row in tables[table] ?? [] {
                        try statement.execute(
                            arguments: StatementArguments(
                                row.map { value -> (any DatabaseValueConvertible)? in
                                    switch value {
                                    case .null: return nil
                                    case .integer(let number): return number
                                    case .real(let number): return number
                                    case .text(let text): return text
                                    case .blob(let bytes): return Data(bytes)
                                    }
                                }))
                    }
                }
            }
        } catch {
            throw Self.storeError(error, path: path)
        }
    }
}
