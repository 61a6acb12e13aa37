// `store copy` (issue 28): SQLite → PostgreSQL → SQLite gives a store whose every table equals the
// original row for row, history and arrivals included; the copy takes the next run; a store that
// already holds a run is not copied into.
import Foundation
import SurveyLoad
import SurveyModel
import SurveyPostgres
import SurveyTestSupport
import Testing

@Suite struct StoreCopyTests {
    func tables(_ location: StoreLocation) async throws -> [String: [[StoreValue]]] {
        let store = try #require(try await SurveyStores.open(location, mustExist: true) as? any SurveyStoreTables)
        var tables: [String: [[StoreValue]]] = [:]
        for table in StoreTable.all { tables[table.name] = try await store.rows(of: table) }
        return tables
    }

    @Test func sqliteToPostgreSQLAndBackIsTheSameStore() async throws {
        PostgresStore.register()
        let folder = Fixtures.temporaryFolder("store-copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = StoreLocation.sqlite(path: folder.appendingPathComponent("original.sqlite").path)
        let conformance = StoreConformance(fresh: { try await SurveyStores.open(original) }, reopen: { try await SurveyStores.open($0) })
        let store = try await SurveyStores.open(original)
        try await conformance.load(StoreConformance.firstRun, into: store)
        try await conformance.load(StoreConformance.secondRun, into: store)
        let before = try await tables(original)
        #expect(before["run"]?.count == 2 && (before["diagnostic"]?.count ?? 0) > 0 && before["file_arrival"]?.count == 3, "\(before)")

        let server = StoreLocation.postgresql(try await PostgresCluster.shared().location())
        let back = StoreLocation.sqlite(path: folder.appendingPathComponent("back/copy.sqlite").path)
        let there = try await StoreCopy.copy(from: original, to: server, wait: 10, log: { _ in })
        #expect(there.rows.map(\.count) == StoreTable.all.map { before[$0.name]?.count ?? -1 })
        _ = try await StoreCopy.copy(from: server, to: back, wait: 10, log: { _ in })
        #expect(try await tables(server) == before, "the PostgreSQL copy, table by table")
        #expect(try await tables(back) == before, "the SQLite copy of the copy, table by table")
        let state = try await StoreConformance.State.read(store)
        #expect(try await StoreConformance.State.read(try await SurveyStores.open(server, mustExist: true)) == state)
        #expect(try await StoreConformance.State.read(try await SurveyStores.open(back, mustExist: true)) == state)
        #expect(try await SurveyStores.open(server, mustExist: true).fileArrivals() == (try await store.fileArrivals()))

        // The copy goes on: the next run is the third, its diagnostics after the copied ones.
        let copy = try await SurveyStores.open(server, mustExist: true)
        let third = try await conformance.load(StoreConformance.firstRun, into: copy)
        #expect(third == 3)
        #expect(try await copy.latestDiagnostics() == StoreConformance.firstRun.diagnostics)

        // Never into a store that holds a run: refused, the store unchanged.
        let copied = try await tables(server)
        await #expect(throws: StoreError.self) { _ = try await StoreCopy.copy(from: original, to: server, wait: 10, log: { _ in }) }
        #expect(try await tables(server) == copied)
    }
}
