// A sheet's rows are written as bytes (XLSXWorkbook.appendCellXML, WorkbookCollector.row): these
// tests compare them with the string functions they replaced (cellXML, and the row as it was
// built, kept here) on generated cells: white space at either end in ASCII and beyond it, CR LF,
// line feeds, combining marks, `_x0041_`, XML specials, control characters, numbers and numeric
// texts that are not numbers, in every style and column kind.
import Foundation
@testable import SurveyForms
import SurveyModel
@testable import SurveyPublish
import SurveyTestSupport
import Testing

@Suite struct WorkbookCellsTests {
    /// The row as WorkbookCollector built it before.
    static func referenceRow(_ cells: [CSVCell], kinds: [ColumnKind]) -> (xml: String, widths: [Int]) {
        var xml = "<row>"
        var widths: [Int] = []
        for (index, cell) in cells.enumerated() {
            let kind = index < kinds.count ? kinds[index] : .text
            switch cell {
            case .number(let text) where kind.isNumeric:
                if text.isEmpty {
                    xml += XLSXWorkbook.cellXML(.empty)
                } else if let value = Double(text), value.isFinite {
                    xml += XLSXWorkbook.cellXML(.number(value), style: kind == .percent ? .decimal1 : .plain)
                } else {
                    xml += XLSXWorkbook.cellXML(.text(text))
                }
                widths.append(text.count)
            case .number(let text), .text(let text):
                xml += XLSXWorkbook.cellXML(text.isEmpty ? .empty : .text(text))
                widths.append(text.count)
            }
        }
        return (xml + "</row>", widths)
    }

    static let pieces = [
        "a", "State", " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{1F}", "\u{01}", "\u{00A0}", "\u{2003}", "\u{3000}",
        "\u{0301}", "é", "ü", "中", "ع", "\u{200F}", "👍🏽", "🇫🇷", "&", "<", ">", "\"", "'", "_x0041_", "_x", "x_", "_",
        "1", "0.5", "-3", "1e309", "nan", "12.50", "\u{FFFE}", "\u{FEFF}", ",", ";",
    ]

