import Foundation
public import SurveyModel

/// The file cache's payload format: a compact binary encoding of one file's ``FileResult`` (its
/// report and pre-resolution submissions), which the store keeps in `file_cache`.
///
/// It replaced JSON (`JSONEncoder` over the Codable types), which took about half of the
/// extract-and-transform time on large inboxes (BENCHMARKS.md). Integers are LEB128 varints
/// (zigzag), strings are a length and UTF-8 bytes, optionals a presence byte. A location in the
/// file the payload describes stores no path. Question ids and choice codes, which repeat in
/// every submission, are written once per payload and then by number. Any change to the layout,
/// or to what a reader or the transform makes of a file (a new check, a new diagnostic), must
/// change `magic`: the magic is part of the definitions fingerprint, so old entries are then
/// simply not reused and every file is read again by the new code.
public enum FileCacheCodec {
    public static let magic = "legisurvey-file-cache-12"

    public static func encode(_ payload: FileResult) -> [UInt8] {
        var writer = Writer(file: payload.report.file.path)
        writer.string(payload.report.file.path)
        writer.string(payload.report.file.sha256)
        writer.int(payload.report.file.bytes)
        writer.string(payload.report.file.format.rawValue)
        writer.diagnostics(payload.report.diagnostics)
        writer.int(payload.submissions.count)
        for submission in payload.submissions { writer.submission(submission) }
        return writer.bytes
    }

    /// Nil when the bytes are not a payload of this format (the file is then read again).
    public static func decode(_ bytes: [UInt8]) -> FileResult? {
        var reader = Reader(bytes: bytes)
        do {
            let path = try reader.string()
            reader.file = path
            let sha = try reader.string()
            let size = try reader.int()
            guard let format = SourceFormat(rawValue: try reader.string()) else { return nil }
            let report = FileReport(
                file: SourceFile(path: path, sha256: sha, bytes: size, format: format), accounting: Accounting(),
                diagnostics: try reader.diagnostics())
            let count = try reader.int()
            var submissions: [Submission] = []
            submissions.reserveCapacity(count)
            for _ in 0..<count { submissions.append(try reader.submission()) }
            guard reader.atEnd else { return nil }
            return FileResult(report: report, submissions: submissions)
        } catch {
            return nil
        }
    }

    private struct Writer {
        let file: String
        var bytes: [UInt8] = []
        // A questionnaire's ids and codes: room for them without growing the table.
        var table = StringNumbers(capacity: 256)

        /// A repeating string: 0 and the string the first time, then its number + 1.
        mutating func interned(_ value: String) {
            let (number, inserted) = table.number(of: value)
            if inserted {
                int(0)
                string(value)
            } else {
                int(number + 1)
            }
        }

        init(file: String) {
            self.file = file
            bytes.reserveCapacity(4096)
        }

