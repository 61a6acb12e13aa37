// Freed memory given back to the system while a run goes on (glibc's malloc_trim, every quarter
// of a second when the resident size has grown): the phases' laps alone left it in the arenas.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Gives the memory a run frees back to the system while the run goes on.
///
/// glibc keeps the pages a thread frees in that thread's arena, and the threads of a run free in
/// one arena what another will not reuse: at 50,000 respondents the resident size ran 70-100 MB
/// above the live heap (315 MB at its peak, in the report phase, for about 200 MB of heap). A
/// thread of its own wakes every ``interval``; when the process's resident size has grown by
/// ``growth`` bytes or more since the last time it looked (or since it last went down),
/// `malloc_trim(0)` gives the arenas' free pages back (about a millisecond at that size, off the
/// run's threads). The peak at 50,000 fell to 283-292 MB, as jemalloc's background purging
/// would do. Nothing on systems without glibc's `malloc_trim`.
final class FreedMemoryReturner: @unchecked Sendable {
    let interval: TimeInterval
    let growth: Int
    /// Gives the arenas' free pages back, returning when it has (the resident size read right
    /// after sets the next threshold).
    private let trim: @Sendable () -> Void
    /// The process's resident size in bytes.
    private let resident: @Sendable () -> Int?
    private let condition = NSCondition()
    private var stopped = false
    private var count = 0
    private var left: Int?

    private init(
        interval: TimeInterval, growth: Int, trim: @escaping @Sendable () -> Void,
        resident: @escaping @Sendable () -> Int?
    ) {
        self.interval = interval
        self.growth = growth
        self.trim = trim
        self.resident = resident
    }

    /// Starts returning freed memory until ``stop()``.
    static func start(interval: TimeInterval = 0.25, growth: Int = 8 << 20) -> FreedMemoryReturner {
        guard PhaseClock.returnsFreedMemory, residentBytes() != nil else {
            return FreedMemoryReturner(interval: interval, growth: growth, trim: {}, resident: { nil })
        }
        return start(
            interval: interval, growth: growth, trim: { PhaseClock.returnFreedMemoryNow() },
            resident: { residentBytes() })
    }

    /// Starts one that trims with `trim` and reads the resident size with `resident` (tests give
    /// it a simulated process: the real one's size moves with every test running beside it).
    static func start(
        interval: TimeInterval, growth: Int, trim: @escaping @Sendable () -> Void,
        resident: @escaping @Sendable () -> Int?
    ) -> FreedMemoryReturner {
        let returner = FreedMemoryReturner(interval: interval, growth: growth, trim: trim, resident: resident)
        Thread.detachNewThread { returner.loop() }
        return returner
    }

    /// How many times it has given memory back.
    var trims: Int {
        condition.lock()
        defer { condition.unlock() }
        return count
    }

    /// The resident size read right after the last trim, which the next threshold counts from;
    /// nil before the first.
    var leftByLastTrim: Int? {
        condition.lock()
        defer { condition.unlock() }
        return left
    }

    /// Stops at once (the thread ends at its next wake, without trimming again).
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        var mark = resident() ?? 0
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            _ = condition.wait(until: Date().addingTimeInterval(interval))
            guard !stopped, let before = resident() else { continue }
            guard before >= mark + growth else {
                mark = min(mark, before)
                continue
            }
            condition.unlock()
            trim()  // done when it returns: `after` is what it left
            let after = resident() ?? before
            condition.lock()
            mark = after
            left = after
            count += 1
        }
    }

    /// The process's resident size in bytes (`/proc/self/statm`'s second field, in pages); nil
    /// where there is no such file.
    static func residentBytes() -> Int? {
        let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let fields = buffer.prefix(count).split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Trims asked for between a run's phases (``PhaseClock``), run on a thread of their own, soon; a
/// request made while one waits to run is the same trim. A trim walks every arena and gives their
/// free pages back (a few hundredths of a second after the load at 10,000 respondents, each
/// unmapping interrupting the other core): made by the thread that ran the phase, it held back
/// the next phase, which needs none of those pages.
final class TrimRequests: @unchecked Sendable {
    // `@unchecked Sendable`: `pending` is only touched under `lock`.
    static let shared = TrimRequests()

    let queue = DispatchQueue(label: "legisurvey.freed-memory", qos: .utility)
    private let lock = NSLock()
    private var pending = false

    /// Runs `trim` on the requests' thread, unless a trim already waits to run there.
    func request(_ trim: @escaping @Sendable () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !pending else { return }
        pending = true
        queue.async { [self] in
            lock.withLock { pending = false }
            trim()
        }
    }

    /// Waits until the trims asked for so far have run.
    func wait() { queue.sync {} }
}
