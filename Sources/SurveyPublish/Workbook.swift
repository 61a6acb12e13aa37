// `legisurvey.xlsx`: every table of the run in one workbook, a sheet per table, made from the same
// cells as the CSV files in the same pass (Publisher+TableWriting.swift feeds it), with a README
// sheet naming each table's grain and columns.

public import Foundation
public import SurveyForms
public import SurveyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Collects the sheets of the run's workbook while the tables are written, then writes it.
///
/// A sheet holds its CSV file's header and rows: a number column's cells (``ColumnKind/isNumeric``)
/// as numbers, a percent column's shown with one decimal (`0.0`), every other cell as text, so that
/// codes keep their leading zeros (`001`) and rounds stay text; an empty cell is empty. A text cell
/// holds the text itself: the apostrophe the CSV files put before a text starting with `=`, `+`,
/// `-` or `@` is not needed in a workbook, whose text cells are never formulas. The header row is
/// frozen and bold; columns are as wide as their longest cell (8 to 60 characters).
public final class WorkbookCollector: @unchecked Sendable {
    /// The file's name in the output folder.
    public static let file = "legisurvey.xlsx"
    /// Rows a sheet can hold (Excel's limit); a larger table's sheet stops there and the README says so.
    public static let maxRows = 1_048_576

    struct Sheet {
        var name: String
        var file: String
        var summary: String
        var grain: String
        var columns: [TableColumn]
        /// The rows' XML, the header row first (a file of ``scratch``).
        var body: URL
        var rows: Int
        var widths: [Int]
        var truncated: Bool
    }

    private let lock = NSLock()
    private var sheets: [Sheet] = []
    /// Where the sheets' rows are written while their tables are (removed with the collector;
    /// one a killed run left is removed by the next collector: its name carries the process id).
    private let scratch = WorkbookCollector.scratchFolder()
    private var madeScratch = false
    private var sheetFiles = 0
    /// The first failure to write a sheet's rows: the workbook is not written (``Publisher/writeWorkbook(_:)`` throws it).
    private var failure: (any Error)?

    public init() {}

    deinit { if madeScratch { try? FileManager.default.removeItem(at: scratch) } }

    static let scratchPrefix = "legisurvey-workbook-"

