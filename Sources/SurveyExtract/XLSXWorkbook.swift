// The `.xlsx` container and its parts, up to a stream of cells: the zip archive (ZipDirectory's
// checked extraction and limits), the parts parsed with libxml2's push parser (XMLPushParsing):
// the package and workbook relationships, workbook.xml, sharedStrings.xml, styles.xml and each
// worksheet, DOCTYPE refused in every part. What the cells mean is a layout's business
// (`XLSXOwnSheets`), not this file's.
import CLibXML2
import Foundation
import SurveyModel

/// One cell of a worksheet, its value resolved: shared and inline strings (rich text runs
/// joined), numbers as written (a whole number without `.0`), dates as ISO 8601 text (the cell's
/// style has a date format), booleans as `true`/`false`, a formula's cached value; a spreadsheet
/// error (`#N/A`) or a value the file does not hold (a shared string index out of range) is kept
/// as such, for the layout to report at the cell.
struct XLSXCell: Equatable {
    enum Value: Equatable {
        case text(String)
        /// `#N/A`, `#DIV/0!`…: typed, or a formula's cached result.
        case error(String)
        /// The cell cannot be read (why).
        case malformed(String)
    }
    /// 1-based.
    var column: Int
    var value: Value
}

/// One row of a worksheet: its 1-based number, whether it is hidden, its cells (in column order,
/// empty cells left out).
struct XLSXRow {
    var number: Int
    var hidden: Bool
    var cells: [XLSXCell]
}

/// One worksheet as read: its name, its rows holding cells (in row order), its merged ranges.
struct XLSXSheet {
    struct Range: Equatable {
        var firstRow: Int
        var firstColumn: Int
        var lastRow: Int
        var lastColumn: Int
    }
    var name: String
    var rows: [XLSXRow] = []
    var merges: [Range] = []

    /// Where a cell of this sheet is: `file:Sheet!C7`.
    func location(_ path: String, row: Int?, column: Int? = nil) -> SourceLocation {
        SourceLocation(file: path, line: row, column: column, sheet: name)
    }
}

/// A workbook opened: its sheets in the workbook's order (name, hidden or not, the part holding
/// it), the date system, and what is needed to read a sheet's cells (shared strings, which
/// styles are dates). Parts are inflated with ZipDirectory's checks (size, CRC-32, expansion
/// ratio) and bounded together by `maxFileBytes`; cells are counted against `maxCells`.
final class XLSXWorkbook {
    struct SheetEntry {
        var name: String
        /// `state="hidden"` or `"veryHidden"`.
        var hidden: Bool
        /// The part, e.g. `xl/worksheets/sheet1.xml`; nil when the relationship is missing.
        var part: String?
    }

    let path: String
    let limits: InputLimits
    private let archive: ZipBytes
    private var entries: [String: ZipEntry] = [:]
    private var lowercased: [String: String] = [:]
    private var directoryStart = 0
    /// Bytes inflated so far, over all parts.
    private var inflated = 0
    /// Cells holding something, over all sheets read.
    private var cellCount = 0

    private(set) var sheets: [SheetEntry] = []
    /// The 1904 date system (`workbookPr date1904`), else the 1900 one.
    private(set) var date1904 = false
    private var sharedStrings: [String] = []
    /// Per cell format (`cellXfs` index): its number format is a date.
    private var dateStyles: [Bool] = []
    /// Problems with the workbook; one that `rejectsWholeFile` (or any error) ends the reading.
    private(set) var diagnostics: [Diagnostic] = []

    private init(path: String, limits: InputLimits, archive: ZipBytes) {
        self.path = path
        self.limits = limits
        self.archive = archive
    }

    /// Opens the workbook: the archive's directory, the relationships, workbook.xml, shared
    /// strings and styles. Nil with the diagnostics when it cannot be read.
    static func open(_ archive: ZipBytes, path: String, limits: InputLimits) -> Result<XLSXWorkbook, XLSXFailure> {
        let workbook = XLSXWorkbook(path: path, limits: limits, archive: archive)
        do throws(XLSXFailure) {
            try workbook.load()
            return .success(workbook)
        } catch {
            return .failure(error)
        }
    }

