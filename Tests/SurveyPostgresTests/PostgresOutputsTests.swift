// Same outputs (issue 28): the demo inbox run into a PostgreSQL store writes every data output byte
// for byte as the same run into a SQLite store, on a first run and on the incremental run after it
// (the file cache, arrivals and changes.csv read back from the store).
import Foundation
import SurveyDefinitions
import SurveyLoad
import SurveyModel
import SurveyPipeline
import SurveyPostgres
import SurveyTestSupport
import Testing

@Suite struct PostgresOutputsTests {
    /// Every file under `folder` by relative path, but the two that name their own run: the output
    /// folder's lock (the pid) and run_summary.json (paths, the store, timings).
    func files(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(url.path.dropFirst(folder.path.count + 1))
            if relative == ".legisurvey.lock" || relative == "run_summary.json" { continue }
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }

    func run(output: URL, store: String) async throws {
        let configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: Fixtures.packageRoot.appendingPathComponent("Input").path, output: output.path,
            store: store)
        _ = try await Pipeline(configuration: configuration).run()
    }

    @Test func theDemoWritesTheSameBytesFromBothBackends() async throws {
        PostgresStore.register()
        let folder = Fixtures.temporaryFolder("postgres-outputs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqliteOutput = folder.appendingPathComponent("sqlite")
        let postgresOutput = folder.appendingPathComponent("postgres")
        let location = try await PostgresCluster.shared().location()
        #expect(try StoreLocation(commandLine: location.description) == .postgresql(location))
        for pass in ["a first run", "the incremental run after it"] {
            try await run(output: sqliteOutput, store: folder.appendingPathComponent("store.sqlite").path)
            try await run(output: postgresOutput, store: location.description)
            let expected = try files(sqliteOutput)
            let found = try files(postgresOutput)
            #expect(expected.count > 40, "the demo writes its outputs: \(expected.keys.sorted())")
            #expect(found.keys.sorted() == expected.keys.sorted(), "\(pass): the same files")
            let differing = expected.keys.filter { found[$0] != expected[$0] }.sorted()
            #expect(differing.isEmpty, "\(pass): files whose bytes differ between SQLite and PostgreSQL: \(differing)")
        }
        let store = try await SurveyStores.open(.postgresql(location), mustExist: true)
        #expect(try await store.runCount() == 2)
    }
}
