// A postgresql:// store in a program that did not register the PostgreSQL backend (a library
// user, the fuzz package): one clear error before anything is opened, never a crash or a SQLite
// file named like a URL.
import Foundation
import SurveyModel
import Testing

@testable import SurveyLoad

@Suite struct StoreBackendTests {
    @Test func aPostgreSQLStoreWithoutItsBackendIsOneClearError() async throws {
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let location = try StoreLocation(parsing: "postgresql://analyst@db.example.org:5433/survey", relativeTo: base)
        for mustExist in [false, true] {
            do {
                _ = try await SurveyStores.open(location, mustExist: mustExist, postgreSQL: nil)
                Issue.record("opened a PostgreSQL store with no backend registered")
            } catch let error as StoreError {
                let text = "\(error)"
                #expect(text.contains("no PostgreSQL backend registered"), "\(text)")
                #expect(!text.contains("\n"), "one line: \(text)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("postgresql:").path))
    }
}