    /// `legisurvey-workbook-<pid>-<uuid>` in the temporary folder, after removing those of
    /// processes that are gone (a run killed while it wrote its tables).
    static func scratchFolder() -> URL {
        let base = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? [] where name.hasPrefix(scratchPrefix) {
            let rest = name.dropFirst(scratchPrefix.count)
            guard let pid = Int32(rest.prefix { $0 != "-" }), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }  // that run still goes on
            try? FileManager.default.removeItem(at: base.appendingPathComponent(name))
        }
        return base.appendingPathComponent("\(scratchPrefix)\(getpid())-\(UUID().uuidString)")
    }

    /// A sheet's rows on their way to the workbook: written to a file in pieces of about a megabyte.
    final class SheetFile: @unchecked Sendable {
        let url: URL
        private let collector: WorkbookCollector
        private var handle: FileHandle?
        private var pending: [UInt8] = []

        fileprivate init(url: URL, collector: WorkbookCollector, handle: FileHandle?) {
            self.url = url
            self.collector = collector
            self.handle = handle
        }

        func write(_ xml: String) {
            var xml = xml
            xml.withUTF8 { write(piece: UnsafeRawBufferPointer($0)) }
        }

        /// Rows' XML already in UTF-8 (a chunk's rows).
        func write(_ xml: [UInt8]) {
            xml.withUnsafeBytes { write(piece: $0) }
        }

        private func write(piece: UnsafeRawBufferPointer) {
            // A piece of a megabyte or more (a chunk of a wide table's rows: tens of megabytes at
            // 50,000 respondents) goes to the file from its own bytes, not copied into `pending`.
            guard piece.count < 1 << 20 else {
                flush()
                write(bytes: piece)
                return
            }
            pending.append(contentsOf: piece)
            if pending.count >= 1 << 20 { flush() }
        }

        private func write(bytes: UnsafeRawBufferPointer) {
            guard let handle else { return }
            do {
                try handle.write(contentsOf: bytes)
            } catch {
                collector.fail(error, url)
                self.handle = nil
            }
        }

        func close() {
            flush()
            try? handle?.close()
            handle = nil
        }

        private func flush() {
            guard !pending.isEmpty else { return }
            defer { pending.removeAll(keepingCapacity: true) }
            pending.withUnsafeBytes { write(bytes: $0) }
        }
    }

    /// A new sheet file holding the header row.
    func sheetFile(headers: [String]) -> SheetFile {
        let header = "<row>" + headers.map { XLSXWorkbook.cellXML(.text($0), style: .header) }.joined() + "</row>"
        lock.lock()
        sheetFiles += 1
        let url = scratch.appendingPathComponent("sheet\(sheetFiles).xml")
        var handle: FileHandle?
        do {
            if !madeScratch {
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                madeScratch = true
            }
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            handle = try FileHandle(forWritingTo: url)
        } catch {
            if failure == nil { failure = FormExportError.writeFailed(path: url.path, detail: "cannot write the workbook sheet's rows: \(error)") }
        }
        lock.unlock()
        let file = SheetFile(url: url, collector: self, handle: handle)
        file.write(header)
        return file
    }

    fileprivate func fail(_ error: any Error, _ url: URL) {
        lock.lock()
        if failure == nil { failure = FormExportError.writeFailed(path: url.path, detail: "cannot write the workbook sheet's rows: \(error)") }
        lock.unlock()
    }

    /// Throws the first failure to write a sheet's rows.
    func checkWritten() throws {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }

    /// The tables collected, in order (their files).
    public var files: [String] {
        lock.lock()
        defer { lock.unlock() }
        return sheets.map(\.file)
    }

    /// One row of a sheet: its XML and its cells' widths in characters.
    static func row(_ cells: [CSVCell], kinds: [ColumnKind]) -> (xml: String, widths: [Int]) {
        var xml: [UInt8] = []
        xml.reserveCapacity(64 + cells.count * 48)
        var widths: [Int] = []
        appendRow(cells, kinds: kinds, to: &xml, widening: &widths)
        return (String(decoding: xml, as: UTF8.self), widths)
    }

    /// ``row(_:kinds:)`` appended to `xml` (a chunk's rows), each cell's width in characters kept
    /// in `widths` when it is wider than the widest so far in its column (`widths` grows to the
    /// row's cells).
    static func appendRow(_ cells: [CSVCell], kinds: [ColumnKind], to xml: inout [UInt8], widening widths: inout [Int]) {
        xml.append(literal: "<row>")
        if widths.count < cells.count { widths += [Int](repeating: 0, count: cells.count - widths.count) }
        for index in cells.indices {
            let kind = index < kinds.count ? kinds[index] : .text
            // Each cell's width from the pass that wrote it where that pass saw ASCII (digits,
            // plain text: a character per byte), else counted (a third pass over every cell).
            let width: Int
            switch cells[index] {
            case .number(let number) where kind.isNumeric:
                if number.isEmpty {
                    XLSXWorkbook.appendCellXML(.empty, to: &xml)
                    width = 0
                } else if XLSXWorkbook.appendNumberCellXML(readingAsWritten: number, style: kind == .percent ? .decimal1 : .plain, to: &xml) {
                    // As written, or without the zeros ending its fraction (parsed and printed
                    // again, the same text); its width that of the text, all ASCII digits.
                    width = number.utf8.count
                } else if let value = Double(number), value.isFinite {
                    XLSXWorkbook.appendCellXML(.number(value), style: kind == .percent ? .decimal1 : .plain, to: &xml)
                    width = characters(number)
                } else {
                    width = XLSXWorkbook.appendTextCellXML(number, to: &xml) ? number.utf8.count : characters(number)
                }
            case .number(let value), .text(let value):
                if value.isEmpty {
                    XLSXWorkbook.appendCellXML(.empty, to: &xml)
                    width = 0
                } else {
                    width = XLSXWorkbook.appendTextCellXML(value, to: &xml) ? value.utf8.count : characters(value)
                }
            }
            if width > widths[index] { widths[index] = width }
        }
        xml.append(literal: "</row>")
    }

    /// A text's characters (`count`): its bytes when it is ASCII without a carriage return (CR LF
    /// is one character).
    static func characters(_ text: String) -> Int {
        var text = text
        let plain = text.withUTF8 { bytes in
            var other: UInt8 = 0
            for byte in bytes { other |= (byte & 0x80) | (byte == 0x0D ? 1 : 0) }
            return other == 0
        }
        return plain ? text.utf8.count : text.count
    }

    /// Adds a table's sheet: its description, its columns in this file and its rows' XML in order.
    func add(name: String, file: String, summary: String, grain: String, columns: [TableColumn], body: URL, rows: Int, widths: [Int], truncated: Bool) {
        lock.lock()
        defer { lock.unlock() }
        sheets.removeAll { $0.file == file }
        sheets.append(
            Sheet(
                name: name, file: file, summary: summary, grain: grain, columns: columns, body: body, rows: rows, widths: widths,
                truncated: truncated))
    }

    /// The workbook: README first, then a sheet per table in the order written.
    public func workbook() -> XLSXWorkbook {
        lock.lock()
        let sheets = self.sheets
        lock.unlock()
        var readme: [[XLSXWorkbook.Cell]] = [
            [.text("LegiSurvey: every table of the run, one sheet each", .title)],
            [.text("Each sheet holds the CSV file of the same name in the output folder; docs/outputs.md describes every column.", .wrap)],
            [],
            ["sheet", "file", "rows", "what it holds", "one row per"].map { .text($0, .header) },
        ]
        for sheet in sheets {
            readme.append([
                .text(sheet.name), .text(sheet.file), .number(Double(sheet.rows), .integer),
                .text(sheet.summary + (sheet.truncated ? " (cut at Excel's \(Self.maxRows - 1) rows: the CSV file holds them all)" : ""), .wrap),
                .text(sheet.grain, .wrap),
            ])
        }
        readme.append([])
        readme.append(["sheet", "column", "kind", "meaning"].map { .text($0, .header) })
        for sheet in sheets {
            for column in sheet.columns {
                readme.append([.text(sheet.name), .text(column.header), .text(column.kind.rawValue), .text(column.meaning, .wrap)])
            }
        }
        var first = XLSXWorkbook.Sheet(name: "README", rows: readme)
        first.frozenRows = 0
        first.columnWidths = [0: 28, 1: 30, 2: 10, 3: 70, 4: 50]
        var result = [first]
        for sheet in sheets {
            var made = XLSXWorkbook.Sheet(name: String(Array(sheet.name).prefix(31)), rows: [[XLSXWorkbook.Cell]]())
            made.sheetDataFile = sheet.body
            made.sheetDataRows = sheet.rows + 1
            made.sheetDataColumns = sheet.columns.count
            made.frozenRows = 1
            for (index, column) in sheet.columns.enumerated() {
                let widest = max(column.header.count, index < sheet.widths.count ? sheet.widths[index] : 0)
                made.columnWidths[index] = Double(min(60, max(8, widest + 2)))
            }
            result.append(made)
        }
        var workbook = XLSXWorkbook(sheets: result)
        workbook.compressed = true
        return workbook
    }
}

extension Publisher {
    /// Writes the collected workbook (`legisurvey.xlsx`) through a temporary file and a rename.
    @discardableResult
    public func writeWorkbook(_ collector: WorkbookCollector) throws -> URL {
        try collector.checkWritten()
        return try writeData(try collector.workbook().data(what: WorkbookCollector.file), to: WorkbookCollector.file)
    }
}
