import Foundation
import SurveyModel
import SurveyPublish
import SurveyTestSupport
import Testing

/// A described table is checked row by row, chunk by chunk, before anything reaches its file.
@Suite struct TableDescriptionTests {
    struct Item: Sendable {
        var id: String
        var value: Int
    }

    /// A small table with a row invariant, a uniqueness invariant and an end-of-table invariant.
    static let items = TableDescription<Item>(
        name: "items", file: "items.csv", summary: "Items.", grain: "one row per item",
        columns: [
            TableColumn("id", "The item."), TableColumn("value", "Its value, 0 or more."),
            TableColumn("note", "A note.", presentWhen: "asked for"),
        ],
        invariants: [
            .row("value ≥ 0") { $0.value >= 0 },
            .unique("no duplicate id") { $0.id },
            .table("values sum to at most 100") {
                var sum = 0
                return TableCheck(next: { sum += $0.value; return true }, end: { sum <= 100 })
            },
        ],
        key: { "id \($0.id)" })

    static func rows(_ chunks: [[Item]]) -> TableRows<Item> {
        TableRows(chunkCount: chunks.count, chunk: { chunks[$0] }) { [.text($0.id), .number(String($0.value))] }
    }

    func refusal(_ chunks: [[Item]]) throws -> (error: PublishError?, files: [String]) {
        let folder = Fixtures.temporaryFolder("described-table")
        defer { try? FileManager.default.removeItem(at: folder) }
        var refused: PublishError?
        do { try Publisher(directory: folder).write(Self.items, Self.rows(chunks)) } catch let error as PublishError {
            refused = error
        }
        return (refused, try FileManager.default.contentsOfDirectory(atPath: folder.path))
    }

    @Test func aGoodTableIsWrittenWithItsHeader() throws {
        let folder = Fixtures.temporaryFolder("described-table")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Three chunks (the streamed, parallel path) and one chunk (the whole-text path) give the same bytes.
        let chunked = try Publisher(directory: folder).write(
            Self.items, Self.rows([[Item(id: "a", value: 1)], [], [Item(id: "b", value: 2), Item(id: "c", value: 3)]]))
        let streamed = try String(contentsOf: chunked, encoding: .utf8)
        #expect(streamed == "id,value\r\na,1\r\nb,2\r\nc,3\r\n")
        let whole = try Publisher.text(
            Self.items, Self.rows([[Item(id: "a", value: 1), Item(id: "b", value: 2), Item(id: "c", value: 3)]]))
        #expect(whole == streamed)
        #expect(Self.items.headers(including: ["note"]) == ["id", "value", "note"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["items.csv"])
    }

    /// Chunks are made in batches whose size follows the texts' size (one per core, then up to
    /// four per core): many chunks of uneven sizes, empty ones among them, give the whole-text bytes.
    @Test func manyUnevenChunksGiveTheWholeTextsBytes() throws {
        let folder = Fixtures.temporaryFolder("described-table")
        defer { try? FileManager.default.removeItem(at: folder) }
        var chunks: [[Item]] = []
        var number = 0
        for index in 0..<37 {
            chunks.append((0..<((index * 7) % 23)).map { _ in
                number += 1
                return Item(id: "item \(number)", value: 0)  // the table sums its values to at most 100
            })
        }
        let streamed = try String(contentsOf: Publisher(directory: folder).write(Self.items, Self.rows(chunks)), encoding: .utf8)
        let whole = try Publisher.text(Self.items, Self.rows([chunks.flatMap { $0 }]))
        #expect(number > 300)
        #expect(streamed == whole)
        #expect(streamed.split(separator: "\r\n").count == number + 1)
    }

