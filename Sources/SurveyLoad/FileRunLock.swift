// The SQLite backend's one-writer lock: a `flock` on `<store>.lock` (a server backend uses its
// own, e.g. a PostgreSQL advisory lock). Moved here from SurveyPipeline: the lock is the backend's
// business. The same code locks the output folder (`<output>/.legisurvey.lock`, taken by
// SurveyPipeline through ``FileRunLock/acquire(lockFile:timeout:log:)``), so both locks wait,
// name their holder and die with it the same way.
import Foundation
public import SurveyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The run lock of one store: an exclusive advisory `flock(2)` on `<store path>.lock`, held for a
/// whole `Pipeline.run`, so two runs on the same store never interleave
/// (``SQLiteStore/lockWriter(timeout:log:)``).
///
/// - The holder writes its process id into the lock file, so a waiting run can say whom it waits
///   for. The content is informative only: the lock is the `flock`, not the file.
/// - The kernel drops the lock when the holder's descriptor is closed, including when the process
///   dies (SIGKILL, crash), so a killed run never blocks the next one and no stale lock is left.
/// - The lock file is never deleted: removing it while another process has it open would let two
///   runs lock two different files of the same name.
/// - `flock` locks belong to the open file description, so two runs in one process also exclude
///   each other. Advisory locks may not work on some network file systems.
public final class FileRunLock: SurveyWriterLock, @unchecked Sendable {
    /// The lock file.
    public let path: String
    private var descriptor: Int32

    /// No lock (an in-memory store: nothing else can open it).
    static var none: FileRunLock { FileRunLock(path: "", descriptor: -1) }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// The lock file of the store at `store`: `<store path>.lock`, next to it.
    static func lockPath(forStore store: String) -> String { store + ".lock" }

    /// Takes the run lock of the store at `store`, whose folder must exist.
    ///
    /// When another process holds it, logs once `waiting for the run holding <lock> (pid N) to
    /// finish` and tries again every ``LockWait/pollInterval`` until it is free or `timeout`
    /// seconds of waiting have passed (suspended between tries, not blocking a thread; counted as
    /// ``LockWait`` says); then throws ``StoreError/busy(holder:pid:)``. A `timeout` of 0 tries once.
    static func acquire(store: String, timeout: TimeInterval, log: (String) -> Void) async throws -> FileRunLock {
        try await acquire(lockFile: lockPath(forStore: store), timeout: timeout, log: log)
    }

    /// Takes an exclusive `flock` on the file at `path` (created when missing, never deleted;
    /// its folder must exist), with the same waiting, logging and ``StoreError/busy(holder:pid:)``
    /// as ``acquire(store:timeout:log:)``; `holder` is then `path`. The output folder's lock.
    public static func acquire(lockFile path: String, timeout: Double, log: (String) -> Void) async throws
        -> FileRunLock
    {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError.failed("cannot open the run lock \(path): \(errorText())")
        }
        var logged = false
        let lock: FileRunLock?
        do {
            lock = try await LockWait.wait(timeout: timeout) { () -> FileRunLock? in
                while true {
                    if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                        let lock = FileRunLock(path: path, descriptor: descriptor)
                        lock.recordHolder()
                        return lock
                    }
                    let failure = errno
                    if failure == EINTR { continue }
                    guard failure == EWOULDBLOCK || failure == EAGAIN else {
                        throw StoreError.failed("cannot take the run lock \(path): \(errorText(failure))")
                    }
                    return nil
                }
            } waiting: {
                // Said as soon as the caller asked to wait, whatever the wait left by the time the
                // holder was read (a loaded machine can spend a short wait on that alone).
                if !logged && timeout > 0 {
                    let holder = readHolder(descriptor)
                    log("waiting for the run holding \(path) (\(holder.map { "pid \($0)" } ?? "pid unknown")) to finish")
                    logged = true
                }
            }
        } catch {
            close(descriptor)
            throw error
        }
        if let lock { return lock }
        let holder = readHolder(descriptor)
        close(descriptor)
        throw StoreError.busy(holder: path, pid: holder)
    }

    /// Releases the lock; later calls do nothing.
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// Writes this process's id into the lock file: written over the start first, then cut to
    /// length, so a reader never sees an empty file, only the old holder's id or ours.
    private func recordHolder() {
        let text = Array("\(getpid())\n".utf8)
        let written = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        if written == text.count { _ = ftruncate(descriptor, off_t(text.count)) }
    }

    /// The holder's process id from the first line of the lock file, when it holds one.
    private static func readHolder(_ descriptor: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let line = buffer.prefix(count).prefix { $0 != UInt8(ascii: "\n") }
        guard let pid = Int(String(decoding: line, as: UTF8.self)), pid > 0 else { return nil }
        return pid
    }

    private static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
