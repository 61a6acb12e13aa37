#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SurveyModel

// Text decoding for CSV: every CSV file is turned into UTF-8 before libcsv sees it.
//
// The encoding is decided in this order (docs/formats.md, "Encodings"):
// 1. declared in `ReadOptions.encoding`: used as is, no sniffing;
// 2. a byte-order mark: EF BB BF is UTF-8, FF FE UTF-16LE, FE FF UTF-16BE (the mark is skipped);
// 3. the whole file is valid UTF-8: UTF-8;
// 4. else `ReadOptions.fallbackEncoding`, with an `encoding-fallback` note (info: the sender can do nothing about it).
//
// A file whose bytes do not fit the encoding decided (declared, marked or fallback) is rejected
// whole with `encoding-invalid` and the byte offset of the first bad byte. Step 3 needs the whole
// file, so the Extractor reads a CSV file twice: `EncodingProbe` on the first pass (while the file
// is hashed), `DecodingChunks` on the second. Both work chunk by chunk in bounded memory.

extension TextEncoding {
    /// The name iconv knows the encoding by.
    var iconvName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .windows1252: return "WINDOWS-1252"
        case .windows1251: return "CP1251"
        case .windows1256: return "CP1256"
        case .gb18030: return "GB18030"
        }
    }

    /// The encoding's byte-order mark (signature), when it has one.
    var byteOrderMark: [UInt8]? {
        switch self {
        case .utf8: return [0xEF, 0xBB, 0xBF]
        case .utf16LE: return [0xFF, 0xFE]
        case .utf16BE: return [0xFE, 0xFF]
        case .gb18030: return [0x84, 0x31, 0x95, 0x33]
        case .windows1252, .windows1251, .windows1256: return nil
        }
    }

    /// How many bytes to show when a byte does not fit: one code unit.
    fileprivate var shownBytes: Int {
        switch self {
        case .utf16LE, .utf16BE, .gb18030: return 2
        case .utf8, .windows1252, .windows1251, .windows1256: return 1
        }
    }

    /// The encodings recognised by their byte-order mark when none is declared, in the order tried.
    static let markedEncodings: [TextEncoding] = [.utf8, .utf16LE, .utf16BE]
}

/// The first bytes of a file that do not fit an encoding.
struct DecodingFailure: Sendable, Equatable {
    /// The encoding the bytes do not fit.
    var encoding: TextEncoding
    /// 0-based offset of the first bad byte in the original file (a byte-order mark included).
    var offset: Int
    /// The bad byte and, for multi-byte encodings, what follows it (at most four bytes).
    var bytes: [UInt8]
    /// True when the file ends in the middle of a character.
    var truncated: Bool

    /// The bytes as `0xE9 0x0A`.
    var hex: String { Self.hex(bytes) }

