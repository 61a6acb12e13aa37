// A small CSV table read whole with libcsv: for the analyst's own files under Pipelines/ (the
// focal-point register), not for submissions (CSVSubmissionReader streams those).
public import Foundation
import CLibCSV

/// The rows of a small CSV file, each with the line it starts on: the header first, then the
/// records. UTF-8 (a byte-order mark is dropped); the delimiter `,`, `;` or tab, as the
/// submissions' reader sniffs it (French Excel writes `;`). Blank lines are skipped.
public struct CSVTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// The 1-based line the record starts on.
        public var line: Int
        public var cells: [String]
    }

    public var header: [String]
    public var rows: [Row]

    /// Why a file is not a table, with the line where that was seen.
    public struct Failure: Error, Sendable, Equatable {
        public var line: Int
        public var reason: String
    }

    /// Reads `url`; throws ``Failure`` (line and reason) for text that is not UTF-8 or not CSV, and
    /// the file system's error when it cannot be read.
    public static func read(_ url: URL) throws -> CSVTable {
        try parse(Array(try Data(contentsOf: url)))
    }

    /// Parses the bytes of a CSV file.
    public static func parse(_ bytes: [UInt8]) throws -> CSVTable {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if String(validating: bytes, as: UTF8.self) == nil {
            let line = 1 + (firstInvalidUTF8Offset(bytes).map { offset in bytes[..<offset].filter { $0 == 10 }.count } ?? 0)
            throw Failure(line: line, reason: "the text is not UTF-8: save it as \"CSV UTF-8\"")
        }
        let collector = Collector()
        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
            throw Failure(line: 0, reason: "libcsv could not start")
        }
        defer { csv_free(parser) }
        csv_set_delim(parser, CSVSubmissionReader.sniffDelimiter(Array(bytes.prefix(CSVSubmissionReader.sniffBytes))))
        let context = Unmanaged.passUnretained(collector).toOpaque()
        let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { field, length, context in
            let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
            let text = field.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
            collector.cells.append(text)
        }
        let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
            Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue().endRow()
        }
        // Fed line by line, so that each record knows the line it starts on.
        var start = 0
        var line = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 10).map { $0 + 1 } ?? bytes.count
            line += 1
            // No record begun (libcsv's ROW_NOT_BEGUN): the next one starts on this line.
            if parser.pointee.pstate == 0 { collector.rowLine = line }
            let count = end - start
            let done = bytes.withUnsafeBufferPointer { csv_parse(parser, $0.baseAddress! + start, count, onField, onRow, context) }
            if done != count { throw Failure(line: line, reason: CSVSubmissionReader.explain(csv_error(parser))) }
            start = end
        }
        if csv_fini(parser, onField, onRow, context) != 0 {
            throw Failure(line: max(line, 1), reason: CSVSubmissionReader.explain(csv_error(parser)))
        }
        let records = collector.records.filter { !$0.cells.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let first = records.first else { return CSVTable(header: [], rows: []) }
        return CSVTable(header: first.cells, rows: Array(records.dropFirst()))
    }

    /// The byte offset where UTF-8 decoding first fails.
    private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var low = 0
        var high = bytes.count
        // The longest valid prefix, by bisection (a valid prefix may end inside a character,
        // so allow three bytes of slack).
        while low < high {
            let middle = (low + high + 1) / 2
            let prefix = bytes[..<middle]
            let valid = (0...3).contains { cut in middle - cut >= 0 && String(validating: prefix.dropLast(cut), as: UTF8.self) != nil }
            if valid { low = middle } else { high = middle - 1 }
        }
        return low < bytes.count ? low : nil
    }

    private final class Collector {
        var cells: [String] = []
        var rowLine = 0
        var records: [Row] = []

        func endRow() {
            records.append(Row(line: rowLine, cells: cells))
            cells = []
            rowLine = 0
        }
    }
}
