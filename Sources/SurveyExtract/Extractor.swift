// The extract stage's entry point: each file to its reader by name, read as a stream, one
// submission handed on at a time; and XForms read as questionnaires.
public import Foundation
public import SurveyModel

/// Reads submission files as streams and hands on one `RawSubmission` at a time.
///
/// The format comes from the file name: each extension belongs to one ``SubmissionReader`` of
/// ``readers`` (by default ``ReaderRegistry/standard``: `.xml` is the native XML format or an XForm
/// instance, read with libxml2's SAX2 push parser; `.csv` is CSV, read with libcsv, in the wide or
/// long layout or an ODK Central or KoboToolbox export, told apart by the header; `.zip` is ODK
/// Central's `.csv.zip` download, whose main table is read). A file that cannot be read yields
/// diagnostics, never a thrown error: one bad file never stops a batch.
///
/// What holds for every reader is done here, once: the file-size limit before reading, the hash
/// and byte count of the first pass, a second pass on request (``SubmissionInput/reread()``; a
/// file on disk is opened again rather than held in memory), the read-error diagnostics of both
/// passes, `file-format-unknown` for a file no reader claims, and the rule that a file with a
/// diagnostic that rejects it whole hands on none of its submissions.
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
    /// The readers files are dispatched to, by extension.
    public var readers: ReaderRegistry
    /// The questionnaire compiled for the readers (Transform's ``AnswerCodebook``): cells written
    /// as it reads them are matched while parsed, without a `String` (issue 29). Nil: none.
    public var codebook: (any AnswerCodebook)?

    /// `countryField` and `roundField` are the pipeline file's identity field names; CSV headers
    /// may also use the word for country or round in any of the six languages.
    public init(
        chunkSize: Int = 64 * 1024, countryField: String = "country", roundField: String = "round",
        respondentField: String? = nil, limits: InputLimits = InputLimits(), readers: ReaderRegistry = .standard
    ) {
        self.chunkSize = chunkSize
        self.limits = limits
        self.respondentField = respondentField?.lowercased()
        self.countryNames = IdentityNames.country.union([countryField.lowercased()])
        self.roundNames = IdentityNames.round.union([roundField.lowercased()])
        self.readers = readers
    }

    /// The file-name extensions the standard readers claim.
    public static var extensions: Set<String> { Set(ReaderRegistry.standard.extensions) }

    /// The file-name extensions this extractor's readers claim.
    public var extensions: Set<String> { Set(readers.extensions) }

    /// Reads the file at `url`; `path` is how it is named in records (relative to the inbox).
    /// `options` are the pipeline file's overrides for the file (encoding, delimiter).
    public func extract(
        fileAt url: Foundation.URL, path: String, options: ReadOptions = ReadOptions(),
        _ body: (RawSubmission) -> Void
    ) -> ExtractedFile {
        func refused(_ code: DiagnosticCode, _ detail: String) -> ExtractedFile {
            ExtractedFile(
                file: SourceFile(path: path, sha256: "", bytes: 0, format: .unknown),
                diagnostics: [Diagnostic(code, at: SourceLocation(file: path), detail: detail)], submissionCount: 0)
        }
        // Opened without blocking and checked before reading: a FIFO put where a file was (after
        // the inbox walk looked) would block open(2) and read(2) forever, a device never ends.
        // The size limit is checked on the size now and on the bytes read (a file that grows).
        let handle: FileHandle
        let size: Int
        switch RegularFile.open(url) {
        case .success(let opened): (handle, size) = opened
        case .failure(.notRegular(let kind)): return refused(.fileNotRegular, "\(kind); not read")
        case .failure(let refusal): return refused(.fileUnreadable, "cannot open the file: \(refusal)")
        }
        if size > limits.maxFileBytes { return tooLarge(path: path, bytes: size) }
        defer { try? handle.close() }
        let expected = size > 0 ? size : Int.max
        let input = SubmissionInput(file: url, handle: handle, expected: expected, path: path, options: options, settings: self)
        return extract(input, body)
    }

    private func tooLarge(path: String, bytes: Int, read: Bool = false) -> ExtractedFile {
        let diagnostic = Diagnostic(
            .fileTooLarge, at: SourceLocation(file: path), expected: "at most \(limits.maxFileBytes) bytes",
            found: read ? "more than \(limits.maxFileBytes) bytes read (reading stopped there)" : "\(bytes) bytes")
        return ExtractedFile(
            file: SourceFile(path: path, sha256: "", bytes: bytes, format: .unknown), diagnostics: [diagnostic],
            submissionCount: 0)
    }

    /// Reads a file held in memory (tests, fuzzing).
    public func extract(
        bytes: [UInt8], path: String, options: ReadOptions = ReadOptions(), _ body: (RawSubmission) -> Void
    ) -> ExtractedFile {
        if bytes.count > limits.maxFileBytes { return tooLarge(path: path, bytes: bytes.count) }
        return extract(SubmissionInput(bytes: bytes, path: path, options: options, settings: self), body)
    }

    /// Reads an XForm questionnaire definition (what pyxform writes, ODK Central and KoboToolbox
    /// serve); any problem is thrown as an `XFormError` naming the file and the place.
    public func readXForm(fileAt url: Foundation.URL) throws -> XFormDefinition {
        let handle: FileHandle
        switch RegularFile.open(url) {
        case .success(let opened):
            handle = opened.handle
            if opened.size > limits.maxFileBytes {
                throw XFormError(path: url.path, message: "the file \(RegularFile.Refusal.tooLarge(limit: limits.maxFileBytes))")
            }
        case .failure(.missing): throw XFormError(path: url.path, message: "cannot open the file")
        case .failure(let refusal): throw XFormError(path: url.path, message: "the file \(refusal)")
        }
        defer { try? handle.close() }
        var chunks = FileChunks(handle: handle, size: chunkSize, limit: limits.maxFileBytes)
        let tooLarge = XFormError(path: url.path, message: "the file \(RegularFile.Refusal.tooLarge(limit: limits.maxFileBytes))")
        do {
            let form = try XFormReader(path: url.path).read(&chunks)
            if chunks.exceeded { throw tooLarge }
            return form
        } catch let error as XFormError {
            // Reading stopped at the limit: that, not what the parser made of the cut, is the problem.
            throw chunks.exceeded ? tooLarge : error
        }
    }

    /// Reads an XForm held in memory; `path` is how it is named in errors.
    public func readXForm(bytes: [UInt8], path: String) throws -> XFormDefinition {
        var chunks = MemoryChunks(bytes: bytes, size: chunkSize)
        return try XFormReader(path: path).read(&chunks)
    }

    /// Reads one file through the reader that claims its extension.
    private func extract(_ input: SubmissionInput, _ body: (RawSubmission) -> Void) -> ExtractedFile {
        let path = input.path
        let ext = (path as NSString).pathExtension.lowercased()
        // Submissions are held until the file is read: after a problem that condemns the whole
        // file (a DOCTYPE, a limit), nothing of it is handed on, not even what came before.
        var pending: [RawSubmission] = []
        var result: ExtractedFile
        if let reader = readers.reader(forExtension: ext) {
            let read = reader.read(input) { pending.append($0) }
            result = ExtractedFile(
                file: SourceFile(path: path, sha256: "", bytes: 0, format: read.format), diagnostics: read.diagnostics,
                submissionCount: 0)
            if input.status.reopenFailed {
                pending = []
                result.file.format = .unknown
                result.diagnostics = [
                    Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "cannot open the file again")
                ]
            } else if input.status.secondPassFailed {
                result.diagnostics.append(
                    Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "reading stopped on the second pass"))
            }
        } else {
            let diagnostic = Diagnostic(
                .fileFormatUnknown, at: SourceLocation(file: path), expected: readers.expectedExtensions, found: ".\(ext)")
            result = ExtractedFile(
                file: SourceFile(path: path, sha256: "", bytes: 0, format: .unknown), diagnostics: [diagnostic],
                submissionCount: 0)
        }
        if input.failed {
            result.diagnostics.append(
                Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "reading stopped after \(input.bytesRead) bytes"))
        }
        // The hash covers the whole file, also when the reader stopped early.
        result.file.sha256 = input.digest()
        result.file.bytes = input.bytesRead
        // More bytes than the limit came (the file grew, or is not what its size said): nothing
        // of it is used, as for a file over the limit from the start.
        if input.status.tooLarge {
            var refused = tooLarge(path: path, bytes: input.bytesRead, read: true)
            refused.file.bytes = input.bytesRead
            return refused
        }
        if result.diagnostics.contains(where: { $0.code.rejectsWholeFile }) {
            result.submissionCount = 0
        } else {
            pending.forEach(body)
            result.submissionCount = pending.count
        }
        return result
    }
}
