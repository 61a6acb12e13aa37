// The SQLite backend against the store conformance suite (Tests/SurveyTestSupport/StoreConformance.swift),
// each check on fresh store files in a temporary folder. The migration of an old schema (v7 to
// v8) is MigrationTests'.
import Foundation
import SurveyLoad
import SurveyModel
import SurveyTestSupport
import Testing

@Suite struct SQLiteStoreConformanceTests {
    /// Fresh stores as files (a second handle is a second connection, as another process's).
    let suite: StoreConformance
    let folder: URL

    init() throws {
        let folder = Fixtures.temporaryFolder("legisurvey-conformance")
        self.folder = folder
        suite = StoreConformance(
            fresh: {
                // A folder that does not exist yet: the factory creates it.
                let path = folder.appendingPathComponent(UUID().uuidString).appendingPathComponent("store.sqlite").path
                return try await SurveyStores.open(.sqlite(path: path))
            },
            reopen: { location in try await SurveyStores.open(location, mustExist: true) })
    }

    @Test func migrations() async throws { try await suite.migrations() }
    @Test func load() async throws { try await suite.load() }
    @Test func crashMidLoad() async throws { try await suite.crashMidLoad() }
    @Test func reads() async throws { try await suite.reads() }
    @Test func concurrentReaderDuringLoad() async throws { try await suite.concurrentReaderDuringLoad() }
    @Test func arrivals() async throws { try await suite.arrivals() }
    @Test func repeats() async throws { try await suite.repeats() }
    @Test func recordedLoad() async throws { try await suite.recordedLoad() }
    @Test func recordedMerges() async throws { try await suite.recordedMerges() }
    @Test func valuesAndOrder() async throws { try await suite.valuesAndOrder() }

    /// A read-only open of a store that does not exist is refused with the location, not created.
    @Test func aMissingStoreIsNotCreatedByAReader() async throws {
        let path = folder.appendingPathComponent("absent/store.sqlite").path
        await #expect(throws: StoreError.missing(.sqlite(path: path))) {
            _ = try await SurveyStores.open(.sqlite(path: path), mustExist: true)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// Several handles creating one new store at once all open it: the migration of a new store
    /// runs under the run lock, once, and a handle that looks at the schema while another
    /// migrates it (no migrations table, then one) looks again under the lock instead of failing
    /// with "no such table: grdb_migrations" (seen once in four full runs with 6 handles; here
    /// 12 handles race on each of 8 new stores, so the race is met in most runs of the test).
    @Test func handlesOpeningOneNewStoreAtOnceAllSucceed() async throws {
        for attempt in 0..<8 {
            let racing = StoreLocation.sqlite(path: folder.appendingPathComponent("racing-\(attempt)/store.sqlite").path)
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 { group.addTask { try await SurveyStores.open(racing).runCount() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 0, count: 12), "store \(attempt)")
        }
        let location = StoreLocation.sqlite(path: folder.appendingPathComponent("racing-0/store.sqlite").path)
        try await suite.load(StoreConformance.firstRun, into: try await SurveyStores.open(location, mustExist: true))
        #expect(try await SurveyStores.open(location).runCount() == 1)
    }

    /// The in-memory store (unit tests) passes the checks that need no second handle.
    @Test func inMemoryStoreLoadsAndRollsBack() async throws {
        let memory = StoreConformance(fresh: { try SQLiteStore() }, reopen: { _ in try SQLiteStore() })
        try await memory.load()
        let store = try SQLiteStore()
        try await memory.load(StoreConformance.firstRun, into: store)
        let before = try await StoreConformance.State.read(store)
        struct Crash: Error {}
        await #expect(throws: Crash.self) {
            try await store.load(StoreConformance.secondRun.info) { session in
                let file = StoreConformance.secondRun.files[0]
                try await session.add(file.report, submissions: file.submissions, cache: nil)
                throw Crash()
            }
        }
        #expect(try await StoreConformance.State.read(store) == before)
    }
}
