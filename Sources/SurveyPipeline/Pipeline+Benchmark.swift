public import Foundation
import SurveyModel

/// The benchmark's entry point (`legisurvey-bench extract`, BENCHMARKS.md): extract and transform
/// alone, without the store. Not API for pipelines: `@_spi(Benchmark)`.
extension Pipeline {
    /// What ``extractAndTransform(folder:paths:keepCache:workers:)`` read.
    @_spi(Benchmark) public struct ReadCounts: Sendable {
        public var files = 0
        public var bytes = 0
        public var submissions = 0
        /// Accepted before revisions are resolved (the benchmark's inboxes have none).
        public var accepted = 0

        public init() {}
    }

    /// Extract and transform only, streamed as `run` streams them into the store (each file's
    /// result, with the cache entry `run` would store when `keepCache`, is dropped once counted),
    /// over files given by path inside `folder`.
    @_spi(Benchmark) public func extractAndTransform(folder: URL, paths: [String], keepCache: Bool = true, workers: Int? = nil)
        -> ReadCounts
    {
        var counts = ReadCounts()
        readAhead(
            paths.map { (folder.appendingPathComponent($0).path, $0) }, fingerprint: definitionsFingerprint(), keepCache: keepCache,
            workers: workers
        ) { read in
            counts.files += 1
            counts.bytes += read.result.report.file.bytes
            counts.submissions += read.result.submissions.count
            counts.accepted += read.result.submissions.filter { $0.status == .accepted }.count
        }
        return counts
    }
}
