// legisurvey-bench: the in-process half of `make bench` (Benchmarks/bench.py runs the rest).
//
//   legisurvey-bench limits  --pipeline P --input DIR [--repeat N]
//       For the XML files and for the CSV files of the inbox separately: the raw parser's time
//       over them (libxml2 SAX / libcsv, no work per record: Benchmarks/RawParsers), on one core
//       and on every core (files shared out as LegiSurvey does), and LegiSurvey's extract +
//       transform over the same files, as `run` does it. Best of N (default 3) each, same process.
//   legisurvey-bench extract --pipeline P --input DIR
//       Extract + transform of the whole inbox once, streamed as `run` streams it, without the
//       store (bench.py measures the process's wall time and peak memory).
//
// Prints one JSON object per line.
import BenchRawParsers
import Dispatch
import Foundation

import SurveyDefinitions
import SurveyExtract
@_spi(Benchmark) import SurveyPipeline

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("legisurvey-bench: \(message)\n".utf8))
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first, ["limits", "extract"].contains(mode) else {
    fail("usage: legisurvey-bench limits|extract --pipeline FILE --input DIR [--repeat N]")
}
func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
guard let pipelinePath = option("--pipeline", in: arguments), let inputPath = option("--input", in: arguments) else { fail("--pipeline and --input are required") }
let repeats = Int(option("--repeat", in: arguments) ?? "3") ?? 3
let input = URL(fileURLWithPath: inputPath).standardizedFileURL
let pipeline: Pipeline
do {
    pipeline = Pipeline(definitions: try PipelineDefinitions.load(path: pipelinePath, input: inputPath))
} catch { fail("\(error)") }
let files = (try? InboxWalk.dataFiles(in: input)) ?? []
let cores = ProcessInfo.processInfo.activeProcessorCount

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func json(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// Raw parse of `paths` on `threads` threads, files handed out one at a time.
func raw(_ paths: [String], in folder: URL, xml: Bool, threads: Int) -> raw_counts {
    let lock = NSLock()
    nonisolated(unsafe) var next = 0
    nonisolated(unsafe) var total = raw_counts()
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
        var counts = raw_counts()
        while true {
            lock.lock()
            let index = next
            next += 1
            lock.unlock()
            guard index < paths.count else { break }
            let path = folder.appendingPathComponent(paths[index]).path
            if xml { raw_sax_file(path, 64 * 1024, &counts) } else { raw_csv_file(path, 64 * 1024, &counts) }
        }
        lock.lock()
        total.bytes += counts.bytes
        total.records += counts.records
        total.values += counts.values
        total.errors += counts.errors
        lock.unlock()
    }
    return total
}

switch mode {
case "extract":
    var counts = Pipeline.ReadCounts()
    let time = seconds { counts = pipeline.extractAndTransform(folder: input, paths: files) }
    json([
        "mode": "extract", "seconds": time, "files": counts.files, "submissions": counts.submissions,
        "accepted": counts.accepted, "bytes": counts.bytes,
    ])
default:
    for (name, xml) in [("xml", true), ("csv", false)] {
        let paths = files.filter { $0.lowercased().hasSuffix(xml ? ".xml" : ".csv") }
        guard !paths.isEmpty else { continue }
        var counts = raw_counts()
        let rawOne = (0..<repeats).map { _ in seconds { counts = raw(paths, in: input, xml: xml, threads: 1) } }.min()!
        let rawAll = (0..<repeats).map { _ in seconds { _ = raw(paths, in: input, xml: xml, threads: cores) } }.min()!
        var accepted = 0
        var submissions = 0
        let ours = (0..<repeats).map { _ in
            seconds {
                let counts = pipeline.extractAndTransform(folder: input, paths: paths)
                accepted = counts.accepted
                submissions = counts.submissions
            }
        }.min()!
        let oursOne = (0..<repeats).map { _ in
            seconds { _ = pipeline.extractAndTransform(folder: input, paths: paths, workers: 1) }
        }.min()!
        json([
            "mode": "limits", "path": name, "files": paths.count, "bytes": Int(counts.bytes), "parse_errors": Int(counts.errors),
            "records": Int(counts.records), "submissions": submissions, "accepted": accepted, "cores": cores,
            "raw_seconds_1core": rawOne, "raw_seconds_all_cores": rawAll, "legisurvey_seconds": ours,
            "legisurvey_seconds_1core": oursOne,
        ])
    }
}
