// The bulk insert's C wrapper: a prepared statement bound and stepped through SQLite's C API.
import GRDB
import GRDBSQLite

/// A prepared INSERT driven through SQLite's C API: binds each value straight from the Swift
/// value (copied by SQLite) and steps. It exists for the bulk insert's hot loop: GRDB's
/// `StatementArguments` box every value, which cost more than SQLite itself there.
struct FastInsert {
    let db: Database
    let statement: Statement

    struct Row {
        let handle: OpaquePointer
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

        func text(_ index: Int32, _ value: String?) {
            guard var value else { sqlite3_bind_null(handle, index); return }
            value.withUTF8 { utf8 in
                guard let base = utf8.baseAddress, utf8.count > 0 else {
                    _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                    return
                }
                _ = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
                }
            }
        }

        /// UTF-8 bytes bound as text (a JSON pack: SQLite's JSON functions refuse a blob).
        func utf8Text(_ index: Int32, _ bytes: [UInt8]) {
            bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress, raw.count > 0 else {
                    _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                    return
                }
                _ = sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(raw.count), Self.transient)
            }
        }

        func int(_ index: Int32, _ value: Int?) {
            guard let value else { sqlite3_bind_null(handle, index); return }
            sqlite3_bind_int64(handle, index, sqlite3_int64(value))
        }

        func blob(_ index: Int32, _ value: [UInt8]) {
            value.withUnsafeBytes { bytes in
                _ = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), Self.transient)
            }
        }

        func double(_ index: Int32, _ value: Double?) {
            guard let value else { sqlite3_bind_null(handle, index); return }
            sqlite3_bind_double(handle, index, value)
        }
    }

    func insert(_ bind: (Row) -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        bind(Row(handle: handle))
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
