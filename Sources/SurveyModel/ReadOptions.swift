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

/// Limits that keep a hostile or broken file from exhausting memory or time (pipeline file:
/// `limits`). LegiSurvey enforces them with its own counters, whatever the parsers allow.
public struct InputLimits: Sendable, Equatable {
    /// A file larger than this is not read (`file-too-large`).
    public var maxFileBytes: Int
    /// XML elements nested deeper than this (`xml-too-deep`).
    public var maxXMLDepth: Int
    /// One XML text node or attribute value, or one CSV cell, larger than this (`value-too-large`).
    public var maxValueBytes: Int
    /// A CSV row with more cells than this (`csv-too-many-columns`).
    public var maxColumns: Int
    /// An archive entry that expands to more than this many times its compressed size
    /// (`zip-ratio-exceeded`, checked while it is inflated); an entry may always expand to
    /// `zipRatioFloorBytes`, so that a tiny, very compressible file is not refused.
    public var maxZipRatio: Int
    /// A spreadsheet (`.xlsx`) with more cells holding something than this, over all its sheets,
    /// or a row reaching past column `maxColumns` (`xlsx-too-many-cells`).
    public var maxCells: Int

    /// What any archive entry may expand to, whatever its ratio (1 MiB).
    public static let zipRatioFloorBytes = 1 << 20

    public init(
        maxFileBytes: Int = 256 << 20, maxXMLDepth: Int = 64, maxValueBytes: Int = 1 << 20, maxColumns: Int = 5_000,
        maxZipRatio: Int = 100, maxCells: Int = 2_000_000
    ) {
        self.maxCells = maxCells
        self.maxFileBytes = maxFileBytes
        self.maxXMLDepth = maxXMLDepth
        self.maxValueBytes = maxValueBytes
        self.maxColumns = maxColumns
        self.maxZipRatio = maxZipRatio
    }
}
