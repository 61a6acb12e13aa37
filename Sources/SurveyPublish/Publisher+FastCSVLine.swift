// A CSV line of the large tables, made faster than CSVText.line(_:) with the same bytes.

import SurveyModel

extension Publisher {
    /// ``CSVText/line(_:)``, faster: a cell of ASCII without `"`, `,`, CR or LF (the usual
    /// cell; there a character is a byte) is neutralized and copied here, byte by byte as
    /// ``CSVText/encode(_:)`` would; any other cell goes through ``CSVText/encode(_:)`` itself.
    /// So the bytes are the same.
    static func csvLine(_ cells: [CSVCell]) -> String {
        var line = ""
        line.reserveCapacity(320)
        appendCSVLine(cells, to: &line)
        return line
    }

    /// ``csvLine(_:)`` appended to `line` (a chunk's text), without a string per line.
    static func appendCSVLine(_ cells: [CSVCell], to line: inout String) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { line += "," }
            switch cell {
            case .number(let value) where isPlainASCII(value):
                line += value
            case .text(let value) where isPlainASCII(value):
                // `CSVText.formulaStarts` without "\r", which a plain cell does not hold.
                switch value.utf8.first {
                case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"):
                    line += "'"
                default: break
                }
                line += value
            default:
                line += CSVText.encode(cell)
            }
        }
        line += "\r\n"
    }

    /// ASCII without `"`, `,`, CR or LF: each byte is one character, and the cell needs no quotes.
    static func isPlainASCII(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            // Every byte looked at, without a branch per byte.
            var other: UInt8 = 0
            for byte in bytes {
                other |= (byte & 0x80) | (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ",") || byte == 0x0A || byte == 0x0D ? 1 : 0)
            }
            return other == 0
        }
    }
}
