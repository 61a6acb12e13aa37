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

    /// The returner's trim is done when the call returns: it reads the resident size right after
    /// to set its next threshold (handed to another thread, it read the size before the trim and
    /// trimmed less often). 64 MB freed in 1 KB blocks, kept from the heap's top by a block still
    /// held, go back before the call returns.
    @Test func theReturnersTrimIsDoneWhenItReturns() throws {
        #if os(Linux)
            let count = 65536
            var blocks: [UnsafeMutableRawPointer] = []
            blocks.reserveCapacity(count)
            for _ in 0..<count {
                let block = try #require(malloc(1024))
                memset(block, 1, 1024)
                blocks.append(block)
            }
            let fence = try #require(malloc(1024))
            memset(fence, 1, 1024)
            for block in blocks { free(block) }
            let before = try #require(FreedMemoryReturner.residentBytes())
            PhaseClock.returnFreedMemoryNow()
            let after = try #require(FreedMemoryReturner.residentBytes())
            free(fence)
            #expect(before - after > 32 << 20, "\((before - after) >> 20) MB given back by the time the trim returned")
        #endif
    }
}
