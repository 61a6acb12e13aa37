// How long a run waiting for a writer lock has waited: the rule both backends' locks share
// (FileRunLock, PostgresStore+Lock).

/// The time a run waiting for a lock (``SurveyStore/lockWriter(timeout:log:)``, the output
/// folder's lock) has spent waiting, against its `timeout`.
///
/// A wait is charged what each round (a try, then a pause) took, but never more than the pause
/// asked for plus ``slack``: time the waiting process itself could not run is not time the holder
/// kept the lock. On a machine loaded far beyond its cores (a test run of a thousand tests on two,
/// where one process holds and waits for locks at once), a waiting task can be left unscheduled
/// for minutes, and so can the holder that would release the lock; charging that time turned a
/// 600-second wait into a refusal while the holder had had no chance to finish. On a machine
/// that runs the waiting process, a round takes the pause plus a try, so the budget follows the
/// clock.
public struct LockWait: Sendable {
    /// How often a waiting run tries the lock again.
    public static let pollInterval: Duration = .milliseconds(100)
    /// The most one round is charged beyond its pause: a slow try (a lock query over a network)
    /// counts; a process left unscheduled does not.
    public static let slack: Duration = .seconds(1)

    /// The wait allowed; zero tries once.
    public let timeout: Duration
    /// The wait charged so far.
    public private(set) var waited: Duration = .zero

    /// A wait of `timeout` seconds (negative: none).
    public init(timeout: Double) {
        self.timeout = timeout > 0 ? .seconds(timeout) : .zero
    }

    /// Whether the wait allowed is spent: the caller gives up (``StoreError/busy(holder:pid:)``).
    public var isSpent: Bool { waited >= timeout }

    /// The next pause: ``pollInterval``, or what is left of the timeout when less.
    public var nextPause: Duration { max(.zero, min(Self.pollInterval, timeout - waited)) }

    /// Charges a round that asked for a pause of `pause` and took `took` in all (its try, and
    /// the pause as long as the process was left asleep).
    public mutating func charge(pause: Duration, took: Duration) {
        waited += max(.zero, min(took, pause + Self.slack))
    }

    /// Waits: tries `attempt` until it gives a value, pausing ``nextPause`` between tries on
    /// `clock` (suspended, not blocking a thread), and returns it; nil once the wait allowed is
    /// spent (the last try made after the last pause). `waiting` is called after each failed try,
    /// before the budget is looked at (the caller says once whom it waits for).
    public static func wait<Value, C: Clock>(
        timeout: Double, clock: C = ContinuousClock(), attempt: () async throws -> Value?,
        waiting: () async throws -> Void = {}
    ) async throws -> Value? where C.Duration == Duration {
        var budget = LockWait(timeout: timeout)
        while true {
            let start = clock.now
            if let value = try await attempt() { return value }
            try await waiting()
            guard !budget.isSpent else { return nil }
            let pause = budget.nextPause
            try await clock.sleep(until: clock.now.advanced(by: pause), tolerance: nil)
            budget.charge(pause: pause, took: start.duration(to: clock.now))
        }
    }
}
