// The read-ahead queue between the workers and the stream's consumer: files handed over in
// order, the workers never more than `window` files ahead unless the files they hold carry fewer
// than `submissionWindow` submissions (a batch of many one-respondent files keeps both cores
// busy behind a large CSV export), and never past that.
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

    /// Claims every file it may, as the workers would, without the consumer taking any: how far
    /// the workers get ahead.
    static func claimedAhead(sizes: [Int], window: Int) -> Int {
        let queue = ReadAheadQueue(count: sizes.count, window: window, progress: nil)
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var claimed = 0
            var value: Int {
                lock.lock()
                defer { lock.unlock() }
                return claimed
            }
        }
        let box = Box()
        // A serial queue of its own (a thread of its own, whatever the tests running beside).
        DispatchQueue(label: "read-ahead-test").async {
            while let index = queue.claim() {
                queue.finish(index, read(index, submissions: sizes[index]))
                box.lock.lock()
                box.claimed = index + 1
                box.lock.unlock()
            }
            done.signal()
        }
        // Until the worker stops claiming (it waits in claim()): the count still for 0.2 s.
        var last = -1
        for _ in 0..<100 {
            Thread.sleep(forTimeInterval: 0.2)
            let now = box.value
            if now == last, now > 0 { break }
            last = now
        }
        queue.cancel()
        done.wait()
        return box.value
    }

    @Test func filesOfOneSubmissionGoOnPastTheWindow() {
        // 5,000 one-respondent files: the worker reads past the 32-file window up to the
        // submission bound (the files it holds), not further.
        let ahead = Self.claimedAhead(sizes: Array(repeating: 1, count: 6000), window: 32)
        #expect(ahead == ReadAheadQueue.submissionWindow)
    }

    @Test func largeFilesStopAtTheWindowOrTheBound() {
        // Files of a thousand respondents: the 32-file window would hold 32,000 submissions;
        // past the bound the worker stops (the file that crosses it is the last).
        #expect(Self.claimedAhead(sizes: Array(repeating: 1000, count: 100), window: 32) == 32)
        #expect(Self.claimedAhead(sizes: Array(repeating: 1000, count: 100), window: 2) == 5)
        // Empty files (reports only) never pass the file limit.
        #expect(Self.claimedAhead(sizes: Array(repeating: 0, count: 10_000), window: 32) == ReadAheadQueue.filesAheadLimit)
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
