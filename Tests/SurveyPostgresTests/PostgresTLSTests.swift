// sslmode as libpq understands it, against the test cluster's TLS (a certificate made by openssl at
// start, signed by a test authority, for localhost and 127.0.0.1): verify-full connects with the
// authority that signed it and refuses another; require encrypts without checking; disable does not
// encrypt.
import Foundation
import PostgresNIO
import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyPostgres

@Suite struct PostgresTLSTests {
    /// Whether the store's connection is encrypted (pg_stat_ssl of its own session).
    func encrypted(_ location: PostgresLocation) async throws -> Bool {
        let store = try await PostgresStore.open(location)
        return try await store.withConnection { connection in
            var ssl = false
            for try await (value) in try await connection.query(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: PostgresStore.logger
            ).decode(Bool.self) {
                ssl = value
            }
            return ssl
        }
    }

    func location(_ mode: PostgresLocation.SSLMode, root: String? = nil) async throws -> PostgresLocation {
        var location = try await PostgresCluster.shared().location(tcp: true)
        location.endpoint = .tcp(host: "localhost")
        location.sslMode = mode
        location.sslRootCertificate = root
        return location
    }

    @Test func verifyFullWithTheSigningAuthorityConnectsEncrypted() async throws {
        let cluster = try await PostgresCluster.shared()
        #expect(try await encrypted(try await location(.verifyFull, root: cluster.rootCertificate)))
    }

    @Test func verifyFullRefusesACertificateAnotherAuthoritySigned() async throws {
        let cluster = try await PostgresCluster.shared()
        let location = try await location(.verifyFull, root: cluster.otherRootCertificate)
        do {
            _ = try await PostgresStore.open(location)
            Issue.record("verify-full accepted a certificate its root did not sign")
        } catch let error as StoreError {
            let text = "\(error)"
            #expect(text.hasPrefix("cannot connect to PostgreSQL at localhost:\(cluster.port)"), "\(text)")
            #expect(!text.contains("\n"), "\(text)")
        }
    }

    @Test func verifyFullWithoutARootCertificateSaysWhichFileIsMissing() async throws {
        let location = try await location(.verifyFull, root: "/nonexistent/root.crt")
        await #expect(throws: StoreError.failed(
            "sslmode=verify-full needs the server's root certificate: /nonexistent/root.crt cannot be read (give sslrootcert=PATH)")) {
            _ = try await PostgresStore.open(location)
        }
    }

    @Test func requireEncryptsPreferToDisableDoesNot() async throws {
        #expect(try await encrypted(try await location(.require)))
        #expect(try await encrypted(try await location(.prefer)))
        #expect(try await !encrypted(try await location(.disable)))
    }
}