    private var fileLocation: SourceLocation { SourceLocation(file: path) }

    private func load() throws(XLSXFailure) {
        let all: [ZipEntry]
        do throws(ZipProblem) {
            (all, directoryStart) = try ZipDirectory.entries(archive)
        } catch {
            if error == .notAnArchive {
                throw XLSXFailure([
                    Diagnostic(.fileUnreadable, at: fileLocation, detail: "not an .xlsx workbook: not a zip archive (an old .xls? save it as .xlsx)")
                ])
            }
            throw XLSXFailure([ZipExport.diagnostic(for: error, entry: "", at: fileLocation, limits: limits)])
        }
        var duplicates: Set<String> = []
        for entry in all where !entry.isDirectory && !entry.isSymlink {
            if entries[entry.name] != nil { duplicates.insert(entry.name) }
            entries[entry.name] = entry
            lowercased[entry.name.lowercased()] = entry.name
        }
        // A part named twice: which copy a spreadsheet program shows is not for LegiSurvey to guess.
        if let name = duplicates.sorted().first {
            throw XLSXFailure([
                Diagnostic(.zipDuplicateEntry, at: fileLocation, expected: "one entry named \(name)", found: "several entries named \(name)")
            ])
        }
        // The package's relationships name the workbook part; xl/workbook.xml by convention.
        var workbookPart = "xl/workbook.xml"
        if let rels = try part("_rels/.rels", required: false) {
            for relation in try relationships(rels, part: "_rels/.rels", base: "")
            where relation.type.hasSuffix("/officeDocument") {
                workbookPart = relation.target
            }
        }
        guard let workbookXML = try part(workbookPart, required: true) else { return }
        let folder = (workbookPart as NSString).deletingLastPathComponent
        let relsPart = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPart as NSString).lastPathComponent + ".rels"
        var targets: [String: String] = [:]
        var sharedStringsPart = (folder.isEmpty ? "" : folder + "/") + "sharedStrings.xml"
        var stylesPart = (folder.isEmpty ? "" : folder + "/") + "styles.xml"
        if let rels = try part(relsPart, required: false) {
            for relation in try relationships(rels, part: relsPart, base: folder) {
                targets[relation.id] = relation.target
                if relation.type.hasSuffix("/sharedStrings") { sharedStringsPart = relation.target }
                if relation.type.hasSuffix("/styles") { stylesPart = relation.target }
            }
        }
        try readWorkbook(workbookXML, part: workbookPart, targets: targets)
        if let bytes = try part(stylesPart, required: false) { try readStyles(bytes, part: stylesPart) }
        if let bytes = try part(sharedStringsPart, required: false) { try readSharedStrings(bytes, part: sharedStringsPart) }
    }

    // MARK: Parts

    /// A part's bytes, inflated and checked; nil when it is not in the archive and not required.
    private func part(_ name: String, required: Bool) throws(XLSXFailure) -> [UInt8]? {
        guard let entry = entries[name] ?? lowercased[name.lowercased()].flatMap({ entries[$0] }) else {
            if required {
                throw XLSXFailure([
                    Diagnostic(.fileUnreadable, at: fileLocation, detail: "not an .xlsx workbook: it has no \(name)")
                ])
            }
            return nil
        }
        do throws(ZipProblem) {
            let bytes = try ZipDirectory.extract(
                entry, from: archive, dataEnd: directoryStart, limit: max(0, limits.maxFileBytes - inflated), maxRatio: limits.maxZipRatio,
                ratioFloor: InputLimits.zipRatioFloorBytes)
            inflated += bytes.count
            return bytes
        } catch {
            throw XLSXFailure([ZipExport.diagnostic(for: error, entry: name, at: fileLocation, limits: limits)])
        }
    }

    private func parse(
        _ bytes: [UInt8], part: String, start: @escaping (String, [String: String]) -> Void, end: @escaping (String, [UInt8]) -> Void
    ) throws(XLSXFailure) {
        let parser = XLSXPartParser(path: path, part: part, limits: limits, start: start, end: end)
        if let problem = parser.parse(bytes) { throw XLSXFailure([problem]) }
    }

    private struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    /// `Relationship` elements; targets resolved against `base` (the folder of the part they
    /// belong to) unless absolute.
    private func relationships(_ bytes: [UInt8], part: String, base: String) throws(XLSXFailure) -> [Relationship] {
        var found: [Relationship] = []
        try parse(bytes, part: part, start: { name, attributes in
            guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
            if attributes["TargetMode"] == "External" { return }
            found.append(Relationship(id: id, type: attributes["Type"] ?? "", target: Self.resolve(target, base: base)))
        }, end: { _, _ in })
        return found
    }

    /// A relationship target as an archive path: `/xl/a.xml` is absolute, `worksheets/sheet1.xml`
    /// relative to `base`; `..` steps back.
    static func resolve(_ target: String, base: String) -> String {
        var components: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
        for component in target.split(separator: "/") {
            if component == ".." {
                if !components.isEmpty { components.removeLast() }
            } else if component != "." {
                components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    private func readWorkbook(_ bytes: [UInt8], part: String, targets: [String: String]) throws(XLSXFailure) {
        var sheets: [SheetEntry] = []
        var date1904 = false
        try parse(bytes, part: part, start: { name, attributes in
            switch name {
            case "workbookPr":
                let value = attributes["date1904"]?.lowercased()
                date1904 = value == "1" || value == "true"
            case "sheet":
                let state = attributes["state"] ?? "visible"
                let id = attributes["id"]
                sheets.append(
                    SheetEntry(
                        name: attributes["name"] ?? "Sheet\(sheets.count + 1)", hidden: state == "hidden" || state == "veryHidden",
                        part: id.flatMap { targets[$0] }))
            default: break
            }
        }, end: { _, _ in })
        self.sheets = sheets
        self.date1904 = date1904
    }

    /// The date formats: built-in ids 14–22 and 45–47, and custom formats (`numFmt`) whose code
    /// holds a day, month, year, hour or second token outside quoted text, escapes and brackets.
    private func readStyles(_ bytes: [UInt8], part: String) throws(XLSXFailure) {
        var custom: [Int: Bool] = [:]
        var inCellXfs = false
        var styles: [Bool] = []
        try parse(bytes, part: part, start: { name, attributes in
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap({ Int($0) }) { custom[id] = Self.isDateFormat(attributes["formatCode"] ?? "") }
            case "cellXfs": inCellXfs = true
            case "xf" where inCellXfs:
                let id = attributes["numFmtId"].flatMap { Int($0) } ?? 0
                styles.append(custom[id] ?? Self.builtInDateFormats.contains(id))
            default: break
            }
        }, end: { name, _ in
            if name == "cellXfs" { inCellXfs = false }
        })
        dateStyles = styles
    }

    static let builtInDateFormats: Set<Int> = Set(14...22).union(45...47)

    /// Whether a number format's code shows a date or a time.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false
        var inBrackets = false
        var escaped = false
        for character in code {
            if escaped {
                escaped = false
                continue
            }
            if inQuotes {
                if character == "\"" { inQuotes = false }
                continue
            }
            if inBrackets {
                if character == "]" { inBrackets = false }
                continue
            }
            switch character {
            case "\\", "_", "*": escaped = true  // an escaped character, a space as wide as it, a fill
            case "\"": inQuotes = true
            case "[": inBrackets = true
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S":
                // A date or time token ("General", the default format, holds none; nor does the
                // `E` of a scientific format).
                return true
            default: break
            }
        }
        return false
    }

    /// Shared strings: one `si` each, its text the concatenation of its `t` (plain, or in rich text
    /// runs `r`), phonetic runs (`rPh`) left out.
    private func readSharedStrings(_ bytes: [UInt8], part: String) throws(XLSXFailure) {
        var strings: [String] = []
        var current = ""
        var phonetic = 0
        var total = 0
        try parse(bytes, part: part, start: { name, _ in
            if name == "si" { current = "" }
            if name == "rPh" { phonetic += 1 }
        }, end: { name, text in
            switch name {
            case "t" where phonetic == 0: current += String(decoding: text, as: UTF8.self)
            case "rPh": phonetic -= 1
            case "si":
                strings.append(current)
                total += 1
            default: break
            }
        })
        sharedStrings = strings
    }

    // MARK: Sheets

    /// The cells of a sheet (visible or not: the caller decides what to read). Counts its cells
    /// against `maxCells` and its columns against `maxColumns`.
    func readSheet(_ entry: SheetEntry) throws(XLSXFailure) -> XLSXSheet {
        var sheet = XLSXSheet(name: entry.name)
        guard let partName = entry.part, let bytes = try part(partName, required: true) else {
            throw XLSXFailure([
                Diagnostic(.fileUnreadable, at: fileLocation, detail: "sheet \(entry.name) has no part in the workbook (its relationship is missing)")
            ])
        }
        var row: XLSXRow?
        var lastRow = 0
        var cellColumn = 0
        var cellType = "n"
        var cellStyle = 0
        var cellValue: String?
        var inline = ""
        var inInline = false
        var phonetic = 0
        var lastColumn = 0
        var failure: Diagnostic?
        let parser = XLSXPartParser(
            path: path, part: partName, limits: limits,
            start: { _, _ in }, end: { _, _ in })
        parser.onStart = { [unowned parser] name, attributes in
            guard failure == nil else { return }
            switch name {
            case "row":
                let number = attributes["r"].flatMap { Int($0) } ?? lastRow + 1
                lastRow = max(number, lastRow + 1)
                let hidden = attributes["hidden"].map { $0 == "1" || $0 == "true" } ?? false
                row = XLSXRow(number: lastRow, hidden: hidden, cells: [])
                lastColumn = 0
            case "c":
                cellColumn = attributes["r"].flatMap(Self.column(ofReference:)) ?? lastColumn + 1
                lastColumn = cellColumn
                cellType = attributes["t"] ?? "n"
                cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
                cellValue = nil
                inline = ""
                if cellColumn > self.limits.maxColumns {
                    failure = Diagnostic(
                        .xlsxTooManyCells, at: sheet.location(self.path, row: lastRow, column: cellColumn),
                        expected: "at most \(self.limits.maxColumns) columns (limits.max_columns)", found: "a cell in column \(cellColumn)")
                    parser.stopParser()
                }
            case "is": inInline = true
            case "rPh": phonetic += 1
            case "mergeCell":
                if let range = attributes["ref"].flatMap(Self.range(ofReference:)) { sheet.merges.append(range) }
            default: break
            }
        }
        parser.onEnd = { [unowned parser] name, text in
            guard failure == nil else { return }
            switch name {
            case "v": cellValue = String(decoding: text, as: UTF8.self)
            case "t" where inInline && phonetic == 0: inline += String(decoding: text, as: UTF8.self)
            case "rPh": phonetic -= 1
            case "is": inInline = false
            case "c":
                guard let value = self.value(type: cellType, style: cellStyle, value: cellValue, inline: inline) else { return }
                if row == nil { row = XLSXRow(number: lastRow + 1, hidden: false, cells: []) }
                row?.cells.append(XLSXCell(column: cellColumn, value: value))
                self.cellCount += 1
                if self.cellCount > self.limits.maxCells {
                    failure = Diagnostic(
                        .xlsxTooManyCells, at: sheet.location(self.path, row: lastRow, column: cellColumn),
                        expected: "at most \(self.limits.maxCells) cells in the workbook (limits.max_cells)",
                        found: "more (reading stopped here)")
                    parser.stopParser()
                }
            case "row":
                if var done = row, !done.cells.isEmpty {
                    done.cells.sort { $0.column < $1.column }
                    sheet.rows.append(done)
                }
                row = nil
            default: break
            }
        }
        if let problem = parser.parse(bytes) { throw XLSXFailure([problem]) }
        if let failure { throw XLSXFailure([failure]) }
        sheet.rows.sort { $0.number < $1.number }
        return sheet
    }

    /// A cell's value; nil for a cell that holds nothing.
    private func value(type: String, style: Int, value: String?, inline: String) -> XLSXCell.Value? {
        switch type {
        case "inlineStr":
            return inline.isEmpty ? nil : .text(inline)
        case "s":
            guard let value else { return nil }
            guard let index = Int(value.trimmingWhitespace()), index >= 0, index < sharedStrings.count else {
                return .malformed("shared string \(value), and the workbook has \(sharedStrings.count)")
            }
            return sharedStrings[index].isEmpty ? nil : .text(sharedStrings[index])
        case "e":
            return .error(value ?? "#N/A")
        case "b":
            guard let value else { return nil }
            return .text(value == "1" || value.lowercased() == "true" ? "true" : "false")
        case "str", "d":
            guard let value, !value.isEmpty else { return nil }
            return .text(value)
        default:
            guard let value, !value.isEmpty else { return nil }
            let isDate = style >= 0 && style < dateStyles.count && dateStyles[style]
            if isDate, let serial = Double(value.trimmingWhitespace()), let date = Self.date(serial: serial, date1904: date1904) {
                return .text(date)
            }
            return .text(Self.number(value))
        }
    }

    /// A number as written, a whole number without its fraction (`2015.0`, `2.015E3` → `2015`).
    static func number(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        guard let number = Double(trimmed), number.isFinite else { return trimmed }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return trimmed
    }

    /// A date serial as ISO 8601: `2026-03-15`, with the time when it has one
    /// (`2026-03-15T10:30:00`), a time alone below 1 (`10:30:00`). The 1900 system counts
    /// 1900-02-29, which never was (Lotus 1-2-3's bug, kept by Excel): serial 60 is that day,
    /// serials before it are one day later than the arithmetic gives. The 1904 system counts from
    /// 1904-01-01. Nil for a negative or huge serial (the number is kept as written).
    static func date(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let time = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if days == 0 && !date1904 { return time }
        let day: String
        if !date1904 && days == 60 {
            day = "1900-02-29"
        } else {
            // Days from 1970-01-01 of the serial's epoch day.
            let epoch = date1904 ? -24_107 : (days < 60 ? -25_568 : -25_569)
            day = civil(epoch + days)
        }
        return seconds == 0 ? day : day + "T" + time
    }

    /// Year-month-day of a day count from 1970-01-01 (proleptic Gregorian; Howard Hinnant's
    /// algorithm).
    static func civil(_ count: Int) -> String {
        let z = count + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The column of an A1 reference (`C7` → 3); nil when it is not one.
    static func column(ofReference reference: String) -> Int? {
        var column = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard let ascii = scalar.isASCII ? UInt8(scalar.value) : nil else { return nil }
            if ascii == UInt8(ascii: "$") { continue }
            let upper = ascii & ~0x20
            if upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") {
                letters += 1
                guard letters <= 3 else { return nil }
                column = column * 26 + Int(upper - UInt8(ascii: "A") + 1)
            } else {
                break
            }
        }
        return letters == 0 ? nil : column
    }

    /// The row of an A1 reference (`C7` → 7).
    static func row(ofReference reference: String) -> Int? {
        Int(String(reference.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init)))
    }

    /// A range `A1:C2` (or one cell `B3`).
    static func range(ofReference reference: String) -> XLSXSheet.Range? {
        let parts = reference.split(separator: ":").map(String.init)
        guard let first = parts.first, let c1 = column(ofReference: first), let r1 = row(ofReference: first) else { return nil }
        let last = parts.count > 1 ? parts[1] : first
        guard let c2 = column(ofReference: last), let r2 = row(ofReference: last) else { return nil }
        return XLSXSheet.Range(firstRow: min(r1, r2), firstColumn: min(c1, c2), lastRow: max(r1, r2), lastColumn: max(c1, c2))
    }
}

