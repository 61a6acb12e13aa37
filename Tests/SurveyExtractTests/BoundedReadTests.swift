import Foundation
import SurveyDefinitions
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every read of a file by path refuses what is not a regular file before reading (a FIFO would
/// block, a device never ends) and counts the bytes it reads against its limit, whatever size the
/// file claimed (issue 16 section 6). `/proc/self/status` is a regular file whose size is 0 and
/// whose content is longer: the "file that grows" of the class, without a race.
@Suite struct BoundedReadTests {
    static let growing = URL(fileURLWithPath: "/proc/self/status")

    func fifo() throws -> (folder: URL, path: URL) {
        let folder = Fixtures.temporaryFolder("bounded-read")
        let path = folder.appendingPathComponent("pipe.xml")
        try #require(mkfifo(path.path, 0o644) == 0)
        return (folder, path)
    }

    /// Failed before: the limit was checked on the size fstat reported (0), so the whole file was
    /// read and parsed.
    @Test func theSizeLimitHoldsOnTheBytesRead() throws {
        var status = stat()
        try #require(stat(Self.growing.path, &status) == 0 && status.st_size == 0, "/proc/self/status reports a size")
        var limits = InputLimits()
        limits.maxFileBytes = 64
        for ext in ["csv", "xml", "zip"] {
            var seen = 0
            let file = Extractor(limits: limits).extract(fileAt: Self.growing, path: "status.\(ext)") { _ in seen += 1 }
            #expect(file.diagnostics.map(\.code) == [.fileTooLarge], "\(ext): \(file.diagnostics.map(\.code))")
            #expect(seen == 0 && file.submissionCount == 0)
            #expect(file.diagnostics.first?.found?.contains("more than 64 bytes") == true)
        }
        // Within the limit the same file is read whole.
        let whole = Extractor().extract(fileAt: Self.growing, path: "status.csv") { _ in }
        #expect(!whole.diagnostics.contains { $0.code == .fileTooLarge })
        #expect(whole.file.bytes > 64)
    }

    @Test func theCacheDigestStopsAtTheLimitAndRefusesWhatIsNotAFile() throws {
        #expect(FileDigest.sha256(of: Self.growing, limit: 64) == nil)
        #expect(FileDigest.sha256(of: Self.growing) != nil)
        let (folder, pipe) = try fifo()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(FileDigest.sha256(of: pipe) == nil)
        #expect(FileDigest.sha256(of: URL(fileURLWithPath: "/dev/zero")) == nil)
    }

    /// Failed before: a FIFO given as a definition file blocked (or was read as empty text) and
    /// `/dev/zero` was read without end.
    @Test func definitionFilesMustBeRegularFiles() throws {
        let (folder, pipe) = try fifo()
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = folder.appendingPathComponent("pipe.yml")
        try #require(mkfifo(yaml.path, 0o644) == 0)
        for path in [yaml.path, "/dev/zero"] {
            #expect {
                _ = try PipelineConfiguration.load(path: path)
            } throws: { error in
                "\(error)".contains("not a regular file; give a regular file")
            }
        }
        #expect {
            _ = try Questionnaire.load(from: yaml)
        } throws: { error in
            "\(error)".contains("is a FIFO (named pipe), not a regular file")
        }
        #expect {
            _ = try Extractor().readXForm(fileAt: pipe)
        } throws: { error in
            "\(error)".contains("is a FIFO (named pipe), not a regular file")
        }
        var limits = InputLimits()
        limits.maxFileBytes = 64
        #expect(throws: XFormError(path: Self.growing.path, message: "the file is larger than 64 bytes")) {
            _ = try Extractor(limits: limits).readXForm(fileAt: Self.growing)
        }
    }

    @Test func regularFileBytesCountsWhatItReads() throws {
        #expect(throws: RegularFile.Refusal.tooLarge(limit: 64)) { _ = try RegularFile.bytes(of: Self.growing, limit: 64) }
        #expect(try RegularFile.bytes(of: Self.growing, limit: 1 << 20).count > 64)
        #expect(throws: RegularFile.Refusal.notRegular(kind: "a character device")) {
            _ = try RegularFile.bytes(of: URL(fileURLWithPath: "/dev/zero"), limit: 1 << 20)
        }
        #expect(throws: RegularFile.Refusal.missing) { _ = try RegularFile.bytes(of: URL(fileURLWithPath: "/nonexistent/x"), limit: 1) }
    }
}
