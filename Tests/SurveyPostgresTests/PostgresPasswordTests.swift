// The PostgreSQL store's password look-up, as libpq's: PGPASSWORD, then PGPASSFILE or ~/.pgpass
// with its format (wildcards, escapes, the first match) and its permission rule.
import Foundation
import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyPostgres

@Suite final class PostgresPasswordTests {
    let tcp = PostgresLocation(user: "analyst", endpoint: .tcp(host: "db.example.org"), port: 5433, database: "survey")
    /// This test's files, removed after it.
    let folder = Fixtures.temporaryFolder("pgpass")

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A password file with `text`, mode `mode`, in a new folder.
    func passwordFile(_ text: String, mode: Int = 0o600) throws -> String {
        let folder = self.folder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("pgpass").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func pgpasswordComesFirst() throws {
        let file = try passwordFile("*:*:*:*:from-file\n")
        #expect(PostgresPassword.lookUp(tcp, user: "analyst", environment: ["PGPASSWORD": "from-env", "PGPASSFILE": file]) == "from-env")
        #expect(PostgresPassword.lookUp(tcp, user: "analyst", environment: ["PGPASSFILE": file]) == "from-file")
    }

    @Test func theFirstMatchingLineWins() throws {
        let file = try passwordFile(
            """
            # comment: other hosts first
            other.example.org:5433:survey:analyst:wrong-host
            db.example.org:5432:survey:analyst:wrong-port
            db.example.org:5433:other:analyst:wrong-database
            db.example.org:5433:survey:someone:wrong-user
            db.example.org:*:survey:analyst:right
            *:*:*:*:fallback
            """)
        #expect(PostgresPassword.lookUp(tcp, user: "analyst", environment: ["PGPASSFILE": file]) == "right")
        #expect(PostgresPassword.lookUp(tcp, user: "nobody", environment: ["PGPASSFILE": file]) == "fallback")
    }

    @Test func escapesInFieldsAndPassword() throws {
        let file = try passwordFile(#"db.example.org:5433:sur\:vey:analyst:pa\:ss\\word:more"# + "\n")
        var location = tcp
        location.database = "sur:vey"
        #expect(PostgresPassword.lookUp(location, user: "analyst", environment: ["PGPASSFILE": file]) == #"pa:ss\word:more"#)
        #expect(PostgresPassword.lookUp(tcp, user: "analyst", environment: ["PGPASSFILE": file]) == nil)
    }

    @Test func socketsMatchTheirFolderAndLocalhostForTheDefaultOne() throws {
        let file = try passwordFile("localhost:5432:survey:analyst:local\n/tmp/pg:5432:survey:analyst:folder\n")
        let defaultSocket = PostgresLocation(
            user: "analyst", endpoint: .socket(folder: PostgresLocation.defaultSocketFolder), database: "survey")
        let otherSocket = PostgresLocation(user: "analyst", endpoint: .socket(folder: "/tmp/pg"), database: "survey")
        #expect(PostgresPassword.lookUp(defaultSocket, user: "analyst", environment: ["PGPASSFILE": file]) == "local")
        #expect(PostgresPassword.lookUp(otherSocket, user: "analyst", environment: ["PGPASSFILE": file]) == "folder")
    }

    @Test func aFileOthersCanReadIsIgnoredWithLibpqsWarning() throws {
        let file = try passwordFile("*:*:*:*:secret\n", mode: 0o644)
        var warnings: [String] = []
        #expect(PostgresPassword.lookUp(tcp, user: "analyst", environment: ["PGPASSFILE": file]) { warnings.append($0) } == nil)
        #expect(warnings == ["password file \"\(file)\" has group or world access; permissions should be u=rw (0600) or less"])
        let group = try passwordFile("*:*:*:*:secret\n", mode: 0o640)
        #expect(PostgresPassword.lookUp(tcp, user: "analyst", environment: ["PGPASSFILE": group]) == nil)
    }

    @Test func homePgpassWhenNoPgpassfile() throws {
        let home = folder.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let path = home.appendingPathComponent(".pgpass").path
        try "*:*:survey:analyst:at-home\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(PostgresPassword.lookUp(tcp, user: "analyst", environment: ["HOME": home.path]) == "at-home")
        #expect(PostgresPassword.lookUp(tcp, user: "analyst", environment: ["HOME": home.path + "/none"]) == nil)
    }
}
