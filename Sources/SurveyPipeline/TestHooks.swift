import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// TEST HOOK ONLY: lets the crash-safety tests (`Tests/EndToEndTests/CrashSafetyTests.swift`)
/// stop a real `legisurvey run` at a chosen phase and kill it there. Not a feature: do not use
/// it in pipelines, scripts or documentation for users.
///
/// When the environment variable `LEGISURVEY_TEST_PAUSE_AT` names a ``Phase`` and the run reaches
/// that phase, the process writes the phase name to the file named by
/// `LEGISURVEY_TEST_PAUSE_FILE` (write and fsync, so the test sees it), then waits until the test
/// removes that file (or at most ``pauseSeconds``) so the test can kill it or break something under
/// it; after that the run goes on normally. Resuming on the test's word, never after a fixed time:
/// on a loaded machine a test may need longer than any guess to do its part. Without the variable
/// (always, outside tests) ``pause(at:)`` compares one string read once and does nothing.
enum TestHooks {
    /// The places a run can be stopped at.
    enum Phase: String, CaseIterable {
        /// After the first file of the inbox has been extracted, before the others (in
        /// `Pipeline.read`, so `legisurvey validate` reaches it too).
        case extract
        /// Inside the store's load transaction (`SurveyStore.load`'s `beforeCommit`), after every insert, before commit.
        case storeTransaction = "store-transaction"
        /// After `statistics.csv` was renamed into place, before `validation_report.csv` is.
        case betweenRenames = "between-renames"
    }

    /// The longest pause: a test that forgets its child does not leave it sleeping for ever
    /// (`LEGISURVEY_TEST_PAUSE_SECONDS` shortens it).
    static let pauseSeconds: UInt32 = ProcessInfo.processInfo.environment["LEGISURVEY_TEST_PAUSE_SECONDS"].flatMap { UInt32($0) }
        .map { min($0, 900) } ?? 900

    /// `LEGISURVEY_TEST_PAUSE_AT`, read once.
    private static let pauseAt: String? = ProcessInfo.processInfo.environment["LEGISURVEY_TEST_PAUSE_AT"]

    /// TEST HOOK ONLY: pauses the process when `LEGISURVEY_TEST_PAUSE_AT` names `phase`; does
    /// nothing otherwise.
    static func pause(at phase: Phase) {
        guard let pauseAt, pauseAt == phase.rawValue else { return }
        let file = ProcessInfo.processInfo.environment["LEGISURVEY_TEST_PAUSE_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if let file { announce(phase, in: file) }
        // Until the test removes the file (checked every 20 ms), or the longest pause.
        var waited: UInt64 = 0
        while waited < UInt64(pauseSeconds) * 1000 {
            if let file, access(file, F_OK) != 0 { return }
            usleep(20_000)
            waited += 20
        }
    }

    /// Writes the phase name to `file` and flushes it to disk before returning.
    private static func announce(_ phase: Phase, in file: String) {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(phase.rawValue.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
        _ = fsync(descriptor)
    }
}
