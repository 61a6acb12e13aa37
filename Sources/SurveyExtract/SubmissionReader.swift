// The extension point for input formats: what a reader declares (its name, the extensions it
// claims, the formats it reports) and how it reads one file (a re-readable input in, submissions
// and diagnostics out). docs/extending-readers.md has a worked example.
public import Foundation
public import SurveyModel

/// Reads one input format: the files it claims and how their submissions are streamed.
///
/// A reader is a small `Sendable` value registered in a ``ReaderRegistry``; the ``Extractor``
/// picks it once per file by the file's extension and calls ``read(_:_:)``. The reader parses
/// ``SubmissionInput`` (a chunk stream, 64 KiB chunks by default) with a real parser and hands on
/// each ``RawSubmission`` as soon as it is complete, with positions (`file`, `line` or cell,
/// `column`) on the submission, its country and round, and every answer.
///
/// What a reader does **not** do, because the Extractor does it for every reader: hash and count
/// the bytes, refuse a file over `InputLimits.maxFileBytes` before the reader sees it, report a
/// file that cannot be read (first pass or second), report a file no reader claims, and drop every
/// submission of a file with a diagnostic that rejects the whole file (`rejectsWholeFile`, e.g. a
/// limit): the reader may hand on submissions before it finds such a problem, none is used.
///
/// Layouts under one extension (the native XML format and XForm instances, CSV's layouts) are told
/// apart by the reader itself from the first bytes or the header, and reported as distinct
/// ``formats``. The conformance suite (`SurveyTestSupport.ReaderConformance`) checks a reader
/// keeps these rules.
public protocol SubmissionReader: Sendable {
    /// The format's name as people call it ("CSV", "JSON lines"): in errors and documentation.
    var name: String { get }
    /// File-name extensions the reader claims, lower-case, without the dot (`["csv"]`). No two
    /// readers of one registry claim the same extension.
    var extensions: [String] { get }
    /// Every format the reader reports its files and submissions under (``ReaderResult/format``,
    /// ``RawSubmission/format``), besides `SourceFormat.unknown` for a file it could not read.
    var formats: [SourceFormat] { get }
    /// The formats a pipeline file may declare for a file (`files: - pattern: … format: …`),
    /// handed to the reader as ``SubmissionInput/options``' `format`. Default: none.
    var selectableFormats: [SourceFormat] { get }
    /// Reads one file: the first pass is `input` itself (already hashed as it is read), a second
    /// pass is ``SubmissionInput/reread()``. Calls `submit` once per submission, in file order,
    /// with ordinals from 1. Never throws: every problem is a diagnostic.
    func read(_ input: SubmissionInput, _ submit: (RawSubmission) -> Void) -> ReaderResult
}

extension SubmissionReader {
    public var selectableFormats: [SourceFormat] { [] }
}

/// What a reader reports about a file besides its submissions.
public struct ReaderResult: Sendable, Equatable {
    /// The layout the file was read as; `SourceFormat.unknown` when it could not be read.
    public var format: SourceFormat
    /// File-level problems (unreadable, malformed, a limit broken); submission-level problems
    /// travel with each `RawSubmission`.
    public var diagnostics: [Diagnostic]

    public init(format: SourceFormat, diagnostics: [Diagnostic] = []) {
        self.format = format
        self.diagnostics = diagnostics
    }
}

/// One file as a ``SubmissionReader`` reads it: the first pass (this object is a ``ChunkSource``;
/// the Extractor hashes and counts the bytes as they pass), a second pass on request
/// (``reread()``), and what the reading depends on: the file's name, its per-file options, the
/// limits and the identity column names.
public final class SubmissionInput: ChunkSource {
    /// The file as records name it (relative to the inbox).
    public let path: String
    /// The pipeline file's overrides for this file (encoding, delimiter, a declared format).
    public let options: ReadOptions
    /// What one file may hold. The file size is checked before the reader runs; the reader
    /// enforces the others it can meet (value size, depth, columns) with its own counters.
    public let limits: InputLimits
    /// Bytes per chunk, for a reader that reads a second pass or an archive entry.
    public let chunkSize: Int
    /// Header names (lower-cased) of the country and round columns, for tabular formats: the
    /// pipeline's identity fields plus the word in each of the six languages.
    public let countryNames: Set<String>
    public let roundNames: Set<String>
    /// The respondent key's field (`identity.respondent`), lower-cased; nil when there is none.
    public let respondentField: String?
    /// The questionnaire compiled for matching cells as they are parsed (issue 29): a reader that
    /// streams bytes may hand a cell it reads with it on as a ``MatchedCell`` (the built-in XML
    /// and CSV readers do); nil, and for an archive's entries: none.
    public let codebook: (any AnswerCodebook)?

