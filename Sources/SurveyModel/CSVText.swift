import Foundation

/// A cell of an output CSV. Text cells are neutralized against spreadsheet formulas; numbers are not.
public enum CSVCell: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case number(String)

    public init(stringLiteral value: String) { self = .text(value) }
}

/// RFC 4180 CSV text: `,` separated, CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF.
public enum CSVText {
    /// Characters that make a spreadsheet read a text cell as a formula (OWASP CSV injection).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// One cell, neutralized and quoted as needed.
    public static func encode(_ cell: CSVCell) -> String {
        let raw: String
        switch cell {
        case .number(let value): raw = value
        case .text(let value):
            if let first = value.first, formulaStarts.contains(first) { raw = "'" + value } else { raw = value }
        }
        if raw.contains(where: { $0 == "\"" || $0 == "," || $0 == "\n" || $0 == "\r" }) {
            return "\"" + raw.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return raw
    }

    /// One record with its CRLF terminator.
    public static func line(_ cells: [CSVCell]) -> String {
        cells.map(encode).joined(separator: ",") + "\r\n"
    }

    /// A header row (names are plain text).
    public static func header(_ names: [String]) -> String { line(names.map(CSVCell.text)) }

    /// One cell in `dialect`: neutralized as ``encode(_:)`` does; in a column declared numeric
    /// (`numeric`, from the table's description, never guessed from the value) the decimal point
    /// becomes the dialect's decimal separator; quoted when it holds `"`, the delimiter, CR or LF.
    public static func encode(_ cell: CSVCell, dialect: CSVDialect, numeric: Bool) -> String {
        if dialect == .standard { return encode(cell) }
        var raw: String
        switch cell {
        case .number(let value): raw = value
        case .text(let value):
            if let first = value.first, formulaStarts.contains(first) { raw = "'" + value } else { raw = value }
        }
        if numeric, dialect.decimalSeparator != "." {
            raw = raw.replacingOccurrences(of: ".", with: String(dialect.decimalSeparator))
        }
        if raw.contains(where: { $0 == "\"" || $0 == dialect.delimiter || $0 == "\n" || $0 == "\r" }) {
            return "\"" + raw.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return raw
    }

    /// One record in `dialect` with its CRLF terminator; `numeric[i]` says whether column `i` is
    /// declared numeric (a missing entry: text).
    public static func line(_ cells: [CSVCell], dialect: CSVDialect, numeric: [Bool]) -> String {
        cells.enumerated().map { index, cell in
            encode(cell, dialect: dialect, numeric: index < numeric.count && numeric[index])
        }.joined(separator: String(dialect.delimiter)) + "\r\n"
    }
}

/// How a CSV file is spelled: the delimiter, the decimal separator of numeric columns, and whether
/// the file starts with a UTF-8 byte order mark. Records always end in CRLF and are quoted by
/// RFC 4180's rules with the dialect's delimiter.
public struct CSVDialect: Sendable, Equatable {
    public var delimiter: Character
    public var decimalSeparator: Character
    public var byteOrderMark: Bool

    public init(delimiter: Character, decimalSeparator: Character, byteOrderMark: Bool) {
        self.delimiter = delimiter
        self.decimalSeparator = decimalSeparator
        self.byteOrderMark = byteOrderMark
    }

    /// RFC 4180: `,`, a decimal point, no byte order mark (every output table).
    public static let standard = CSVDialect(delimiter: ",", decimalSeparator: ".", byteOrderMark: false)
    /// What Excel writes and reads in a locale with a decimal comma (French, German, Spanish,
    /// Russian...): `;`, a decimal comma, a UTF-8 byte order mark (the copies under `excel/`).
    public static let excel = CSVDialect(delimiter: ";", decimalSeparator: ",", byteOrderMark: true)

    /// The byte order mark the file starts with, or nothing.
    public var prefix: String { byteOrderMark ? "\u{FEFF}" : "" }
}
