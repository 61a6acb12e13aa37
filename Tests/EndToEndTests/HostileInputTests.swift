import Foundation
import SurveyLoad
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile and broken files: each is refused with its own code, nothing outside the inbox is
/// read, nothing is fetched, and the rest of the batch is processed.
@Suite(.serialized) struct HostileInputTests {
    static let good = "<submission country=\"FRA\"><answer question=\"ch8_cert\">yes</answer></submission>"

    struct Result {
        var summary: RunSummary
        var output: URL
        var report: String
    }

    /// Runs a batch of the hostile file and one good file.
    func run(_ name: String, _ bytes: [UInt8], limits: String = "") async throws -> Result {
        let folder = Fixtures.temporaryFolder("hostile")
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data(bytes).write(to: input.appendingPathComponent(name))
        try Data(Self.good.utf8).write(to: input.appendingPathComponent("zz-good.xml"))
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        if !limits.isEmpty {
            let handle = try FileHandle(forWritingTo: pipelineFile)
            handle.seekToEndOfFile()
            handle.write(Data("\nlimits:\n\(limits)\n".utf8))
            try handle.close()
        }
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        return Result(summary: summary, output: output, report: report)
    }

    /// The file was refused with `code`, quarantined with its reason, and the good file was used.
    func expectRefused(_ result: Result, _ name: String, _ code: DiagnosticCode, quarantined: Bool = true) throws {
        #expect(result.report.contains(",\(code.rawValue),"), "\(name): \(code.rawValue) not in the report")
        #expect(result.summary.total.accepted == 1, "\(name): the good file was not used")
        #expect(result.summary.total.isBalanced)
        let copy = result.output.appendingPathComponent("quarantine/\(name)")
        if quarantined {
            #expect(FileManager.default.fileExists(atPath: copy.path), "\(name) not quarantined")
            let reason = try String(contentsOf: result.output.appendingPathComponent("quarantine/\(name).reason.txt"), encoding: .utf8)
            #expect(reason.contains(code.rawValue))
        }
    }

