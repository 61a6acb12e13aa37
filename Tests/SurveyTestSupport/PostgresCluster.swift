// A throwaway PostgreSQL cluster for the tests (issue 28): Debian's server binaries
// (/usr/lib/postgresql/<version>/bin, the highest version), `initdb` into a temporary folder with
// the en_US.UTF-8 locale (so a read that forgets COLLATE "C" sorts differently and fails), a Unix
// socket in that folder and a free TCP port on 127.0.0.1 (never 5432, never the package's own
// cluster). One per test process, started on first use; stopped and removed when the process
// exits (atexit), and a cluster left by a killed test process is swept by the next one.
public import Foundation
public import SurveyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The test process's PostgreSQL cluster.
public struct PostgresCluster: Sendable {
    /// The folder holding the data folder (`data`), the server's log (`server.log`) and its socket.
    public let folder: String
    /// The TCP port on 127.0.0.1 (the socket's number too).
    public let port: Int
    /// The server's binaries.
    public let binaries: String
    /// The cluster's file in the registry (the test process's id, then a suffix for an `own()` one).
    let registration: String
    /// The superuser the tests log in as (`trust` authentication: no password).
    public let user = "legisurvey"
    /// The database the tests use.
    public let database = "legisurvey"
    /// The certificate authority that signed the server's certificate (made by `openssl` at start,
    /// for `localhost` and 127.0.0.1): `sslrootcert` for `sslmode=verify-full`.
    public var rootCertificate: String { "\(folder)/ca.crt" }
    /// Another authority's certificate, which did not sign the server's: verify-full must refuse.
    public var otherRootCertificate: String { "\(folder)/other-ca.crt" }

    /// The cluster, started on first use (a failure to start is thrown to every caller).
    public static func shared() async throws -> PostgresCluster { try await started.value }

    private static let started = Task { try await start(registration: "\(getpid())") }

    /// A cluster of the caller's own, for a test that stops its server (the shared one serves
    /// tests running in parallel). Registered and swept as the shared one; `remove()` ends it
    /// (and the process's exit, if the test fails first).
    public static func own() async throws -> PostgresCluster {
        try await start(registration: "\(getpid())-\(UUID().uuidString)")
    }

    /// Why the cluster cannot start: one line for the test's failure.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A location in this cluster: a new schema (unique) unless one is named, over the socket or TCP.
    public func location(schema: String? = nil, tcp: Bool = false) -> PostgresLocation {
        let name = schema ?? "t" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        return PostgresLocation(
            user: user, endpoint: tcp ? .tcp(host: "127.0.0.1") : .socket(folder: folder), port: port, database: database,
            schema: String(name), sslMode: tcp ? .disable : nil)
    }

    // MARK: Starting and stopping

    /// Where each running test cluster is registered: a file named after the test process's id,
    /// holding the cluster's folder. A file whose process is gone names a cluster to sweep.
    static let registry = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-postgres-clusters").path

