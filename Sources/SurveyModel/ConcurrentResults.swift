import Dispatch
import Foundation

/// Results made in parallel and handed back in order: `compute(count:_:)` runs `body(0)` …
/// `body(count − 1)` on concurrent threads and returns their values by index. The parallel
/// stages share it: the Monte Carlo of the priority areas, the chunks of a table's text, the
/// workbook's entries (each deflated from its own file).
public enum ConcurrentResults {
    /// `(0..<count).map(body)`, with the calls made in parallel; the values in index order.
    public static func compute<Value>(count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
        let slots = Slots<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, body(index)) }
        return slots.values
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