    /// `bytes` as `0xE9 0x0A`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { "0x" + String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined(separator: " ")
    }

    /// One clause for a message: what does not fit, and where.
    var explanation: String {
        truncated
            ? "the file ends inside a \(encoding.rawValue) character (\(hex) at byte offset \(offset))"
            : "\(hex) at byte offset \(offset) is not valid \(encoding.rawValue)"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

// MARK: UTF-8 validation

/// Checks that bytes are well-formed UTF-8, fed chunk by chunk.
///
/// A sequence split across chunks is followed into the next chunk. Overlong forms, surrogates
/// (U+D800–U+DFFF) and code points above U+10FFFF are refused, as in the Unicode Standard's
/// table of well-formed byte sequences (table 3-7). After the first failure the rest is ignored.
struct UTF8Validator {
    /// Offset in the file of the next byte fed.
    private(set) var offset: Int
    /// The first ill-formed sequence, once found.
    private(set) var failure: DecodingFailure?
    /// Continuation bytes still expected by the open sequence.
    private var needed = 0
    /// The range the next continuation byte must be in.
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    /// The open sequence and where it started.
    private var sequence: [UInt8] = []
    private var sequenceStart = 0

    /// Starts counting at `offset`, the position of the first byte fed in the file.
    init(offset: Int = 0) { self.offset = offset }

    /// True while no ill-formed sequence has been seen.
    var isValid: Bool { failure == nil }

    /// Checks the next bytes of the file. Runs of ASCII are passed over eight bytes at a time
    /// (most of a questionnaire's text is ASCII: byte by byte, this was a tenth of the readers).
    mutating func feed(_ bytes: [UInt8]) {
        defer { offset += bytes.count }
        guard failure == nil else { return }
        bytes.withUnsafeBytes { raw in
            let count = raw.count
            var index = 0
            while index < count {
                if needed == 0 {
                    while index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        index += 8
                    }
                    guard index < count else { return }
                    let byte = raw[index]
                    index += 1
                    if byte < 0x80 { continue }
                    sequenceStart = offset + index - 1
                    sequence.removeAll(keepingCapacity: true)
                    sequence.append(byte)
                    lower = 0x80
                    upper = 0xBF
                    switch byte {
                    case 0xC2...0xDF: needed = 1
                    case 0xE0: needed = 2; lower = 0xA0  // no overlong 3-byte forms
                    case 0xE1...0xEC, 0xEE...0xEF: needed = 2
                    case 0xED: needed = 2; upper = 0x9F  // no surrogates
                    case 0xF0: needed = 3; lower = 0x90  // no overlong 4-byte forms
                    case 0xF1...0xF3: needed = 3
                    case 0xF4: needed = 3; upper = 0x8F  // nothing above U+10FFFF
                    default:  // a stray continuation byte, C0, C1 or F5–FF
                        failure = DecodingFailure(encoding: .utf8, offset: sequenceStart, bytes: [byte], truncated: false)
                        return
                    }
                } else {
                    let byte = raw[index]
                    index += 1
                    guard byte >= lower && byte <= upper else {
                        failure = DecodingFailure(
                            encoding: .utf8, offset: sequenceStart, bytes: sequence + [byte], truncated: false)
                        return
                    }
                    sequence.append(byte)
                    needed -= 1
                    lower = 0x80
                    upper = 0xBF
                }
            }
        }
    }

    /// Call at the end of the file: a sequence still open there is cut off.
    mutating func finish() {
        guard failure == nil, needed > 0 else { return }
        failure = DecodingFailure(encoding: .utf8, offset: sequenceStart, bytes: sequence, truncated: true)
    }
}

// MARK: iconv

/// Converts bytes in one encoding to UTF-8 with iconv, chunk by chunk.
///
/// A character split across chunks is kept until the next chunk (iconv's `EINVAL`); a byte that
/// does not fit the encoding (`EILSEQ`) is a failure at a known offset, after which nothing more is
/// converted.
final class IconvDecoder {
    let encoding: TextEncoding
    private let descriptor: iconv_t
    /// Bytes of a character not yet complete at the end of the last chunk (at most a few).
    private var tail: [UInt8] = []
    /// Offset in the file of the first byte not yet converted.
    private(set) var offset: Int
    /// The first bytes that did not fit, once found.
    private(set) var failure: DecodingFailure?
    /// iconv writes here; full buffers are appended to the caller's output.
    private let scratch: UnsafeMutablePointer<CChar>
    private static let scratchSize = 16 * 1024

    /// Nil when this system's iconv cannot convert from `encoding`.
    init?(from encoding: TextEncoding, offset: Int = 0) {
        let descriptor = iconv_open("UTF-8", encoding.iconvName)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        self.encoding = encoding
        self.descriptor = descriptor
        self.offset = offset
        scratch = UnsafeMutablePointer<CChar>.allocate(capacity: Self.scratchSize)
    }

    deinit {
        iconv_close(descriptor)
        scratch.deallocate()
    }

