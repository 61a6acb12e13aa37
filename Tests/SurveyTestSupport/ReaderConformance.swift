// The reader conformance suite: what every `SubmissionReader` must do, checked with Swift
// Testing's #expect from any test target. The reader's test supplies a sample maker (how to write
// a valid file holding given submissions); the suite generates every input from it.
public import Foundation
public import SurveyExtract
public import SurveyModel
import SurveyTransform
public import Testing

/// One submission a sample maker writes: a country, a round and answers, in order.
public struct ConformanceSubmission: Sendable, Equatable {
    public struct Answer: Sendable, Equatable {
        public var field: String
        public var value: String

        public init(_ field: String, _ value: String) {
            self.field = field
            self.value = value
        }
    }

    public var country: String
    public var round: String
    public var answers: [Answer]

    public init(country: String, round: String, answers: [Answer]) {
        self.country = country
        self.round = round
        self.answers = answers
    }
}

/// One answer inside repeats that a sample maker writes: the repeat ids from the outside in, the
/// 1-based occurrence at each, the question's local id and the value (`laws[2]/amendments[1]/year`
/// is `["laws", "amendments"]`, `[2, 1]`, `year`).
public struct ConformanceRepeatAnswer: Sendable, Hashable, CustomStringConvertible {
    public var groups: [String]
    public var positions: [Int]
    public var field: String
    public var value: String

    public init(_ groups: [String], _ positions: [Int], _ field: String, _ value: String) {
        self.groups = groups
        self.positions = positions
        self.field = field
        self.value = value
    }

    public var description: String {
        zip(groups, positions).map { "\($0)[\($1)]" }.joined(separator: "/") + "/\(field)=\(value)"
    }
}

/// An encoding a reader declares it reads besides UTF-8: how a UTF-8 sample is re-encoded, and
/// the per-file options that go with it (a declared encoding, or none when the reader sniffs it).
public struct ConformanceEncoding: Sendable {
    public var name: String
    public var options: ReadOptions
    /// The sample's UTF-8 bytes in this encoding; nil when the sample cannot be written in it.
    public var encode: @Sendable ([UInt8]) -> [UInt8]?

    public init(_ name: String, options: ReadOptions = ReadOptions(), encode: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
        self.name = name
        self.options = options
        self.encode = encode
    }

    /// UTF-16 little-endian with its byte-order mark.
    public static let utf16LEWithBOM = ConformanceEncoding("UTF-16LE with BOM") { bytes in
        [0xFF, 0xFE] + String(decoding: bytes, as: UTF8.self).utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// Windows-1252 (no mark), read as the pipeline's default fallback encoding; nil when the
    /// sample holds a character outside it.
    public static let windows1252Fallback = ConformanceEncoding("windows-1252 (fallback)") { bytes in
        String(decoding: bytes, as: UTF8.self).data(using: .windowsCP1252).map { [UInt8]($0) }
    }
}

/// The reader conformance suite (docs/extending-readers.md): a reader and how to write its files,
/// and the checks every registered reader must pass.
///
/// ```swift
/// @Test func jsonLinesConforms() {
///     ReaderConformance(JSONLinesReader()) { submissions in /* the file's bytes */ }.run()
/// }
/// ```
///
/// Each check is public on its own (``checkPositions()`` …) and ``run()`` runs them all. A check
/// failing is an `#expect` failing in the calling test, with the check's name and the input in the
/// message.
public struct ReaderConformance: Sendable, CustomTestStringConvertible {
    /// What the suite also checks, for readers it applies to.
    public struct Checks: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// An XML reader: a DOCTYPE refuses the file, and so does nesting deeper than
        /// `InputLimits.maxXMLDepth`.
        public static let xml = Checks(rawValue: 1)
        /// A record with more fields than `InputLimits.maxColumns` refuses the file.
        public static let fieldsPerRecord = Checks(rawValue: 2)
    }

