/// Text encodings LegiSurvey reads. UTF-8 and UTF-16 are recognised by their byte-order mark;
/// the single-byte Windows code pages and GB18030 are used only as a declared fallback.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    /// Western European (what Excel on Windows writes for English, French, Spanish).
    case windows1252 = "windows-1252"
    /// Cyrillic.
    case windows1251 = "windows-1251"
    /// Arabic.
    case windows1256 = "windows-1256"
    /// Chinese.
    case gb18030 = "gb18030"
}

/// How to read one file, from the pipeline file's `files:` overrides. Nil means "sniff".
public struct ReadOptions: Sendable, Equatable {
    /// The file's encoding, when declared: no sniffing. A file declared UTF-8 with bytes that are
    /// not UTF-8 is rejected.
    public var encoding: TextEncoding?
    /// The encoding to try when the file has no byte-order mark and is not valid UTF-8.
    public var fallbackEncoding: TextEncoding
    /// The CSV delimiter (`,`, `;` or tab), when declared.
    public var delimiter: Character?
    /// The format, when declared.
    public var format: SourceFormat?

    public init(
        encoding: TextEncoding? = nil, fallbackEncoding: TextEncoding = .windows1252, delimiter: Character? = nil,
        format: SourceFormat? = nil
    ) {
        self.encoding = encoding
        self.fallbackEncoding = fallbackEncoding
        self.delimiter = delimiter
        self.format = format
    }
}
