import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// A batch with damaged, encrypted, ambiguous and bomb archives beside good files: each archive
/// is refused with its code, reported and quarantined; nothing of it is counted; the batch goes
/// on and the accounting balances (issue 16 §4).
@Suite(.serialized) struct ZipArchiveEndToEndTests {
    @Test func badArchivesAreRefusedAndTheBatchGoesOn() async throws {
        let folder = Fixtures.temporaryFolder("zip-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        func csv(_ countries: [String]) -> [UInt8] {
            Array(("country,round,ch8_cert\n" + countries.map { "\($0),2026,yes\n" }.joined()).utf8)
        }

        var files: [String: [UInt8]] = [:]
        files["a-good.csv.zip"] = try ZipSamples.archive([("a-good.csv", csv(["DEU", "KEN"]), true)])
        var corrupt = try ZipSamples.archive([("b-corrupt.csv", csv(["BRA"]), false)])
        corrupt[ZipSamples.headers(corrupt)[0].data.lowerBound + 30] ^= 0x01  // a byte of "BRA,2026,yes"
        files["b-corrupt.csv.zip"] = corrupt
        var encrypted = try ZipSamples.archive([("c-encrypted.csv", csv(["ARG"]), true)])
        ZipSamples.setEncrypted(&encrypted, "c-encrypted.csv")
        files["c-encrypted.csv.zip"] = encrypted
        var duplicate = try ZipSamples.archive([("d-duplicate.csv", csv(["CHL"]), true), ("x-duplicate.csv", csv(["PER"]), true)])
        ZipSamples.rename(&duplicate, "x-duplicate.csv", to: "d-duplicate.csv")
        files["d-duplicate.csv.zip"] = duplicate
        let bomb = csv(["MEX"]) + [UInt8](repeating: UInt8(ascii: "\n"), count: 2 << 20)
        files["e-bomb.csv.zip"] = try ZipSamples.archive([("e-bomb.csv", bomb, true)])
        for (name, bytes) in files { try Data(bytes).write(to: input.appendingPathComponent(name)) }
        try Data("<submission country=\"FRA\"><answer question=\"ch8_cert\">yes</answer></submission>".utf8)
            .write(to: input.appendingPathComponent("z-good.xml"))

        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()

        #expect(summary.files.count == 6)
        #expect(summary.total.isBalanced)
        #expect(summary.total.accepted == 3, "DEU and KEN from the good archive, FRA from the XML")
        #expect(summary.total.submissionsSeen == 3, "nothing of a refused archive is counted")
        let refused: [String: DiagnosticCode] = [
            "b-corrupt.csv.zip": .zipCorrupt, "c-encrypted.csv.zip": .zipEncrypted,
            "d-duplicate.csv.zip": .zipDuplicateEntry, "e-bomb.csv.zip": .zipRatioExceeded,
        ]
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        for (name, code) in refused.sorted(by: { $0.key < $1.key }) {
            let file = try #require(summary.files.first { $0.file.path == name })
            #expect(file.isUnreadable, "\(name)")
            #expect(file.accounting.submissionsSeen == 0, "\(name)")
            #expect(file.diagnostics.map(\.code).contains(code), "\(name): \(file.diagnostics.map(\.message))")
            #expect(report.contains("\(name),") && report.contains(",\(code.rawValue),"), "\(name): \(code.rawValue) not in the report")
            let reason = try String(contentsOf: output.appendingPathComponent("quarantine/\(name).reason.txt"), encoding: .utf8)
            #expect(reason.contains(code.rawValue), "\(name): \(reason)")
        }
    }

    /// The ratio is the pipeline file's `limits.max_zip_ratio`: a larger one lets the same archive
    /// through; zero is refused when the file is loaded.
    @Test func theRatioLimitIsThePipelineFiles() async throws {
        let folder = Fixtures.temporaryFolder("zip-ratio")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let bomb = Array("country,round,ch8_cert\nMEX,2026,yes\n".utf8) + [UInt8](repeating: UInt8(ascii: "\n"), count: 2 << 20)
        try Data(try ZipSamples.archive([("bomb.csv", bomb, true)])).write(to: input.appendingPathComponent("bomb.csv.zip"))

        let strict = try Fixtures.pipelineFile(in: folder, input: input, output: output, name: "strict")
        #expect(try PipelineConfiguration.load(path: strict.path).limits.maxZipRatio == 100)
        let refused = try await Pipeline(configuration: try PipelineConfiguration.load(path: strict.path)).run()
        #expect(refused.total.accepted == 0)
        #expect(refused.files.first?.diagnostics.map(\.code) == [.zipRatioExceeded])

        let generous = try Fixtures.pipelineFile(
            in: folder, input: input, output: output, name: "generous", extra: "limits:\n  max_zip_ratio: 100000\n")
        let configuration = try PipelineConfiguration.load(path: generous.path)
        #expect(configuration.limits.maxZipRatio == 100_000)
        let read = try await Pipeline(configuration: configuration).run()
        #expect(read.total.accepted == 1)
        #expect(read.total.isBalanced)

        let zero = try Fixtures.pipelineFile(in: folder, input: input, output: output, name: "zero", extra: "limits:\n  max_zip_ratio: 0\n")
        #expect(throws: (any Error).self) { try PipelineConfiguration.load(path: zero.path) }
    }
}
