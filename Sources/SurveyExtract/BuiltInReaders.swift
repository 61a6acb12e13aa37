// The built-in readers as `SubmissionReader`s (ReaderRegistry.standard): native XML and XForm
// instances (libxml2), CSV in all its layouts (libcsv, after decoding to UTF-8), and ODK Central's
// `.csv.zip` download (its main table, read as CSV). Each builds its parser once per file.
import Foundation
public import SurveyModel

/// `.xml`: the native XML submission format and XForm instances, told apart by the root element
/// (`XMLSubmissionReader`, libxml2's SAX2 push parser through `XMLPushParsing`). libxml2 decodes
/// the document's own encoding (its declaration or byte-order mark).
public struct XMLReader: SubmissionReader {
    public init() {}
    public var name: String { "XML" }
    public var extensions: [String] { ["xml"] }
    public var formats: [SourceFormat] { [.nativeXML, .xformInstance] }

    public func read(_ input: SubmissionInput, _ submit: (RawSubmission) -> Void) -> ReaderResult {
        var chunks = input
        return XMLSubmissionReader(path: input.path, limits: input.limits, codebook: input.codebook).read(&chunks, submit)
    }
}

/// `.csv`: the wide and long layouts and the ODK Central and KoboToolbox exports, told apart by the
/// header or declared (`files: format:`). Read twice: the first pass decides the encoding
/// (`EncodingProbe`), the second decodes to UTF-8 and parses with libcsv (`CSVSubmissionReader`).
public struct CSVReader: SubmissionReader {
    public init() {}
    public var name: String { "CSV" }
    public var extensions: [String] { ["csv"] }
    public var formats: [SourceFormat] { [.wideCSV, .longCSV, .odkCentralCSV, .koboCSV] }
    public var selectableFormats: [SourceFormat] { formats }

    public func read(_ input: SubmissionInput, _ submit: (RawSubmission) -> Void) -> ReaderResult {
        Self.decodeAndRead(input, submit) { options in
            CSVSubmissionReader(
                path: input.path, delimiter: options.delimiter, format: options.format, countryNames: input.countryNames,
                roundNames: input.roundNames, respondentNames: input.respondentField.map { [$0] } ?? [], limits: input.limits,
                codebook: input.codebook)
        }
    }

    /// Decides the encoding on the first pass, then parses the decoded second pass with the reader
    /// `make` gives (a submission reader, or a repeat table's).
    static func decodeAndRead(
        _ input: SubmissionInput, _ submit: (RawSubmission) -> Void, make: (ReadOptions) -> CSVSubmissionReader
    ) -> ReaderResult {
        let path = input.path
        func unread(_ diagnostics: [Diagnostic]) -> ReaderResult { ReaderResult(format: .unknown, diagnostics: diagnostics) }
        var probe = EncodingProbe(options: input.options)
        while let chunk = input.next() { probe.feed(chunk) }
        // A read error is reported by the Extractor; the encoding of an incomplete file is not decided.
        guard !input.failed else { return unread([]) }
        let decision = probe.finish()
        guard case .decode(let encoding, let skip, _) = decision else { return unread(decision.diagnostics(path: path)) }
        // The Extractor reports a file that cannot be opened again.
        guard let again = input.reread() else { return unread([]) }
        guard var decoding = DecodingChunks(base: again, encoding: encoding, skip: skip) else {
            let detail = "this system's iconv cannot convert from \(encoding.rawValue)"
            return unread([Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: detail)])
        }
        let reader = make(input.options)
        var parsed = reader.read(&decoding, submit)
        if let mismatch = decoding.mismatch {
            parsed.diagnostics.append(
                Diagnostic(
                    .fileUnreadable, at: SourceLocation(file: path, offset: mismatch.offset),
                    detail: "the file changed while it was read: \(mismatch.explanation)"))
        }
        parsed.diagnostics.insert(contentsOf: decision.diagnostics(path: path), at: 0)
        return parsed
    }
}

/// `.zip`: ODK Central's `.csv.zip` download. The archive is opened with random access (the file
/// itself, or the bytes in memory); its main table, checked, is read as CSV from memory
/// (`ZipExport` says which entry), and its repeat tables' rows are added to the submissions
/// they belong to (`CentralRepeatTables`).
public struct ZipExportReader: SubmissionReader {
    public init() {}
    public var name: String { "ODK Central .csv.zip" }
    public var extensions: [String] { ["zip"] }
    /// Usually ODK Central's layout; the main table is read as any CSV is.
    public var formats: [SourceFormat] { CSVReader().formats }
    /// Declared for the archive, handed to the main table's CSV reading.
    public var selectableFormats: [SourceFormat] { CSVReader().selectableFormats }

    public func read(_ input: SubmissionInput, _ submit: (RawSubmission) -> Void) -> ReaderResult {
        // The file itself when there is one (the Extractor still hashes it whole).
        let opened =
            input.fileURL.map { ZipExport.open($0, path: input.path, limits: input.limits) }
            ?? ZipExport.open(input.readAll(), path: input.path, limits: input.limits)
        guard !opened.bytes.isEmpty else { return ReaderResult(format: .unknown, diagnostics: opened.diagnostics) }
        // The repeat tables are read first and held (as answers, by the root KEY they belong to),
        // so that the main table still streams: each root row, as libcsv hands it on, gets its
        // repeat answers and goes on at once, and no root submission waits for the end of the
        // file. Repeat tables are usually far smaller than the root table, and each is bounded by
        // the same limits as the main table (size, expansion ratio).
        var repeats = CentralRepeatTables(path: input.path)
        for table in opened.repeatTables { repeats.read(table.entryName, input.entry(table.bytes)) }
        repeats.resolve()
        var result = CSVReader().read(input.entry(opened.bytes)) { submission in
            var submission = submission
            repeats.attach(to: &submission)
            submit(submission)
        }
        result.diagnostics.insert(contentsOf: opened.diagnostics + repeats.diagnostics, at: 0)
        result.diagnostics += repeats.orphans(mainTable: opened.entryName)
        return result
    }
}
