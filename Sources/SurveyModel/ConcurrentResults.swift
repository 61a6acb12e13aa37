import Dispatch
import Foundation

/// Results made in parallel and handed back in order: `compute(count:_:)` runs `body(0)` …
/// `body(count − 1)` on concurrent threads and returns their values by index (the Monte Carlo
/// of the priority areas, the workbook's entries, each deflated from its own file);
/// `inOrder(count:ahead:workers:_:consume:)` hands them, in index order, to a consumer that
/// works while the next are made (the chunks of a table's text, the country profiles).
public enum ConcurrentResults {
    /// `(0..<count).map(body)`, with the calls made in parallel; the values in index order.
    public static func compute<Value>(count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
        let slots = Slots<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, body(index)) }
        return slots.values
    }

    /// `body(0)` … `body(count − 1)` made on `workers` threads (default: one per core) and handed
    /// to `consume` on the calling thread in index order, each as soon as it and every value
    /// before it are made: the consumer works (writes a file, say) while the workers make the
    /// next values, instead of the two taking turns. The workers run at most `ahead` values ahead
    /// of the consumer (made and not yet consumed, or being made, beside the one `consume` holds),
    /// so what is held stays bounded: `ahead` + 1 values at most. `consume` returns the new bound
    /// (at least 1), or nil to keep it; a lower bound holds once the values already taken by the
    /// workers are consumed. When `consume` throws, the
    /// workers stop taking indices, finish the values they are making, and the error is rethrown.
    /// What `consume` sees does not depend on the number of workers.
    public static func inOrder<Value: Sendable>(
        count: Int, ahead: Int, workers: Int? = nil, _ body: @escaping @Sendable (Int) -> Value,
        consume: (Int, Value) throws -> Int?
    ) rethrows {
        guard count > 0 else { return }
        let queue = OrderedSlots<Value>(count: count, ahead: ahead)
        let threads = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, count))
        let group = DispatchGroup()
        // Serial queues of their own (each block gets a thread): the global queues share a pool
        // one thread per core wide with Swift's concurrency on Linux, and the consumer may hold
        // one of its threads while it waits.
        for worker in 0..<threads {
            DispatchQueue(label: "legisurvey.in-order.\(worker)").async(group: group) {
                while let index = queue.claim() { queue.finish(index, body(index)) }
            }
        }
        defer {
            queue.cancel()
            group.wait()
        }
        for index in 0..<count {
            if let bound = try consume(index, queue.take(index)) { queue.setAhead(bound) }
        }
    }

    /// The hand-off of ``inOrder(count:ahead:workers:_:consume:)``: which index comes next, the
    /// values made and not yet taken, behind one condition lock.
    private final class OrderedSlots<Value>: @unchecked Sendable {
        private let condition = NSCondition()
        private var slots: [Value?]
        private var next = 0
        private var taken = 0
        private var ahead: Int
        private var cancelled = false

        init(count: Int, ahead: Int) {
            slots = Array(repeating: nil, count: count)
            self.ahead = max(1, ahead)
        }

        /// The next index to make, waiting while the workers are `ahead` values ahead of the
        /// consumer; nil when every index is claimed or the consumer stopped.
        func claim() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while !cancelled, next < slots.count, next >= taken + ahead { condition.wait() }
            guard !cancelled, next < slots.count else { return nil }
            next += 1
            return next - 1
        }

        func finish(_ index: Int, _ value: Value) {
            condition.lock()
            slots[index] = value
            condition.broadcast()
            condition.unlock()
        }

        /// Value `index`, waiting until it is made; the slot lets go of it.
        func take(_ index: Int) -> Value {
            condition.lock()
            defer { condition.unlock() }
            while slots[index] == nil { condition.wait() }
            let value = slots[index]!
            slots[index] = nil
            taken = index + 1
            condition.broadcast()
            return value
        }

        func setAhead(_ bound: Int) {
            condition.lock()
            ahead = max(1, bound)
            condition.broadcast()
            condition.unlock()
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Per-index results written from concurrent threads: each slot is written once, by one
    /// thread, under the lock; `values` is read after all writers are done.
    private final class Slots<Value>: @unchecked Sendable {
        private var slots: [Value?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ slot: Int, _ value: Value) {
            lock.lock()
            defer { lock.unlock() }
            slots[slot] = value
        }

        var values: [Value] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }
}

/// A value made on a thread of its own while the caller goes on (a definitions file read while
/// the others are); ``value()`` waits for it and returns it, or rethrows the error making it
/// threw. A value never asked for is made and dropped.
public final class PendingValue<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<Value, any Error>?

    /// Starts `make` on a serial queue of its own (not the global queues, whose threads Swift's
    /// concurrency shares on Linux).
    public init(_ label: String, _ make: @escaping @Sendable () throws -> Value) {
        DispatchQueue(label: label).async { [self] in
            let made = Result { try make() }
            lock.withLock { result = made }
            done.signal()
        }
    }

    /// The value, once made (waiting for it the first time).
    public func value() throws -> Value {
        let made: Result<Value, any Error>? = lock.withLock { result }
        if let made { return try made.get() }
        done.wait()
        return try lock.withLock { result! }.get()
    }
}
