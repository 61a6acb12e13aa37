/// Where something was read: a file (path relative to the inbox), a 1-based line and column.
///
/// For CSV the column is the 1-based field number; for XML it is libxml2's character column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Byte offset from the start of the file (0-based), where lines mean nothing (encoding errors).
    public var offset: Int?
    /// The worksheet of a spreadsheet (`.xlsx`), where `line` is the row and `column` the column:
    /// the location reads `file:Réponses!C7`. Nil for every other format.
    public var sheet: String?

    /// Inlinable, so that a location is made in place where it is stored.
    @inlinable
    public init(file: String, line: Int? = nil, column: Int? = nil, offset: Int? = nil, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
        self.sheet = sheet
    }

    public var description: String {
        var text = file
        if let sheet {
            text += ":" + (cellReference ?? sheet)
            return text
        }
        if let line { text += ":\(line)" }
        if let line = line, line > 0, let column { text += ":\(column)" }
        if let offset { text += " (byte \(offset))" }
        return text
    }

    /// A spreadsheet cell as spreadsheets name it: `Réponses!C7` (a whole row `Réponses!7:7`, a
    /// whole column `Réponses!C:C`); the sheet name is quoted when it holds anything but letters,
    /// digits and `_` (`'Sheet 2'!B3`). Nil when the location is not in a sheet.
    public var cellReference: String? {
        guard let sheet else { return nil }
        let plain = !sheet.isEmpty && sheet.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
        let name = plain ? sheet : "'" + sheet.doublingEach("'") + "'"
        switch (line, column) {
        case (let row?, let column?): return "\(name)!\(Self.columnLetters(column))\(row)"
        case (let row?, nil): return "\(name)!\(row):\(row)"
        case (nil, let column?): return "\(name)!\(Self.columnLetters(column)):\(Self.columnLetters(column))"
        case (nil, nil): return name
        }
    }

    /// A 1-based column number in letters: 1 is A, 27 is AA.
    public static func columnLetters(_ column: Int) -> String {
        var number = max(column, 1)
        var letters: [Character] = []
        while number > 0 {
            let digit = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + digit))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.sheet ?? "", lhs.line ?? 0, lhs.column ?? 0) < (rhs.file, rhs.sheet ?? "", rhs.line ?? 0, rhs.column ?? 0)
    }
}

/// A layout a reader reports its files and submissions under, by name: the store, the file cache
/// and every output hold the name (`rawValue`), nothing else.
///
/// Open: a reader defined outside this package names its own format (`SourceFormat(rawValue:
/// "json-lines")!`) beside the built-in ones below. A name is lower-case ASCII letters, digits,
/// `-` and `.`, starting with a letter or digit (what the pipeline file's `files: format:` takes).
public struct SourceFormat: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Nil unless `rawValue` is a format name: lower-case ASCII letters, digits, `-` and `.`, at
    /// most 64 characters, starting with a letter or digit.
    public init?(rawValue: String) {
        guard Self.isName(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// True when `text` may name a format.
    public static func isName(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, bytes.count <= 64 else { return false }
        func allowed(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return allowed(first) && bytes.allSatisfy { allowed($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    /// A built-in name, known to be valid.
    private init(builtIn rawValue: String) { self.rawValue = rawValue }

    /// The native XML submission format (docs/formats.md).
    public static let nativeXML = SourceFormat(builtIn: "xml")
    /// CSV, one row per submission, a column per question id.
    public static let wideCSV = SourceFormat(builtIn: "csv-wide")
    /// CSV, one row per answer: `country,question_id,value[,round]`.
    public static let longCSV = SourceFormat(builtIn: "csv-long")
    /// An XForm instance (ODK Collect, Enketo, ODK Central, KoboToolbox), one per file.
    public static let xformInstance = SourceFormat(builtIn: "xform-instance")
    /// ODK Central's CSV export (also inside its `.csv.zip` download).
    public static let odkCentralCSV = SourceFormat(builtIn: "odk-central-csv")
    /// KoboToolbox's CSV export.
    public static let koboCSV = SourceFormat(builtIn: "kobo-csv")
    /// An Excel workbook (`.xlsx`), a sheet with one row per submission, a column per question.
    public static let xlsxWide = SourceFormat(builtIn: "xlsx-wide")
    /// An Excel workbook (`.xlsx`), a sheet with one column per submission, a row per question.
    public static let xlsxTransposed = SourceFormat(builtIn: "xlsx-transposed")
    /// The questionnaire workbook `legisurvey questionnaire template` writes, filled in.
    public static let xlsxTemplate = SourceFormat(builtIn: "xlsx-template")
    /// A file that could not be recognised or read.
    public static let unknown = SourceFormat(builtIn: "unknown")

    /// Encoded as its name alone, as the enum it replaced was.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let format = SourceFormat(rawValue: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(name)' is not a format name")
        }
        self = format
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
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
