// `.xlsx` workbooks for tests, written part by part (the smallest workbook Excel opens): shared
// or inline strings, numbers, dates with a date style, booleans, errors, formulas with a cached
// value, merged ranges, hidden sheets and rows, the 1904 date system.
import Foundation

public enum XLSXSamples {
    public enum Cell: Sendable, Equatable {
        /// A shared string.
        case text(String)
        /// An inline string (`t="inlineStr"`).
        case inline(String)
        /// A rich-text shared string: its runs.
        case rich([String])
        case number(String)
        /// A date serial with a date style (built-in format 14, or a custom format).
        case date(Double)
        case bool(Bool)
        case error(String)
        /// A formula and its cached string result.
        case formula(String, cached: String)
    }

    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Cell?]]
        public var hidden: Bool
        public var hiddenRows: Set<Int>
        /// `A1:C1`…
        public var merges: [String]
        /// The first row's number (rows above it are absent).
        public var firstRow: Int

        public init(
            _ name: String, rows: [[Cell?]], hidden: Bool = false, hiddenRows: Set<Int> = [], merges: [String] = [], firstRow: Int = 1
        ) {
            self.name = name
            self.rows = rows
            self.hidden = hidden
            self.hiddenRows = hiddenRows
            self.merges = merges
            self.firstRow = firstRow
        }
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public static func columnName(_ column: Int) -> String {
        var number = column
        var letters = ""
        while number > 0 {
            letters = String(Character(Unicode.Scalar(UInt8(65 + (number - 1) % 26)))) + letters
            number = (number - 1) / 26
        }
        return letters
    }

    /// A cell a text sample is written as: a number when it is one (a whole number), else a string.
    public static func cell(_ text: String) -> Cell {
        if let number = Int(text), String(number) == text { return .number(text) }
        return .text(text)
    }

    /// The workbook's bytes. `doctype` puts a DOCTYPE in the first sheet's part.
    public static func workbook(_ sheets: [Sheet], date1904: Bool = false, doctype: Bool = false) -> [UInt8] {
        var strings: [String] = []
        var stringIndex: [String: Int] = [:]
        func shared(_ xml: String) -> Int {
            if let index = stringIndex[xml] { return index }
            stringIndex[xml] = strings.count
            strings.append(xml)
            return strings.count - 1
        }
        var parts: [(String, String)] = []
        parts.append((
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\(sheets.indices.map { "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """
        ))
        parts.append((
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """
        ))
        let sheetList = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(escaped(sheet.name))\" sheetId=\"\(index + 1)\"\(sheet.hidden ? " state=\"hidden\"" : "") r:id=\"rId\(index + 1)\"/>"
        }.joined()
        parts.append((
            "xl/workbook.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(sheetList)</sheets></workbook>
            """
        ))
        let relations = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        parts.append((
            "xl/_rels/workbook.xml.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relations)<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """
        ))
        // Style 0: General; 1: built-in date 14; 2: a custom date format.
        parts.append((
            "xl/styles.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
            """
        ))
        for (index, sheet) in sheets.enumerated() {
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            if doctype && index == 0 { xml += "<!DOCTYPE worksheet [<!ENTITY e \"entity\">]>\n" }
            xml += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            for (rowIndex, row) in sheet.rows.enumerated() {
                let number = sheet.firstRow + rowIndex
                xml += "<row r=\"\(number)\"\(sheet.hiddenRows.contains(number) ? " hidden=\"1\"" : "")>"
                for (columnIndex, cell) in row.enumerated() {
                    guard let cell else { continue }
                    let reference = "\(columnName(columnIndex + 1))\(number)"
                    switch cell {
                    case .text(let text):
                        xml += "<c r=\"\(reference)\" t=\"s\"><v>\(shared("<t xml:space=\"preserve\">\(escaped(text))</t>"))</v></c>"
                    case .rich(let runs):
                        let xmlRuns = runs.enumerated().map { run, text in
                            "<r>\(run % 2 == 1 ? "<rPr><b/></rPr>" : "")<t xml:space=\"preserve\">\(escaped(text))</t></r>"
                        }.joined()
                        xml += "<c r=\"\(reference)\" t=\"s\"><v>\(shared(xmlRuns + "<rPh sb=\"0\" eb=\"1\"><t>フリガナ</t></rPh>"))</v></c>"
                    case .inline(let text):
                        xml += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(escaped(text))</t></is></c>"
                    case .number(let text):
                        xml += "<c r=\"\(reference)\"><v>\(text)</v></c>"
                    case .date(let serial):
                        xml += "<c r=\"\(reference)\" s=\"\(serial == serial.rounded() ? 1 : 2)\"><v>\(serial)</v></c>"
                    case .bool(let value):
                        xml += "<c r=\"\(reference)\" t=\"b\"><v>\(value ? 1 : 0)</v></c>"
                    case .error(let error):
                        xml += "<c r=\"\(reference)\" t=\"e\"><v>\(escaped(error))</v></c>"
                    case .formula(let formula, let cached):
                        xml += "<c r=\"\(reference)\" t=\"str\"><f>\(escaped(formula))</f><v>\(escaped(cached))</v></c>"
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData>"
            if !sheet.merges.isEmpty {
                xml += "<mergeCells count=\"\(sheet.merges.count)\">" + sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
            }
            xml += "</worksheet>"
            parts.append(("xl/worksheets/sheet\(index + 1).xml", xml))
        }
        parts.append((
            "xl/sharedStrings.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
                + strings.map { "<si>\($0)</si>" }.joined() + "</sst>"
        ))
        do {
            return try ZipSamples.archive(parts.map { (name: $0.0, bytes: Array($0.1.utf8), deflate: true) })
        } catch {
            fatalError("cannot write the .xlsx sample: \(error)")
        }
    }

    /// The wide layout: a header row (`country`, `round`, the questions), a row per submission.
    public static func wide(_ submissions: [ConformanceSubmission]) -> [UInt8] {
        var fields: [String] = []
        for answer in submissions.flatMap(\.answers) where !fields.contains(answer.field) { fields.append(answer.field) }
        var rows: [[Cell?]] = [(["country", "round"] + fields).map { .text($0) }]
        for submission in submissions {
            rows.append(
                [.text(submission.country), cell(submission.round)]
                    + fields.map { field in submission.answers.first { $0.field == field }.map { cell($0.value) } })
        }
        return workbook([Sheet("Réponses", rows: rows)])
    }

    /// The transposed layout: a header column (`country`, `round`, the questions), a column per
    /// submission, under a title row and beside a notes sheet.
    public static func transposed(_ submissions: [ConformanceSubmission]) -> [UInt8] {
        var fields: [String] = []
        for answer in submissions.flatMap(\.answers) where !fields.contains(answer.field) { fields.append(answer.field) }
        var rows: [[Cell?]] = [
            [.text("country")] + submissions.map { .text($0.country) },
            [.text("round")] + submissions.map { cell($0.round) },
        ]
        for field in fields {
            rows.append([.text(field)] + submissions.map { submission in submission.answers.first { $0.field == field }.map { cell($0.value) } })
        }
        return workbook([Sheet("Notes", rows: [[.text("Filled in by the focal point")]]), Sheet("Answers", rows: rows)])
    }
}
