import Foundation
import SurveyPipeline

/// Shows a long run's reading progress on standard error: a bar redrawn in place on a terminal,
/// plain periodic lines otherwise (logs, CI). Nothing during the first `delay` seconds, so short
/// runs stay quiet.
final class ProgressReporter: @unchecked Sendable {
    private let isTerminal: Bool
    private let delay: Double
    private let interval: Double
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastShown: Double = -.infinity
    private var drewBar = false
    private let write: (String) -> Void

    /// `interval`: seconds between updates (a bar: 0.1; lines: 5). `LEGISURVEY_PROGRESS_DELAY`
    /// and `LEGISURVEY_PROGRESS_INTERVAL` override both (the tests use them).
    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1, write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        let environment = ProcessInfo.processInfo.environment
        delay = environment["LEGISURVEY_PROGRESS_DELAY"].flatMap(Double.init) ?? 1
        interval = environment["LEGISURVEY_PROGRESS_INTERVAL"].flatMap(Double.init) ?? (isTerminal ? 0.1 : 5)
        self.write = write
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    func update(_ progress: ReadProgress) {
        let now = elapsed
        let last = progress.files == progress.filesTotal
        guard now >= delay, now - lastShown >= interval || (last && drewBar) else { return }
        lastShown = now
        let rate = now > 0 ? Double(progress.submissions) / now : 0
        let megabytes = Double(progress.bytes) / 1_048_576
        let figures = String(
            format: "%d/%d files, %d records, %.0f records/s, %.1f MB/s", progress.files, progress.filesTotal,
            progress.submissions, rate, now > 0 ? megabytes / now : 0)
        if isTerminal {
            let width = 24
            let filled = progress.filesTotal > 0 ? width * progress.files / progress.filesTotal : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r\u{1B}[2K[\(bar)] \(figures)" + (last ? "\n" : ""))
            drewBar = !last
        } else {
            write("legisurvey: progress: \(figures)\n")
        }
    }

    /// Ends a bar left on screen (when the last update was skipped).
    func finish() {
        if drewBar { write("\n") }
        drewBar = false
    }
}
