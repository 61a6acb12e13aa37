import Foundation
import SurveyDefinitions
import SurveyExtract
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 16, section 1: every entry the inbox walk meets is accounted for (read, or reported with
/// a code), names are shown escaped, and no entry stops the run.
@Suite(.serialized) struct InboxWalkTests {
    static let good = "<submission country=\"FRA\"><answer question=\"ch8_cert\">yes</answer></submission>"
    static func good(_ country: String) -> String {
        "<submission country=\"\(country)\"><answer question=\"ch8_cert\">yes</answer></submission>"
    }
    static var isRoot: Bool { geteuid() == 0 }

    struct Result {
        var summary: RunSummary
        var output: URL
        var report: String
    }

    /// A fresh inbox with one good file (`zz-good.xml`).
    func inbox() throws -> (folder: URL, input: URL) {
        let folder = Fixtures.temporaryFolder("walk")
        let input = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data(Self.good.utf8).write(to: input.appendingPathComponent("zz-good.xml"))
        return (folder, input)
    }

    func run(_ folder: URL, _ input: URL) async throws -> Result {
        let output = folder.appendingPathComponent("out")
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        return Result(summary: summary, output: output, report: report)
    }

    /// Creates a file whose name is the given bytes (need not be UTF-8).
    func writeRaw(_ folder: URL, _ name: [UInt8], _ text: String) throws {
        let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]
        let descriptor = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        try #require(descriptor >= 0, "cannot create the file: errno \(errno)")
        let bytes = Array(text.utf8)
        #expect(write(descriptor, bytes, bytes.count) == bytes.count)
        close(descriptor)
    }

    /// `path` is in the run's files with `code` (nil: read with no error), in the validation report,
    /// and the accounting balances.
    func expectAccounted(_ result: Result, _ path: String, _ code: DiagnosticCode?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let file = result.summary.files.first { $0.file.path == path }
        #expect(file != nil, "\(path) is not in the run's files: \(result.summary.files.map(\.file.path))", sourceLocation: sourceLocation)
        if let code {
            #expect(file?.diagnostics.contains { $0.code == code } == true, "\(path): no \(code.rawValue)", sourceLocation: sourceLocation)
            #expect(result.report.contains("\(path),") && result.report.contains(",\(code.rawValue),"),
                "\(path) with \(code.rawValue) not in validation_report.csv", sourceLocation: sourceLocation)
        } else {
            #expect(file?.isUnreadable == false, "\(path) was not read: \(file?.diagnostics.map(\.code.rawValue) ?? [])", sourceLocation: sourceLocation)
        }
        #expect(result.summary.total.isBalanced, sourceLocation: sourceLocation)
    }

    @Test func displayNamesEscapeWhatIsNotPrintableUTF8() {
        #expect(InboxWalk.displayName(Array("Espa".utf8) + [0xF1] + Array("a.xml".utf8)) == "Espa\\xF1a.xml")
        #expect(InboxWalk.displayName(Array("a\u{1B}[2J\r\nb.xml".utf8)) == "a\\x1B[2J\\x0D\\x0Ab.xml")
        #expect(InboxWalk.displayName(Array("España.xml".utf8)) == "España.xml")
        #expect(InboxWalk.displayName(Array("a\\xF1.xml".utf8)) == "a\\\\xF1.xml", "a backslash is doubled, so no two names show the same")
        #expect(InboxWalk.displayName(Array("x\u{202E}lmx.csv".utf8)) == "x\\u{202E}lmx.csv")
        #expect(InboxWalk.displayName([0xED, 0xA0, 0x80]) == "\\xED\\xA0\\x80", "a UTF-16 surrogate is not UTF-8")
    }


    /// The listing is held for the whole run, one entry per file (250,250 at 500,000
    /// respondents): an entry keeps its rare problem out of line, so it costs a path, a URL and a
    /// reference, not the 300-odd bytes of a `Diagnostic` each.
    @Test func anInboxEntryHoldsItsProblemOutOfLine() {
        #expect(MemoryLayout<InboxEntry>.stride <= 48, "InboxEntry is \(MemoryLayout<InboxEntry>.stride) bytes")
        #expect(MemoryLayout<Diagnostic>.stride > 64, "the point of boxing it")
        let problem = Diagnostic(.fileNotRegular, at: SourceLocation(file: "a fifo"), detail: "a FIFO")
        var entry = InboxEntry(path: "a fifo", url: nil, problem: problem)
        #expect(entry.problem == problem)
        entry.problem = nil
        #expect(entry.problem == nil)
        #expect(InboxEntry(path: "b.xml", url: URL(fileURLWithPath: "/tmp/b.xml"), problem: nil).problem == nil)
    }
    /// Failed before: the file got file-unreadable, quarantining it threw and the run exited 2.
    @Test func aNameThatIsNotUTF8IsReadAndShownEscaped() async throws {
        let (folder, input) = try inbox()
        try writeRaw(input, Array("Espa".utf8) + [0xF1] + Array("a.xml".utf8), Self.good("ESP"))
        let sub = Array("sub".utf8) + [0xFF]
        let subPath = Array(input.path.utf8) + [UInt8(ascii: "/")] + sub + [0]
        let made = subPath.withUnsafeBufferPointer { buffer in buffer.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) } }
        #expect(made == 0)
        try writeRaw(input, sub + Array("/deu.xml".utf8), Self.good("DEU"))
        let result = try await run(folder, input)
        expectAccounted(result, "Espa\\xF1a.xml", nil)
        expectAccounted(result, "sub\\xFF/deu.xml", nil)
        #expect(result.summary.total.accepted == 3)
        #expect(!result.summary.files.contains { $0.file.path.contains("\u{FFFD}") }, "a name decoded with replacement characters")
        let json = try String(contentsOf: result.output.appendingPathComponent("run_summary.json"), encoding: .utf8)
        #expect(json.contains("Espa\\\\xF1a.xml") && !json.contains("\u{FFFD}"), "\(json)")
    }

    /// Failed before: FIFOs, sockets, links and devices were skipped and appeared nowhere.
    @Test func everyEntryThatIsNotARegularFileIsReported() async throws {
        let (folder, input) = try inbox()
        let outside = Fixtures.temporaryFolder("outside").appendingPathComponent("secret.xml")
        try Data(Self.good("DEU").utf8).write(to: outside)
        try Data(Self.good("ITA").utf8).write(to: input.appendingPathComponent("real.xml"))
        try FileManager.default.createDirectory(at: input.appendingPathComponent("folder"), withIntermediateDirectories: true)
        #expect(mkfifo(input.appendingPathComponent("pipe.xml").path, 0o644) == 0)
        #expect(symlink(outside.path, input.appendingPathComponent("outside.xml").path) == 0)
        #expect(symlink("real.xml", input.appendingPathComponent("inside.xml").path) == 0)
        #expect(symlink("folder", input.appendingPathComponent("folder-link").path) == 0)
        // A link back to the inbox itself (through ..) is a link to a folder, not "outside".
        #expect(symlink("..", input.appendingPathComponent("folder/inbox-link").path) == 0)
        #expect(symlink("missing.xml", input.appendingPathComponent("dangling.xml").path) == 0)
        #expect(symlink("pipe.xml", input.appendingPathComponent("pipe-link.xml").path) == 0)
        try makeSocket(input.appendingPathComponent("socket.xml").path)
        var expectedDevice = false
        if Self.isRoot {  // only root may make a device node; as a user the other types still run
            #expect(mknod(input.appendingPathComponent("null.xml").path, S_IFCHR | 0o644, dev_t(1 << 8 | 3)  /* makedev(1, 3): /dev/null */) == 0)
            expectedDevice = true
        }
        let result = try await run(folder, input)
        expectAccounted(result, "real.xml", nil)
        expectAccounted(result, "inside.xml", nil)
        expectAccounted(result, "pipe.xml", .fileNotRegular)
        expectAccounted(result, "pipe-link.xml", .fileNotRegular)
        expectAccounted(result, "socket.xml", .fileNotRegular)
        expectAccounted(result, "folder-link", .fileNotRegular)
        expectAccounted(result, "folder/inbox-link", .fileNotRegular)
        #expect(result.report.contains("the inbox folder itself"), "\(result.report)")
        expectAccounted(result, "outside.xml", .symlinkOutsideInbox)
        expectAccounted(result, "dangling.xml", .fileUnreadable)
        if expectedDevice { expectAccounted(result, "null.xml", .fileNotRegular) }
        // FRA (zz-good), ITA (real.xml); inside.xml is the same ITA submission again, a revision.
        #expect(result.summary.total.accepted == 2)
        #expect(!result.report.contains("DEU"), "the file outside the inbox was read")
        let reason = try String(contentsOf: result.output.appendingPathComponent("quarantine/pipe.xml.reason.txt"), encoding: .utf8)
        #expect(reason.contains("file-not-regular") && reason.contains("Not copied"))
    }

    /// Failed before: a `chmod 000` file or folder as a user stopped the run (quarantine threw) or
    /// was skipped. As root permissions do not apply: ``unprivilegedRunAccountsForUnreadableEntries()``.
    @Test(.enabled(if: !isRoot, "as root permissions do not apply; unprivilegedRunAccountsForUnreadableEntries covers it"))
    func unreadableFilesAndFoldersAreReportedAsAUser() async throws {
        let (folder, input) = try inbox()
        try Data(Self.good("DEU").utf8).write(to: input.appendingPathComponent("locked.xml"))
        #expect(chmod(input.appendingPathComponent("locked.xml").path, 0) == 0)
        try FileManager.default.createDirectory(at: input.appendingPathComponent("closed"), withIntermediateDirectories: true)
        try Data(Self.good("ITA").utf8).write(to: input.appendingPathComponent("closed/ita.xml"))
        #expect(chmod(input.appendingPathComponent("closed").path, 0) == 0)
        defer { _ = chmod(input.appendingPathComponent("closed").path, 0o755) }
        let result = try await run(folder, input)
        expectAccounted(result, "locked.xml", .fileUnreadable)
        expectAccounted(result, "closed/", .fileUnreadable)
        #expect(result.summary.total.accepted == 1)
    }

    /// CI runs as root, where `chmod 000` does not stop a read: the built binary and a small inbox
    /// are copied into a fresh 0755 folder and run as nobody (65534) with `setpriv` (``UnprivilegedRun``).
    @Test(.enabled(if: isRoot, "as a user, unreadableFilesAndFoldersAreReportedAsAUser covers it directly"))
    func unprivilegedRunAccountsForUnreadableEntries() async throws {
        let setup = try UnprivilegedRun()
        defer { setup.remove() }
        let manager = FileManager.default
        let input = setup.input
        let output = setup.output
        try manager.removeItem(at: input.appendingPathComponent("good.xml"))
        try Data(Self.good.utf8).write(to: input.appendingPathComponent("zz-good.xml"))
        try Data(Self.good("DEU").utf8).write(to: input.appendingPathComponent("locked.xml"))
        try manager.createDirectory(at: input.appendingPathComponent("closed"), withIntermediateDirectories: true)
        try Data(Self.good("ITA").utf8).write(to: input.appendingPathComponent("closed/ita.xml"))
        try writeRaw(input, Array("Espa".utf8) + [0xF1] + Array("a.xml".utf8), Self.good("ESP"))
        // Everything readable by nobody; then the two entries locked.
        for item in try manager.subpathsOfDirectory(atPath: input.path) {
            let path = input.appendingPathComponent(item).path
            var isFolder: ObjCBool = false
            _ = manager.fileExists(atPath: path, isDirectory: &isFolder)
            _ = chmod(path, isFolder.boolValue ? 0o755 : 0o644)
        }
        #expect(chmod(input.appendingPathComponent("locked.xml").path, 0) == 0)
        #expect(chmod(input.appendingPathComponent("closed").path, 0) == 0)

        let result = try await setup.run(["run", "--pipeline", setup.pipeline.path])
        let (stdout, stderr) = (result.stdout, result.stderr)
        #expect(result.status == 0, "exit \(result.status)\n\(stdout)\n\(stderr)")
        #expect(stdout.contains("locked.xml") && stdout.contains("closed/") && stdout.contains("Espa\\xF1a.xml"), "\(stdout)")
        let report = (try? String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)) ?? ""
        #expect(report.contains("locked.xml,") && report.contains("closed/,"), "\(report)")
        #expect(report.contains(",file-unreadable,"))
        #expect(manager.fileExists(atPath: output.appendingPathComponent("run_summary.json").path))
        #expect(!manager.fileExists(atPath: output.appendingPathComponent(".quarantine.partial").path))
        let reason = (try? String(contentsOf: output.appendingPathComponent("quarantine/locked.xml.reason.txt"), encoding: .utf8)) ?? ""
        #expect(reason.contains("Not copied"), "\(reason)")
    }

    /// A name cannot forge a summary line: control characters are escaped in every output people read.
    @Test func controlCharactersInNamesAreEscapedInOutputs() async throws {
        let (folder, input) = try inbox()
        let name = "evil\u{1B}[2J\r\nFiles read: 0\n.xml"
        try Data(Self.good("DEU").utf8).write(to: input.appendingPathComponent(name))
        let result = try await run(folder, input)
        expectAccounted(result, "evil\\x1B[2J\\x0D\\x0AFiles read: 0\\x0A.xml", nil)
        for path in result.summary.files.map(\.file.path) {
            #expect(!path.unicodeScalars.contains { $0.value < 0x20 }, "a control character in \(path.debugDescription)")
        }
        #expect(!result.report.contains("\u{1B}"))
        let json = try String(contentsOf: result.output.appendingPathComponent("run_summary.json"), encoding: .utf8)
        #expect(!json.contains("\u{1B}") && !json.contains("\\u001b"))
    }

    /// An entry that became a FIFO or a device after the walk looked is refused by the reader,
    /// never opened for blocking reads (before: open(2) on the FIFO blocked forever, /dev/zero
    /// was read without end).
    @Test func theReaderRefusesWhatIsNotARegularFile() throws {
        let folder = Fixtures.temporaryFolder("walk-fifo")
        let fifo = folder.appendingPathComponent("late.xml")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        for url in [fifo, URL(fileURLWithPath: "/dev/zero"), URL(fileURLWithPath: "/dev/null")] {
            var handed = 0
            let read = Extractor().extract(fileAt: url, path: "late.xml") { _ in handed += 1 }
            #expect(read.diagnostics.map(\.code) == [.fileNotRegular], "\(url.path): \(read.diagnostics.map(\.code.rawValue))")
            #expect(handed == 0)
        }
    }

    /// The walk's own list: every entry of a tree is in it once.
    @Test func theWalkListsEveryEntryOnce() throws {
        let (_, input) = try inbox()
        try FileManager.default.createDirectory(at: input.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: input.appendingPathComponent("a/b/c.csv"))
        try Data("x".utf8).write(to: input.appendingPathComponent("a/README.md"))
        try Data("x".utf8).write(to: input.appendingPathComponent("a/.hidden.csv"))
        #expect(mkfifo(input.appendingPathComponent("a/f").path, 0o644) == 0)
        let listing = try InboxWalk.entries(in: input)
        #expect(listing.paths == ["a/b/c.csv", "a/f", "zz-good.xml"])
        #expect(listing.problems["a/f"]?.code == .fileNotRegular)
    }

    func makeSocket(_ path: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "cannot bind a socket at \(path): errno \(errno)")
    }
}

