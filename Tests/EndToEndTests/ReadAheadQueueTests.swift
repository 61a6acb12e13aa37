// The read-ahead queue between the workers and the stream's consumer: files handed over in
// order, the workers never more than `window` files ahead unless the files they hold carry fewer
// than `submissionWindow` submissions (a batch of many one-respondent files keeps both cores
// busy behind a large CSV export), and never past that. A run's window is its worker count, so
// what the queue holds is bounded by submissions, whatever the files' sizes.
import Foundation
import SurveyModel
import Testing

@testable import SurveyPipeline

@Suite struct ReadAheadQueueTests {
    /// A read file of `count` submissions.
    static func read(_ index: Int, submissions count: Int) -> ReadFile {
        let path = "f\(index).xml"
        let submissions = (0..<count).map { n in
            Submission(
                id: "\(index)-\(n)", location: SourceLocation(file: path, line: n + 1), format: .nativeXML, country: "FRA",
                countryGiven: "FRA", round: "2026", status: .accepted, answers: [], answersSeen: 0, diagnostics: [])
        }
        let report = FileReport(
            file: SourceFile(path: path, sha256: "", bytes: 1, format: .nativeXML), accounting: Accounting(), diagnostics: [])
        return ReadFile(result: FileResult(report: report, submissions: submissions), cacheEntry: nil, reused: false)
    }

    /// A worker on its own thread (a serial queue), claiming and finishing files of `sizes`.
    final class Worker: @unchecked Sendable {
        let queue: ReadAheadQueue
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var claimed = 0

        init(_ queue: ReadAheadQueue, sizes: [Int], label: String = "read-ahead-test") {
            self.queue = queue
            DispatchQueue(label: label).async {
                while let index = queue.claim() {
                    queue.finish(index, ReadAheadQueueTests.read(index, submissions: sizes[index]))
                    self.lock.lock()
                    self.claimed = index + 1
                    self.lock.unlock()
                }
                self.done.signal()
            }
        }

        var count: Int {
            lock.lock()
            defer { lock.unlock() }
            return claimed
        }

        /// The files claimed once the worker, having claimed at least `least`, waits in claim()
        /// for the consumer (or after 20 s: then the count it got to).
        func stopped(atLeast least: Int = 1) -> Int {
            for _ in 0..<20_000 where queue.workersWaiting == 0 || count < least { Thread.sleep(forTimeInterval: 0.001) }
            #expect(queue.workersWaiting == 1, "the worker went on waiting for the consumer")
            return count
        }

        func finish() {
            queue.cancel()
            done.wait()
        }
    }

    /// How far one worker gets ahead of a consumer that takes nothing.
    static func claimedAhead(sizes: [Int], window: Int) -> Int {
        let worker = Worker(ReadAheadQueue(count: sizes.count, window: window, progress: nil), sizes: sizes)
        defer { worker.finish() }
        return worker.stopped()
    }

    @Test func filesOfOneSubmissionGoOnPastTheWindow() {
        // 6,000 one-respondent files: the worker reads past the 32-file window up to the
        // submission bound (the files it holds), not further.
        let ahead = Self.claimedAhead(sizes: Array(repeating: 1, count: 6000), window: 32)
        #expect(ahead == ReadAheadQueue.submissionWindow)
    }

    @Test func largeFilesStopAtTheWindowOrTheBound() {
        // Files of a thousand respondents: the 32-file window would hold 32,000 submissions;
        // past the bound the worker stops (the file that crosses it is the last).
        #expect(Self.claimedAhead(sizes: Array(repeating: 1000, count: 100), window: 32) == 32)
        #expect(Self.claimedAhead(sizes: Array(repeating: 1000, count: 100), window: 2) == 5)
        // Files without submissions (reports only) never pass the file limit.
        #expect(Self.claimedAhead(sizes: Array(repeating: 0, count: 10_000), window: 32) == ReadAheadQueue.filesAheadLimit)
    }

