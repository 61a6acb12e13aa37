// Values made on worker threads and used on another are freed on the thread that made them
// (glibc's malloc is slow on the maker's side when a consumer frees its blocks).
import Foundation
import SurveyModel
import Testing

@Suite struct FreedWhereMadeTests {
    /// Records the thread its last reference is released on.
    final class Made: @unchecked Sendable {
        let maker: FreedWhereMade<Made>.Thread
        let freedOn: Freed
        init(freedOn: Freed) {
            maker = .current
            self.freedOn = freedOn
        }
        deinit { freedOn.record(maker: maker, freer: .current) }
    }

    final class Freed: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var pairs: [(maker: FreedWhereMade<Made>.Thread, freer: FreedWhereMade<Made>.Thread)] = []
        func record(maker: FreedWhereMade<Made>.Thread, freer: FreedWhereMade<Made>.Thread) {
            lock.lock()
            pairs.append((maker, freer))
            lock.unlock()
        }
        var count: Int {
            lock.lock()
            defer { lock.unlock() }
            return pairs.count
        }
    }

    /// Two workers make values for a consumer on this thread; the consumer holds them back; each
    /// worker's drop frees its own values there and leaves the other's.
    @Test func eachWorkerFreesWhatItMadeAndNothingElse() {
        let freed = Freed()
        let held = FreedWhereMade<Made>()
        let made = NSCondition()
        nonisolated(unsafe) var values: [[Made]] = [[], []]
        nonisolated(unsafe) var go = [false, false]
        let threads = (0..<2).map { worker in
            Thread {
                // Made straight into the shared array: no reference stays on this thread (a local
                // array kept them alive to the closure's end, after the drop, and freed them then).
                made.lock()
                values[worker] = (0..<50).map { _ in Made(freedOn: freed) }
                made.broadcast()
                while !go[worker] { made.wait() }
                made.unlock()
                held.drop()
                made.lock()
                go[worker] = false
                made.broadcast()
                made.unlock()
            }
        }
        threads.forEach { $0.start() }
        made.lock()
        while values.contains(where: \.isEmpty) { made.wait() }
        made.unlock()
        // The consumer is done with them: held, not freed here.
        for worker in 0..<2 {
            for value in values[worker] { held.add(value, madeOn: value.maker) }
            values[worker] = []
        }
        #expect(held.count == 100)
        #expect(freed.count == 0)
        for worker in 0..<2 {
            made.lock()
            go[worker] = true
            made.broadcast()
            while go[worker] { made.wait() }
            made.unlock()
            #expect(held.count == 50 * (1 - worker), "worker \(worker) dropped its own values only")
            #expect(freed.count == 50 * (worker + 1))
        }
        #expect(freed.pairs.allSatisfy { $0.maker == $0.freer })
        #expect(Set(freed.pairs.map { "\($0.maker)" }).count == 2)
    }

    /// A value the consumer still holds is not freed by the drop: the last reference frees it.
    @Test func aValueStillHeldElsewhereOutlivesTheDrop() {
        let freed = Freed()
        let held = FreedWhereMade<Made>()
        var kept: Made? = Made(freedOn: freed)
        held.add(kept!, madeOn: .current)
        held.drop()
        #expect(held.count == 0)
        #expect(freed.count == 0)
        kept = nil
        #expect(freed.count == 1)
    }
}