    private static func start(registration: String) async throws -> PostgresCluster {
        let binaries = try findBinaries()
        try? FileManager.default.createDirectory(atPath: registry, withIntermediateDirectories: true)
        await sweep(binaries: binaries)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-postgres-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Registered before anything runs in it, so even a test process killed during initdb is swept.
        try folder.write(toFile: "\(registry)/\(registration)", atomically: true, encoding: .utf8)
        let serverUser = try serverAccount()
        if let serverUser {
            guard chown(folder, serverUser.uid, serverUser.gid) == 0 else {
                throw Failure(description: "cannot give \(folder) to the \(serverUser.name) user: \(String(cString: strerror(errno)))")
            }
        }
        // Stopped and removed at exit from here on, whatever fails below.
        Self.stopAtExit(folder: folder, binaries: binaries, serverUser: serverUser, registration: registration)
        let port = try freePort()
        let data = "\(folder)/data"
        try await run(
            binaries + "/initdb",
            [
                "-D", data, "-U", "legisurvey", "-A", "trust", "-E", "UTF8", "--locale=en_US.UTF-8", "--no-sync",
            ], as: serverUser, what: "initdb (the en_US.UTF-8 locale must be generated: `make test` does it)")
        // TLS: a certificate authority and the server's certificate it signs (localhost, 127.0.0.1),
        // and an unrelated authority, made by openssl in the folder as the server's user.
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: "\(folder)/san.ext", atomically: true, encoding: .utf8)
        for arguments in [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3", "-subj", "/CN=LegiSurvey test CA", "-keyout", "\(folder)/ca.key", "-out", "\(folder)/ca.crt"],
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3", "-subj", "/CN=Another CA", "-keyout", "\(folder)/other-ca.key", "-out", "\(folder)/other-ca.crt"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "\(folder)/server.key", "-out", "\(folder)/server.csr"],
            [
                "x509", "-req", "-in", "\(folder)/server.csr", "-CA", "\(folder)/ca.crt", "-CAkey", "\(folder)/ca.key", "-CAcreateserial",
                "-days", "3", "-extfile", "\(folder)/san.ext", "-out", "\(folder)/server.crt",
            ],
        ] {
            try await run("/usr/bin/openssl", arguments, as: serverUser, what: "openssl \(arguments[0])")
        }
        // The server refuses a key others can read.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: "\(folder)/server.key")
        let cluster = PostgresCluster(folder: folder, port: port, binaries: binaries, registration: registration)
        try await cluster.startServer()
        try await run(
            binaries + "/createdb", ["-h", folder, "-p", "\(port)", "-U", "legisurvey", "legisurvey"], as: serverUser,
            what: "createdb")
        return cluster
    }

    /// `pg_ctl start`, waiting until the server accepts connections (again, after `stopServer`).
    public func startServer() async throws {
        try await Self.run(
            binaries + "/pg_ctl",
            [
                "-D", "\(folder)/data", "-l", "\(folder)/server.log", "-w", "-t", "120", "-o",
                "-k \(folder) -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c ssl=on -c ssl_cert_file=\(folder)/server.crt -c ssl_key_file=\(folder)/server.key",
                "start",
            ], as: try Self.serverAccount(), what: "pg_ctl start (its log: \(folder)/server.log)")
    }

    /// `pg_ctl stop -m fast`, as an administrator stopping the server: sessions are ended (their
    /// transactions rolled back) and the server exits.
    public func stopServer() async throws {
        try await Self.run(
            binaries + "/pg_ctl", ["-D", "\(folder)/data", "-m", "fast", "-w", "-t", "60", "stop"], as: try Self.serverAccount(),
            what: "pg_ctl stop")
    }

    /// Stops an `own()` cluster and removes its folder and registration.
    public func remove() {
        Self.stop(folder: folder, binaries: binaries, account: try? Self.serverAccount(), registration: registration)
        Self.runningLock.lock()
        Self.running.removeAll { $0.registration == registration }
        Self.runningLock.unlock()
    }

    /// /usr/lib/postgresql/<version>/bin with the highest version that has initdb and pg_ctl.
    static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap { Int($0) }.sorted(by: >)
        for version in versions {
            let bin = "\(root)/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: bin + "/initdb") && FileManager.default.isExecutableFile(atPath: bin + "/pg_ctl") {
                return bin
            }
        }
        throw Failure(description: "no PostgreSQL server under \(root)/<version>/bin: install Debian's postgresql (`make test` does)")
    }

    struct Account {
        var name: String
        var uid: uid_t
        var gid: gid_t
    }

    /// As root, the unprivileged account the server runs as (`postgres`, which Debian's package
    /// creates: the server refuses to run as root); nil when the tests are not root.
    static func serverAccount() throws -> Account? {
        guard geteuid() == 0 else { return nil }
        guard let entry = getpwnam("postgres") else {
            throw Failure(description: "the tests run as root and there is no postgres user to run the server as (install Debian's postgresql)")
        }
        return Account(name: "postgres", uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on (asked of the kernel), never 5432.
    public static func freePort() throws -> Int {
        for _ in 0..<20 {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { break }
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                    bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
                }
            }
            guard bound else { continue }
            let port = Int(UInt16(bigEndian: address.sin_port))
            if port != 5432 && port > 1024 { return port }
        }
        throw Failure(description: "no free TCP port on 127.0.0.1")
    }

    /// Runs a server program (as `account` through runuser when the tests are root), on a thread
    /// of its own, to its end.
    private static func run(_ program: String, _ arguments: [String], as account: Account?, what: String) async throws {
        let argv = account.map { ["/usr/sbin/runuser", "-u", $0.name, "--", program] + arguments } ?? [program] + arguments
        let (status, output) = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: spawn(argv)) }
        }
        guard status == 0 else { throw Failure(description: "\(what) failed (exit \(status)): \(output.suffix(2000))") }
    }

    /// Runs `argv` with its output in a temporary file and waits for it with `waitpid`: Foundation's
    /// `Process` waits until every copy of a descriptor it gave the child is closed, and the
    /// server that `pg_ctl start` leaves running would hold one for ever.
    ///
    /// The child inherits no descriptor but its standard ones (``closeFrom``): that server runs
    /// to the end of the test process and would otherwise hold every descriptor the process had
    /// open without close-on-exec when it started, for ever. A binary another test was copying
    /// was among them once, and could then not be run: "Text file busy".
    public static func spawn(_ argv: [String]) -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-pg-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let closeFrom { _ = closeFrom(&actions, 3) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = argv.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, arguments, environ)
        guard spawned == 0 else { return (-1, "cannot run \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
    }

    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later: Debian 12 has 2.36),
    /// which Swift's Glibc module does not declare; nil on an older C library, where the child
    /// inherits what the process has open without close-on-exec.
    static let closeFrom: CloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    /// Stops the cluster fast (`pg_ctl stop -m immediate`) and removes its folder and registration.
    static func stop(folder: String, binaries: String, account: Account?, registration: String) {
        let data = "\(folder)/data"
        if FileManager.default.fileExists(atPath: "\(data)/postmaster.pid") {
            let stop = [binaries + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]
            _ = spawn(account.map { ["/usr/sbin/runuser", "-u", $0.name, "--"] + stop } ?? stop)
        }
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.removeItem(atPath: "\(registry)/\(registration)")
    }

    /// Stops the clusters registered by test processes that are gone (killed before their atexit ran).
    static func sweep(binaries: String) async {
        let owners = (try? FileManager.default.contentsOfDirectory(atPath: registry)) ?? []
        let account = try? serverAccount()
        for name in owners {
            guard let pid = Int32(name.prefix { $0 != "-" }), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }  // still running
            guard let folder = try? String(contentsOfFile: "\(registry)/\(name)", encoding: .utf8),
                folder.contains("legisurvey-postgres-")
            else {
                try? FileManager.default.removeItem(atPath: "\(registry)/\(name)")
                continue
            }
            stop(folder: folder, binaries: binaries, account: account, registration: name)
        }
    }

    /// What the atexit handler stops: each cluster from its start until it is removed.
    nonisolated(unsafe) private static var running: [(folder: String, binaries: String, account: Account?, registration: String)] = []
    private static let runningLock = NSLock()
    nonisolated(unsafe) private static var handlerInstalled = false

    private static func stopAtExit(folder: String, binaries: String, serverUser: Account?, registration: String) {
        runningLock.lock()
        defer { runningLock.unlock() }
        running.append((folder, binaries, serverUser, registration))
        guard !handlerInstalled else { return }
        handlerInstalled = true
        atexit {
            PostgresCluster.runningLock.lock()
            let clusters = PostgresCluster.running
            PostgresCluster.running = []
            PostgresCluster.runningLock.unlock()
            for cluster in clusters {
                PostgresCluster.stop(folder: cluster.folder, binaries: cluster.binaries, account: cluster.account, registration: cluster.registration)
            }
        }
    }
}
