import Foundation

/// A cell of an output CSV. Text cells are neutralized against spreadsheet formulas; numbers are not.
public enum CSVCell: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case number(String)

    public init(stringLiteral value: String) { self = .text(value) }
}

/// RFC 4180 CSV text: `,` separated, CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF.
public enum CSVText {
    /// The first characters that make a spreadsheet read a cell as a formula (OWASP's list),
    /// as scalars: a cell is neutralized when its first scalar is one, whatever follows it (as
    /// a `Character`, `=` with a combining mark or CR LF is another character, and slipped by).
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// One cell, neutralized and quoted as needed.
    public static func encode(_ cell: CSVCell) -> String { encode(cell, delimiter: ",") }

    /// A text cell's value as a reader of the file gets it back: with the leading `'` when it
    /// starts as a formula would (what a script reading the file compares its values with).
    public static func neutralized(_ text: String) -> String {
        (text.unicodeScalars.first.map(formulaStarts.contains) ?? false) ? "'" + text : text
    }

    /// One cell neutralized (a leading `'` before a formula start) and quoted when it holds `"`,
    /// `delimiter`, CR or LF anywhere: looked for as scalars, never as characters (CR LF is one
    /// `Character`, equal to neither CR nor LF, and a `"` or `,` followed by a combining mark is
    /// another character: both once left a cell unquoted that broke its row).
    static func encode(_ cell: CSVCell, delimiter: Character) -> String {
        let value: String
        var neutralize = false
        switch cell {
        case .number(let text): value = text
        case .text(let text):
            value = text
            neutralize = text.unicodeScalars.first.map(formulaStarts.contains) ?? false
        }
        // The specials are ASCII: in UTF-8 their bytes are never part of another scalar.
        let scalars = delimiter.unicodeScalars
        let delimiterByte: UInt8? = scalars.count == 1 && scalars.first!.isASCII ? UInt8(scalars.first!.value) : nil
        let quote = value.utf8.contains { $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == delimiterByte }
            || (delimiterByte == nil && value.contains(delimiter))
        guard neutralize || quote else { return value }
        var result: [UInt8] = []
        result.reserveCapacity(value.utf8.count + 4)
        if quote { result.append(0x22) }
        if neutralize { result.append(UInt8(ascii: "'")) }
        for byte in value.utf8 {
            result.append(byte)
            if byte == 0x22 && quote { result.append(0x22) }
        }
        if quote { result.append(0x22) }
        return String(decoding: result, as: UTF8.self)
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
        guard numeric, dialect.decimalSeparator != "." else { return encode(cell, delimiter: dialect.delimiter) }
        let separator = String(dialect.decimalSeparator)
        switch cell {
        case .number(let text): return encode(.number(text.replacingOccurrences(of: ".", with: separator)), delimiter: dialect.delimiter)
        case .text(let text):
            // The decimal point replaced after the neutralizing quote mark, as before.
            let neutralized = text.unicodeScalars.first.map(formulaStarts.contains) ?? false
            let replaced = text.replacingOccurrences(of: ".", with: separator)
            guard neutralized else { return encode(.number(replaced), delimiter: dialect.delimiter) }
            return encode(.number("'" + replaced), delimiter: dialect.delimiter)
        }
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

extension String {
    /// The text with every `quote` scalar written twice (a CSV, SPSS or spreadsheet-formula
    /// string's escape). Scalars, not characters: a quote followed by a combining mark is
    /// another `Character`, and Foundation's `replacingOccurrences` (which compares characters)
    /// leaves it single, ending the string early.
    public func doublingEach(_ quote: Unicode.Scalar) -> String {
        guard unicodeScalars.contains(quote) else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            result.append(scalar)
            if scalar == quote { result.append(scalar) }
        }
        return String(result)
    }
}
