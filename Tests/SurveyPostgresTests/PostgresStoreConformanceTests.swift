// The PostgreSQL backend against the store conformance suite (Tests/SurveyTestSupport/StoreConformance.swift),
// each check in a fresh schema of the throwaway cluster (PostgresCluster), opened through
// SurveyStores as a run opens it.
import Foundation
import SurveyLoad
import SurveyModel
import SurveyPostgres
import SurveyTestSupport
import Testing

@Suite struct PostgresStoreConformanceTests {
    let suite = StoreConformance(
        fresh: {
            PostgresStore.register()
            return try await SurveyStores.open(.postgresql(try await PostgresCluster.shared().location()))
        },
        reopen: { location in
            PostgresStore.register()
            return try await SurveyStores.open(location, mustExist: true)
        })

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
}
