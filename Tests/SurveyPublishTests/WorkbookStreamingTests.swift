// The workbook's sheets streamed from files (issue 29's memory: a run's tables at 50,000
// respondents are hundreds of megabytes of sheet XML, no longer held in memory): a sheet whose rows
// are in a file gives the same .xlsx bytes as the same rows given in memory, across the pieces the
// archive reads (head, rows, tail), stored or deflated.
import Foundation
import SurveyForms
import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyPublish

@Suite struct WorkbookStreamingTests {
    /// About 3 MB of rows, so the archive reads the file in many pieces.
    static let rows: String = (1...40_000).map { index in
        "<row>" + XLSXWorkbook.cellXML(.text("State \(index) – ün")) + XLSXWorkbook.cellXML(.number(Double(index) / 7))
            + "</row>"
    }.joined()

    func workbook(inMemory: Bool, compressed: Bool, file: URL) -> XLSXWorkbook {
        var sheet = XLSXWorkbook.Sheet(name: "table", rows: [[XLSXWorkbook.Cell]]())
        if inMemory { sheet.sheetData = Self.rows } else { sheet.sheetDataFile = file }
        sheet.sheetDataRows = 40_000
        sheet.sheetDataColumns = 2
        sheet.frozenRows = 1
        sheet.columnWidths = [0: 20, 1: 10]
        var workbook = XLSXWorkbook(sheets: [XLSXWorkbook.Sheet(name: "README", rows: [["a", "b"]]), sheet])
        workbook.compressed = compressed
        return workbook
    }

    @Test(arguments: [false, true]) func aSheetFromAFileIsTheSameWorkbook(compressed: Bool) throws {
        let folder = Fixtures.temporaryFolder("workbook-streaming")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("rows.xml")
        try Data(Self.rows.utf8).write(to: file)
        #expect(Self.rows.utf8.count > 2_000_000)
        let fromMemory = try workbook(inMemory: true, compressed: compressed, file: file).data()
        let fromFile = try workbook(inMemory: false, compressed: compressed, file: file).data()
        #expect(fromFile.count > 1000)
        #expect(fromFile == fromMemory)
    }

    @Test func aSheetsRowsFileIsTheSameWhateverThePiecesItIsWrittenIn() throws {
        // Pieces under a megabyte are gathered before they are written; a larger piece (a chunk
        // of a wide table) is written from its own bytes. Either way the file holds the header
        // and the pieces in order: here the same rows in 40,000 small pieces, in three large
        // ones between small ones, and whole.
        let collector = WorkbookCollector()
        let rows: [String] = Self.rows.split(separator: "</row>", omittingEmptySubsequences: false).dropLast().map { String($0) + "</row>" }
        let third = rows.count / 3
        var mixed: [String] = [rows[0], rows[1..<third].joined(), rows[third], rows[(third + 1)..<(2 * third)].joined()]
        mixed.append(contentsOf: rows[(2 * third)...])
        let ways: [[String]] = [rows, mixed, [Self.rows]]
        var written: [Data] = []
        for pieces in ways {
            let file = collector.sheetFile(headers: ["name", "value"])
            for piece in pieces { file.write(piece) }
            file.close()
            written.append(try Data(contentsOf: file.url))
        }
        #expect(ways[1].contains { $0.utf8.count > 1 << 20 } && ways[0].allSatisfy { $0.utf8.count < 1 << 20 })
        #expect(written[0].count > Self.rows.utf8.count)
        #expect(written[1] == written[0])
        #expect(written[2] == written[0])
        try collector.checkWritten()
    }