        mutating func int(_ value: Int) {
            var zigzag = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
            while zigzag >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: zigzag) | 0x80)
                zigzag >>= 7
            }
            bytes.append(UInt8(zigzag))
        }

        mutating func string(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                int(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func optional(_ value: String?) {
            guard let value else { return bytes.append(0) }
            bytes.append(1)
            string(value)
        }

        mutating func optional(_ value: Int?) {
            guard let value else { return bytes.append(0) }
            bytes.append(1)
            int(value)
        }

        mutating func location(_ location: SourceLocation) {
            if location.file == file { bytes.append(0) } else {
                bytes.append(1)
                string(location.file)
            }
            optional(location.line)
            optional(location.column)
            optional(location.offset)
            optional(location.sheet)
        }

        /// ``location(_:)`` of an answer's location, each field read where it is (passing the
        /// location copied it: its path and sheet counted up and down, for every answer).
        mutating func location(of answers: [Answer], _ index: Int) {
            if answers[index].location.file == file { bytes.append(0) } else {
                bytes.append(1)
                string(answers[index].location.file)
            }
            optional(answers[index].location.line)
            optional(answers[index].location.column)
            optional(answers[index].location.offset)
            optional(answers[index].location.sheet)
        }

        mutating func diagnostics(_ diagnostics: [Diagnostic]) {
            int(diagnostics.count)
            for diagnostic in diagnostics {
                string(diagnostic.code.rawValue)
                location(diagnostic.location)
                optional(diagnostic.questionID)
                optional(diagnostic.expected)
                optional(diagnostic.found)
                optional(diagnostic.detail)
                optional(diagnostic.submissionID)
                optional(diagnostic.country)
                optional(diagnostic.senderLanguage?.rawValue)
                optional(diagnostic.suggestion?.stored)
            }
        }

        mutating func submission(_ submission: Submission) {
            string(submission.id)
            location(submission.location)
            string(submission.format.rawValue)
            optional(submission.country)
            string(submission.countryGiven)
            string(submission.round)
            optional(submission.respondent)
            string(submission.status.rawValue)
            optional(submission.reason?.rawValue)
            optional(submission.supersededBy)
            int(submission.answersSeen)
            let metadata = submission.metadata
            for field in [
                metadata.instanceID, metadata.deprecatedID, metadata.formID, metadata.formVersion, metadata.submittedAt,
                metadata.review,
            ] { optional(field) }
            optional(submission.questionnaireVersion)
            optional(submission.senderLanguage?.rawValue)
            optional(submission.restricted?.stored)
            diagnostics(submission.diagnostics)
            answers(submission.answers)
            // Repeat answers (issue 20), each with its path (interned: a law's fields share it).
            answers(submission.repeatAnswers)
            for answer in submission.repeatAnswers { interned(answer.path?.description ?? "") }
        }

        mutating func answers(_ answers: [Answer]) {
            int(answers.count)
            // By index, each field read where it is: `for answer in answers` copied every answer
            // (a retain and a release of each of its strings), a tenth of the encoding's time.
            for index in answers.indices {
                interned(answers[index].questionID)
                location(of: answers, index)
                switch answers[index].value {
                case .choice(let code):
                    bytes.append(0)
                    interned(code)
                case .choices(let codes):
                    bytes.append(1)
                    int(codes.count)
                    for code in codes { interned(code) }
                case .number(let number):
                    bytes.append(2)
                    var bits = number.bitPattern.littleEndian
                    withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
                case .text(let text):
                    bytes.append(3)
                    string(text)
                }
            }
        }
    }

    private struct Malformed: Error {}

    /// Strings numbered in the order they are first given (0, 1, …): what a `[String: Int]`
    /// gives, with a hash of eight bytes at a time (``ByteHash``) instead of the standard library's seeded one
    /// (the payloads' ids and codes are looked up for every answer of every submission: the
    /// `Hasher` was a third of the encoding). Open addressing, linear probing, at most half full.
    struct StringNumbers {
        private(set) var strings: [String] = []
        private var slots: [Int32]
        private var mask: Int

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size *= 2 }
            slots = Array(repeating: -1, count: size)
            mask = size - 1
            strings.reserveCapacity(capacity)
        }

        /// The number of `value`, and whether it was given a new one now.
        mutating func number(of value: String) -> (number: Int, inserted: Bool) {
            var slot = Self.hash(value) & mask
            while true {
                let found = Int(slots[slot])
                if found < 0 { break }
                if strings[found] == value { return (found, false) }
                slot = (slot + 1) & mask
            }
            let number = strings.count
            strings.append(value)
            slots[slot] = Int32(truncatingIfNeeded: number)
            if strings.count * 2 > slots.count { grow() }
            return (number, true)
        }

        private mutating func grow() {
            slots = Array(repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for number in strings.indices {
                var slot = Self.hash(strings[number]) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(truncatingIfNeeded: number)
            }
        }

        /// The UTF-8 bytes' ``ByteHash``.
        static func hash(_ value: String) -> Int {
            var value = value
            return value.withUTF8 { Int(truncatingIfNeeded: ByteHash.hash($0)) }
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var file = ""
        var table: [String] = []

        mutating func interned() throws -> String {
            let number = try int()
            if number == 0 {
                let value = try string()
                table.append(value)
                return value
            }
            guard number - 1 < table.count, number > 0 else { throw Malformed() }
            return table[number - 1]
        }

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func byte() throws -> UInt8 {
            guard index < bytes.count else { throw Malformed() }
            index += 1
            return bytes[index - 1]
        }

        mutating func int() throws -> Int {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                guard shift < 64 else { throw Malformed() }
                result |= UInt64(next & 0x7F) << shift
                if next < 0x80 { break }
                shift += 7
            }
            let value = Int64(bitPattern: result)
            return Int((value >> 1) ^ -(value & 1))
        }

        mutating func string() throws -> String {
            let count = try int()
            guard count >= 0, count <= bytes.count - index else { throw Malformed() }
            defer { index += count }
            return String(decoding: bytes[index..<(index + count)], as: UTF8.self)
        }

        mutating func optionalString() throws -> String? { try byte() == 0 ? nil : try string() }
        mutating func optionalInt() throws -> Int? { try byte() == 0 ? nil : try int() }

        mutating func location() throws -> SourceLocation {
            let path = try byte() == 0 ? file : try string()
            return SourceLocation(
                file: path, line: try optionalInt(), column: try optionalInt(), offset: try optionalInt(), sheet: try optionalString())
        }

        mutating func diagnostics() throws -> [Diagnostic] {
            let count = try int()
            guard count >= 0 else { throw Malformed() }
            var result: [Diagnostic] = []
            for _ in 0..<count {
                guard let code = DiagnosticCode(rawValue: try string()) else { throw Malformed() }
                var diagnostic = Diagnostic(code, at: try location())
                diagnostic.questionID = try optionalString()
                diagnostic.expected = try optionalString()
                diagnostic.found = try optionalString()
                diagnostic.detail = try optionalString()
                diagnostic.submissionID = try optionalString()
                diagnostic.country = try optionalString()
                if let language = try optionalString() {
                    guard let known = Language(rawValue: language) else { throw Malformed() }
                    diagnostic.senderLanguage = known
                }
                if let suggestion = try optionalString() {
                    guard let known = Suggestion(stored: suggestion) else { throw Malformed() }
                    diagnostic.suggestion = known
                }
                result.append(diagnostic)
            }
            return result
        }

        mutating func submission() throws -> Submission {
            let id = try string()
            let location = try location()
            guard let format = SourceFormat(rawValue: try string()) else { throw Malformed() }
            let country = try optionalString()
            let given = try string()
            let round = try string()
            let respondent = try optionalString()
            guard let status = SubmissionStatus(rawValue: try string()) else { throw Malformed() }
            var reason: DiagnosticCode?
            if let raw = try optionalString() {
                guard let code = DiagnosticCode(rawValue: raw) else { throw Malformed() }
                reason = code
            }
            let supersededBy = try optionalString()
            let seen = try int()
            let metadata = SubmissionMetadata(
                instanceID: try optionalString(), deprecatedID: try optionalString(), formID: try optionalString(),
                formVersion: try optionalString(), submittedAt: try optionalString(), review: try optionalString())
            let questionnaireVersion = try optionalString()
            var senderLanguage: Language?
            if let raw = try optionalString() {
                guard let language = Language(rawValue: raw) else { throw Malformed() }
                senderLanguage = language
            }
            let restricted = SenderRestriction(stored: try optionalString())
            let diagnostics = try diagnostics()
            let answers = try self.answers()
            var repeatAnswers = try self.answers()
            for index in repeatAnswers.indices {
                guard let path = RepeatPath(parsing: try interned()) else { throw Malformed() }
                repeatAnswers[index].path = path
            }
            var submission = Submission(
                id: id, location: location, format: format, country: country, countryGiven: given, round: round,
                status: status, reason: reason, supersededBy: supersededBy, answers: answers, answersSeen: seen,
                diagnostics: diagnostics)
            submission.repeatAnswers = repeatAnswers
            submission.respondent = respondent
            submission.metadata = metadata
            submission.questionnaireVersion = questionnaireVersion
            submission.senderLanguage = senderLanguage
            submission.restricted = restricted
            return submission
        }

        mutating func answers() throws -> [Answer] {
            let count = try int()
            guard count >= 0 else { throw Malformed() }
            var answers: [Answer] = []
            answers.reserveCapacity(count)
            for _ in 0..<count {
                let question = try interned()
                let at = try self.location()
                let value: AnswerValue
                switch try byte() {
                case 0: value = .choice(try interned())
                case 1:
                    let n = try int()
                    guard n >= 0 else { throw Malformed() }
                    var codes: [String] = []
                    for _ in 0..<n { codes.append(try interned()) }
                    value = .choices(codes)
                case 2:
                    guard bytes.count - index >= 8 else { throw Malformed() }
                    var bits: UInt64 = 0
                    for shift in 0..<8 { bits |= UInt64(bytes[index + shift]) << (8 * UInt64(shift)) }
                    index += 8
                    value = .number(Double(bitPattern: bits))
                case 3: value = .text(try string())
                default: throw Malformed()
                }
                answers.append(Answer(questionID: question, value: value, location: at))
            }
            return answers
        }
    }
}
