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
}
