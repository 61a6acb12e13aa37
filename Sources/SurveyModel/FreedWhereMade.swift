// Values made on one thread and used on another, handed back to be freed where they were made.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Values a consumer is done with, held until the thread that made them frees them.
///
/// A worker that makes values of many small blocks (a file's submissions, a chunk of table rows:
/// strings and arrays) for a consumer on another thread left their freeing to that consumer.
/// glibc's malloc then gave each block back to the worker's arena under that arena's lock, and
/// the worker, whose own frees never came back to its per-thread cache, took every new block the
/// slow way: `_int_malloc`, `unlink_chunk` and `malloc_consolidate` were a tenth of the
/// priorities phase at 50,000 respondents. With this, the consumer ``add(_:madeOn:)``s what it is
/// done with and each worker ``drop(madeOn:)``s its own before it makes more. What is held is at
/// most what the consumer took since the worker's last drop.
public final class FreedWhereMade<Value>: @unchecked Sendable {
    /// A thread, as ``current`` names the calling one.
    public struct Thread: Equatable, Sendable {
        let id: UInt

        /// The calling thread.
        public static var current: Thread {
            #if canImport(Darwin)
                Thread(id: UInt(bitPattern: pthread_self()))
            #else
                Thread(id: UInt(pthread_self()))
            #endif
        }
    }

    private let lock = NSLock()
    private var held: [(thread: Thread, value: Value)] = []

    public init() {}

    /// Holds `value` until `thread` drops it.
    public func add(_ value: consuming Value, madeOn thread: Thread) {
        lock.lock()
        held.append((thread, value))
        lock.unlock()
    }

    /// Frees, on the calling thread, what `thread` made (the last reference, unless the consumer
    /// kept one).
    public func drop(madeOn thread: Thread = .current) {
        lock.lock()
        guard held.contains(where: { $0.thread == thread }) else {
            lock.unlock()
            return
        }
        var mine: [Value] = []
        held.removeAll { entry in
            guard entry.thread == thread else { return false }
            mine.append(entry.value)
            return true
        }
        lock.unlock()
        mine.removeAll()  // here, outside the lock
    }

    /// How many values are held (for tests).
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return held.count
    }
}
