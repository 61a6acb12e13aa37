public import Foundation
public import SurveyModel

/// Reads submission files as streams and hands on one `RawSubmission` at a time.
///
/// The format comes from the file name: `.xml` is the native XML format (read with libxml2's
/// SAX2 push parser), `.csv` is CSV (read with libcsv) in the wide or long layout, told apart by
/// the header. A file that cannot be read yields diagnostics, never a thrown error: one bad file
/// never stops a batch.
public struct Extractor: Sendable {
    /// Bytes read per chunk.
    public var chunkSize: Int

    public init(chunkSize: Int = 64 * 1024) { self.chunkSize = chunkSize }

    /// The file formats this extractor reads, by file-name extension.
    public static let extensions: Set<String> = ["xml", "csv"]

    /// Reads the file at `url`; `path` is how it is named in records (relative to the inbox).
    public func extract(fileAt url: Foundation.URL, path: String, _ body: (RawSubmission) -> Void) -> ExtractedFile {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            let diagnostic = Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "cannot open the file")
            return ExtractedFile(
                file: SourceFile(path: path, sha256: "", bytes: 0, format: .unknown), diagnostics: [diagnostic],
                submissionCount: 0)
        }
        defer { try? handle.close() }
        return extract(path: path, chunks: FileChunks(handle: handle, size: chunkSize), body)
    }

    /// Reads a file held in memory (tests, fuzzing).
    public func extract(bytes: [UInt8], path: String, _ body: (RawSubmission) -> Void) -> ExtractedFile {
        extract(path: path, chunks: MemoryChunks(bytes: bytes, size: chunkSize), body)
    }

    private func extract(path: String, chunks: some ChunkSource, _ body: (RawSubmission) -> Void) -> ExtractedFile {
        let ext = (path as NSString).pathExtension.lowercased()
        var hashing = HashingChunks(base: chunks)
        var result: ExtractedFile
        switch ext {
        case "xml":
            result = XMLSubmissionReader(path: path).read(&hashing, body)
        case "csv":
            result = CSVSubmissionReader(path: path).read(&hashing, body)
        default:
            hashing.drain()
            let diagnostic = Diagnostic(
                .fileFormatUnknown, at: SourceLocation(file: path), expected: ".xml or .csv", found: ".\(ext)")
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
        return result
    }
}
