// The run's phase clock: laps in order, and between phases the memory a phase freed is given back
// to the system (glibc's malloc_trim, looked up at run time: if the lookup failed, nothing would
// say so but the resident size).
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
}