/// Why a workbook (or one of its sheets) cannot be read: diagnostics, at least one an error.
struct XLSXFailure: Error {
    var diagnostics: [Diagnostic]
    init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

/// One part of the package through libxml2's push parser: each element's start (local name and
/// attributes by local name) and end (with the text it directly held, for the leaf elements that
/// hold values: `v`, `t`). A DOCTYPE, nesting over `maxXMLDepth`, a text over `maxValueBytes` or
/// malformed XML stops the parse with a diagnostic naming the part.
final class XLSXPartParser: XMLPushParsing {
    let path: String
    let part: String
    let limits: InputLimits
    var parser: xmlParserCtxtPtr?
    var stopped = false
    var onStart: (String, [String: String]) -> Void
    var onEnd: (String, [UInt8]) -> Void
    private var depth = 0
    private var sawElement = false
    private var text: [UInt8] = []
    private var problem: Diagnostic?

    init(
        path: String, part: String, limits: InputLimits, start: @escaping (String, [String: String]) -> Void,
        end: @escaping (String, [UInt8]) -> Void
    ) {
        self.path = path
        self.part = part
        self.limits = limits
        onStart = start
        onEnd = end
    }

    /// Parses the part; the first problem, nil when it parsed whole.
    func parse(_ bytes: [UInt8]) -> Diagnostic? {
        let handler = Self.saxHandler(
            start: { context, localName, _, _, _, _, attributeCount, _, attributes in
                guard let context, let localName else { return }
                XLSXPartParser.from(context).start(localName, attributeCount, attributes)
            },
            end: { context, localName, _, _ in
                guard let context, let localName else { return }
                XLSXPartParser.from(context).end(localName)
            },
            characters: { context, bytes, length in
                guard let context, let bytes else { return }
                XLSXPartParser.from(context).characters(bytes, Int(length))
            },
            doctype: { context, _, _, _ in
                guard let context else { return }
                XLSXPartParser.from(context).refuse(.xmlDoctypeForbidden, detail: "\(XLSXPartParser.from(context).part) has a DOCTYPE")
            },
            error: { context, error in
                guard let context, let error else { return }
                XLSXPartParser.from(context).error(error.pointee)
            })
        var chunks = ChunkStream(memory: MemoryChunks(bytes: bytes, size: 64 * 1024))
        if !pushParse(&chunks, handler: handler) {
            return Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "libxml2 could not start")
        }
        if problem == nil && !sawElement {
            return Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "\(part) of the workbook is empty")
        }
        return problem
    }

    private static func from(_ context: UnsafeMutableRawPointer) -> XLSXPartParser {
        Unmanaged<XLSXPartParser>.fromOpaque(context).takeUnretainedValue()
    }

    private func start(
        _ localName: UnsafePointer<xmlChar>, _ count: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard !stopped else { return }
        depth += 1
        sawElement = true
        text.removeAll(keepingCapacity: true)
        if depth > limits.maxXMLDepth {
            refuse(.xmlTooDeep, detail: "\(part): elements nested \(depth) deep, the limit is \(limits.maxXMLDepth)")
            return
        }
        var values: [String: String] = [:]
        if let attributes {
            for index in 0..<Int(count) {
                // libxml2's SAX2 attributes: localname, prefix, URI, value start, value end.
                let base = index * 5
                guard let name = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
                let length = end - start
                guard length <= limits.maxValueBytes else {
                    refuse(.valueTooLarge, detail: "\(part): an attribute of \(length) bytes, the limit is \(limits.maxValueBytes)")
                    return
                }
                values[String(cString: name)] = String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)
            }
        }
        onStart(String(cString: localName), values)
    }

    private func end(_ localName: UnsafePointer<xmlChar>) {
        guard !stopped else { return }
        depth -= 1
        onEnd(String(cString: localName), text)
        text.removeAll(keepingCapacity: true)
    }

    private func characters(_ bytes: UnsafePointer<xmlChar>, _ length: Int) {
        guard !stopped else { return }
        guard text.count + length <= limits.maxValueBytes else {
            refuse(.valueTooLarge, detail: "\(part): a text of \(text.count + length) bytes or more, the limit is \(limits.maxValueBytes)")
            return
        }
        text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }

    private func refuse(_ code: DiagnosticCode, detail: String) {
        guard problem == nil else { return }
        problem = Diagnostic(code, at: SourceLocation(file: path), detail: detail)
        stopParser()
    }

    private func error(_ error: xmlError) {
        guard problem == nil, !stopped || error.code != Int32(XML_ERR_USER_STOP.rawValue) else { return }
        guard let error = XMLParseError(error) else { return }
        problem = Diagnostic(
            .xmlMalformed, at: SourceLocation(file: path), detail: "\(part), line \(error.line): \(error.message)")
        if error.isFatal { stopped = true }
    }
}