    /// Every byte LegiSurvey wrote: outputs and the store.
    func everythingWritten(_ output: URL) throws -> Data {
        var all = Data()
        let files = try FileManager.default.subpathsOfDirectory(atPath: output.path).sorted()
        for path in files where !path.hasPrefix("quarantine/") {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path, isDirectory: &isFolder), !isFolder.boolValue {
                all.append(try Data(contentsOf: output.appendingPathComponent(path)))
            }
        }
        return all
    }

    // MARK: XML

    @Test func billionLaughs() async throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            text += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        text += "]>\n<submission country=\"DEU\"><answer question=\"ch3_main_law\">&lol9;</answer></submission>\n"
        try expectRefused(try await run("laughs.xml", Array(text.utf8)), "laughs.xml", .xmlDoctypeForbidden)
    }

    @Test func quadraticBlowup() async throws {
        let entity = String(repeating: "a", count: 50_000)
        let text = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY a \"\(entity)\">]><submission country=\"DEU\"><answer question=\"ch3_main_law\">"
            + String(repeating: "&a;", count: 50_000) + "</answer></submission>"
        try expectRefused(try await run("quadratic.xml", Array(text.utf8)), "quadratic.xml", .xmlDoctypeForbidden)
    }

    @Test func externalFileEntityIsNeverRead() async throws {
        let marker = Fixtures.temporaryFolder("marker").appendingPathComponent("secret.txt")
        let secret = "LEGISURVEY-MARKER-\(UUID().uuidString)"
        try Data(secret.utf8).write(to: marker)
        let text = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"file://\(marker.path)\">]>"
            + "<submission country=\"DEU\"><answer question=\"ch3_main_law\">&x;</answer></submission>"
        let result = try await run("xxe.xml", Array(text.utf8))
        try expectRefused(result, "xxe.xml", .xmlDoctypeForbidden)
        let written = try everythingWritten(result.output)
        #expect(written.range(of: Data(secret.utf8)) == nil, "the marker file's content leaked into the outputs or the store")
    }

    @Test func noNetworkAccessForExternalEntitiesOrDTDs() async throws {
        let listener = try LocalListener()
        defer { listener.close() }
        let url = "http://127.0.0.1:\(listener.port)"
        let entity = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"\(url)/entity\">]><submission country=\"DEU\"><answer question=\"ch3_main_law\">&x;</answer></submission>"
        let dtd = "<?xml version=\"1.0\"?><!DOCTYPE submission SYSTEM \"\(url)/dtd\"><submission country=\"DEU\"><answer question=\"ch8_cert\">yes</answer></submission>"
        let parameter = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY % p SYSTEM \"\(url)/param\"> %p;]><submission country=\"DEU\"/>"
        for (name, text) in [("net-entity.xml", entity), ("net-dtd.xml", dtd), ("net-param.xml", parameter)] {
            try expectRefused(try await run(name, Array(text.utf8)), name, .xmlDoctypeForbidden)
        }
        #expect(listener.connections() == 0, "a connection reached the local listener")
    }

    @Test func nestingDeeperThanTheLimit() async throws {
        let text = "<submission country=\"DEU\">" + String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000) + "</submission>"
        try expectRefused(try await run("deep.xml", Array(text.utf8)), "deep.xml", .xmlTooDeep)
    }

    @Test func aTextNodeOverTheLimit() async throws {
        let text = "<submission country=\"DEU\"><answer question=\"ch3_main_law\">" + String(repeating: "x", count: 2 << 20) + "</answer></submission>"
        try expectRefused(try await run("text.xml", Array(text.utf8)), "text.xml", .valueTooLarge)
    }

    @Test func anAttributeOverTheLimit() async throws {
        let text = "<submission country=\"" + String(repeating: "D", count: 2 << 20) + "\"><answer question=\"ch8_cert\">yes</answer></submission>"
        try expectRefused(try await run("attribute.xml", Array(text.utf8)), "attribute.xml", .valueTooLarge)
    }

    @Test func aFileOverTheLimit() async throws {
        var text = "<submissions>"
        while text.utf8.count < 200_000 { text += Self.good.replacingOccurrences(of: "FRA", with: "DEU") }
        text += "</submissions>"
        try expectRefused(try await run("big.xml", Array(text.utf8), limits: "  max_file_bytes: 100000"), "big.xml", .fileTooLarge)
    }

    // MARK: CSV

    @Test func unterminatedQuote() async throws {
        let result = try await run("quote.csv", Array("country,ch3_main_law\nDEU,\"never closed\n".utf8))
        try expectRefused(result, "quote.csv", .csvMalformed)
    }

    @Test func raggedRows() async throws {
        let result = try await run("ragged.csv", Array("country,ch8_cert\nDEU,yes,extra,cells\n".utf8))
        #expect(result.report.contains(",csv-ragged-row,"))
        #expect(result.summary.total.accepted == 2)
    }

    @Test func nulBytes() async throws {
        let bytes = Array("country,ch8_cert\nDEU,ye".utf8) + [0] + Array("s\n".utf8)
        try expectRefused(try await run("nul.csv", bytes), "nul.csv", .csvNulByte)
    }

    @Test func invalidUTF8WithByteOffset() async throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("country,ch8_cert\nDEU,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let result = try await run("utf8.csv", bytes)
        try expectRefused(result, "utf8.csv", .encodingInvalid)
        // The bad byte is at offset 3 (BOM) + 17 + 4 = 24.
        #expect(result.report.contains("utf8.csv,,,24,"))
    }

    @Test func aTenMegabyteField() async throws {
        let bytes = Array("country,ch3_main_law\nDEU,\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10 << 20) + Array("\"\n".utf8)
        try expectRefused(try await run("field.csv", bytes), "field.csv", .valueTooLarge)
    }

    @Test func aHundredThousandColumns() async throws {
        let header = "country," + (0..<100_000).map { "c\($0)" }.joined(separator: ",")
        try expectRefused(try await run("columns.csv", Array((header + "\nDEU\n").utf8)), "columns.csv", .csvTooManyColumns)
    }

    @Test func duplicateHeaderNames() async throws {
        let result = try await run("duplicate.csv", Array("country,ch8_cert,ch8_cert\nDEU,yes,no\n".utf8))
        #expect(result.report.contains(",csv-duplicate-column,"))
        #expect(result.summary.total.accepted == 2)
    }
}

/// A TCP listener on 127.0.0.1 that counts the connections that reached it.
final class LocalListener {
    let socket: Int32
    let port: UInt16

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, 16) == 0 else { throw CocoaError(.featureUnsupported) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        self.port = UInt16(bigEndian: address.sin_port)
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
    }

    /// Connections waiting to be accepted (each is accepted and closed).
    func connections() -> Int {
        var count = 0
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 { break }
            Glibc.close(client)
            count += 1
        }
        return count
    }

    func close() { Glibc.close(socket) }
}
