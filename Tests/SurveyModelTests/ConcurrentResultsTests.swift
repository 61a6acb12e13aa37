import Foundation
import SurveyModel
import Testing

// `ConcurrentResults.inOrder`: the values of body(0..<count), handed to the consumer in index
// order whatever the number of workers and the bound; the workers never more than the bound
// ahead of the consumer; a consumer's error stops the workers before it is rethrown. Table
// writing and the country profiles depend on all three (byte-identical outputs, bounded memory,
// no work left running after a failed table).

/// A counter several threads update.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    private var highest = 0
    private var list: [Int] = []

    func add(_ amount: Int = 1) {
        lock.lock()
        value += amount
        highest = max(highest, value)
        lock.unlock()
    }

    var current: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    var peak: Int {
        lock.lock()
        defer { lock.unlock() }
        return highest
    }

    func record(_ index: Int) {
        lock.lock()
        list.append(index)
        lock.unlock()
    }

    var recorded: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}

private struct Stop: Error {}

@Suite struct ConcurrentResultsTests {
    @Test(arguments: [(1, 1), (2, 1), (2, 2), (3, 4), (8, 3)])
    func valuesArriveInIndexOrder(_ workers: Int, _ ahead: Int) {
        var seen: [Int] = []
        ConcurrentResults.inOrder(count: 200, ahead: ahead, workers: workers) { index in
            // Uneven work: later indices often finish first.
            if index % 7 == 0 { Thread.sleep(forTimeInterval: 0.0005) }
            return index * index
        } consume: { index, value in
            #expect(value == index * index)
            seen.append(index)
            return nil
        }
        #expect(seen == Array(0..<200))
    }

    @Test(arguments: [1, 2, 5])
    func theWorkersStayWithinTheBound(_ ahead: Int) {
        // Made and not yet consumed (or being made): never more than the bound, plus the value
        // the consumer holds; the bound the consumer returns applies from then on.
        let started = Counter()
        let consumed = Counter()
        ConcurrentResults.inOrder(count: 300, ahead: ahead, workers: 4) { index in
            started.record(index)
            #expect(index <= consumed.current + ahead, "index \(index) with \(consumed.current) consumed, bound \(ahead)")
            return index
        } consume: { index, _ in
            consumed.add()
            if index % 13 == 0 { Thread.sleep(forTimeInterval: 0.001) }  // a slow consumer: the workers wait
            return nil
        }
        #expect(started.recorded.sorted() == Array(0..<300))
        // A bound the consumer raises (1, then 3 from the 50th value): never exceeded.
        let taken = Counter()
        let widened = Counter()
        ConcurrentResults.inOrder(count: 100, ahead: 1, workers: 3) { index in
            #expect(index <= taken.current + (index <= 50 ? 1 : 3), "index \(index) with \(taken.current) consumed")
            widened.add()
            return index
        } consume: { index, _ in
            taken.add()
            return index < 49 ? nil : 3
        }
        #expect(widened.current == 100)
    }

    @Test func aBoundTheConsumerRaisesIsUsed() {
        // Bound 1, then 3 from value 49 on; while the consumer dwells on value 50 the workers
        // go on to value 53 (50 + 3), not only to 51 as the first bound would let them.
        let highest = Counter()
        let claimedWhileDwelling = Counter()
        ConcurrentResults.inOrder(count: 100, ahead: 1, workers: 4) { index in
            highest.record(index)
            return index
        } consume: { index, _ in
            if index == 50 {
                Thread.sleep(forTimeInterval: 0.2)
                claimedWhileDwelling.add(highest.recorded.max() ?? 0)
            }
            return index < 49 ? nil : 3
        }
        #expect(claimedWhileDwelling.current == 53)
    }

    @Test func aConsumersErrorStopsTheWorkersBeforeItIsRethrown() {
        let started = Counter()
        let finished = Counter()
        #expect(throws: Stop.self) {
            try ConcurrentResults.inOrder(count: 10_000, ahead: 4, workers: 2) { index in
                started.add()
                if index > 20 { Thread.sleep(forTimeInterval: 0.02) }  // still making values when the consumer fails
                finished.add()
                return index
            } consume: { index, _ in
                if index == 20 { throw Stop() }
                return nil
            }
        }
        let afterwards = started.current
        #expect(afterwards <= 20 + 1 + 4 + 2, "the workers stopped near the failure: \(afterwards) made")
        #expect(finished.current == afterwards, "every value begun was finished before the error was rethrown")
        Thread.sleep(forTimeInterval: 0.05)
        #expect(started.current == afterwards, "no worker still running once the error is rethrown")
    }

    @Test func noIndicesNoCalls() {
        ConcurrentResults.inOrder(count: 0, ahead: 2) { (_: Int) -> Int in
            Issue.record("body called")
            return 0
        } consume: { _, _ in
            Issue.record("consume called")
            return nil
        }
    }

    @Test func aPendingValueIsMadeOnceAndItsErrorRethrownEachTimeItIsAsked() throws {
        struct Refused: Error, Equatable { let n: Int }
        final class Calls: @unchecked Sendable {
            let lock = NSLock()
            var count = 0
        }
        let calls = Calls()
        let pending = PendingValue("test.pending") { () -> [Int] in
            calls.lock.withLock { calls.count += 1 }
            return Array(0..<1000)
        }
        #expect(try pending.value() == Array(0..<1000))
        #expect(try pending.value() == Array(0..<1000))
        #expect(calls.lock.withLock { calls.count } == 1)
        let failing = PendingValue("test.failing") { () -> Int in throw Refused(n: 7) }
        for _ in 0..<2 {
            #expect(throws: Refused(n: 7)) { try failing.value() }
        }
    }
}