    static func text(_ random: inout SplitMix64) -> String {
        (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    @Test func cellBytesAreCellXML() {
        var random = SplitMix64(seed: 585)
        var compared = 0
        for _ in 0..<4000 {
            let text = Self.text(&random)
            let style = XLSXWorkbook.Style.allCases[Int(random.next() % UInt64(XLSXWorkbook.Style.allCases.count))]
            let values: [XLSXWorkbook.Cell.Value] = [.text(text), .empty, .number(Double(Int64(bitPattern: random.next() % 2_000_001) - 1_000_000) / 64)]
            for value in values {
                var bytes: [UInt8] = []
                XLSXWorkbook.appendCellXML(value, style: style, to: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == XLSXWorkbook.cellXML(value, style: style), "\(value) \(style)")
                compared += 1
            }
            // A text cell through the path that tells whether it was plain: the same bytes, and
            // a plain text has a character per byte.
            var bytes: [UInt8] = []
            let plain = XLSXWorkbook.appendTextCellXML(text, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == XLSXWorkbook.cellXML(.text(text)), "\(text.debugDescription)")
            if plain { #expect(text.count == text.utf8.count, "\(text.debugDescription)") }
        }
        #expect(compared == 12_000)
        // Ends whose character is more than their byte: a space with a combining mark, CR LF.
        for text in [" \u{0301}x", "x \u{0301}", "x\r\n", "\r\nx", "\u{0301}", "a\u{0301}", "\u{00A0}\u{0301}", "\t", "x\u{0600} ", "\u{06DD} x"] {
            var bytes: [UInt8] = []
            XLSXWorkbook.appendCellXML(.text(text), to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == XLSXWorkbook.cellXML(.text(text)), "\(text.debugDescription)")
            #expect(WorkbookCollector.row([.text(text)], kinds: [.text]).widths == [text.count])
        }
        var bytes: [UInt8] = []
        XLSXWorkbook.appendCellXML(.text(" padded\u{00A0}"), to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #"<c t="inlineStr"><is><t xml:space="preserve"> padded\#u{00A0}</t></is></c>"#)
    }

    @Test func rowsAreTheRowsAsTheyWereBuilt() {
        var random = SplitMix64(seed: 152)
        let kinds: [ColumnKind] = [.text, .number, .percent]
        for _ in 0..<1500 {
            let count = Int(random.next() % 9)
            let rowKinds = (0..<Int(random.next() % 10)).map { _ in kinds[Int(random.next() % 3)] }
            let cells = (0..<count).map { _ -> CSVCell in
                let text = Self.text(&random)
                return random.next() % 2 == 0 ? .text(text) : .number(text)
            }
            let made = WorkbookCollector.row(cells, kinds: rowKinds)
            let reference = Self.referenceRow(cells, kinds: rowKinds)
            #expect(made.xml == reference.xml, "\(cells)")
            #expect(made.widths == reference.widths, "\(cells)")
        }
    }

    @Test func plainTextCellsTakeTheOnePassPathWithTheSameBytes() {
        // The one-pass path (appendPlainText) takes printable ASCII with nothing to escape and no
        // `_x`; everything else goes the long way. Both give cellXML's bytes.
        let plain = ["", "a", " a", "a ", " ", "  ", "not_requested", "x_", "_", "a_", "_X0041_", "~", "ch5_unit", "1e309", "'=1", "a'b"]
        let other = ["_x", "a_x0041_", "\u{7F}", "a\tb", "\ta", "a\n", "&", "<b>", "\"q\"", "é", "\u{A0}a", "a\r\nb", "\u{1}"]
        for text in plain + other {
            var fast: [UInt8] = []
            #expect(XLSXWorkbook.appendPlainText(text, to: &fast) == plain.contains(text), "\(text.debugDescription)")
            var bytes: [UInt8] = []
            XLSXWorkbook.appendCellXML(.text(text), to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == XLSXWorkbook.cellXML(.text(text)), "\(text.debugDescription)")
        }
    }

    @Test func unicodeTextsWithNothingToEscapeAreCopiedWithTheSameBytes() {
        // Beyond ASCII, a text is copied as it is only when printable ASCII ends it on both
        // sides (the last not a space): its white space is then read from those bytes.
        let cases: [(String, XLSXWorkbook.UnescapedText)] = [
            ("medium–high", .unicode), ("Côte d'Ivoire", .unicode), (" a中b", .unicode), ("a\u{0301}b", .unicode),
            (" \u{0301}x", .unicode), ("\u{06DD} x", .none), ("x\u{0600} ", .none), ("x\u{0600}", .none), ("中国", .none),
            ("a中", .none), ("a\u{00A0}", .none), ("\u{3000}a", .none), ("a中 ", .none), ("a_x中b", .none), ("a\u{FFFE}b", .none),
            ("a\u{FEFF}b", .none), ("a中\tb", .none), ("a&中b", .none), ("a\u{7F}中b", .none), ("plain", .ascii), (" plain ", .ascii),
        ]
        for (text, expected) in cases {
            var bytes: [UInt8] = []
            #expect(XLSXWorkbook.appendUnescapedText(text, to: &bytes, unicode: true) == expected, "\(text.debugDescription)")
            #expect(bytes.isEmpty == (expected == .none), "\(text.debugDescription)")
            var cell: [UInt8] = []
            XLSXWorkbook.appendCellXML(.text(text), to: &cell)
            #expect(String(decoding: cell, as: UTF8.self) == XLSXWorkbook.cellXML(.text(text)), "\(text.debugDescription)")
            #expect(WorkbookCollector.row([.text(text)], kinds: [.text]).widths == [text.count], "\(text.debugDescription)")
        }
        // And over generated texts, with printable ASCII around them so that many take the path.
        var random = SplitMix64(seed: 2712)
        var unicode = 0
        for _ in 0..<4000 {
            let text = "a" + Self.text(&random) + "z"
            var bytes: [UInt8] = []
            if XLSXWorkbook.appendUnescapedText(text, to: &bytes, unicode: true) == .unicode { unicode += 1 }
            var cell: [UInt8] = []
            XLSXWorkbook.appendCellXML(.text(text), to: &cell)
            #expect(String(decoding: cell, as: UTF8.self) == XLSXWorkbook.cellXML(.text(text)), "\(text.debugDescription)")
            #expect(WorkbookCollector.row([.text(text)], kinds: [.text]).widths == [text.count], "\(text.debugDescription)")
        }
        #expect(unicode > 500)
    }

    @Test func numbersWrittenAsTheyAreAreWhatNumberWouldWrite() {
        // A numeric cell whose text isWrittenAsNumber is copied into the sheet as it is: for
        // every such text, parsing it and writing the number again must give the text back.
        var random = SplitMix64(seed: 2026)
        var texts = [
            "0", "-0", "1", "-1", "007", "0.5", "-0.5", "0.0", "1.0", "1.50", "0.0001", "0.00001", "0.00012", "-0.0001",
            "123456789012345", "1234567890123456", "12345678901234.5", "123456789012345.6", "0.000123456789012345",
            "0.00012345678901234", "1e5", "+1", ".5", "5.", "-", "", "1.2.3", "0x10", "１", "NaN", "inf", "-.5", "0.10",
            "999999999999999", "99999999999999.9", "0.1234567890123456", "10", "-10.25",
        ]
        for _ in 0..<30_000 {
            let scale = [1e-6, 1e-4, 0.01, 1, 100, 1e6, 1e12, 1e15, 1e17][Int(random.next() % 9)]
            let value = (Double(random.next() % 2_000_001) / 1_000_000 - 1) * scale
            texts += [
                Publisher.oneDecimal(value), Publisher.decimal(value), Publisher.fixed(value, 3), String(Int(value)),
                "\(value)", String(format: "%.6f", value),
            ]
        }
        var asWritten = 0
        for text in texts where XLSXWorkbook.isWrittenAsNumber(text) {
            guard let value = Double(text), value.isFinite else {
                Issue.record("\(text) is no number")
                continue
            }
            #expect(XLSXWorkbook.number(value) == text, "\(text)")
            asWritten += 1
        }
        #expect(asWritten > 50_000)
        for refused in ["-0", "007", "1.0", "0.10", "0.00001", "1234567890123456", "123456789012345.6", "1e5", "+1", ".5", "5.", ""] {
            #expect(!XLSXWorkbook.isWrittenAsNumber(refused), "\(refused)")
        }
        // A text whose fraction ends in zeros is written as the number it reads as, from its
        // own digits: the bytes of parsing it and writing the number, for every text taken.
        var fromDigits = 0
        for text in texts {
            for style in [XLSXWorkbook.Style.plain, .decimal1] {
                var fast: [UInt8] = []
                guard XLSXWorkbook.appendNumberCellXML(readingAsWritten: text, style: style, to: &fast) else {
                    #expect(fast.isEmpty, "\(text)")
                    continue
                }
                guard let value = Double(text), value.isFinite else {
                    Issue.record("\(text) is no number")
                    continue
                }
                var parsed: [UInt8] = []
                XLSXWorkbook.appendCellXML(.number(value), style: style, to: &parsed)
                #expect(fast == parsed, "\(text)")
                if !XLSXWorkbook.isWrittenAsNumber(text) { fromDigits += 1 }
            }
        }
        #expect(fromDigits > 20_000)
        for taken in ["1.000", "0.500", "100.0", "5.", "0.0", "0.000", "12.340", "-0.250", "0.00010"] {
            var bytes: [UInt8] = []
            #expect(XLSXWorkbook.appendNumberCellXML(readingAsWritten: taken, to: &bytes), "\(taken)")
        }
        for refused in ["-0.0", "-0.000", "0.000010", "1e5.0", ".50", "1.2.30", "007.0", "", "1234567890123456.0", "１.0"] {
            var bytes: [UInt8] = []
            #expect(!XLSXWorkbook.appendNumberCellXML(readingAsWritten: refused, to: &bytes), "\(refused)")
        }
        // And a row's bytes as the sheet wrote them before.
        let kinds: [ColumnKind] = [.number, .percent, .number, .text]
        for text in texts.prefix(5000) {
            let cells: [CSVCell] = [.number(text), .number(text), .number(""), .text(text)]
            #expect(WorkbookCollector.row(cells, kinds: kinds).xml == Self.referenceRow(cells, kinds: kinds).xml, "\(text)")
        }
    }
}