    @Test func whatTheQueueHoldsIsBoundedWhateverTheFilesSizes() {
        // The class of the bug a 32-file window had (32 CSV exports of a thousand respondents:
        // 32,000 submissions held at the start of a 50,000-respondent run): for files of any
        // sizes, the worker stops once the files it read hold the bound, the file that crossed
        // it being the last, unless it is within the window (the consumer's next files).
        var generator = SystemRandomNumberGenerator()
        let shapes: [(String, () -> Int)] = [
            ("exports", { 1000 }), ("large exports", { 20_000 }), ("mixed", { Bool.random(using: &generator) ? 1 : 2500 }),
            ("any", { Int.random(in: 0...3000, using: &generator) }), ("reports and one-respondent files", { Int.random(in: 0...1, using: &generator) }),
        ]
        for (name, size) in shapes {
            for window in [1, 2, 4] {
                let sizes = (0..<9000).map { _ in size() }
                let ahead = Self.claimedAhead(sizes: sizes, window: window)
                let beforeLast = sizes[..<(ahead - 1)].reduce(0, +)
                let held = beforeLast + sizes[ahead - 1]
                #expect(
                    ahead <= window || beforeLast < ReadAheadQueue.submissionWindow,
                    "\(name), window \(window): claimed \(ahead) files holding \(beforeLast) submissions before the last")
                #expect(
                    held < ReadAheadQueue.submissionWindow + (sizes[..<ahead].max() ?? 0) * window + 1,
                    "\(name), window \(window): \(held) submissions held")
                #expect(ahead <= ReadAheadQueue.filesAheadLimit)
                // And it went as far as the bound allows: stopped at the bound, the window or the file limit.
                #expect(
                    held >= ReadAheadQueue.submissionWindow || ahead == window || ahead == ReadAheadQueue.filesAheadLimit
                        || ahead == sizes.count,
                    "\(name), window \(window): stopped early at \(ahead) files, \(held) submissions")
            }
        }
    }

    @Test func aRunReadsAheadOneFilePerWorkerPastTheBound() {
        // The pipeline's queue: its window is the number of workers, not 32 files.
        #expect(Pipeline.readAheadWindow(workers: 2) == 2)
        #expect(Pipeline.readAheadWindow(workers: 1) == 1)
        #expect(Pipeline.readAheadWindow(workers: 8, window: 32) == 32)
    }

    @Test func filesTakenLetTheWorkersGoOnByWhatTheyHeld() async {
        // Taken blocking (take) and suspended (next): each file taken gives back its submissions.
        let sizes = Array(repeating: 1, count: 6000)
        let queue = ReadAheadQueue(count: sizes.count, window: 32, progress: nil)
        let worker = Worker(queue, sizes: sizes)
        #expect(worker.stopped() == ReadAheadQueue.submissionWindow)
        for index in 0..<100 { _ = queue.take(index) }
        #expect(worker.stopped(atLeast: ReadAheadQueue.submissionWindow + 100) == ReadAheadQueue.submissionWindow + 100)
        for index in 100..<250 { _ = await queue.next(index) }
        #expect(worker.stopped(atLeast: ReadAheadQueue.submissionWindow + 250) == ReadAheadQueue.submissionWindow + 250)
        worker.finish()
    }

    @Test func anAsyncConsumerWaitingForAFileGetsIt() async {
        // The consumer asks before the file is read (the continuation the worker resumes).
        let sizes = (0..<400).map { $0 % 50 == 0 ? 300 : 1 }
        let queue = ReadAheadQueue(count: sizes.count, window: 4, progress: nil)
        var counts: [Int] = []
        let starter = DispatchSemaphore(value: 0)
        DispatchQueue(label: "read-ahead-test-late").async {
            starter.wait()
            while let index = queue.claim() { queue.finish(index, Self.read(index, submissions: sizes[index])) }
        }
        starter.signal()
        for index in sizes.indices { counts.append(await queue.next(index).result.submissions.count) }
        #expect(counts == sizes)
    }

    @Test func theConsumerGetsEveryFileInOrder() {
        let sizes = (0..<3000).map { $0 % 97 == 0 ? 900 : 1 }
        let queue = ReadAheadQueue(count: sizes.count, window: 8, progress: nil)
        let group = DispatchGroup()
        for worker in 0..<3 {
            DispatchQueue(label: "read-ahead-test-\(worker)").async(group: group) {
                while let index = queue.claim() { queue.finish(index, Self.read(index, submissions: sizes[index])) }
            }
        }
        var counts: [Int] = []
        for index in sizes.indices { counts.append(queue.take(index).result.submissions.count) }
        group.wait()
        #expect(counts == sizes)
    }
}