    /// Converts `chunk`, appending UTF-8 to `output`. False once a byte did not fit.
    @discardableResult
    func decode(_ chunk: [UInt8], into output: inout [UInt8]) -> Bool {
        guard failure == nil else { return false }
        var input = tail + chunk
        tail = []
        guard !input.isEmpty else { return true }
        let total = input.count
        var left = total
        var stop: Int32 = 0
        input.withUnsafeMutableBytes { raw in
            var cursor = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            while left > 0 {
                var out: UnsafeMutablePointer<CChar>? = scratch
                var room = Self.scratchSize
                let result = iconv(descriptor, &cursor, &left, &out, &room)
                let error = errno
                append(Self.scratchSize - room, to: &output)
                if result != -1 { continue }
                if error == E2BIG { continue }
                stop = error
                return
            }
        }
        let consumed = total - left
        switch stop {
        case 0:
            offset += consumed
        case EINVAL:
            // A character continues in the next chunk.
            tail = Array(input[consumed...])
            offset += consumed
        default:
            // EILSEQ: a byte that does not fit; anything else is treated the same.
            let shown = input[consumed..<min(total, consumed + encoding.shownBytes)]
            failure = DecodingFailure(encoding: encoding, offset: offset + consumed, bytes: Array(shown), truncated: false)
        }
        return failure == nil
    }

    /// Call at the end of the file, appending any last output. False when the file ends inside a
    /// character or a byte did not fit earlier.
    @discardableResult
    func finish(into output: inout [UInt8]) -> Bool {
        guard failure == nil else { return false }
        if !tail.isEmpty {
            failure = DecodingFailure(encoding: encoding, offset: offset, bytes: tail, truncated: true)
            tail = []
            return false
        }
        var out: UnsafeMutablePointer<CChar>? = scratch
        var room = Self.scratchSize
        _ = iconv(descriptor, nil, nil, &out, &room)  // resets the shift state; none of ours has one
        append(Self.scratchSize - room, to: &output)
        return true
    }

    /// Appends the first `count` bytes iconv wrote to `scratch`.
    private func append(_ count: Int, to output: inout [UInt8]) {
        guard count > 0 else { return }
        scratch.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
            output.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        }
    }
}

// MARK: First pass

/// How a file's encoding was decided.
enum EncodingSource: Equatable {
    /// Declared in the pipeline file (`ReadOptions.encoding`).
    case declared
    /// Named by the file's byte-order mark.
    case byteOrderMark
    /// No declaration and no mark; the whole file is valid UTF-8.
    case validUTF8
    /// No declaration and no mark, and the file is not UTF-8 (`notUTF8` says where): the fallback.
    case fallback(notUTF8: DecodingFailure)
}

/// What the first pass decided about a file.
enum EncodingDecision: Equatable {
    /// Read the file in `encoding`, skipping its first `skip` bytes (the byte-order mark).
    case decode(encoding: TextEncoding, skip: Int, source: EncodingSource)
    /// The bytes do not fit the encoding decided: the file is not read.
    case reject(DecodingFailure, source: EncodingSource)
    /// This system's iconv cannot convert from the encoding: the file is not read.
    case unavailable(TextEncoding, source: EncodingSource)

    /// The diagnostics to report for the file: a warning when the fallback was used, an error when
    /// the file is not read, none otherwise.
    func diagnostics(path: String) -> [Diagnostic] {
        switch self {
        case .decode(let encoding, _, .fallback(let notUTF8)):
            return [
                Diagnostic(
                    .encodingFallback, at: SourceLocation(file: path, offset: notUTF8.offset), found: encoding.rawValue,
                    detail: "read as \(encoding.rawValue); the first byte that is not UTF-8 is "
                        + "\(DecodingFailure.hex(notUTF8.bytes.prefix(1))) at byte offset \(notUTF8.offset)")
            ]
        case .decode:
            return []
        case .reject(let failure, let source):
            var detail = failure.explanation
            if case .fallback(let notUTF8) = source {
                detail = "not UTF-8 (\(notUTF8.explanation)), and in the fallback encoding \(failure.explanation)"
            }
            return [
                Diagnostic(
                    .encodingInvalid, at: SourceLocation(file: path, offset: failure.offset),
                    expected: Self.expected(failure.encoding, source), found: failure.hex, detail: detail)
            ]
        case .unavailable(let encoding, let source):
            return [
                Diagnostic(
                    .fileUnreadable, at: SourceLocation(file: path), expected: Self.expected(encoding, source),
                    detail: "this system's iconv cannot convert from \(encoding.rawValue)")
            ]
        }
    }