    /// Rows held whole are cut into chunks of at most 65,536 cells (a wide table's chunk texts are
    /// held until written, a few at once), 256 to 4,096 rows, and no more than half a core's
    /// share of the rows (every core formats some); a table of 1,024 rows or fewer is one chunk
    /// whatever its width; the chunks give the whole text's bytes.
    @Test func wideTablesAreCutIntoSmallerChunksWithTheSameBytes() throws {
        #expect(TableRows<Item>.rowsPerChunk(width: 2) == 4096)
        #expect(TableRows<Item>.rowsPerChunk(width: 16) == 4096)
        #expect(TableRows<Item>.rowsPerChunk(width: 160) == 409)
        #expect(TableRows<Item>.rowsPerChunk(width: 10_000) == 256)
        // The rows' count: one chunk up to 1,024 rows, then every core gets two chunks or more.
        #expect(TableRows<Item>.rowsPerChunk(count: 0, width: 2, cores: 2) == 1)
        #expect(TableRows<Item>.rowsPerChunk(count: 1_024, width: 2, cores: 8) == 1_024)
        #expect(TableRows<Item>.rowsPerChunk(count: 1_025, width: 2, cores: 8) == 256)
        #expect(TableRows<Item>.rowsPerChunk(count: 3_804, width: 15, cores: 2) == 951)
        #expect(TableRows<Item>.rowsPerChunk(count: 5_000, width: 2, cores: 2) == 1_250)
        #expect(TableRows<Item>.rowsPerChunk(count: 5_000, width: 160, cores: 2) == 409)
        #expect(TableRows<Item>.rowsPerChunk(count: 60_001, width: 26, cores: 2) == TableRows<Item>.rowsPerChunk(width: 26))
        for cores in [1, 2, 3, 4, 8] {
            for count in [1_025, 2_000, 4_096, 9_999, 100_000] {
                let size = TableRows<Item>.rowsPerChunk(count: count, width: 12, cores: cores)
                #expect(size >= 256 && size <= 4_096)
                #expect((count + size - 1) / size >= min(2 * cores, count / 256), "\(count) rows on \(cores) cores")
            }
        }
        let wide = TableDescription<[Int]>(
            name: "wide", file: "wide.csv", summary: "Wide.", grain: "one row per item",
            columns: (0..<160).map { TableColumn("c\($0)", "Column \($0).") }, invariants: [], key: { "row \($0[0])" })
        let rows = (0..<5000).map { row in (0..<160).map { row * 1000 + $0 } }
        let cells: @Sendable ([Int]) -> [CSVCell] = { $0.map { .number(String($0)) } }
        let chunked = TableRows(rows, cells: cells)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let size = TableRows<[Int]>.rowsPerChunk(count: 5_000, width: 160, cores: cores)
        #expect(size <= 409 && chunked.chunkCount == (5_000 + size - 1) / size)  // 13 chunks of 409 rows on 2 cores
        #expect(TableRows(Array(rows.prefix(1_024)), cells: cells).chunkCount == 1)
        #expect(TableRows(Array(rows.prefix(1_025)), cells: cells).chunkCount >= 2)
        #expect(TableRows(rows.map { Array($0.prefix(2)) }, cells: cells).chunkCount >= 2 * min(cores, 4))
        let folder = Fixtures.temporaryFolder("described-table")
        defer { try? FileManager.default.removeItem(at: folder) }
        let streamed = try Data(contentsOf: Publisher(directory: folder).write(wide, chunked))
        let whole = try Publisher.text(wide, TableRows(chunkCount: 1, chunk: { _ in rows }, cells: cells))
        #expect(streamed == Data(whole.utf8))
        #expect(whole.split(separator: "\r\n").count == 5001)
    }