    /// A chunked table's texts are made in buffers the writer hands back for later chunks
    /// (``ReusedBuffers``): chunks of very uneven sizes, a large one after small ones and small
    /// ones after it, give the CSV bytes and the sheet rows of the same rows written as one chunk.
    @Test func reusedChunkBuffersGiveTheOneChunkBytes() throws {
        let table = TableDescription<[Int]>(
            name: "uneven", file: "uneven.csv", summary: "Uneven.", grain: "one row per item",
            columns: [TableColumn("id", "The row."), TableColumn.number("value", "Its value."), TableColumn("text", "A text.")],
            invariants: [], key: { "row \($0[0])" })
        let sizes = [3, 1, 2_000, 0, 5, 700, 1, 4_000, 2, 60, 1_500, 1]
        var chunks: [[[Int]]] = []
        var next = 0
        for size in sizes {
            chunks.append((0..<size).map { _ in
                next += 1
                return [next, next * 37 % 1_000, next % 13]
            })
        }
        let cells: @Sendable ([Int]) -> [CSVCell] = { row in
            [.text("r\(row[0])"), .number(String(row[1])), .text(String(repeating: "ü x", count: row[2]))]
        }
        func written(_ chunks: [[[Int]]]) throws -> (csv: Data, sheet: Data) {
            let folder = Fixtures.temporaryFolder("reused-buffers")
            defer { try? FileManager.default.removeItem(at: folder) }
            let collector = WorkbookCollector()
            let publisher = Publisher(directory: folder, workbook: collector)
            let csv = try Data(contentsOf: publisher.write(table, TableRows(chunkCount: chunks.count, chunk: { chunks[$0] }, cells: cells)))
            let sheet = try #require(collector.workbook().sheets.last?.sheetDataFile)
            return (csv, try Data(contentsOf: sheet))
        }
        let many = try written(chunks)
        let one = try written([chunks.flatMap { $0 }])
        #expect(many.csv.count > 100_000 && many.sheet.count > 500_000)
        #expect(many.csv == one.csv)
        #expect(many.sheet == one.sheet)
    }

    /// A buffer given back keeps its room, not its bytes; no more are kept than the limit.
    @Test func reusedBuffersKeepRoomNotBytesUpToTheirLimit() {
        let buffers = ReusedBuffers(limit: 2)
        #expect(buffers.take().capacity == 0)
        var given: [[UInt8]] = (1...3).map { [UInt8](repeating: UInt8($0), count: 10_000 * $0) }
        for index in given.indices { buffers.give(&given[index]) }
        #expect(given.allSatisfy { $0.isEmpty })
        let taken = [buffers.take(), buffers.take(), buffers.take()]
        #expect(taken.allSatisfy { $0.isEmpty })
        #expect(taken[0].capacity >= 20_000 && taken[1].capacity >= 10_000)
        #expect(taken[2].capacity == 0, "the third buffer was over the limit")
    }

    @Test func aMissingRowsFileIsAnErrorNamingIt() throws {
        let missing = Fixtures.temporaryFolder("workbook-streaming").appendingPathComponent("gone.xml")
        #expect(throws: FormExportError.self) { try workbook(inMemory: false, compressed: true, file: missing).data(what: "legisurvey.xlsx") }
        do {
            _ = try workbook(inMemory: false, compressed: true, file: missing).data(what: "legisurvey.xlsx")
        } catch {
            #expect("\(error)".contains("gone.xml"), "\(error)")
        }
    }

    /// A run killed while writing its tables leaves its scratch folder; the next run's collector
    /// removes it (the folder names its process), never one of a process still running.
    @Test func aKilledRunsScratchFolderIsRemovedByTheNext() throws {
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let base = FileManager.default.temporaryDirectory
        let left = base.appendingPathComponent("\(WorkbookCollector.scratchPrefix)\(finished.processIdentifier)-\(UUID().uuidString)")
        let running = base.appendingPathComponent("\(WorkbookCollector.scratchPrefix)1-\(UUID().uuidString)")  // init: always running
        for folder in [left, running] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: running) }
        let made = WorkbookCollector.scratchFolder()
        #expect(!FileManager.default.fileExists(atPath: left.path))
        #expect(FileManager.default.fileExists(atPath: running.path))
        #expect(made.lastPathComponent.hasPrefix("\(WorkbookCollector.scratchPrefix)\(ProcessInfo.processInfo.processIdentifier)-"))
    }
}
