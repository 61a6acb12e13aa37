import Foundation
import SurveyDefinitions
import SurveyExtract
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// A reader defined here, outside the package's production code, registered through the public
/// registry: JSON lines (`.jsonl`), one submission per line,
/// `{"country": "BRA", "round": "2026", "answers": {"ch3_specific_law": "yes"}}`.
/// It passes the reader conformance suite and a whole pipeline run reads it beside a CSV file.
struct JSONLinesReader: SubmissionReader {
    static let format = SourceFormat(rawValue: "json-lines")!

    /// A deliberate mistake, to see the conformance suite catch it.
    enum Flaw: Sendable { case stumblesOnBOM, ignoresValueLimit, invents, dependsOnChunks, noLines }
    var flaw: Flaw?

    var name: String { "JSON lines" }
    var extensions: [String] { ["jsonl"] }
    var formats: [SourceFormat] { [Self.format] }
    var selectableFormats: [SourceFormat] { [Self.format] }

    func read(_ input: SubmissionInput, _ submit: (RawSubmission) -> Void) -> ReaderResult {
        var state = State(path: input.path, limits: input.limits, flaw: flaw)
        while let chunk = input.next() {
            if flaw == .dependsOnChunks && chunk.count < 64 {
                state.diagnostics.append(Diagnostic(.recordMalformed, at: SourceLocation(file: input.path), detail: "small chunk"))
            }
            // Lines are cut at each newline; a line's bytes are parsed when it is complete.
            var start = 0
            for index in chunk.indices where chunk[index] == UInt8(ascii: "\n") {
                state.line.append(contentsOf: chunk[start..<index])
                state.finishLine(submit)
                start = index + 1
            }
            state.line.append(contentsOf: chunk[start...])
            if state.refused { break }
        }
        if !state.line.isEmpty { state.finishLine(submit) }
        if !state.sawText && !state.refused {
            state.diagnostics.append(Diagnostic(.fileUnreadable, at: SourceLocation(file: input.path), detail: "the file is empty"))
        }
        return ReaderResult(format: Self.format, diagnostics: state.diagnostics)
    }

    private struct State {
        let path: String
        let limits: InputLimits
        let flaw: Flaw?
        var line: [UInt8] = []
        var lineNumber = 0
        var ordinal = 0
        var sawText = false
        var refused = false
        var diagnostics: [Diagnostic] = []

        init(path: String, limits: InputLimits, flaw: Flaw?) {
            self.path = path
            self.limits = limits
            self.flaw = flaw
        }