    @Test func aRowBreakingAnInvariantIsRefusedByNameRowAndKey() throws {
        let (error, files) = try refusal([[Item(id: "a", value: 1), Item(id: "b", value: -1)]])
        #expect(error == .invariant(table: "items.csv", invariant: "value ≥ 0", row: 2, key: "id b"))
        #expect(files.isEmpty, "nothing written: \(files)")
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.contains("items.csv") && message.contains("value ≥ 0") && message.contains("row 2"))
    }

    @Test func aDuplicateInALaterChunkIsRefusedAndNoPartialFileIsLeft() throws {
        let chunks = [[Item(id: "a", value: 1)], [Item(id: "b", value: 1)], [Item(id: "c", value: 1), Item(id: "a", value: 1)]]
        let (error, files) = try refusal(chunks)
        #expect(error == .invariant(table: "items.csv", invariant: "no duplicate id", row: 4, key: "id a"))
        #expect(files.isEmpty, "no file and no .partial left: \(files)")
    }

    /// Within one chunk the first broken row is named, whichever kind of invariant it breaks: a
    /// table invariant before a row invariant's failure, the row invariant before a later
    /// table invariant's (the rows after a row failure are not fed to the table checks).
    @Test func theFirstBrokenRowOfAChunkIsNamedWhicheverInvariantItBreaks() throws {
        let table = try refusal([[Item(id: "a", value: 1)], [Item(id: "b", value: 1), Item(id: "a", value: 1), Item(id: "c", value: -1)]])
        #expect(table.error == .invariant(table: "items.csv", invariant: "no duplicate id", row: 3, key: "id a"))
        let row = try refusal([[Item(id: "a", value: 1)], [Item(id: "b", value: 1), Item(id: "c", value: -1), Item(id: "a", value: 1)]])
        #expect(row.error == .invariant(table: "items.csv", invariant: "value ≥ 0", row: 3, key: "id c"))
        for refused in [table, row] { #expect(refused.files.isEmpty) }
    }

    @Test func aTableInvariantBrokenAtTheEndNamesTheEnd() throws {
        let (error, files) = try refusal([[Item(id: "a", value: 60)], [Item(id: "b", value: 50)]])
        #expect(error == .invariant(table: "items.csv", invariant: "values sum to at most 100", row: 2, key: "end of table"))
        #expect(files.isEmpty)
        let (whole, _) = try refusal([[Item(id: "a", value: 60), Item(id: "b", value: 50)]])
        #expect(whole?.invariant == "values sum to at most 100")
    }

    @Test func eachWriteStartsItsTableChecksAfresh() throws {
        // The same description written twice: the second write must not see the first one's ids.
        let folder = Fixtures.temporaryFolder("described-table")
        defer { try? FileManager.default.removeItem(at: folder) }
        let publisher = Publisher(directory: folder)
        try publisher.write(Self.items, Self.rows([[Item(id: "a", value: 1)], [Item(id: "b", value: 1)]]))
        try publisher.write(Self.items, Self.rows([[Item(id: "a", value: 1)], [Item(id: "b", value: 1)]]))
        #expect(try String(contentsOf: folder.appendingPathComponent("items.csv"), encoding: .utf8) == "id,value\r\na,1\r\nb,1\r\n")
    }

    @Test func groupedUniquenessCatchesARepeatInAGroupAndAGroupThatComesBack() throws {
        let table = TableDescription<Item>(
            name: "grouped", file: "grouped.csv", summary: "Grouped.", grain: "one row per group × item",
            columns: [TableColumn("id", "Group and item, `g.i`."), TableColumn("value", "A value.")],
            invariants: [.unique("no duplicate group × item", grouped: { $0.id.prefix(1) }, item: { $0.id })],
            key: { $0.id })
        func check(_ ids: [String]) -> PublishError? {
            let rows = TableRows(ids.map { Item(id: $0, value: 0) }) { [.text($0.id)] }
            do { _ = try Publisher.text(table, rows) } catch let error as PublishError { return error } catch { return nil }
            return nil
        }
        #expect(check(["a1", "a2", "b1", "b2", "c1"]) == nil)
        #expect(check(["a1", "a2", "a1"]) == .invariant(table: "grouped.csv", invariant: "no duplicate group × item", row: 3, key: "a1"))
        #expect(check(["a1", "b1", "a2"]) == .invariant(table: "grouped.csv", invariant: "no duplicate group × item", row: 3, key: "a2"))
    }

    @Test func theStandardTablesRefuseWhatTheyShould() {
        // One denominator per round × question × group: two options of one question with different n.
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([share("yes", n: 10, k: 4), share("no", n: 11, k: 4)]) }
        // The percent must be the share of the counts.
        #expect(throws: PublishError.self) { try Publisher.statisticsCSV([share("yes", n: 10, k: 4, percent: 50)]) }
        #expect(throws: Never.self) { try Publisher.statisticsCSV([share("yes", n: 10, k: 4), share("no", n: 10, k: 6)]) }
        let moved = Transition(
            baselineRound: "2022", latestRound: "2026", country: "DEU", chapter: .prevention, questionID: "ch8_cert",
            from: "yes", to: "yes")
        #expect(throws: PublishError.self) { try Publisher.transitionsCSV([moved], reference: Fixtures.reference) }
    }

    @Test func everyStandardTableHasAGrainColumnsAndInvariants() {
        let tables = [
            Publisher.statisticsTable.erased, Publisher.numericTable.erased, Publisher.indicatorsTable.erased,
            Publisher.progressTable.erased, Publisher.transitionsTable.erased, Publisher.sdmxTable.erased,
            Publisher.prioritiesTable.erased, Publisher.groupPrioritiesTable.erased, Publisher.planningTable.erased,
            Publisher.validationTable.erased,
        ]
        for table in tables {
            #expect(table.grain.hasPrefix("one row per"), "\(table.file)")
            #expect(!table.invariants.isEmpty, "\(table.file)")
            #expect(table.columns.allSatisfy { !$0.meaning.isEmpty }, "\(table.file)")
            #expect(Set(table.columns.map(\.header)).count == table.columns.count, "\(table.file): a column twice")
            #expect(table.summary.count + table.file.count <= 76, "\(table.file): a --help line over 80 characters")
        }
        #expect(Set(tables.map(\.file)).count == tables.count)
    }
}
