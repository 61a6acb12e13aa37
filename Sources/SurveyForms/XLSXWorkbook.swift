public import Foundation
import ZIPFoundation
import SurveyModel

/// A SpreadsheetML workbook (`.xlsx`) as written by LegiSurvey: named sheets of text and number
/// cells in a small fixed set of styles, with what a workbook for people needs (column widths,
/// frozen panes, hidden rows, columns and sheets, merged cells, data validation, conditional
/// highlighting, protection, defined names, right-to-left sheets), written as a ZIP of stored
/// entries.
///
/// The bytes are deterministic: fixed entry order, a fixed modification date (1980-01-01 00:00
/// UTC, the DOS epoch) and no compression, so the same sheets give the same file on any platform,
/// whatever its zlib. The XLSForm export and the questionnaire workbook for focal points write one;
/// later spreadsheet outputs can too.
public struct XLSXWorkbook: Sendable {
    /// How a cell looks and whether a protected sheet lets it be edited: a fixed set, so that
    /// `styles.xml` is one constant.
    public enum Style: Int, Sendable, CaseIterable {
        case plain
        /// Bold on light grey, wrapped, bordered: a header row.
        case header
        /// Bold and larger: a sheet's title.
        case title
        /// Wrapped text, top-aligned: question texts.
        case wrap
        /// Italic grey wrapped text: help and units.
        case help
        /// An answer cell: light yellow, bordered, unlocked on a protected sheet.
        case input
        /// An answer cell for a mark (an option chosen), centred.
        case inputCentered
        /// An answer cell for a date (`yyyy-mm-dd`).
        case inputDate
        /// A cell that takes no answer on a row of answers: grey, bordered.
        case inactive
        /// A number with one decimal (`0.0`).
        case decimal1
        /// Text that a spreadsheet must not read as a number (`@`): codes with leading zeros.
        case textFormat
        /// A whole number (`0`).
        case integer
    }

    /// One cell: text, a number or nothing, and its style.
    public struct Cell: Sendable, Equatable, ExpressibleByStringLiteral {
        public enum Value: Sendable, Equatable {
            case text(String)
            case number(Double)
            case empty
        }
        public var value: Value
        public var style: Style

        public init(_ value: Value, _ style: Style = .plain) {
            self.value = value
            self.style = style
        }
        public init(stringLiteral text: String) { self.init(.text(text)) }
        public static func text(_ text: String, _ style: Style = .plain) -> Cell { Cell(text.isEmpty ? .empty : .text(text), style) }
        public static func number(_ number: Double, _ style: Style = .plain) -> Cell { Cell(.number(number), style) }
        public static func empty(_ style: Style = .plain) -> Cell { Cell(.empty, style) }
    }