    /// The encoding expected, and what decided it, for the `expected` column.
    private static func expected(_ encoding: TextEncoding, _ source: EncodingSource) -> String {
        switch source {
        case .declared: return "\(encoding.rawValue), as declared in the pipeline file"
        case .byteOrderMark: return "\(encoding.rawValue), as the byte-order mark says"
        case .validUTF8: return encoding.rawValue
        case .fallback: return "UTF-8, or the fallback encoding \(encoding.rawValue)"
        }
    }
}

/// The first pass over a CSV file: decides its encoding and checks that every byte fits it.
///
/// Fed the file chunk by chunk (as it is hashed), it keeps only a few bytes of state: the first
/// four bytes until the byte-order mark is settled, a UTF-8 validator and, when the file may need
/// it, an iconv decoder whose output is thrown away. Without a declaration or a mark, the UTF-8
/// check and the fallback conversion run side by side, so one pass is enough to decide.
struct EncodingProbe {
    let options: ReadOptions
    /// The first bytes, held until there are enough to recognise a byte-order mark.
    private var head: [UInt8] = []
    private var started = false
    private var encoding: TextEncoding = .utf8
    private var source: EncodingSource = .validUTF8
    private var skip = 0
    private var validator: UTF8Validator?
    private var decoder: IconvDecoder?
    /// Decoder output, discarded after each chunk.
    private var scratch: [UInt8] = []

    init(options: ReadOptions) { self.options = options }

    /// The longest byte-order mark (GB18030's) is four bytes.
    private static let headSize = 4

    /// Takes the next chunk of the file.
    mutating func feed(_ chunk: [UInt8]) {
        if started {
            check(chunk)
        } else {
            head += chunk
            if head.count >= Self.headSize { start() }
        }
    }

    /// Call at the end of the file.
    mutating func finish() -> EncodingDecision {
        if !started { start() }
        validator?.finish()
        decoder?.finish(into: &scratch)
        switch source {
        case .declared, .byteOrderMark:
            if encoding == .utf8 {
                if let failure = validator?.failure { return .reject(failure, source: source) }
                return .decode(encoding: .utf8, skip: skip, source: source)
            }
            guard let decoder else { return .unavailable(encoding, source: source) }
            if let failure = decoder.failure { return .reject(failure, source: source) }
            return .decode(encoding: encoding, skip: skip, source: source)
        case .validUTF8, .fallback:
            guard let notUTF8 = validator?.failure else { return .decode(encoding: .utf8, skip: 0, source: .validUTF8) }
            let fallback = EncodingSource.fallback(notUTF8: notUTF8)
            if options.fallbackEncoding == .utf8 { return .reject(notUTF8, source: .validUTF8) }
            guard let decoder else { return .unavailable(options.fallbackEncoding, source: fallback) }
            if let failure = decoder.failure { return .reject(failure, source: fallback) }
            return .decode(encoding: options.fallbackEncoding, skip: 0, source: fallback)
        }
    }

