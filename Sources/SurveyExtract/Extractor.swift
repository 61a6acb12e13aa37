// The extract stage's entry point: each file to its reader by name, read as a stream, one
// submission handed on at a time; and XForms read as questionnaires.
public import Foundation
public import SurveyModel

/// Reads submission files as streams and hands on one `RawSubmission` at a time.
///
/// The format comes from the file name: `.xml` is the native XML format or an XForm instance
/// (read with libxml2's SAX2 push parser), `.csv` is CSV (read with libcsv) in the wide or long
/// layout or an ODK Central or KoboToolbox export, told apart by the header, and `.zip` is ODK
/// Central's `.csv.zip` download, whose main table is read. A file that cannot be read yields
/// diagnostics, never a thrown error: one bad file never stops a batch.
///
/// A CSV file is read twice: a first pass hashes it and decides its encoding (see
/// `EncodingProbe`), a second pass decodes it to UTF-8 and parses it. A file on disk is opened
/// again for the second pass rather than held in memory.
public struct Extractor: Sendable {
    /// Bytes read per chunk.
    public var chunkSize: Int
    /// Header names (lower-cased) of the country and round columns in CSV files.
    public var countryNames: Set<String>
    public var roundNames: Set<String>
    /// The respondent key's field (pipeline file `identity.respondent`), lower-cased; nil when
    /// there is none. The long CSV layout groups its rows by it.
    public var respondentField: String?
    /// What one file may hold.
    public var limits: InputLimits

    /// `countryField` and `roundField` are the pipeline file's identity field names; CSV headers
    /// may also use the word for country or round in any of the six languages.
    public init(
        chunkSize: Int = 64 * 1024, countryField: String = "country", roundField: String = "round",
        respondentField: String? = nil, limits: InputLimits = InputLimits()
    ) {
        self.chunkSize = chunkSize
        self.limits = limits
        self.respondentField = respondentField?.lowercased()
        self.countryNames = IdentityNames.country.union([countryField.lowercased()])
        self.roundNames = IdentityNames.round.union([roundField.lowercased()])
    }

    /// The file formats this extractor reads, by file-name extension.
    public static let extensions: Set<String> = ["xml", "csv", "zip"]

