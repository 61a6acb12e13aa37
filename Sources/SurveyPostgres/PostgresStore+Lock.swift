// The PostgreSQL store's one-writer lock: a session advisory lock, with the file lock's waiting,
// message and refusal (FileRunLock).
import Foundation
import NIOCore
import NIOPosix
import PostgresNIO
public import SurveyModel

extension PostgresStore {
    /// The advisory lock's two keys: a constant for LegiSurvey, and the schema's (a database
    /// holds one lock space; two stores in two schemas do not exclude each other).
    var lockKeys: (Int32, Int32) {
        var hash: UInt32 = 2_166_136_261
        for byte in target.schema.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return (0x4C53, Int32(bitPattern: hash & 0x7fff_ffff))
    }

    /// How the lock is named in messages: `advisory lock of <store URL>`.
    var lockName: String { "the advisory lock of \(location)" }

    /// Takes the store's writer lock: `pg_try_advisory_lock` on a connection of its own, held
    /// until ``SurveyWriterLock/release()`` (or the connection's end: the server drops a session's
    /// advisory locks when the session ends, so a killed run never leaves it held). When another
    /// session holds it, logs once `waiting for the run holding <lock> (pid N) to finish` (N: the
    /// holding legisurvey's process id, from its connection's `application_name`), tries again
    /// every ``LockWait/pollInterval`` up to `timeout` seconds of waiting (``LockWait``), then
    /// throws ``StoreError/busy(holder:pid:)``.
    public func lockWriter(timeout: Double, log: (String) -> Void) async throws -> any SurveyWriterLock {
        let connection = try await connect()
        let (classKey, objectKey) = lockKeys
        var logged = false
        var holder: Int?
        do {
            let taken = try await LockWait.wait(timeout: timeout) { () -> Bool? in
                var taken = false
                for try await (value) in try await connection.query(
                    "SELECT pg_try_advisory_lock(\(classKey), \(objectKey))", logger: Self.logger
                ).decode(Bool.self) {
                    taken = value
                }
                return taken ? true : nil
            } waiting: {
                holder = try await holderPID(on: connection)
                // Said as soon as the caller asked to wait, as the file lock does.
                if !logged && timeout > 0 {
                    log("waiting for the run holding \(lockName) (\(holder.map { "pid \($0)" } ?? "pid unknown")) to finish")
                    logged = true
                }
            }
            if taken != nil { return PostgresWriterLock(connection: connection) }
        } catch {
            try? await connection.close()
            throw Self.storeError(error)
        }
        try? await connection.close()
        throw StoreError.busy(holder: lockName, pid: holder)
    }

    /// The process id of the legisurvey run holding the lock, from its session's
    /// `application_name` (`legisurvey pid N`); nil when not known.
    private func holderPID(on connection: PostgresConnection) async throws -> Int? {
        let (classKey, objectKey) = lockKeys
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                        AND l.classid = \(classKey)::oid AND l.objid = \(objectKey)::oid
                        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """), logger: Self.logger)
        var pid: Int?
        for try await (name) in rows.decode((String?).self) {
            if let name, name.hasPrefix("legisurvey pid ") { pid = Int(name.dropFirst("legisurvey pid ".count)) }
        }
        return pid
    }
}

/// A held advisory lock: its session. Released by closing the session (the server drops the
/// lock as the session ends), also when this object goes away.
final class PostgresWriterLock: SurveyWriterLock, @unchecked Sendable {
    private let lock = NSLock()
    private var connection: PostgresConnection?

    init(connection: PostgresConnection) { self.connection = connection }

    func release() {
        lock.lock()
        let connection = self.connection
        self.connection = nil
        lock.unlock()
        guard let connection else { return }
        guard MultiThreadedEventLoopGroup.currentEventLoop == nil else {
            // On an event loop's thread nothing may be waited for: closed, and the server drops the
            // lock as the session ends. The connection is kept until it is closed (postgres-nio
            // asserts that a connection is closed before it goes away).
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in withExtendedLifetime(connection) {} }
            return
        }
        // Unlocked, the server's answer waited for, then closed, before this returns: a writer
        // that asks next (this process or another) finds the lock free. (Closing alone is not
        // enough: the server drops a session's locks only once it has seen the session end, and a
        // writer asking at once with `--wait 0` was told the lock was held.) A session the server
        // already ended needs no unlock, and a query written to it would never be answered
        // (postgres-nio 1.33): the wait ends with the answer, the connection's end or 10 s.
        if !connection.isClosed {
            let done = connection.eventLoop.makePromise(of: Void.self)
            connection.simpleQuery("SELECT pg_advisory_unlock_all()").whenComplete { _ in done.succeed(()) }
            connection.closeFuture.whenComplete { _ in done.succeed(()) }
            let timeout = connection.eventLoop.scheduleTask(in: .seconds(10)) { done.succeed(()) }
            _ = try? done.futureResult.wait()
            timeout.cancel()
        }
        let closed = connection.eventLoop.makePromise(of: Void.self)
        connection.close().whenComplete { _ in closed.succeed(()) }
        let timeout = connection.eventLoop.scheduleTask(in: .seconds(10)) { closed.succeed(()) }
        _ = try? closed.futureResult.wait()
        timeout.cancel()
        withExtendedLifetime(connection) {}
    }

    deinit { release() }
}