        mutating func finishLine(_ submit: (RawSubmission) -> Void) {
            lineNumber += 1
            defer { line.removeAll(keepingCapacity: true) }
            guard !refused else { return }
            var bytes = line[...]
            if lineNumber == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                if flaw == .stumblesOnBOM { return }
                bytes = bytes.dropFirst(3)
            }
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            guard bytes.contains(where: { ![0x20, 0x09].contains($0) }) else { return }
            sawText = true
            let here = flaw == .noLines ? SourceLocation(file: path) : SourceLocation(file: path, line: lineNumber, column: 1)
            func malformed(_ detail: String) {
                diagnostics.append(Diagnostic(.recordMalformed, at: here, detail: detail))
                if flaw == .invents {
                    ordinal += 1
                    submit(
                        RawSubmission(
                            location: here, format: JSONLinesReader.format, ordinal: ordinal, country: RawValue("FRA", at: here),
                            answers: [RawAnswer(field: "ch3_specific_law", values: ["yes"], location: here)]))
                }
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                return malformed("not a JSON object")
            }
            guard let country = object["country"] as? String else { return malformed("no \"country\" string") }
            let round = object["round"] as? String
            let answers = object["answers"] as? [String: String] ?? [:]
            for value in [country, round ?? ""] + answers.flatMap({ [$0.key, $0.value] })
            where value.utf8.count > limits.maxValueBytes && flaw != .ignoresValueLimit {
                diagnostics.append(
                    Diagnostic(.valueTooLarge, at: here, expected: "at most \(limits.maxValueBytes) bytes", found: "\(value.utf8.count) bytes"))
                refused = true
                return
            }
            ordinal += 1
            submit(
                RawSubmission(
                    location: here, format: JSONLinesReader.format, ordinal: ordinal, country: RawValue(country, at: here),
                    round: round.map { RawValue($0, at: here) },
                    answers: answers.sorted { $0.key < $1.key }.map { RawAnswer(field: $0.key, values: [$0.value], location: here) }))
        }
    }

    /// The conformance suite's sample maker: one JSON object per line.
    @Sendable static func write(_ submissions: [ConformanceSubmission]) -> [UInt8] {
        var bytes: [UInt8] = []
        for submission in submissions {
            let object: [String: Any] = [
                "country": submission.country, "round": submission.round,
                "answers": Dictionary(submission.answers.map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first }),
            ]
            bytes += (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { [UInt8]($0) } ?? []
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}

@Suite struct ToyReaderTests {
    @Test func jsonLinesReaderConforms() {
        ReaderConformance(JSONLinesReader(), write: JSONLinesReader.write).run()
    }

    /// The suite is not a formality: each deliberate mistake fails the check meant to catch it.
    @Test(arguments: [
        (JSONLinesReader.Flaw.stumblesOnBOM, "encodings"), (.ignoresValueLimit, "limits"), (.invents, "truncation"),
        (.dependsOnChunks, "determinism"), (.noLines, "positions"),
    ])
    func conformanceCatchesFlaws(_ flaw: JSONLinesReader.Flaw, _ check: String) {
        let conformance = ReaderConformance(JSONLinesReader(flaw: flaw), write: JSONLinesReader.write)
        withKnownIssue("\(flaw) must fail the \(check) check") {
            switch check {
            case "encodings": conformance.checkEncodings()
            case "limits": conformance.checkLimits()
            case "truncation": conformance.checkTruncation()
            case "determinism": conformance.checkDeterminism()
            default: conformance.checkPositions()
            }
        }
    }

    /// A whole run over an inbox with a .jsonl file and a .csv: the toy reader's submissions are
    /// read, accounted for and counted in statistics.csv.
    @Test func wholeRunReadsTheToyFormat() async throws {
        let folder = Fixtures.temporaryFolder("toy-reader")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write(
            [
                "a.jsonl": """
                    {"country": "BRA", "round": "2026", "answers": {"ch3_specific_law": "yes", "ch3_reform_year": "2019"}}
                    {"country": "France", "round": "2026", "answers": {"ch3_specific_law": "no"}}
                    not json

                    """,
                "b.csv": "country,round,ch3_specific_law\nKEN,2026,yes\n",
            ], in: input)
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: input, output: output,
            extra: "files:\n  - pattern: \"*.jsonl\"\n    format: json-lines\n")
        let readers = try ReaderRegistry.standard.registering(JSONLinesReader())
        // Without the reader, the pipeline file's format is refused.
        #expect(throws: (any Error).self) { try PipelineConfiguration.load(path: pipelineFile.path) }

        let configuration = try PipelineConfiguration.load(path: pipelineFile.path, readers: readers)
        let pipeline = try Pipeline(configuration: configuration)
        #expect(pipeline.readers.reader(forExtension: "jsonl")?.name == "JSON lines")
        let summary = try await pipeline.run()

        let toy = try #require(summary.files.first { $0.file.path == "a.jsonl" })
        #expect(toy.file.format == JSONLinesReader.format)
        #expect(toy.accounting.submissionsSeen == 2 && toy.accounting.accepted == 2)
        #expect(toy.diagnostics.map(\.code) == [.recordMalformed])
        #expect(toy.diagnostics.first?.location.line == 3)
        #expect(summary.total.submissionsSeen == 3 && summary.total.accepted == 3)
        #expect(summary.total.isBalanced)

        // statistics.csv counts the three countries: two from the .jsonl file, one from the .csv.
        let text = try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8)
        let rows = text.split(whereSeparator: \.isNewline).map { $0.components(separatedBy: ",") }
        let header = try #require(rows.first)
        #expect(Array(header.prefix(8)) == ["round", "chapter", "question_id", "option", "group_type", "group_code", "n_responding", "n_option"])
        let world = rows.filter { $0.count > 8 && $0[2] == "ch3_specific_law" && $0[4] == "world" }
        #expect(world.first { $0[3] == "yes" }?[7] == "2", "\(world)")
        #expect(world.first { $0[3] == "no" }?[7] == "1", "\(world)")
        #expect(!world.isEmpty && world.allSatisfy { $0[6] == "3" }, "\(world)")
    }

    /// Adding a reader re-reads files a run with the standard readers had cached as unknown.
    @Test func registeringAReaderInvalidatesTheCache() async throws {
        let folder = Fixtures.temporaryFolder("toy-reader-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write(
            [
                "a.jsonl": "{\"country\": \"BRA\", \"answers\": {\"ch3_specific_law\": \"yes\"}}\n",
                "b.csv": "country,round,ch3_specific_law\nKEN,2026,yes\n",
            ], in: input)
        let configuration = try PipelineConfiguration.load(path: try Fixtures.pipelineFile(in: folder, input: input, output: output).path)

        let standard = try await Pipeline(configuration: configuration).run()
        let unknown = try #require(standard.files.first { $0.file.path == "a.jsonl" })
        #expect(unknown.diagnostics.map(\.code) == [.fileFormatUnknown])
        #expect(unknown.diagnostics.first?.expected == ".xml, .csv, .zip or .xlsx")
        #expect(standard.total.accepted == 1)

        let readers = try ReaderRegistry.standard.registering(JSONLinesReader())
        let pipeline = try Pipeline(configuration: configuration, readers: readers)
        #expect(pipeline.readers.extensions == ["xml", "csv", "zip", "xlsx", "jsonl"])
        let extended = try await pipeline.run()
        let toy = try #require(extended.files.first { $0.file.path == "a.jsonl" })
        #expect(toy.diagnostics.isEmpty)
        #expect(toy.accounting.accepted == 1)
        #expect(extended.total.accepted == 2 && extended.total.isBalanced)
    }
}
