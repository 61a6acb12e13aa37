// The run's phase clock: laps in order, and between phases the memory a phase freed is given back
// to the system (glibc's malloc_trim, looked up at run time: if the lookup failed, nothing would
// say so but the resident size).
import Foundation
import Testing

@testable import SurveyPipeline

@Suite struct PhaseClockTests {
    @Test func lapsInOrderAndFreedMemoryReturned() {
        #if os(Linux)
            #expect(PhaseClock.returnsFreedMemory, "malloc_trim not found in the process")
            #expect(PhaseClock.largeBlocksMapped, "mallopt(M_MMAP_THRESHOLD) not taken")
        #endif
        var clock = PhaseClock()
        clock.lap("statistics")
        clock.add("load", 1.5)
        clock.lap("tables")
        #expect(clock.laps.map(\.phase) == ["statistics", "load", "tables"])
        #expect(clock.laps[1].seconds == 1.5 && clock.laps[0].seconds >= 0 && clock.laps[2].seconds >= 0)
    }

    /// While a run goes on, a thread of its own gives freed memory back when the resident size
    /// has grown: with no growth asked it trims at each wake, with a growth never reached it does
    /// not, and once stopped it trims no more.
    @Test func freedMemoryIsReturnedWhileARunGoesOnAndNotAfterItsStop() async throws {
        #if os(Linux)
            #expect((FreedMemoryReturner.residentBytes() ?? 0) > 1 << 20, "no resident size from /proc/self/statm")
            let returner = FreedMemoryReturner.start(interval: 0.01, growth: 0)
            for _ in 0..<1000 where returner.trims < 3 { try await Task.sleep(nanoseconds: 10_000_000) }
            #expect(returner.trims >= 3)
            returner.stop()
            // A trim under way when it was stopped still counts: wait for it.
            try await Task.sleep(nanoseconds: 500_000_000)
            let stopped = returner.trims
            try await Task.sleep(nanoseconds: 200_000_000)
            #expect(returner.trims == stopped, "trimmed after its stop")
            let idle = FreedMemoryReturner.start(interval: 0.01, growth: 1 << 40)
            try await Task.sleep(nanoseconds: 300_000_000)
            #expect(idle.trims == 0)
            idle.stop()
        #endif
    }

    /// The trims between phases run on a thread of their own, after the call returns; requests
    /// made while one waits to run are that one trim, and a request after it has started is
    /// another.
    @Test func trimsBetweenPhasesRunOffTheCallingThreadOnceForWaitingRequests() {
        final class Count: @unchecked Sendable {
            let lock = NSLock()
            private var added = 0
            var value: Int { lock.withLock { added } }
            func add() {
                lock.lock()
                added += 1
                lock.unlock()
            }
        }
        let count = Count()
        let requests = TrimRequests()  // not the runs' (other tests run pipelines meanwhile)
        let hold = DispatchSemaphore(value: 0)
        requests.queue.async { hold.wait() }  // the trims' thread busy
        for _ in 0..<3 { requests.request { count.add() } }
        #expect(count.value == 0, "a trim ran on the calling thread")
        hold.signal()
        requests.wait()
        #expect(count.value == 1)
        requests.request { count.add() }
        requests.wait()
        #expect(count.value == 2)
    }

    /// The returner counts its next threshold from the resident size its trim left: it reads the
    /// size once the trim has returned (handed to another thread, it read the size before the trim
    /// and trimmed less often: 60 MB more at the peak at 500,000). A simulated process whose trim
    /// gives 64 MB back: the process's own size would move with every test running beside this
    /// one (in CI, 86 KB were measured given back where 64 MB had been freed).
    @Test func theReturnerCountsFromWhatItsTrimLeft() async throws {
        final class Process: @unchecked Sendable {
            let lock = NSLock()
            private var size = 100 << 20
            var resident: Int { lock.withLock { size } }
            func grow(to bytes: Int) { lock.withLock { size = bytes } }
            func trim() {
                Thread.sleep(forTimeInterval: 0.02)  // a trim takes time: read before it ends, the size is the old one
                lock.withLock { size -= 64 << 20 }
            }
        }
        let process = Process()
        let returner = FreedMemoryReturner.start(
            interval: 0.005, growth: 8 << 20, trim: { process.trim() }, resident: { process.resident })
        defer { returner.stop() }
        try await Task.sleep(nanoseconds: 50_000_000)
        #expect(returner.trims == 0, "trimmed without growth")
        process.grow(to: 200 << 20)
        for _ in 0..<1000 where returner.trims < 1 { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(returner.trims == 1)
        #expect(returner.leftByLastTrim == 136 << 20, "the size read after the trim is not what the trim left")
        // Counted from 136 MB, 140 MB is no growth to trim for; counted from 200 MB, neither is 204.
        process.grow(to: 140 << 20)
        try await Task.sleep(nanoseconds: 50_000_000)
        #expect(returner.trims == 1)
        process.grow(to: 150 << 20)
        for _ in 0..<1000 where returner.trims < 2 { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(returner.trims == 2, "growth from what the trim left not trimmed for")
        #expect(returner.leftByLastTrim == 86 << 20)
    }
}