    /// Reads the file at `url`; `path` is how it is named in records (relative to the inbox).
    /// `options` are the pipeline file's overrides for the file (encoding, delimiter).
    public func extract(
        fileAt url: Foundation.URL, path: String, options: ReadOptions = ReadOptions(),
        _ body: (RawSubmission) -> Void
    ) -> ExtractedFile {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            let diagnostic = Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "cannot open the file")
            return ExtractedFile(
                file: SourceFile(path: path, sha256: "", bytes: 0, format: .unknown), diagnostics: [diagnostic],
                submissionCount: 0)
        }
        var status = stat()
        let size = fstat(handle.fileDescriptor, &status) == 0 ? Int(status.st_size) : 0
        if size > limits.maxFileBytes { return tooLarge(path: path, bytes: size) }
        defer { try? handle.close() }
        let chunk = chunkSize
        let expected = size > 0 ? size : Int.max
        return extract(path: path, options: options, chunks: FileChunks(handle: handle, size: chunk, expected: expected), body) { parse in
            guard let again = try? FileHandle(forReadingFrom: url) else { return false }
            defer { try? again.close() }
            parse(FileChunks(handle: again, size: chunk, expected: expected))
            return true
        }
    }

    private func tooLarge(path: String, bytes: Int) -> ExtractedFile {
        let diagnostic = Diagnostic(
            .fileTooLarge, at: SourceLocation(file: path), expected: "at most \(limits.maxFileBytes) bytes",
            found: "\(bytes) bytes")
        return ExtractedFile(
            file: SourceFile(path: path, sha256: "", bytes: bytes, format: .unknown), diagnostics: [diagnostic],
            submissionCount: 0)
    }

    /// Reads a file held in memory (tests, fuzzing).
    public func extract(
        bytes: [UInt8], path: String, options: ReadOptions = ReadOptions(), _ body: (RawSubmission) -> Void
    ) -> ExtractedFile {
        if bytes.count > limits.maxFileBytes { return tooLarge(path: path, bytes: bytes.count) }
        let chunks = MemoryChunks(bytes: bytes, size: chunkSize)
        return extract(path: path, options: options, chunks: chunks, body) { parse in
            parse(chunks)
            return true
        }
    }

    /// Reads an XForm questionnaire definition (what pyxform writes, ODK Central and KoboToolbox
    /// serve); any problem is thrown as an `XFormError` naming the file and the place.
    public func readXForm(fileAt url: Foundation.URL) throws -> XFormDefinition {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw XFormError(path: url.path, message: "cannot open the file")
        }
        defer { try? handle.close() }
        var chunks = FileChunks(handle: handle, size: chunkSize)
        return try XFormReader(path: url.path).read(&chunks)
    }

    /// Reads an XForm held in memory; `path` is how it is named in errors.
    public func readXForm(bytes: [UInt8], path: String) throws -> XFormDefinition {
        var chunks = MemoryChunks(bytes: bytes, size: chunkSize)
        return try XFormReader(path: path).read(&chunks)
    }

    /// Reads one file from `chunks`. `reread` hands a fresh stream of the same bytes to its
    /// argument, for a second pass; it returns false when the file cannot be read again.
    private func extract<Chunks: ChunkSource>(
        path: String, options: ReadOptions, chunks: Chunks, _ body: (RawSubmission) -> Void,
        reread: (_ parse: (Chunks) -> Void) -> Bool
    ) -> ExtractedFile {
        let ext = (path as NSString).pathExtension.lowercased()
        var hashing = HashingChunks(base: chunks)
        var result: ExtractedFile
        // Submissions are held until the file is read: after a problem that condemns the whole
        // file (a DOCTYPE, a limit), nothing of it is handed on, not even what came before.
        var pending: [RawSubmission] = []
        let hold: (RawSubmission) -> Void = { pending.append($0) }
        switch ext {
        case "xml":
            result = XMLSubmissionReader(path: path, limits: limits).read(&hashing, hold)
        case "csv":
            result = readCSV(path: path, options: options, firstPass: &hashing, hold, reread: reread)
        case "zip":
            result = readZip(path: path, options: options, chunks: &hashing, hold)
        default:
            hashing.drain()
            let diagnostic = Diagnostic(
                .fileFormatUnknown, at: SourceLocation(file: path), expected: ".xml, .csv or .zip", found: ".\(ext)")
            result = ExtractedFile(
                file: SourceFile(path: path, sha256: "", bytes: 0, format: .unknown), diagnostics: [diagnostic],
                submissionCount: 0)
        }
        if hashing.failed {
            result.diagnostics.append(
                Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "reading stopped after \(hashing.bytes) bytes"))
        }
        result.file.sha256 = hashing.digest()
        result.file.bytes = hashing.bytes
        if result.diagnostics.contains(where: { $0.code.rejectsWholeFile }) {
            result.submissionCount = 0
        } else {
            pending.forEach(body)
        }
        return result
    }

    /// An ODK Central `.csv.zip`: the archive is read whole (a zip needs random access), its main
    /// table is read as CSV from memory.
    private func readZip<Chunks: ChunkSource>(
        path: String, options: ReadOptions, chunks: inout HashingChunks<Chunks>, _ body: (RawSubmission) -> Void
    ) -> ExtractedFile {
        var data = Data()
        while let chunk = chunks.next() { data.append(contentsOf: chunk) }
        let opened = ZipExport.open(data, path: path, limit: limits.maxFileBytes)
        guard !opened.bytes.isEmpty else {
            return ExtractedFile(
                file: SourceFile(path: path, sha256: "", bytes: 0, format: .unknown), diagnostics: opened.diagnostics,
                submissionCount: 0)
        }
        let inner = MemoryChunks(bytes: opened.bytes, size: chunkSize)
        var innerPass = HashingChunks(base: inner)
        var result = readCSV(path: path, options: options, firstPass: &innerPass, body) { parse in
            parse(inner)
            return true
        }
        result.diagnostics.insert(contentsOf: opened.diagnostics, at: 0)
        return result
    }

    /// CSV: the first pass (`firstPass`, hashed) decides the encoding; the second decodes to UTF-8
    /// and parses. A file whose bytes do not fit its encoding is not parsed at all.
    private func readCSV<Chunks: ChunkSource>(
        path: String, options: ReadOptions, firstPass: inout HashingChunks<Chunks>, _ body: (RawSubmission) -> Void,
        reread: (_ parse: (Chunks) -> Void) -> Bool
    ) -> ExtractedFile {
        func unread(_ diagnostics: [Diagnostic]) -> ExtractedFile {
            ExtractedFile(
                file: SourceFile(path: path, sha256: "", bytes: 0, format: .unknown), diagnostics: diagnostics,
                submissionCount: 0)
        }
        var probe = EncodingProbe(options: options)
        while let chunk = firstPass.next() { probe.feed(chunk) }
        // A read error is reported by the caller; the encoding of an incomplete file is not decided.
        guard !firstPass.failed else { return unread([]) }
        let decision = probe.finish()
        guard case .decode(let encoding, let skip, _) = decision else { return unread(decision.diagnostics(path: path)) }

        var result: ExtractedFile?
        // `body` is only called while `reread` runs; the wrapper satisfies the exclusivity rule for
        // a closure handed to another non-escaping closure.
        let reopened = withoutActuallyEscaping(body) { body in
            reread { chunks in
                guard var decoding = DecodingChunks(base: chunks, encoding: encoding, skip: skip) else {
                    let detail = "this system's iconv cannot convert from \(encoding.rawValue)"
                    result = unread([Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: detail)])
                    return
                }
                let reader = CSVSubmissionReader(
                    path: path, delimiter: options.delimiter, format: options.format, countryNames: countryNames,
                    roundNames: roundNames, respondentNames: respondentField.map { [$0] } ?? [], limits: limits)
                var parsed = reader.read(&decoding, body)
                if let mismatch = decoding.mismatch {
                    parsed.diagnostics.append(
                        Diagnostic(
                            .fileUnreadable, at: SourceLocation(file: path, offset: mismatch.offset),
                            detail: "the file changed while it was read: \(mismatch.explanation)"))
                } else if decoding.failed {
                    parsed.diagnostics.append(
                        Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "reading stopped on the second pass"))
                }
                result = parsed
            }
        }
        guard reopened, var result else {
            return unread([Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "cannot open the file again")])
        }
        result.diagnostics.insert(contentsOf: decision.diagnostics(path: path), at: 0)
        return result
    }
}
