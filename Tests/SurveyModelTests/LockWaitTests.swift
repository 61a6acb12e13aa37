// How a run waiting for a writer lock counts its wait (LockWait): the pauses it asked for and the
// time its tries took, never the time the process was left unscheduled. A fresh-clone test run
// refused a store's lock after "600 seconds" while the holder, in the same starved process, had
// not run either; these checks run on a scripted clock, so they hold on any machine.
import Foundation
import SurveyModel
import Testing

@Suite struct LockWaitTests {
    /// A clock whose pauses last what `sleeps` says (the time a process asleep for `pause` stays
    /// unscheduled), and that a try can move on by hand (a slow lock query).
    final class ScriptedClock: Clock, @unchecked Sendable {
        struct Instant: InstantProtocol {
            var offset: Duration
            func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
            func duration(to other: Instant) -> Duration { other.offset - offset }
            static func < (left: Instant, right: Instant) -> Bool { left.offset < right.offset }
        }

        private let lock = NSLock()
        private var current = Instant(offset: .zero)
        private let sleeps: @Sendable (Duration) -> Duration
        let minimumResolution: Duration = .nanoseconds(1)

        init(sleeps: @escaping @Sendable (Duration) -> Duration = { $0 }) { self.sleeps = sleeps }

        var now: Instant { lock.withLock { current } }

        func advance(by duration: Duration) { lock.withLock { current = current.advanced(by: duration) } }

        func sleep(until deadline: Instant, tolerance: Duration?) async throws {
            let pause = now.duration(to: deadline)
            advance(by: sleeps(pause))
        }
    }

    /// Counts the tries of a wait that never gets the lock, or that gets it at try `until`.
    private func tries(
        timeout: Double, clock: ScriptedClock, slowTry: Duration = .zero, until: Int = .max
    ) async throws -> (tries: Int, got: Bool) {
        var count = 0
        let value: Int? = try await LockWait.wait(timeout: timeout, clock: clock) {
            count += 1
            clock.advance(by: slowTry)
            return count >= until ? count : nil
        }
        return (count, value != nil)
    }

    @Test func aWaitTriesEveryTenthOfASecondUntilItsTimeoutThenGivesUp() async throws {
        // Tries at 0, 0.1, …, 1.0 s: eleven, the last after the last pause.
        #expect(try await tries(timeout: 1, clock: ScriptedClock()) == (11, false))
        #expect(try await tries(timeout: 0.25, clock: ScriptedClock()) == (4, false))
    }

    @Test func aTimeoutOfZeroTriesOnceAndAFreeLockIsTakenAtOnce() async throws {
        #expect(try await tries(timeout: 0, clock: ScriptedClock()) == (1, false))
        #expect(try await tries(timeout: -3, clock: ScriptedClock()) == (1, false))
        #expect(try await tries(timeout: 600, clock: ScriptedClock(), until: 1) == (1, true))
        #expect(try await tries(timeout: 1, clock: ScriptedClock(), until: 5) == (5, true))
    }

    @Test func aSlowTryCountsAgainstTheWait() async throws {
        // Each round: a try of 0.5 s and a pause of 0.1 s; a 3-second wait is five rounds.
        #expect(try await tries(timeout: 3, clock: ScriptedClock(), slowTry: .milliseconds(500)) == (6, false))
        // A try slower than the slack is charged the pause and the slack (1.1 s).
        #expect(try await tries(timeout: 3, clock: ScriptedClock(), slowTry: .seconds(30)) == (4, false))
    }

    @Test func timeTheProcessWasLeftUnscheduledIsNotChargedToTheHolder() async throws {
        // Every pause of 0.1 s lasts 300 s: the old rule (the clock) refused a 600-second wait at
        // its third try; each round is charged 1.1 s, so the holder's release at try 50 is met…
        let starved = ScriptedClock(sleeps: { _ in .seconds(300) })
        #expect(try await tries(timeout: 600, clock: starved, until: 50) == (50, true))
        // …and a wait that never gets the lock still ends: 546 rounds of 1.1 s reach 600 s.
        #expect(try await tries(timeout: 600, clock: ScriptedClock(sleeps: { _ in .seconds(300) })) == (547, false))
    }

    @Test func theBudgetChargesWhatARoundTookUpToItsPauseAndTheSlack() {
        var budget = LockWait(timeout: 2)
        #expect(budget.nextPause == .milliseconds(100) && !budget.isSpent)
        budget.charge(pause: .milliseconds(100), took: .milliseconds(130))
        #expect(budget.waited == .milliseconds(130))
        budget.charge(pause: .milliseconds(100), took: .seconds(3600))
        #expect(budget.waited == .milliseconds(1230))
        budget.charge(pause: .milliseconds(100), took: .milliseconds(700))
        #expect(budget.waited == .milliseconds(1930) && budget.nextPause == .milliseconds(70))
        budget.charge(pause: .milliseconds(70), took: .milliseconds(70))
        #expect(budget.isSpent && budget.nextPause == .zero)
    }
}
