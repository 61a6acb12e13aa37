import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing

/// Archives are checked as thoroughly as files (issue 16 §4): an entry that does not verify, an
/// encrypted entry, two entries of one name and a zip bomb are each refused with their own code,
/// and nothing of the archive is handed on. Serialized: several tests inflate megabytes, and
/// together they held every cooperative thread long enough to starve the timed store tests.
@Suite(.serialized) struct ZipArchiveTests {
    static let csv = Array("country,round,ch8_cert\nFRA,2026,yes\nDEU,2026,no\n".utf8)

    struct Reading {
        var submissions: [RawSubmission]
        var file: ExtractedFile
        var codes: [DiagnosticCode] { file.diagnostics.map(\.code) }
        var messages: [String] { file.diagnostics.map(\.message) }
    }

    /// Reads `bytes` as `name` from memory and from a file on disk (the two ways the reader opens
    /// an archive), expects the same result, and returns it.
    func read(_ bytes: [UInt8], _ name: String = "form.csv.zip", limits: InputLimits = InputLimits()) throws -> Reading {
        let extractor = Extractor(limits: limits)
        var inMemory: [RawSubmission] = []
        let memoryFile = extractor.extract(bytes: bytes, path: name) { inMemory.append($0) }
        let folder = Fixtures.temporaryFolder("zip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        var onDisk: [RawSubmission] = []
        let diskFile = extractor.extract(fileAt: url, path: name) { onDisk.append($0) }
        #expect(diskFile.diagnostics == memoryFile.diagnostics, "\(name): memory and disk differ")
        #expect(onDisk.count == inMemory.count)
        return Reading(submissions: inMemory, file: memoryFile)
    }

    func expectRefused(_ reading: Reading, _ code: DiagnosticCode, _ comment: Comment? = nil) {
        #expect(reading.codes.contains(code), "\(reading.messages)")
        #expect(reading.submissions.isEmpty, "\(code.rawValue): submissions were handed on")
        #expect(reading.file.submissionCount == 0)
        #expect(code.severity == .error && code.rejectsWholeFile)
    }

    @Test func aWholeArchiveIsRead() throws {
        for deflate in [false, true] {
            let reading = try read(try ZipSamples.archive([("form.csv", Self.csv, deflate)]))
            #expect(reading.codes.isEmpty, "\(reading.messages)")
            #expect(reading.submissions.map { $0.country?.text } == ["FRA", "DEU"])
        }
    }

    // MARK: Entries whose data does not verify

    @Test func aStoredEntryWithOneByteChangedIsCorrupt() throws {
        var bytes = try ZipSamples.archive([("form.csv", Self.csv, false)])
        let data = try #require(ZipSamples.headers(bytes).first?.data)
        let at = data.lowerBound + Self.csv.firstIndex(of: UInt8(ascii: "F"))!  // FRA → GRA
        bytes[at] += 1
        let reading = try read(bytes)
        expectRefused(reading, .zipCorrupt)
        #expect(reading.messages.contains { $0.contains("form.csv fails its CRC-32 check") }, "\(reading.messages)")
    }

    @Test func aDeflatedEntryThatDoesNotVerifyIsCorrupt() throws {
        let text = Array((0..<400).map { "C\($0),2026,yes\n" }.joined().utf8)
        let original = try ZipSamples.archive([("form.csv", Array("country,round,ch8_cert\n".utf8) + text, true)])
        let data = try #require(ZipSamples.headers(original).first?.data)
        // Each byte of the compressed data in turn (some give a stream zlib refuses, others
        // different text), and the CRC-32 of the central directory alone.
        for at in stride(from: data.lowerBound, to: data.upperBound, by: max(1, data.count / 16)) {
            var bytes = original
            bytes[at] ^= 0x55
            expectRefused(try read(bytes), .zipCorrupt, "byte \(at - data.lowerBound) of \(data.count)")
        }
        var bytes = original
        bytes[ZipSamples.headers(bytes)[0].central + 16] ^= 1
        expectRefused(try read(bytes), .zipCorrupt, "the central CRC-32")
    }

    @Test func truncatedEntryDataIsCorrupt() throws {
        for deflate in [false, true] {
            let original = try ZipSamples.archive([("form.csv", Self.csv, deflate)])
            let headers = try #require(ZipSamples.headers(original).first)
            // Half of the data cut out, the directory moved up (its offset patched): what a copy
            // that lost bytes looks like when the end of the archive survived.
            let cut = headers.data.count / 2
            var bytes = Array(original[..<(headers.data.upperBound - cut)]) + Array(original[headers.data.upperBound...])
            let end = bytes.count - 22
            let offset = Int(bytes[end + 16]) | Int(bytes[end + 17]) << 8
            let moved = offset - cut
            bytes[end + 16] = UInt8(moved & 0xFF)
            bytes[end + 17] = UInt8(moved >> 8)
            let reading = try read(bytes)
            expectRefused(reading, .zipCorrupt, "deflate: \(deflate)")
            #expect(reading.messages.contains { $0.contains("truncated") }, "\(reading.messages)")
        }
    }

    @Test func aDamagedLocalHeaderIsCorrupt() throws {
        let original = try ZipSamples.archive([("form.csv", Self.csv, true)])
        let local = try #require(ZipSamples.headers(original).first?.local)
        var signature = original
        signature[local + 2] = 0
        expectRefused(try read(signature), .zipCorrupt, "signature")
        var name = original
        name[local + 30] = UInt8(ascii: "x")
        expectRefused(try read(name), .zipCorrupt, "name")
    }

    @Test func aSizeThatLiesIsCorrupt() throws {
        for deflate in [false, true] {
            var bytes = try ZipSamples.archive([("form.csv", Self.csv, deflate)])
            let central = ZipSamples.headers(bytes)[0].central
            bytes[central + 24] -= 5  // the uncompressed size
            expectRefused(try read(bytes), .zipCorrupt, "deflate: \(deflate)")
        }
    }

    /// The class: any one byte of the archive set to 0x00 or 0xFF (headers, directory, end
    /// record, data) never crashes and never changes what is read: the archive is read as it was,
    /// or refused with an error and nothing handed on.
    /// (From memory only, and yielding between readings: it is a thousand of them, and a test
    /// that holds a thread that long starves the timed store tests running beside it.)
    @Test func anyDamagedByteIsReadAsBeforeOrRefused() async throws {
        func read(_ bytes: [UInt8]) -> Reading {
            var submissions: [RawSubmission] = []
            let file = Extractor().extract(bytes: bytes, path: "form.csv.zip") { submissions.append($0) }
            return Reading(submissions: submissions, file: file)
        }
        for deflate in [false, true] {
            let original = try ZipSamples.archive([("form.csv", Self.csv, deflate), ("media/a.jpg", [1, 2], false)])
            let whole = read(original).submissions
            #expect(whole.count == 2)
            for at in original.indices {
                await Task.yield()
                for value: UInt8 in [0x00, 0xFF] where original[at] != value {
                    var bytes = original
                    bytes[at] = value
                    let reading = read(bytes)
                    if reading.submissions.isEmpty {
                        #expect(reading.file.diagnostics.contains { $0.severity == .error }, "byte \(at) = \(value): \(reading.messages)")
                    } else {
                        #expect(reading.submissions == whole, "byte \(at) = \(value), deflate: \(deflate): \(reading.messages)")
                    }
                }
            }
        }
    }

    // MARK: Encryption

    @Test func anEncryptedMainTableIsRefusedAsEncrypted() throws {
        for (central, local) in [(true, true), (true, false), (false, true)] {
            var bytes = try ZipSamples.archive([("form.csv", Self.csv, true)])
            ZipSamples.setEncrypted(&bytes, "form.csv", central: central, local: local)
            let reading = try read(bytes)
            expectRefused(reading, .zipEncrypted, "central: \(central), local: \(local)")
            #expect(reading.codes == [.zipEncrypted])
            #expect(reading.messages.allSatisfy { !$0.contains("found \"\"") }, "\(reading.messages)")
            #expect(reading.messages.first?.contains("form.csv") == true)
        }
    }

    /// ZIPFoundation stopped listing at the first encrypted entry, so the entries after it
    /// vanished: an encrypted photo hid the main table.
    @Test func anEncryptedOtherEntryDoesNotHideTheMainTable() throws {
        var bytes = try ZipSamples.archive([("media/a.jpg", [1, 2, 3], false), ("form.csv", Self.csv, true)])
        ZipSamples.setEncrypted(&bytes, "media/a.jpg")
        let reading = try read(bytes)
        #expect(reading.codes == [.zipOtherFiles])
        #expect(reading.submissions.count == 2)
    }

    // MARK: Two entries of one name

    @Test func twoEntriesNamedLikeTheMainTableAreRefused() throws {
        let other = Array("country,round,ch8_cert\nKEN,2026,no\n".utf8)
        var bytes = try ZipSamples.archive([("form.csv", Self.csv, true), ("xorm.csv", other, true)])
        ZipSamples.rename(&bytes, "xorm.csv", to: "form.csv")
        #expect(ZipSamples.headers(bytes).map(\.name) == ["form.csv", "form.csv"])
        let reading = try read(bytes)
        expectRefused(reading, .zipDuplicateEntry)
        #expect(reading.codes == [.zipDuplicateEntry])
        #expect(reading.file.diagnostics.first?.found == "2 entries named form.csv")
    }

    @Test func aRepeatedOtherEntryIsReportedAndTheMainTableRead() throws {
        var bytes = try ZipSamples.archive([
            ("form.csv", Self.csv, true), ("media/a.jpg", [1], false), ("media/b.jpg", [2], false),
        ])
        ZipSamples.rename(&bytes, "media/b.jpg", to: "media/a.jpg")
        let reading = try read(bytes)
        #expect(reading.codes == [.zipOtherFiles])
        #expect(reading.file.diagnostics.first?.found == "media/a.jpg (2 entries of that name)")
        #expect(reading.submissions.count == 2)
    }

    // MARK: Compression ratio

    /// 255 KB expanding to 250 MB took 153 s and 310 MB; the ratio limit stops it before the
    /// data is inflated (the declared size) and while it is (a size that lies is `zip-corrupt`
    /// as soon as more comes out than declared).
    @Test func aZipBombIsRefusedByItsRatio() throws {
        let bomb = Array("country,round,ch8_cert\n".utf8) + [UInt8](repeating: UInt8(ascii: "\n"), count: 2 << 20)
        var bytes = try ZipSamples.archive([("form.csv", bomb, true)])
        let headers = ZipSamples.headers(bytes)[0]
        #expect(headers.data.count * 100 < bomb.count)
        let reading = try read(bytes)
        expectRefused(reading, .zipRatioExceeded)
        #expect(reading.codes == [.zipRatioExceeded])
        #expect(reading.messages.first?.contains("at most 100 times its compressed size") == true, "\(reading.messages)")
        #expect(reading.file.diagnostics.first?.found == "\(bomb.count) bytes declared for \(headers.data.count) compressed")

        // The declared size says 1 MiB: inflating stops there.
        for at in [headers.central + 24, headers.local + 22] {
            bytes[at..<at + 4] = [0, 0, 0x10, 0]
        }
        let lying = try read(bytes)
        expectRefused(lying, .zipCorrupt)
        #expect(lying.messages.contains { $0.contains("more data than its header declares") }, "\(lying.messages)")

        // The limit is the pipeline's: a larger one lets the archive through.
        var generous = InputLimits()
        generous.maxZipRatio = 100_000
        let allowed = try read(try ZipSamples.archive([("form.csv", bomb, true)]), limits: generous)
        #expect(!allowed.codes.contains(.zipRatioExceeded), "\(allowed.messages)")
    }

    /// A small file that compresses very well (under 1 MiB) is read whatever its ratio.
    @Test func aSmallVeryCompressibleEntryIsRead() throws {
        let text = Array("country,round,ch8_cert\n".utf8) + Array(String(repeating: "FRA,2026,yes\n", count: 20_000).utf8)
        let bytes = try ZipSamples.archive([("form.csv", text, true)])
        #expect(ZipSamples.headers(bytes)[0].data.count * 100 < text.count)
        let reading = try read(bytes)
        #expect(!reading.codes.contains(.zipRatioExceeded), "\(reading.messages)")
        #expect(reading.submissions.count == 20_000)
    }

    // MARK: Messages that say what was found

    @Test func anArchiveWithoutCSVSaysWhatItHolds() throws {
        let empty = try read(try ZipSamples.archive([]))
        #expect(empty.codes == [.zipNoCSV])
        #expect(empty.file.diagnostics.first?.found == "an empty archive")
        let media = try read(try ZipSamples.archive([("media/a.jpg", [1], false)]))
        #expect(media.file.diagnostics.first?.found == "media/a.jpg")
        for reading in [empty, media] {
            #expect(reading.messages.allSatisfy { !$0.contains("found \"\"") }, "\(reading.messages)")
        }
    }

    /// The class: no message says `found ""`.
    @Test func anEmptyFoundValueIsSaidInWords() {
        let diagnostic = Diagnostic(.countryMissing, at: SourceLocation(file: "a.csv"), expected: "a country", found: "")
        #expect(diagnostic.message.hasSuffix("; found an empty value"))
        #expect(!diagnostic.message.contains("\"\""))
    }
}