    /// Decides between declaration, byte-order mark and sniffing, then checks the first bytes.
    private mutating func start() {
        started = true
        let bytes = head
        head = []
        if let declared = options.encoding {
            // Used as is: only the declared encoding's own mark is skipped.
            encoding = declared
            source = .declared
            if let mark = declared.byteOrderMark, bytes.starts(with: mark) { skip = mark.count }
        } else if let marked = TextEncoding.markedEncodings.first(where: { bytes.starts(with: $0.byteOrderMark ?? [0]) }) {
            encoding = marked
            source = .byteOrderMark
            skip = marked.byteOrderMark?.count ?? 0
        }
        switch source {
        case .declared, .byteOrderMark:
            if encoding == .utf8 {
                validator = UTF8Validator(offset: skip)
            } else {
                decoder = IconvDecoder(from: encoding, offset: skip)
            }
        case .validUTF8, .fallback:
            validator = UTF8Validator()
            if options.fallbackEncoding != .utf8 { decoder = IconvDecoder(from: options.fallbackEncoding) }
        }
        check(Array(bytes.dropFirst(skip)))
    }

    /// Runs the bytes through the UTF-8 check and the decoder, while they have not failed.
    private mutating func check(_ bytes: [UInt8]) {
        if validator?.isValid == true { validator?.feed(bytes) }
        // Without a declaration or mark the fallback is only needed once the file is not UTF-8,
        // but it must have converted everything before that point too: it runs from the start.
        if let decoder, decoder.failure == nil {
            decoder.decode(bytes, into: &scratch)
            scratch.removeAll(keepingCapacity: true)
        }
    }
}

// MARK: Second pass

/// The file's text as UTF-8, chunk by chunk, for the CSV reader: the byte-order mark skipped,
/// other encodings converted with iconv. UTF-8 passes through, checked again.
///
/// The first pass has already checked every byte; a byte that does not fit here means the file
/// changed between the passes: reading stops and `failed` is true, with `mismatch` set.
struct DecodingChunks<Base: ChunkSource>: ChunkSource {
    private var base: Base
    private var toSkip: Int
    private var validator: UTF8Validator
    private let decoder: IconvDecoder?
    private var finished = false
    /// The bytes that did not fit, when the file changed between the passes.
    private(set) var mismatch: DecodingFailure?

    /// Nil when this system's iconv cannot convert from `encoding`.
    init?(base: Base, encoding: TextEncoding, skip: Int) {
        self.base = base
        toSkip = skip
        validator = UTF8Validator(offset: skip)
        if encoding == .utf8 {
            decoder = nil
        } else {
            guard let decoder = IconvDecoder(from: encoding, offset: skip) else { return nil }
            self.decoder = decoder
        }
    }

    var failed: Bool { base.failed || mismatch != nil }

    /// The next non-empty chunk of UTF-8, or nil at the end.
    mutating func next() -> [UInt8]? {
        while !finished {
            guard var chunk = base.next() else {
                finished = true
                return flush()
            }
            if toSkip > 0 {
                let skipped = min(toSkip, chunk.count)
                chunk.removeFirst(skipped)
                toSkip -= skipped
            }
            guard !chunk.isEmpty else { continue }
            if let decoder {
                var output: [UInt8] = []
                guard decoder.decode(chunk, into: &output) else { return stop(decoder.failure) }
                if output.isEmpty { continue }  // only part of a character so far
                return output
            }
            validator.feed(chunk)
            guard validator.isValid else { return stop(validator.failure) }
            return chunk
        }
        return nil
    }

    /// At the end of the base stream: the decoder's last output, or a failure if a character is cut.
    private mutating func flush() -> [UInt8]? {
        if let decoder {
            var output: [UInt8] = []
            guard decoder.finish(into: &output) else { return stop(decoder.failure) }
            return output.isEmpty ? nil : output
        }
        validator.finish()
        return validator.isValid ? nil : stop(validator.failure)
    }

    /// Ends the stream after bytes that do not fit.
    private mutating func stop(_ failure: DecodingFailure?) -> [UInt8]? {
        finished = true
        mismatch = failure
        return nil
    }
}
