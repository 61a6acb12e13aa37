// The store setting's parsing (issue 28): a path is a SQLite file as before; postgresql:// and
// postgres:// URLs are PostgreSQL locations, with their libpq parameters, never a password.
import Foundation
import SurveyModel
import Testing

@Suite struct StoreLocationTests {
    let base = URL(fileURLWithPath: "/srv/survey")

    @Test func pathsStaySQLiteFiles() throws {
        #expect(try StoreLocation(parsing: "store/legisurvey.sqlite", relativeTo: base) == .sqlite(path: "/srv/survey/store/legisurvey.sqlite"))
        #expect(try StoreLocation(parsing: "/var/lib/s.sqlite", relativeTo: base) == .sqlite(path: "/var/lib/s.sqlite"))
        // A relative path that merely contains "postgres" is still a file.
        #expect(try StoreLocation(parsing: "postgres/store.sqlite", relativeTo: base) == .sqlite(path: "/srv/survey/postgres/store.sqlite"))
    }

    @Test func aFullURL() throws {
        let location = try StoreLocation(parsing: "postgresql://analyst@db.example.org:5433/survey", relativeTo: base)
        let expected = PostgresLocation(user: "analyst", endpoint: .tcp(host: "db.example.org"), port: 5433, database: "survey")
        #expect(location == .postgresql(expected))
        #expect(location.description == "postgresql://analyst@db.example.org:5433/survey")
        #expect(location.sqlitePath == nil)
        #expect(expected.schema == "legisurvey")
        #expect(expected.sslMode == nil)
    }

    @Test func postgresSchemeDefaultsAndParameters() throws {
        let location = try #require(
            try PostgresLocation(url: "postgres://team@localhost/rounds?schema=round_2026&sslmode=verify-full&sslrootcert=/etc/ca.crt"))
        #expect(location.user == "team")
        #expect(location.endpoint == .tcp(host: "localhost"))
        #expect(location.port == 5432)
        #expect(location.database == "rounds")
        #expect(location.schema == "round_2026")
        #expect(location.sslMode == .verifyFull)
        #expect(location.sslRootCertificate == "/etc/ca.crt")
        #expect(location.description == "postgresql://team@localhost/rounds?schema=round_2026&sslmode=verify-full&sslrootcert=/etc/ca.crt")
        for mode in ["disable", "prefer", "require"] {
            #expect(try PostgresLocation(url: "postgresql://u@h/d?sslmode=\(mode)")?.sslMode?.rawValue == mode)
        }
    }

    @Test func unixSockets() throws {
        let inQuery = try #require(try PostgresLocation(url: "postgresql://analyst@/survey?host=/run/pg&port=5544"))
        #expect(inQuery.endpoint == .socket(folder: "/run/pg"))
        #expect(inQuery.port == 5544)
        #expect(inQuery.description == "postgresql://analyst@/survey?host=/run/pg&port=5544")
        #expect(try PostgresLocation(url: inQuery.description) == inQuery, "the description reads back as the same location")
        let encoded = try #require(try PostgresLocation(url: "postgresql://analyst@%2Frun%2Fpg/survey"))
        #expect(encoded.endpoint == .socket(folder: "/run/pg"))
        let noHost = try #require(try PostgresLocation(url: "postgresql:///survey"))
        #expect(noHost.endpoint == .socket(folder: PostgresLocation.defaultSocketFolder))
        #expect(noHost.user == nil)
        #expect(throws: PostgresLocation.ParseError.self) { try PostgresLocation(url: "postgresql://a@/d?host=/run/pg&sslmode=require") }
    }

    @Test func aPasswordIsRefusedAndNeverRepeated() throws {
        for text in ["postgresql://analyst:s3cret@db/survey", "postgresql://analyst@db/survey?password=s3cret"] {
            do {
                _ = try StoreLocation(commandLine: text)
                Issue.record("a URL with a password was accepted: it must not be")
            } catch let error as PostgresLocation.ParseError {
                #expect(error.description.contains("PGPASSWORD") && error.description.contains(".pgpass"), "\(error)")
                #expect(!error.description.contains("s3cret"))
            }
        }
    }

    @Test func badURLsAreRefusedWithTheReason() throws {
        let cases: [(String, String)] = [
            ("postgresql://analyst@db", "names no database"),
            ("postgresql://analyst@db/survey?sslmode=allow", "sslmode=allow"),
            ("postgresql://analyst@db/survey?schema=Bad-Name", "not a plain name"),
            ("postgresql://analyst@db/survey?application_name=x", "application_name"),
            ("postgresql://analyst@db/survey?port=70000", "port"),
        ]
        for (text, reason) in cases {
            #expect(throws: PostgresLocation.ParseError.self, "\(text)") { try PostgresLocation(url: text) }
            do { _ = try PostgresLocation(url: text) } catch { #expect("\(error)".contains(reason), "\(text): \(error)") }
        }
    }
}