    /// The test's name for this reader and layout ("CSV, long layout").
    public var name: String
    public var reader: any SubmissionReader
    /// The extension of the files written (default: the reader's first).
    public var fileExtension: String
    /// Writes a valid file (UTF-8, no byte-order mark) holding `submissions`, in order.
    public var write: @Sendable ([ConformanceSubmission]) -> [UInt8]
    /// Per-file options every sample is read with (e.g. a declared format).
    public var options: ReadOptions
    /// At most this many submissions in one file (an XForm instance holds one).
    public var submissionsPerFile: Int
    /// True for a text format: positions are lines of the written bytes, a byte-order mark may
    /// start the file, truncation cuts at character boundaries. False for a binary format (an
    /// archive): positions are only checked to be there, and no byte-order mark is prepended.
    public var isText: Bool
    /// Encodings besides UTF-8 (with and without a byte-order mark) the reader reads.
    public var encodings: [ConformanceEncoding]
    public var checks: Checks
    /// Writes a valid file holding one submission and answers inside repeats (nil for a layout
    /// that cannot carry repeats, the wide CSV layouts).
    public var writeRepeats: (@Sendable (ConformanceSubmission, [ConformanceRepeatAnswer]) -> [UInt8])?

    public init(
        _ reader: some SubmissionReader, name: String? = nil, fileExtension: String? = nil, options: ReadOptions = ReadOptions(),
        submissionsPerFile: Int = 3, isText: Bool = true, encodings: [ConformanceEncoding] = [], checks: Checks = [],
        writeRepeats: (@Sendable (ConformanceSubmission, [ConformanceRepeatAnswer]) -> [UInt8])? = nil,
        write: @escaping @Sendable ([ConformanceSubmission]) -> [UInt8]
    ) {
        self.writeRepeats = writeRepeats
        self.reader = reader
        self.name = name ?? reader.name
        self.fileExtension = fileExtension ?? reader.extensions.first ?? "data"
        self.options = options
        self.submissionsPerFile = submissionsPerFile
        self.isText = isText
        self.encodings = encodings
        self.checks = checks
        self.write = write
    }

    public var testDescription: String { name }

    /// Every check.
    public func run() {
        checkRegistration()
        checkValidSample()
        checkPositions()
        checkEncodings()
        checkEmptyFiles()
        checkLimits()
        checkHostileInput()
        checkTruncation()
        checkAccounting()
        checkDeterminism()
        checkRepeats()
    }

    /// The repeat answers of the repeat samples: `laws` occurring `count` times (title and year
    /// adopted each), and, with 3, a nested `amendments` repeat twice in the second law and once
    /// in the third.
    public static func repeatAnswers(laws count: Int) -> [ConformanceRepeatAnswer] {
        var answers: [ConformanceRepeatAnswer] = []
        for law in 0..<count {
            answers.append(.init(["laws"], [law + 1], "title", "Loi n° 20\(10 + law)-12 — «cyber» \(law + 1)"))
            answers.append(.init(["laws"], [law + 1], "year_adopted", "\(2010 + law)"))
        }
        if count == 3 {
            answers.append(.init(["laws", "amendments"], [2, 1], "year", "2019"))
            answers.append(.init(["laws", "amendments"], [2, 2], "year", "2021"))
            answers.append(.init(["laws", "amendments"], [3, 1], "year", "2024"))
        }
        return answers
    }

    /// The project questionnaire with a nested repeat in `laws`: `amendments`, one `year` each
    /// (the repeat samples' nested answers).
    public static let repeatQuestionnaire: Questionnaire = {
        var questionnaire = Fixtures.questionnaire
        guard let at = questionnaire.repeats.firstIndex(where: { $0.id == "laws" }),
            let year = questionnaire.repeats[at].question(id: "year_adopted")
        else { return questionnaire }
        var amendmentYear = year
        amendmentYear.id = "year"
        questionnaire.repeats[at].repeats = [
            RepeatGroup(id: "amendments", chapter: year.chapter, label: year.label, questions: [amendmentYear])
        ]
        return questionnaire
    }()

    /// A reading's submissions through Transform with ``repeatQuestionnaire`` (as a run takes one
    /// file), revisions resolved.
    public func acceptRepeats(_ reading: Reading) -> [Submission] {
        let transformer = Transformer(
            questionnaire: Self.repeatQuestionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: Fixtures.rounds)
        var submissions = transformer.transform(file: reading.submissions, format: reading.file.file.format)
        Transformer.resolveRevisions(&submissions)
        return submissions
    }