/// Random trees (seeded, so a failure replays): files, folders, links of every kind, FIFOs,
/// sockets, odd names. For every tree the walk lists each entry that is not documentation once,
/// every listed entry is read or reported (never both), names are printable, and a whole run
/// accounts for exactly the walk's entries and exits normally. The libFuzzer target `FuzzWalk`
/// (Fuzz/README.md) checks the same property on trees it builds from its inputs.
@Suite(.serialized) struct InboxWalkRandomTreeTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    enum Kind { case file, folder, fifo, socket, linkToFile, linkToFolder, linkOutside, linkDangling }

    static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("Zz".utf8), Array("España".utf8), [0xF1], [0xFF, 0xFE], [0x1B], [0x0D], [0x0A], Array("\\".utf8),
        Array(" ".utf8), Array("%20".utf8), Array("\u{202E}".utf8), [0xC3], Array("-".utf8), Array("9".utf8),
    ]
    static let extensions: [[UInt8]] = [Array(".xml".utf8), Array(".csv".utf8), Array(".zip".utf8), Array(".md".utf8), Array(".TXT".utf8), [], Array(".bin".utf8)]

    func name(_ random: inout Generator) -> [UInt8] {
        var name: [UInt8] = random.below(8) == 0 ? [UInt8(ascii: ".")] : []
        for _ in 0...random.below(3) { name += Self.pieces[random.below(Self.pieces.count)] }
        return name + Self.extensions[random.below(Self.extensions.count)]
    }

    func cPath(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> Int32) -> Int32 {
        (bytes + [0]).withUnsafeBufferPointer { buffer in buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }

    /// Builds a random tree under `root`; returns the paths (display form) the walk must list.
    func build(seed: UInt64, root: URL, outside: URL) throws -> Set<String> {
        var random = Generator(state: seed)
        let rootBytes = Array(root.path.utf8)
        var folders: [[UInt8]] = [[]]  // relative paths (bytes) of folders
        var files: [[UInt8]] = []
        var used = Set<[UInt8]>()
        var expected = Set<String>()
        func isListed(_ name: [UInt8]) -> Bool {
            if name.first == UInt8(ascii: ".") { return false }
            let lower = String(decoding: name, as: UTF8.self).lowercased()
            return !(lower.hasSuffix(".md") || lower.hasSuffix(".txt"))
        }
        func shown(_ relative: [UInt8]) -> String {
            relative.split(separator: UInt8(ascii: "/")).map { InboxWalk.displayName($0) }.joined(separator: "/")
        }
        for _ in 0..<(3 + random.below(25)) {
            let parent = folders[random.below(folders.count)]
            let leaf = name(&random)
            let relative = parent.isEmpty ? leaf : parent + [UInt8(ascii: "/")] + leaf
            guard !used.contains(relative) else { continue }
            used.insert(relative)
            let absolute = rootBytes + [UInt8(ascii: "/")] + relative
            let kinds: [Kind] = [.file, .file, .file, .folder, .folder, .fifo, .socket, .linkToFile, .linkToFolder, .linkOutside, .linkDangling]
            var kind = kinds[random.below(kinds.count)]
            if kind == .linkToFile && files.isEmpty { kind = .linkDangling }
            if kind == .socket && absolute.count > 100 { kind = .fifo }
            switch kind {
            case .file:
                let text = random.below(2) == 0 ? InboxWalkTests.good("DEU") : "country,round\nFRA,2026\n"
                let descriptor = cPath(absolute) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
                try #require(descriptor >= 0)
                _ = Array(text.utf8).withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
                close(descriptor)
                files.append(relative)
            case .folder:
                try #require(cPath(absolute) { mkdir($0, 0o755) } == 0)
                folders.append(relative)
                continue
            case .fifo:
                try #require(cPath(absolute) { mkfifo($0, 0o644) } == 0)
            case .socket:
                let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_un()
                address.sun_family = sa_family_t(AF_UNIX)
                withUnsafeMutableBytes(of: &address.sun_path) { raw in for (index, byte) in absolute.enumerated() { raw[index] = byte } }
                let bound = withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
                }
                close(descriptor)
                try #require(bound == 0)
            case .linkToFile:
                let target = rootBytes + [UInt8(ascii: "/")] + files[random.below(files.count)]
                try #require(cPath(absolute) { link in cPath(target) { symlink($0, link) } } == 0)
            case .linkToFolder:
                let target = rootBytes + [UInt8(ascii: "/")] + folders[random.below(folders.count)]
                try #require(cPath(absolute) { link in cPath(target) { symlink($0, link) } } == 0)
            case .linkOutside:
                try #require(cPath(absolute) { symlink(outside.path, $0) } == 0)
            case .linkDangling:
                try #require(cPath(absolute) { symlink("nowhere/missing.xml", $0) } == 0)
            }
            if isListed(leaf) { expected.insert(shown(relative)) }
        }
        return expected
    }

    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func everyEntryOfARandomTreeIsAccountedFor(seed: UInt64) async throws {
        let folder = Fixtures.temporaryFolder("walk-random")
        let input = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let outside = folder.appendingPathComponent("outside.xml")
        try Data(InboxWalkTests.good("ITA").utf8).write(to: outside)
        let expected = try build(seed: seed, root: input, outside: outside)
        let listing = try InboxWalk.entries(in: input)
        #expect(Set(listing.paths) == expected, "seed \(seed): listed \(listing.paths.sorted()), expected \(expected.sorted())")
        #expect(Set(listing.paths).count == listing.paths.count, "seed \(seed): a path listed twice")
        for entry in listing.entries {
            #expect((entry.url == nil) != (entry.problem == nil), "seed \(seed): \(entry.path) is neither or both read and reported")
            // Where a read entry is: a regular file's path, what a URL of it gives back (the
            // walk keeps the path it built, not a URL's).
            if let location = entry.location, !location.hasPrefix("/proc/self/fd/") {
                #expect(URL(fileURLWithPath: location).path == location, "seed \(seed): \(location.debugDescription)")
                #expect(InboxWalk.isRegularFile(atPath: location), "seed \(seed): \(location.debugDescription)")
            }
            #expect(!entry.path.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0xFFFD },
                "seed \(seed): \(entry.path.debugDescription) is not shown escaped")
        }
        guard seed % 8 == 1 else { return }  // a whole run on some trees: slower
        let output = folder.appendingPathComponent("out")
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        #expect(summary.files.map(\.file.path) == listing.paths, "seed \(seed): the run's files are not the walk's entries")
        #expect(summary.total.isBalanced)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("run_summary.json").path))
    }
}