    private enum Origin {
        case file(URL, expected: Int)
        case memory([UInt8])
    }
    private let origin: Origin
    private var first: HashingChunks<ChunkStream>
    let status = PassStatus()

    init(
        file url: URL, handle: FileHandle, expected: Int, path: String, options: ReadOptions, settings: Extractor
    ) {
        origin = .file(url, expected: expected)
        first = HashingChunks(
            base: ChunkStream(
                file: FileChunks(handle: handle, size: settings.chunkSize, expected: expected, limit: settings.limits.maxFileBytes),
                status: status))
        self.path = path
        self.options = options
        limits = settings.limits
        chunkSize = settings.chunkSize
        countryNames = settings.countryNames
        roundNames = settings.roundNames
        respondentField = settings.respondentField
        codebook = settings.codebook
    }

    init(bytes: [UInt8], path: String, options: ReadOptions, settings: Extractor) {
        origin = .memory(bytes)
        first = HashingChunks(base: ChunkStream(memory: MemoryChunks(bytes: bytes, size: settings.chunkSize)))
        self.path = path
        self.options = options
        limits = settings.limits
        chunkSize = settings.chunkSize
        countryNames = settings.countryNames
        roundNames = settings.roundNames
        respondentField = settings.respondentField
        codebook = settings.codebook
    }

    private init(entry bytes: [UInt8], of parent: SubmissionInput) {
        origin = .memory(bytes)
        first = HashingChunks(base: ChunkStream(memory: MemoryChunks(bytes: bytes, size: parent.chunkSize)), hashing: false)
        path = parent.path
        options = parent.options
        limits = parent.limits
        chunkSize = parent.chunkSize
        countryNames = parent.countryNames
        roundNames = parent.roundNames
        respondentField = parent.respondentField
        // An archive's tables are merged after reading (repeat rows attached): raw answers only.
        codebook = nil
    }

    /// The next chunk of the first pass, nil at the end.
    public func next() -> [UInt8]? { first.next() }

    /// True when the first pass stopped on a read error (the Extractor reports it).
    public var failed: Bool { first.failed }

    /// The rest of the first pass in one array (a format that needs random access, like a zip
    /// archive). The file is at most `limits.maxFileBytes` long.
    public func readAll() -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = next() { bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// A fresh stream of the same bytes from the start, for a second pass (the CSV reader decides
    /// the encoding on the first pass and decodes on the second). Nil when the file cannot be
    /// opened again: the Extractor then reports the file unreadable and hands on nothing of it.
    public func reread() -> ChunkStream? {
        switch origin {
        case .memory(let bytes):
            return ChunkStream(memory: MemoryChunks(bytes: bytes, size: chunkSize))
        case .file(let url, let expected):
            // Opened as the first pass was: without blocking, a regular file only.
            guard case .success(let opened) = RegularFile.open(url) else {
                status.reopenFailed = true
                return nil
            }
            // Closed when the stream is released (FileHandle closes on deinit).
            return ChunkStream(
                file: FileChunks(handle: opened.handle, size: chunkSize, expected: expected, limit: limits.maxFileBytes), status: status)
        }
    }

    /// The file on disk, for a format that needs random access (a zip archive); nil for bytes in
    /// memory. Reading it does not replace the first pass: the Extractor still reads and hashes
    /// the whole file through it.
    public var fileURL: URL? {
        if case .file(let url, _) = origin { return url }
        return nil
    }

    /// An archive entry's bytes as an input of its own, with this file's name, options and limits:
    /// not hashed (the archive is), read from memory.
    public func entry(_ bytes: [UInt8]) -> SubmissionInput { SubmissionInput(entry: bytes, of: self) }

    /// Bytes of the first pass read so far.
    var bytesRead: Int { first.bytes }

    /// The first pass's SHA-256, after reading what the reader left.
    func digest() -> String { first.digest() }
}