    /// A file with 0, 1 and 3 occurrences of a repeat (and a nested repeat) reads back with each
    /// answer's groups, positions, field and value; the ordinary answers stay outside every group.
    /// Through Transform, the submission is accepted with every repeat answer kept under its path
    /// (`laws[1]` … `laws[3]`, `laws[2]/amendments[1]`).
    public func checkRepeats() {
        guard let writeRepeats else { return }
        let submission = Self.submissions(1)[0]
        for count in [0, 1, 3] {
            let expected = Self.repeatAnswers(laws: count)
            let bytes = writeRepeats(submission, expected)
            let reading = read(bytes)
            #expect(reading.submissions.count == 1, "\(name): \(count) laws: \(reading)")
            #expect(Self.errors(reading).isEmpty, "\(name): \(count) laws: \(reading)")
            guard let got = reading.submissions.first else { continue }
            #expect(got.diagnostics.isEmpty, "\(name): \(count) laws: \(got.diagnostics.map(\.message))")
            let repeated = got.answers.filter { $0.groups.first == "laws" }
            let found = repeated.map { answer in
                ConformanceRepeatAnswer(
                    answer.groups, answer.groups.indices.map { answer.position(ofGroup: $0) }, answer.field,
                    answer.values.joined(separator: " ").trimmingCharacters(in: .whitespaces))
            }
            #expect(
                found.sorted { $0.description < $1.description } == expected.sorted { $0.description < $1.description },
                "\(name): \(count) laws read back as \(found)")
            for answer in repeated {
                #expect(answer.location.file == path && (answer.location.line ?? 0) >= 1, "\(name): \(answer.field) at \(answer.location)")
            }
            let ordinary = got.answers.filter { $0.groups.isEmpty }.map(\.field)
            for answer in submission.answers {
                #expect(ordinary.contains(answer.field), "\(name): \(count) laws: \(answer.field) not read outside the repeats")
            }
            let accepted = acceptRepeats(reading)
            #expect(accepted.map(\.status) == [.accepted], "\(name): \(count) laws: \(accepted.map { ($0.status, $0.diagnostics.map(\.message)) })")
            if let submission = accepted.first {
                #expect(submission.diagnostics.isEmpty, "\(name): \(count) laws: \(submission.diagnostics.map(\.message))")
                let kept = submission.repeatAnswers.map { answer -> String in
                    let value: String
                    switch answer.value {
                    case .text(let text): value = text
                    case .number(let number): value = "\(Int(number))"
                    default: value = "\(answer.value)"
                    }
                    return "\(answer.field)=\(value)"
                }
                let wanted = expected.map { answer in
                    zip(answer.groups, answer.positions).map { "\($0)[\($1)]" }.joined(separator: "/") + "/\(answer.field)=\(answer.value)"
                }
                #expect(kept.sorted() == wanted.sorted(), "\(name): \(count) laws after Transform: \(kept)")
                #expect(
                    Set(submission.repeatAnswers.compactMap { $0.path?.steps.first.map { "laws[\($0.index)]" } })
                        == Set((0..<count).map { "laws[\($0 + 1)]" }), "\(name): \(count) laws: occurrences")
            }
            #expect(readFile(bytes) == reading, "\(name): \(count) laws: read from disk differs from memory")
            #expect(read(bytes, chunkSize: 7) == reading, "\(name): \(count) laws: depends on the chunk size")
        }
    }

    // MARK: Samples

    /// The submissions written: real question ids and choice codes of the project questionnaire
    /// (so a valid sample is accepted whole), a country by name with non-ASCII letters, an answer
    /// text with non-ASCII punctuation.
    public static func submissions(_ count: Int) -> [ConformanceSubmission] {
        let questionnaire = Fixtures.questionnaire
        let law = questionnaire.questions.first { $0.id == "ch3_specific_law" }?.choices.map(\.code) ?? ["yes"]
        let countries = ["BRA", "FRA", "Côte d'Ivoire", "KEN", "DEU"]
        return (0..<count).map { index in
            ConformanceSubmission(
                country: countries[index % countries.count], round: "2026",
                answers: [
                    .init("ch3_specific_law", law[index % law.count]),
                    .init("ch3_reform_year", "\(2015 + index)"),
                    .init("ch3_main_law", "Loi n° 20\(10 + index)-12 — «cybercriminalité» \(index + 1)"),
                ])
        }
    }

    var sampleCount: Int { min(3, max(1, submissionsPerFile)) }
    var path: String { "sample.\(fileExtension)" }

    /// What a reading gave: the submissions and the file's report.
    public struct Reading: Equatable, CustomStringConvertible {
        public var submissions: [RawSubmission]
        public var file: ExtractedFile
        public var description: String {
            "\(submissions.count) submissions, diagnostics \(file.diagnostics.map { "\($0.code.rawValue)@\($0.location)" })"
        }
    }

    /// Reads `bytes` through an Extractor whose only reader is this one.
    public func read(
        _ bytes: [UInt8], options: ReadOptions? = nil, chunkSize: Int = 64 * 1024, limits: InputLimits = InputLimits()
    ) -> Reading {
        var submissions: [RawSubmission] = []
        let file = extractor(chunkSize: chunkSize, limits: limits).extract(bytes: bytes, path: path, options: options ?? self.options) {
            submissions.append($0)
        }
        return Reading(submissions: submissions, file: file)
    }

    /// Reads `bytes` from a file on disk (the path a run takes: a second pass opens it again).
    public func readFile(_ bytes: [UInt8], limits: InputLimits = InputLimits()) -> Reading {
        let folder = Fixtures.temporaryFolder("conformance")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(path)
        var submissions: [RawSubmission] = []
        do { try Data(bytes).write(to: url) } catch { Issue.record("cannot write \(url.path): \(error)") }
        let file = extractor(limits: limits).extract(fileAt: url, path: path, options: options) { submissions.append($0) }
        return Reading(submissions: submissions, file: file)
    }

    func extractor(chunkSize: Int = 64 * 1024, limits: InputLimits = InputLimits()) -> Extractor {
        var readers = ReaderRegistry()
        do { try readers.register(reader) } catch { Issue.record("\(name): \(error)") }
        return Extractor(chunkSize: chunkSize, limits: limits, readers: readers)
    }

    /// A reading's content: per submission, country, round, then each answer's field and values.
    static func content(_ submission: RawSubmission) -> [String] {
        [submission.country?.text ?? "", submission.round?.text ?? ""]
            + submission.answers.flatMap { [$0.field] + $0.values }
    }

    static func errors(_ reading: Reading) -> [Diagnostic] {
        reading.file.diagnostics.filter { $0.severity == .error }
    }

    // MARK: Checks

    /// The reader claims an extension and declares the formats it reports.
    public func checkRegistration() {
        #expect(!reader.extensions.isEmpty, "\(name): claims no extension")
        #expect(reader.extensions.contains(fileExtension), "\(name): does not claim .\(fileExtension)")
        #expect(!reader.formats.isEmpty, "\(name): declares no format")
        #expect(!reader.formats.contains(.unknown), "\(name): .unknown is for unread files, not a format to declare")
        for format in reader.selectableFormats {
            #expect(reader.formats.contains(format), "\(name): selectable format \(format) is not among its formats")
        }
    }

    /// A valid file gives its submissions, in order, with every value written, in a declared
    /// format, without an error.
    public func checkValidSample() {
        let expected = Self.submissions(sampleCount)
        let reading = read(write(expected))
        #expect(reading.submissions.count == expected.count, "\(name): valid sample: \(reading)")
        #expect(Self.errors(reading).isEmpty, "\(name): valid sample: \(reading)")
        #expect(reader.formats.contains(reading.file.file.format), "\(name): reported format \(reading.file.file.format)")
        #expect(reading.file.submissionCount == reading.submissions.count)
        #expect(reading.submissions.map(\.ordinal) == Array(1..<(reading.submissions.count + 1)), "\(name): ordinals")
        for (submission, sample) in zip(reading.submissions, expected) {
            let values = Set(Self.content(submission).map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(values.contains(sample.country), "\(name): country \(sample.country) not read")
            for answer in sample.answers {
                #expect(values.contains(answer.value), "\(name): value \(answer.value) of \(answer.field) not read")
            }
            #expect(reader.formats.contains(submission.format), "\(name): submission format \(submission.format)")
            #expect(submission.ordinal >= 1)
        }
    }

    /// Every submission, country, round and answer says where it was read: the file, a line (or
    /// cell) and, for answers, a column; the line holds what was read there; submissions come in
    /// file order.
    public func checkPositions() {
        let bytes = write(Self.submissions(sampleCount))
        let reading = read(bytes)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func check(_ location: SurveyModel.SourceLocation, holds text: String?, needsColumn: Bool, _ what: String) {
            #expect(location.file == path, "\(name): \(what) at \(location): not the file read")
            guard let line = location.line, line >= 1 else {
                Issue.record("\(name): \(what) at \(location): no line")
                return
            }
            if needsColumn {
                #expect((location.column ?? 0) >= 1, "\(name): \(what) at \(location): no column")
            }
            guard isText else { return }
            guard line <= lines.count else {
                Issue.record("\(name): \(what) at \(location): past the last line (\(lines.count))")
                return
            }
            if let column = location.column {
                #expect(column <= lines[line - 1].utf8.count + 1, "\(name): \(what) at \(location): past the line's end")
            }
            if let text, !text.isEmpty {
                #expect(lines[line - 1].contains(text), "\(name): \(what) at \(location): line \(line) does not hold '\(text)'")
            }
        }
        // In file order: by line, then column (a transposed spreadsheet's submissions are columns).
        var previous = (0, 0)
        for submission in reading.submissions {
            check(submission.location, holds: nil, needsColumn: false, "submission \(submission.ordinal)")
            let place = (submission.location.line ?? 0, submission.location.column ?? 0)
            #expect(place > previous, "\(name): submission \(submission.ordinal) at \(place), after \(previous)")
            previous = place
            if let country = submission.country { check(country.location, holds: country.text, needsColumn: false, "country") }
            if let round = submission.round { check(round.location, holds: round.text, needsColumn: false, "round") }
            for answer in submission.answers {
                check(answer.location, holds: answer.values.first, needsColumn: true, "answer \(answer.field)")
            }
        }
        #expect(!reading.submissions.isEmpty, "\(name): positions: nothing read")
    }

    /// UTF-8 with and without a byte-order mark, and every encoding the reader declares, give the
    /// same submissions.
    public func checkEncodings() {
        let plain = write(Self.submissions(sampleCount))
        let expected = read(plain).submissions.map(Self.content)
        #expect(expected.count == sampleCount, "\(name): UTF-8: \(expected.count) submissions")
        if isText {
            let marked = read([0xEF, 0xBB, 0xBF] + plain)
            #expect(marked.submissions.map(Self.content) == expected, "\(name): UTF-8 with BOM: \(marked)")
            #expect(Self.errors(marked).isEmpty, "\(name): UTF-8 with BOM: \(marked)")
        }
        for encoding in encodings {
            guard let bytes = encoding.encode(plain) else {
                Issue.record("\(name): the sample cannot be written in \(encoding.name)")
                continue
            }
            let reading = read(bytes, options: encoding.options)
            #expect(reading.submissions.map(Self.content) == expected, "\(name): \(encoding.name): \(reading)")
            #expect(Self.errors(reading).isEmpty, "\(name): \(encoding.name): \(reading)")
        }
    }

    /// An empty file and a file holding only a byte-order mark give no submission and an error.
    public func checkEmptyFiles() {
        for (what, bytes) in [("empty file", [UInt8]()), ("BOM-only file", [0xEF, 0xBB, 0xBF])] {
            for reading in [read(bytes), readFile(bytes)] {
                #expect(reading.submissions.isEmpty, "\(name): \(what): \(reading)")
                #expect(!Self.errors(reading).isEmpty, "\(name): \(what): no error reported")
            }
        }
    }

    /// A file over `maxFileBytes` is not read; a value over `maxValueBytes` refuses the file; so
    /// do nesting over `maxXMLDepth` (XML readers) and a record with more fields than
    /// `maxColumns` (readers with a field limit).
    public func checkLimits() {
        let bytes = write(Self.submissions(sampleCount))
        var small = InputLimits()
        small.maxFileBytes = bytes.count - 1
        for reading in [read(bytes, limits: small), readFile(bytes, limits: small)] {
            #expect(reading.submissions.isEmpty, "\(name): file over the size limit: \(reading)")
            #expect(reading.file.diagnostics.map(\.code) == [.fileTooLarge], "\(name): file over the size limit: \(reading)")
        }

        var samples = Self.submissions(sampleCount)
        samples[samples.count - 1].answers[2].value = String(repeating: "x", count: 200)
        var values = InputLimits()
        values.maxValueBytes = 100
        expectRefused(read(write(samples), limits: values), "a value over maxValueBytes")

        if checks.contains(.fieldsPerRecord) {
            var wide = Self.submissions(sampleCount)
            wide[0].answers += (1...8).map { .init("extra_\($0)", "v\($0)") }
            var columns = InputLimits()
            columns.maxColumns = 6
            expectRefused(read(write(wide), limits: columns), "a record over maxColumns")
        }
        if checks.contains(.xml) {
            let deep = "<?xml version=\"1.0\"?>" + String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40)
            var depth = InputLimits()
            depth.maxXMLDepth = 16
            expectRefused(read(Array(deep.utf8), limits: depth), "nesting over maxXMLDepth")
        }
    }

    func expectRefused(_ reading: Reading, _ what: String) {
        #expect(reading.submissions.isEmpty, "\(name): \(what): \(reading)")
        #expect(reading.file.diagnostics.contains { $0.code.rejectsWholeFile }, "\(name): \(what): not refused: \(reading)")
    }

    /// Random bytes, NUL bytes, a DOCTYPE (XML readers) and very long values: no crash, nothing
    /// invented, the same result whatever the chunk size.
    public func checkHostileInput() {
        let valid = write(Self.submissions(sampleCount))
        var random = SplitMix64(seed: 0x5EED)
        for round in 0..<24 {
            let count = [1, 2, 7, 64, 511, 4096][round % 6]
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if round % 4 == 3 {  // random bytes inside a valid file
                let at = Int(random.next() % UInt64(valid.count))
                bytes = Array(valid[..<at]) + bytes + Array(valid[at...])
            }
            let reading = read(bytes)
            for submission in reading.submissions { #expect(submission.location.file == path) }
            #expect(read(bytes, chunkSize: 3) == reading, "\(name): random bytes \(round): depends on the chunk size")
        }

        let nuls = read([UInt8](repeating: 0, count: 1000))
        #expect(nuls.submissions.isEmpty, "\(name): NUL bytes: \(nuls)")
        #expect(!Self.errors(nuls).isEmpty, "\(name): NUL bytes: no error reported")
        let middle = valid.count / 2
        let withNUL = read(Array(valid[..<middle]) + [0] + Array(valid[middle...]))
        #expect(withNUL.submissions.count <= sampleCount, "\(name): a NUL byte: \(withNUL)")
        #expect(!withNUL.file.diagnostics.isEmpty || withNUL.submissions.contains { !$0.diagnostics.isEmpty }
            || withNUL.submissions.count < sampleCount, "\(name): a NUL byte passed unreported: \(withNUL)")

        if checks.contains(.xml) {
            let doctype = Array("<!DOCTYPE submissions [<!ENTITY e \"entity\">]>\n".utf8)
            var insertAt = 0
            if valid.starts(with: Array("<?xml".utf8)), let end = Self.find(Array("?>".utf8), in: valid) { insertAt = end + 2 }
            let reading = read(Array(valid[..<insertAt]) + doctype + Array(valid[insertAt...]))
            expectRefused(reading, "a DOCTYPE")
            #expect(reading.file.diagnostics.map(\.code).contains(.xmlDoctypeForbidden), "\(name): DOCTYPE: \(reading)")
        }

        var long = Self.submissions(sampleCount)
        let text = String(repeating: "long value ", count: 30_000)  // 330 KB, under the 1 MiB default
        long[0].answers[2].value = text
        let reading = read(write(long))
        #expect(reading.submissions.count == sampleCount, "\(name): a long value: \(reading)")
        #expect(
            reading.submissions.first.map { Self.content($0).contains(text) } == true, "\(name): a long value was not read whole")
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    /// Prefixes of a valid file (cut at character boundaries, so that truncation is not confused
    /// with an encoding problem): no crash; every submission read is the start of one the whole
    /// file holds (only a record cut through may be partial); Transform accepts nothing the whole
    /// file does not hold.
    public func checkTruncation() {
        let samples = Self.submissions(sampleCount)
        let bytes = write(samples)
        let whole = read(bytes).submissions.map(Self.content)
        let accepted = Set(accept(read(bytes)).filter { $0.status == .accepted }.map { "\($0.country ?? "")/\($0.round)" })
        var cuts = Set((1...12).map { bytes.count * $0 / 13 } + [1, 2, bytes.count - 1, bytes.count - 2])
        if isText {
            // Back to the start of a UTF-8 character.
            cuts = Set(cuts.map { cut in
                var cut = cut
                while cut > 0 && cut < bytes.count && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
                return cut
            })
        }
        for cut in cuts.sorted() where cut > 0 && cut < bytes.count {
            let reading = read(Array(bytes[..<cut]))
            #expect(reading.submissions.count <= sampleCount + 1, "\(name): cut at \(cut): \(reading)")
            for submission in reading.submissions {
                let content = Self.content(submission)
                let isStart = whole.contains { full in
                    content.count <= full.count && zip(content, full).allSatisfy { full in full.1.hasPrefix(full.0) }
                }
                #expect(isStart, "\(name): cut at \(cut): invented \(content)")
            }
            for submission in accept(reading) where submission.status == .accepted {
                #expect(
                    accepted.contains("\(submission.country ?? "")/\(submission.round)"),
                    "\(name): cut at \(cut): accepted \(submission.country ?? "?") that the whole file does not hold")
            }
        }
    }

    /// The submissions of a reading through Transform (as a run takes one file) and revision
    /// resolution.
    public func accept(_ reading: Reading) -> [Submission] {
        let transformer = Transformer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: Fixtures.rounds)
        var submissions = transformer.transform(file: reading.submissions, format: reading.file.file.format)
        Transformer.resolveRevisions(&submissions)
        return submissions
    }

    /// Every submission read ends up accepted, superseded, excluded or rejected, and every answer
    /// kept or dropped; a valid sample is accepted whole.
    public func checkAccounting() {
        let reading = read(write(Self.submissions(sampleCount)))
        let submissions = accept(reading)
        var accounting = Accounting()
        for submission in submissions { accounting.add(submission) }
        #expect(accounting.submissionsSeen == reading.submissions.count, "\(name): accounting: \(accounting)")
        #expect(accounting.isBalanced, "\(name): accounting: \(accounting)")
        #expect(accounting.accepted == sampleCount, "\(name): valid sample not accepted: \(submissions.map { ($0.status, $0.diagnostics.map(\.code)) })")
        let answers = reading.submissions.reduce(0) { $0 + $1.answers.count }
        #expect(accounting.answersSeen <= answers, "\(name): accounting: more answers seen than read")
        #expect(accounting.answersKept >= 3 * sampleCount, "\(name): accounting: answers not kept: \(accounting)")
    }

    /// The same bytes give the same submissions and diagnostics whatever the chunk size (1 byte …
    /// 64 KiB), and the same from a file on disk as from memory.
    public func checkDeterminism() {
        let bytes = write(Self.submissions(sampleCount))
        let reference = read(bytes)
        for size in [1, 2, 3, 5, 7, 16, 64, 511, 4096, 65_536] {
            let reading = read(bytes, chunkSize: size)
            #expect(reading == reference, "\(name): chunk size \(size): \(reading) vs \(reference)")
        }
        #expect(readFile(bytes) == reference, "\(name): read from disk differs from memory")
        if isText {
            let marked = [0xEF, 0xBB, 0xBF] + bytes
            #expect(read(marked, chunkSize: 1) == read(marked), "\(name): UTF-8 with BOM depends on the chunk size")
        }
    }
}
