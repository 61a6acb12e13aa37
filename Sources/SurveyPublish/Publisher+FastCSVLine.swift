// A CSV line of the large tables, made faster than CSVText.line(_:) with the same bytes.

import SurveyModel

extension Publisher {
    /// ``CSVText/line(_:)``, faster: a cell of ASCII without `"`, `,`, CR or LF (the usual
    /// cell; there a character is a byte) is neutralized and copied here, byte by byte as
    /// ``CSVText/encode(_:)`` would; any other cell goes through ``CSVText/encode(_:)`` itself.
    /// So the bytes are the same.
    static func csvLine(_ cells: [CSVCell]) -> String {
        var line: [UInt8] = []
        line.reserveCapacity(320)
        appendCSVLine(cells, to: &line)
        return String(decoding: line, as: UTF8.self)
    }

    /// ``csvLine(_:)``'s bytes appended to `line` (a chunk's text): no string per line or per
    /// cell, each plain cell's bytes checked and copied in one pass.
    static func appendCSVLine(_ cells: [CSVCell], to line: inout [UInt8]) {
        for index in cells.indices {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            let cell = cells[index]
            var value: String
            let neutralized: Bool
            switch cell {
            case .number(let number): (value, neutralized) = (number, false)
            case .text(let text): (value, neutralized) = (text, true)
            }
            let copied = value.withUTF8 { bytes -> Bool in
                guard isPlainASCII(bytes) else { return false }
                // `CSVText.formulaStarts` without "\r", which a plain cell does not hold.
                if neutralized, let first = bytes.first {
                    switch first {
                    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"):
                        line.append(UInt8(ascii: "'"))
                    default: break
                    }
                }
                line.append(contentsOf: bytes)
                return true
            }
            if !copied { line.append(contentsOf: CSVText.encode(cell).utf8) }
        }
        line.append(literal: "\r\n")
    }

    /// ASCII without `"`, `,`, CR or LF (a text's UTF-8 bytes): each byte is one character, and
    /// the cell needs no quotes.
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Every byte looked at, without a branch per byte.
        var other: UInt8 = 0
        for byte in bytes {
            other |= (byte & 0x80) | (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ",") || byte == 0x0A || byte == 0x0D ? 1 : 0)
        }
        return other == 0
    }
}