    /// A rule on what a cell accepts (a spreadsheet's data validation), with the message shown
    /// when an entry breaks it.
    public struct Validation: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// One of the values of a range or defined name (a drop-down list).
            case list(String)
            /// A whole number, a decimal number or a date, within bounds when given.
            case whole(minimum: Double?, maximum: Double?)
            case decimal(minimum: Double?, maximum: Double?)
            case date
            /// A formula that must be true (relative to the first cell of the first range).
            case custom(String)
        }
        public var kind: Kind
        /// The cells (`C5`, `C5:C9`), 1 or more.
        public var ranges: [String]
        public var errorTitle: String
        public var error: String

        public init(_ kind: Kind, ranges: [String], errorTitle: String = "", error: String) {
            self.kind = kind
            self.ranges = ranges
            self.errorTitle = errorTitle
            self.error = error
        }
    }

    /// A highlight shown while a formula is true (conditional formatting): the cells turn light red.
    public struct Highlight: Sendable, Equatable {
        public var ranges: [String]
        /// Relative to the first cell of the first range.
        public var formula: String

        public init(ranges: [String], formula: String) {
            self.ranges = ranges
            self.formula = formula
        }
    }

    /// One sheet: a name and its rows of cells, and how it shows.
    public struct Sheet: Sendable, Equatable {
        public enum State: String, Sendable {
            case visible
            case hidden
            /// Hidden, and not listed in a spreadsheet's "unhide" dialogue.
            case veryHidden
        }
        public var name: String
        public var rows: [[Cell]]
        public var state: State = .visible
        /// Rows and columns kept in view while scrolling (the header rows; a key column).
        public var frozenRows = 1
        public var frozenColumns = 0
        /// Widths in characters, by 0-based column.
        public var columnWidths: [Int: Double] = [:]
        /// 0-based columns and rows.
        public var hiddenColumns: Set<Int> = []
        public var hiddenRows: Set<Int> = []
        /// Merged ranges (`B1:D1`).
        public var merges: [String] = []
        public var validations: [Validation] = []
        public var highlights: [Highlight] = []
        /// Protected: only cells of an unlocked style (``Style/input``…) can be edited; columns and
        /// rows can still be resized.
        public var isProtected = false
        /// Shown right to left (Arabic).
        public var rightToLeft = false
        /// The sheet's rows already written as SpreadsheetML (`<row>…</row>` elements, cells
        /// without references, in order): used instead of ``rows`` when set (a large table
        /// rendered while its CSV file is written).
        public var sheetData: String?
        /// The same rows in a file (UTF-8), streamed into the archive and never held in memory
        /// (a run's tables at 50,000 respondents are hundreds of megabytes of XML): used
        /// instead of ``sheetData`` and ``rows`` when set.
        public var sheetDataFile: URL?
        /// The number of rows in ``sheetData`` and of cells in its widest row, for the dimension.
        public var sheetDataRows = 0
        public var sheetDataColumns = 0

        public init(name: String, rows: [[Cell]]) {
            self.name = name
            self.rows = rows
        }

        /// A sheet of text cells, the first row being the header (empty texts are empty cells).
        public init(name: String, rows: [[String]]) {
            self.init(name: name, rows: rows.map { $0.map { Cell.text($0) } })
        }
    }

    public var sheets: [Sheet]
    /// Names of ranges (`name` → `'Lists'!$A$1:$A$4`), for lists and formulas.
    public var definedNames: [(name: String, formula: String)] = []
    /// Sheets cannot be added, removed, renamed, moved or unhidden.
    public var lockStructure = false
    /// Entries deflated (a large workbook) rather than stored. Deflate's output is fixed for a
    /// zlib version: byte-identical on one machine, not promised across zlib versions.
    public var compressed = false

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// The workbook as `.xlsx` bytes; `what` names it in errors.
    public func data(what: String = "workbook") throws -> Data {
        // Each sheet made when its entry is written, and let go after (a sheet's text in memory
        // per core at most; a file-backed sheet's rows not at all); deflated entries on every core
        // (XLSXArchive.swift).
        try Self.archive(archiveEntries(what: what), compressed: compressed, what: what)
    }

    /// An entry's bytes: a head in memory, then optionally a file's bytes and a tail, read in the
    /// pieces the archive asks for.
    struct EntryBody {
        let head: Data
        let file: FileHandle?
        let fileSize: Int
        let tail: Data

        init(head: Data) {
            self.head = head
            file = nil
            fileSize = 0
            tail = Data()
        }

        init(head: Data, file url: URL, tail: Data) throws {
            self.head = head
            let handle = try FileHandle(forReadingFrom: url)
            file = handle
            fileSize = Int(try handle.seekToEnd())
            self.tail = tail
        }

        var size: Int { head.count + fileSize + tail.count }

        func read(at position: Int, count: Int) throws -> Data {
            var result = Data()
            result.reserveCapacity(count)
            var position = position
            var left = count
            if position < head.count && left > 0 {
                let end = min(head.count, position + left)
                result.append(head.subdata(in: head.startIndex + position..<head.startIndex + end))
                left -= end - position
                position = end
            }
            if let file, position < head.count + fileSize && left > 0 {
                let offset = position - head.count
                let wanted = min(fileSize - offset, left)
                try file.seek(toOffset: UInt64(offset))
                let bytes = try file.read(upToCount: wanted) ?? Data()
                guard bytes.count == wanted else { throw CocoaError(.fileReadCorruptFile) }
                result.append(bytes)
                left -= wanted
                position += wanted
            }
            if position >= head.count + fileSize && left > 0 {
                let offset = position - head.count - fileSize
                let end = min(tail.count, offset + left)
                result.append(tail.subdata(in: tail.startIndex + offset..<tail.startIndex + end))
            }
            return result
        }
    }

    /// The sheet shown when the workbook opens: the first visible one.
    var firstVisible: Int { sheets.firstIndex { $0.state == .visible } ?? 0 }

    /// The modification date of every entry: 1980-01-01 00:00:00 UTC (ZIPFoundation converts with `gmtime`).
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    // MARK: - SpreadsheetML parts

    static let xmlDeclaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(sheetCount: Int) -> String {
        var text = xmlDeclaration
        text += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        text += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        text += #"<Default Extension="xml" ContentType="application/xml"/>"#
        text += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for number in 1...max(sheetCount, 1) {
            text += #"<Override PartName="/xl/worksheets/sheet\#(number).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        text += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        text += "</Types>"
        return text
    }

    static let packageRelationships =
        xmlDeclaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    func workbookXML() -> String {
        var text = Self.xmlDeclaration
        text += #"<workbook xmlns="\#(Self.mainNamespace)" xmlns:r="\#(Self.relationshipNamespace)">"#
        if lockStructure { text += #"<workbookProtection lockStructure="1"/>"# }
        text += #"<bookViews><workbookView activeTab="\#(firstVisible)"/></bookViews><sheets>"#
        for (position, sheet) in sheets.enumerated() {
            let state = sheet.state == .visible ? "" : #" state="\#(sheet.state.rawValue)""#
            text += #"<sheet name="\#(Self.escape(sheet.name))" sheetId="\#(position + 1)"\#(state) r:id="rId\#(position + 1)"/>"#
        }
        text += "</sheets>"
        if !definedNames.isEmpty {
            text += "<definedNames>"
            for (name, formula) in definedNames {
                text += #"<definedName name="\#(Self.escape(name))">\#(Self.escape(formula))</definedName>"#
            }
            text += "</definedNames>"
        }
        text += "</workbook>"
        return text
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var text = xmlDeclaration
        text += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for number in 1...max(sheetCount, 1) {
            text += #"<Relationship Id="rId\#(number)" Type="\#(relationshipNamespace)/worksheet" Target="worksheets/sheet\#(number).xml"/>"#
        }
        text += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relationshipNamespace)/styles" Target="styles.xml"/>"#
        text += "</Relationships>"
        return text
    }

    /// The style sheet: one `cellXfs` entry per ``Style`` case, in its order, and one
    /// differential format (light red fill) for ``Highlight``.
    static let styles: String = {
        let top = #"<alignment vertical="top" wrapText="1"/>"#
        let unlocked = #"<protection locked="0"/>"#
        // numFmtId, fontId, fillId, borderId, inner elements: one per Style case, in order.
        let formats: [(Int, Int, Int, Int, String)] = [
            (0, 0, 0, 0, ""),  // plain
            (0, 1, 2, 1, top),  // header
            (0, 2, 0, 0, ""),  // title
            (0, 0, 0, 0, top),  // wrap
            (0, 3, 0, 0, top),  // help
            (0, 0, 3, 1, top + unlocked),  // input
            (0, 0, 3, 1, #"<alignment horizontal="center" vertical="top"/>"# + unlocked),  // inputCentered
            (165, 0, 3, 1, #"<alignment vertical="top"/>"# + unlocked),  // inputDate
            (0, 0, 4, 1, ""),  // inactive
            (164, 0, 0, 0, ""),  // decimal1
            (49, 0, 0, 0, ""),  // textFormat
            (1, 0, 0, 0, ""),  // integer
        ]
        precondition(formats.count == Style.allCases.count)
        var text = xmlDeclaration + #"<styleSheet xmlns="\#(mainNamespace)">"#
        text += #"<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="yyyy\-mm\-dd"/></numFmts>"#
        text += #"<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        text += #"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        text += #"<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>"#
        text += #"<font><i/><sz val="10"/><color rgb="FF595959"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        text += #"<fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#
        for color in ["FFD9D9D9", "FFFFF2CC", "FFF2F2F2"] {
            text += #"<fill><patternFill patternType="solid"><fgColor rgb="\#(color)"/><bgColor indexed="64"/></patternFill></fill>"#
        }
        text += "</fills>"
        text += #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#
        let side = #"style="thin"><color rgb="FFBFBFBF"/>"#
        text += #"<border><left \#(side)</left><right \#(side)</right><top \#(side)</top><bottom \#(side)</bottom><diagonal/></border></borders>"#
        text += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        text += #"<cellXfs count="\#(formats.count)">"#
        for (format, font, fill, border, inner) in formats {
            var attributes = #"numFmtId="\#(format)" fontId="\#(font)" fillId="\#(fill)" borderId="\#(border)" xfId="0""#
            if format != 0 { attributes += #" applyNumberFormat="1""# }
            if font != 0 { attributes += #" applyFont="1""# }
            if fill != 0 { attributes += #" applyFill="1""# }
            if border != 0 { attributes += #" applyBorder="1""# }
            if inner.contains("<alignment") { attributes += #" applyAlignment="1""# }
            if inner.contains("<protection") { attributes += #" applyProtection="1""# }
            text += inner.isEmpty ? "<xf \(attributes)/>" : "<xf \(attributes)>\(inner)</xf>"
        }
        text += "</cellXfs>"
        text += #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        text += #"<dxfs count="1"><dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs>"#
        text += "</styleSheet>"
        return text
    }()

    /// A worksheet: inline-string and number cells (empty cells of the plain style left out),
    /// then its protection, merges, highlights and validations in the order SpreadsheetML requires.
    static func worksheetXML(_ sheet: Sheet, selected: Bool = false) -> String {
        let (head, tail) = worksheetParts(sheet, selected: selected)
        return head + tail
    }

    /// A worksheet's text before and after the rows of ``Sheet/sheetDataFile`` (without one, the
    /// rows end the head).
    static func worksheetParts(_ sheet: Sheet, selected: Bool = false) -> (head: String, tail: String) {
        let prepared = sheet.sheetData != nil || sheet.sheetDataFile != nil
        let width = !prepared ? sheet.rows.map(\.count).max() ?? 1 : sheet.sheetDataColumns
        let height = !prepared ? sheet.rows.count : sheet.sheetDataRows
        var text = xmlDeclaration
        text += #"<worksheet xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
        text += #"<dimension ref="A1:\#(columnName(max(width, 1) - 1))\#(max(height, 1))"/>"#
        let direction = sheet.rightToLeft ? #" rightToLeft="1""# : ""
        let tab = selected ? #" tabSelected="1""# : ""
        text += #"<sheetViews><sheetView\#(direction)\#(tab) workbookViewId="0">"#
        if sheet.frozenRows > 0 || sheet.frozenColumns > 0 {
            let topLeft = "\(columnName(sheet.frozenColumns))\(sheet.frozenRows + 1)"
            let pane = sheet.frozenRows > 0 && sheet.frozenColumns > 0 ? "bottomRight" : sheet.frozenRows > 0 ? "bottomLeft" : "topRight"
            text += "<pane"
            if sheet.frozenColumns > 0 { text += #" xSplit="\#(sheet.frozenColumns)""# }
            if sheet.frozenRows > 0 { text += #" ySplit="\#(sheet.frozenRows)""# }
            text += #" topLeftCell="\#(topLeft)" activePane="\#(pane)" state="frozen"/>"#
        }
        text += "</sheetView></sheetViews>"
        let columns = Set(sheet.columnWidths.keys).union(sheet.hiddenColumns).sorted()
        if !columns.isEmpty {
            text += "<cols>"
            for column in columns {
                var attributes = #"min="\#(column + 1)" max="\#(column + 1)""#
                attributes += #" width="\#(number(sheet.columnWidths[column] ?? 9.140625))" customWidth="1""#
                if sheet.hiddenColumns.contains(column) { attributes += #" hidden="1""# }
                text += "<col \(attributes)/>"
            }
            text += "</cols>"
        }
        text += "<sheetData>"
        if sheet.sheetDataFile == nil, let data = sheet.sheetData { text += data }
        for (rowIndex, row) in sheet.rows.enumerated() where !prepared {
            let hidden = sheet.hiddenRows.contains(rowIndex) ? #" hidden="1""# : ""
            text += #"<row r="\#(rowIndex + 1)"\#(hidden)>"#
            for (columnIndex, cell) in row.enumerated() {
                let reference = "\(columnName(columnIndex))\(rowIndex + 1)"
                let style = cell.style == .plain ? "" : #" s="\#(cell.style.rawValue)""#
                switch cell.value {
                case .empty:
                    if cell.style != .plain { text += #"<c r="\#(reference)"\#(style)/>"# }
                case .number(let value):
                    text += #"<c r="\#(reference)"\#(style)><v>\#(number(value))</v></c>"#
                case .text(let value):
                    let space = value.first?.isWhitespace == true || value.last?.isWhitespace == true || value.utf8.contains(0x0A) ? #" xml:space="preserve""# : ""
                    text += #"<c r="\#(reference)"\#(style) t="inlineStr"><is><t\#(space)>\#(escape(cellText(value)))</t></is></c>"#
                }
            }
            text += "</row>"
        }
        let head = text
        text = "</sheetData>"
        if sheet.isProtected {
            text += #"<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/>"#
        }
        if !sheet.merges.isEmpty {
            text += #"<mergeCells count="\#(sheet.merges.count)">"#
            for range in sheet.merges { text += #"<mergeCell ref="\#(range)"/>"# }
            text += "</mergeCells>"
        }
        for (position, highlight) in sheet.highlights.enumerated() {
            text += #"<conditionalFormatting sqref="\#(highlight.ranges.joined(separator: " "))">"#
            text += #"<cfRule type="expression" dxfId="0" priority="\#(position + 1)"><formula>\#(escape(highlight.formula))</formula></cfRule>"#
            text += "</conditionalFormatting>"
        }
        if !sheet.validations.isEmpty {
            text += #"<dataValidations count="\#(sheet.validations.count)">"#
            for validation in sheet.validations { text += validationXML(validation) }
            text += "</dataValidations>"
        }
        text += #"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        text += "</worksheet>"
        return (head, text)
    }

    static func validationXML(_ validation: Validation) -> String {
        var type: String
        var formulas: [String] = []
        var comparison: String?
        func bounds(_ minimum: Double?, _ maximum: Double?) {
            switch (minimum, maximum) {
            case (let low?, let high?):
                comparison = "between"
                formulas = [number(low), number(high)]
            case (let low?, nil):
                comparison = "greaterThanOrEqual"
                formulas = [number(low)]
            case (nil, let high?):
                comparison = "lessThanOrEqual"
                formulas = [number(high)]
            case (nil, nil):
                // Any number: a bound no answer reaches (a spreadsheet needs one).
                comparison = "between"
                formulas = ["-1E+300", "1E+300"]
            }
        }
        switch validation.kind {
        case .list(let source):
            type = "list"
            formulas = [source]
        case .whole(let minimum, let maximum):
            type = "whole"
            bounds(minimum, maximum)
        case .decimal(let minimum, let maximum):
            type = "decimal"
            bounds(minimum, maximum)
        case .date:
            type = "date"
            comparison = "greaterThan"
            formulas = ["1"]
        case .custom(let formula):
            type = "custom"
            formulas = [formula]
        }
        var text = #"<dataValidation type="\#(type)""#
        if let comparison, comparison != "between" { text += #" operator="\#(comparison)""# }
        text += #" allowBlank="1" showErrorMessage="1""#
        if !validation.errorTitle.isEmpty { text += #" errorTitle="\#(escape(String(validation.errorTitle.prefix(32))))""# }
        text += #" error="\#(escape(String(validation.error.prefix(255))))""#
        text += #" sqref="\#(validation.ranges.joined(separator: " "))">"#
        for (position, formula) in formulas.enumerated() {
            let tag = position == 0 ? "formula1" : "formula2"
            text += "<\(tag)>\(escape(formula))</\(tag)>"
        }
        text += "</dataValidation>"
        return text
    }

    /// A number as SpreadsheetML writes it: a whole number without a decimal point.
    static func number(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Whether `text` is already what ``number(_:)`` writes for the number it reads as, so that a
    /// table's numeric cell can be written as it is, not parsed and printed again: a whole number
    /// of at most 15 digits without leading zeros (not `-0`), or a decimal `d.d` of at most 15
    /// significant digits whose fraction does not end in 0, at least 0.0001 in size (Swift writes
    /// smaller ones with an exponent). Fifteen digits or fewer are exactly what a Double keeps, so
    /// its shortest form (what `description` prints) is these very digits.
    public static func isWrittenAsNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isWrittenAsNumber(bytes: $0) }
    }

    /// ``isWrittenAsNumber(_:)`` of a text's UTF-8 bytes.
    static func isWrittenAsNumber(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        let integerDigits = i - integerStart
        guard integerDigits > 0, integerDigits <= 15 else { return false }
        let leadingZero = bytes[integerStart] == 0x30
        guard !leadingZero || integerDigits == 1 else { return false }  // no "007"
        if i == bytes.count {
            return !(leadingZero && integerStart == 1)  // not "-0"
        }
        guard bytes[i] == UInt8(ascii: "."), i + 1 < bytes.count else { return false }
        i += 1
        let fractionStart = i
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        guard i == bytes.count, bytes[i - 1] != 0x30 else { return false }  // digits only, no trailing 0
        var significant = (leadingZero ? 0 : integerDigits) + (i - fractionStart)
        if leadingZero {
            var zeros = 0
            while bytes[fractionStart + zeros] == 0x30 { zeros += 1 }
            guard zeros <= 3 else { return false }  // 0.0001 and up
            significant -= zeros
        }
        return significant <= 15
    }

    /// ``appendCellXML(_:style:to:)`` of the number a table's numeric text reads as, written from
    /// the text itself when that is what ``number(_:)`` would write once the zeros ending its
    /// fraction, then a bare point, are dropped (`1.000` → `1`, `0.500` → `0.5`, `100.0` →
    /// `100`: the same decimal value, so the same `Double`, whose shortest form these digits
    /// are by ``isWrittenAsNumber(_:)``). False, with nothing appended, for any other text
    /// (parse it and write the number: ``appendCellXML(_:style:to:)``). The fixed-point columns
    /// (`coverage`, `p_tier_change`: three decimals) were parsed and printed again for every
    /// cell.
    public static func appendNumberCellXML(readingAsWritten text: String, style: Style = .plain, to xml: inout [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var end = bytes.count
            if bytes.contains(UInt8(ascii: ".")) {
                while end > 0, bytes[end - 1] == UInt8(ascii: "0") { end -= 1 }
                if end > 0, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            }
            let kept = UnsafeBufferPointer(rebasing: bytes[..<end])
            guard isWrittenAsNumber(bytes: kept) else { return false }
            appendNumberCellXML(writtenBytes: kept, style: style, to: &xml)
            return true
        }
    }

    /// ``appendCellXML(_:style:to:)`` of a number cell whose text ``isWrittenAsNumber(_:)``: the
    /// same bytes, the text as it is.
    public static func appendNumberCellXML(writtenAs text: String, style: Style = .plain, to xml: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendNumberCellXML(writtenBytes: $0, style: style, to: &xml) }
    }

    private static func appendNumberCellXML(writtenBytes text: UnsafeBufferPointer<UInt8>, style: Style, to xml: inout [UInt8]) {
        xml.append(literal: "<c")
        if style != .plain {
            xml.append(literal: #" s=""#)
            xml.append(contentsOf: String(style.rawValue).utf8)
            xml.append(UInt8(ascii: "\""))
        }
        xml.append(literal: "><v>")
        xml.append(contentsOf: text)
        xml.append(literal: "</v></c>")
    }

    /// Spreadsheet column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA.
    public static func columnName(_ index: Int) -> String {
        var number = index + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + remainder))), at: 0)
            number = (number - 1) / 26
        }
        return String(letters)
    }

    /// A cell's reference from 0-based row and column: (4, 2) → `C5`; `absolute` → `$C$5`.
    public static func reference(row: Int, column: Int, absolute: Bool = false) -> String {
        absolute ? "$\(columnName(column))$\(row + 1)" : "\(columnName(column))\(row + 1)"
    }

    /// A sheet name as a formula writes it: quoted, a quote doubled (`'Chapitre 3'!`).
    public static func quotedSheet(_ name: String) -> String {
        "'" + name.doublingEach("'") + "'"
    }

    /// Protects a literal `_xHHHH_` in a cell, which SpreadsheetML would read as an escaped
    /// character (ECMA-376 ST_Xstring): its underscore is written `_x005F_`.
    static func cellText(_ value: String) -> String {
        // "_x" looked for in the bytes (String.contains(String) goes through Foundation's
        // locale-aware search: a tenth of a large workbook's time).
        var previousUnderscore = false
        var found = false
        for byte in value.utf8 {
            if previousUnderscore && byte == UInt8(ascii: "x") {
                found = true
                break
            }
            previousUnderscore = byte == UInt8(ascii: "_")
        }
        guard found else { return value }
        let scalars = Array(value.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x",
                scalars[(index + 2)...(index + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }), scalars[index + 6] == "_"
            {
                result.append(contentsOf: "_x005F_".unicodeScalars)
            } else {
                result.append(scalars[index])
            }
            index += 1
        }
        return String(result)
    }

    /// One cell for ``Sheet/sheetData``, without a reference (cells follow each other in the row):
    /// a text as an inline string, a number, or an empty cell, in `style`.
    public static func cellXML(_ value: Cell.Value, style: Style = .plain) -> String {
        let attribute = style == .plain ? "" : #" s="\#(style.rawValue)""#
        switch value {
        case .empty: return "<c\(attribute)/>"
        case .number(let number): return "<c\(attribute)><v>\(Self.number(number))</v></c>"
        case .text(let text):
            let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.utf8.contains(0x0A) ? #" xml:space="preserve""# : ""
            return #"<c\#(attribute) t="inlineStr"><is><t\#(space)>\#(escape(cellText(text)))</t></is></c>"#
        }
    }

    /// ``cellXML(_:style:)``'s bytes appended to `xml`, without the strings in between (a large
    /// run's sheets are hundreds of megabytes of cells: their interpolations were a fifth of
    /// the priorities phase). `WorkbookCellsTests` compares the two.
    public static func appendCellXML(_ value: Cell.Value, style: Style = .plain, to xml: inout [UInt8]) {
        xml.append(literal: "<c")
        if style != .plain {
            xml.append(literal: #" s=""#)
            xml.append(contentsOf: String(style.rawValue).utf8)
            xml.append(UInt8(ascii: "\""))
        }
        switch value {
        case .empty:
            xml.append(literal: "/>")
        case .number(let number):
            xml.append(literal: "><v>")
            xml.append(contentsOf: Self.number(number).utf8)
            xml.append(literal: "</v></c>")
        case .text(let text):
            xml.append(literal: #" t="inlineStr"><is><t"#)
            appendInlineText(text, to: &xml)
        }
    }

    /// ``appendCellXML(_:style:to:)`` of a text cell in the plain style, which tells whether the
    /// text took the one-pass path (``appendPlainText(_:to:)``): printable ASCII, as many
    /// characters as bytes, so its width needs no second look at it.
    @discardableResult
    public static func appendTextCellXML(_ text: String, to xml: inout [UInt8]) -> Bool {
        xml.append(literal: #"<c t="inlineStr"><is><t"#)
        return appendInlineText(text, to: &xml)
    }

    /// A text cell's content after `<t`: its attribute, `>`, the escaped text and the closing
    /// tags. True when the text was plain (``appendPlainText(_:to:)``).
    @discardableResult
    private static func appendInlineText(_ text: String, to xml: inout [UInt8]) -> Bool {
        let written = appendUnescapedText(text, to: &xml, unicode: true)
        if written == .none {
            if preservesSpace(text) { xml.append(literal: #" xml:space="preserve""#) }
            xml.append(UInt8(ascii: ">"))
            XMLText.appendEscaped(cellText(text), to: &xml)
        }
        xml.append(literal: "</t></is></c>")
        return written == .ascii
    }

    /// The usual text cell in one pass over its bytes: printable ASCII with nothing to escape
    /// (no `&`, `<`, `>`, `"`, no control character) and no `_x` (``cellText(_:)``), whose
    /// white space can only be a space at either end: its `xml:space` and `>` and bytes appended
    /// as ``appendCellXML(_:style:to:)`` would append them. False, with nothing appended, for any
    /// other text.
    static func appendPlainText(_ text: String, to xml: inout [UInt8]) -> Bool {
        appendUnescapedText(text, to: &xml, unicode: false) == .ascii
    }

    /// How ``appendUnescapedText(_:to:unicode:)`` wrote a text cell's content, if it did.
    enum UnescapedText {
        /// Printable ASCII (a character per byte).
        case ascii
        /// Other UTF-8 without anything to escape, leave out or protect, starting with printable
        /// ASCII and ending with printable ASCII other than a space.
        case unicode
        /// Not written: the text needs ``cellText(_:)``, escaping or ``preservesSpace(_:)``.
        case none
    }

    /// ``appendPlainText(_:to:)``, and with `unicode` also a text beyond ASCII whose bytes are
    /// its content as they are: nothing to escape (no `&`, `<`, `>`, `"`), nothing XML forbids
    /// (no control character, no DEL, no byte `EF`, which starts U+FFFE and U+FFFF), no `_x`, and
    /// printable ASCII at both ends, the last not a space: then its first character is white
    /// space exactly when its first byte is a space (a character's white space is its first
    /// scalar's), and its last is not (no grapheme joins white space to a printable ASCII
    /// character), as ``preservesSpace(_:)`` would find. Tier ranges (`medium–high`) and
    /// accented country names went through the escaping path, a scan per step.
    static func appendUnescapedText(_ text: String, to xml: inout [UInt8], unicode: Bool) -> UnescapedText {
        var text = text
        return text.withUTF8 { bytes in
            // Every byte looked at (no early exit: the loop stays branch-free).
            var other: UInt8 = 0
            var high: UInt8 = 0
            var previous: UInt8 = 0
            for byte in bytes {
                other |= (byte < 0x20 ? 1 : 0) | (byte == 0x7F ? 1 : 0) | (byte == 0xEF ? 1 : 0) | (byte == UInt8(ascii: "&") ? 1 : 0)
                    | (byte == UInt8(ascii: "<") ? 1 : 0) | (byte == UInt8(ascii: ">") ? 1 : 0) | (byte == UInt8(ascii: "\"") ? 1 : 0)
                    | (previous == UInt8(ascii: "_") && byte == UInt8(ascii: "x") ? 1 : 0)
                high |= byte & 0x80
                previous = byte
            }
            guard other == 0 else { return .none }
            if high != 0 {
                guard unicode, let first = bytes.first, first < 0x7F, let last = bytes.last, last > 0x20, last < 0x7F else { return .none }
            }
            if let first = bytes.first, first == 0x20 || (high == 0 && bytes.last! == 0x20) {
                xml.append(literal: #" xml:space="preserve""#)
            }
            xml.append(UInt8(ascii: ">"))
            xml.append(contentsOf: bytes)
            return high == 0 ? .ascii : .unicode
        }
    }

    /// Whether a text cell keeps its white space: its first or last character is white space,
    /// or it holds a line feed. An ASCII text is read from its bytes (each byte a character, CR LF
    /// aside, whose first scalar is white space as LF is); any other as characters.
    static func preservesSpace(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        guard !text.utf8.contains(where: { $0 >= 0x80 }) else {
            return text.first!.isWhitespace || text.last!.isWhitespace || text.utf8.contains(0x0A)
        }
        func asciiSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        return asciiSpace(first) || asciiSpace(last) || text.utf8.contains(0x0A)
    }

    /// Escapes text for XML content and attribute values (``XMLText/escape(_:apostrophe:)``).
    static func escape(_ value: String) -> String { XMLText.escape(value) }
}
