/// Where something was read: a file (path relative to the inbox), a 1-based line and column.
///
/// For CSV the column is the 1-based field number; for XML it is libxml2's character column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Byte offset from the start of the file (0-based), where lines mean nothing (encoding errors).
    public var offset: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil, offset: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let line = line, line > 0, let column { text += ":\(column)" }
        if let offset { text += " (byte \(offset))" }
        return text
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line ?? 0, lhs.column ?? 0) < (rhs.file, rhs.line ?? 0, rhs.column ?? 0)
    }
}

/// The layouts LegiSurvey reads.
public enum SourceFormat: String, Sendable, Codable {
    /// The native XML submission format (docs/formats.md).
    case nativeXML = "xml"
    /// CSV, one row per submission, a column per question id.
    case wideCSV = "csv-wide"
    /// CSV, one row per answer: `country,question_id,value[,round]`.
    case longCSV = "csv-long"
    /// An XForm instance (ODK Collect, Enketo, ODK Central, KoboToolbox), one per file.
    case xformInstance = "xform-instance"
    /// ODK Central's CSV export (also inside its `.csv.zip` download).
    case odkCentralCSV = "odk-central-csv"
    /// KoboToolbox's CSV export.
    case koboCSV = "kobo-csv"
    /// A file that could not be recognised or read.
    case unknown
}

/// One input file as read.
public struct SourceFile: Sendable, Equatable, Codable {
    /// Path relative to the inbox, with `/` separators.
    public var path: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public var sha256: String
    public var bytes: Int
    public var format: SourceFormat

    public init(path: String, sha256: String, bytes: Int, format: SourceFormat) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.format = format
    }
}
