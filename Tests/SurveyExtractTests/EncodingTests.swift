import Foundation
import SurveyExtract
import SurveyModel
import Testing

/// Reads `bytes` as a CSV file named `path` with `options`, and returns what Extract handed on.
private func readCSV(
    _ bytes: [UInt8], path: String = "sent.csv", options: ReadOptions = ReadOptions(), chunkSize: Int = 64 * 1024
) -> ([RawSubmission], ExtractedFile) {
    var submissions: [RawSubmission] = []
    let file = Extractor(chunkSize: chunkSize).extract(bytes: bytes, path: path, options: options) {
        submissions.append($0)
    }
    return (submissions, file)
}

/// The bytes of ASCII text.
private func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

/// `text` in UTF-16LE, without a byte-order mark.
private func utf16LE(_ text: String) -> [UInt8] {
    text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
}

/// `text` in UTF-16BE, without a byte-order mark.
private func utf16BE(_ text: String) -> [UInt8] {
    text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
}

private func sha256(_ bytes: [UInt8]) -> String {
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalizeHex()
}

/// The values of every answer, submission by submission.
private func values(_ submissions: [RawSubmission]) -> [[String]] {
    submissions.map { $0.answers.flatMap(\.values) }
}

private let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

/// One test per way a spreadsheet saves CSV, each on bytes written the way it occurs.
@Suite struct EncodingTests {
    // MARK: Byte-order marks

    @Test func utf8WithBOM() {
        // Excel's "CSV UTF-8 (Comma delimited)".
        let bytes = utf8BOM + Array("country,ch3_main_law\nESP,Código Penal\n".utf8)
        let (submissions, file) = readCSV(bytes)
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.map { $0.country?.text } == ["ESP"])  // no U+FEFF before the first header name
        #expect(values(submissions) == [["Código Penal"]])
        #expect(file.file.bytes == bytes.count)
        #expect(file.file.sha256 == sha256(bytes))
    }

    @Test func utf16LEWithBOMTabsAndCRLF() {
        // Excel's "Unicode Text": UTF-16LE with a mark, tab-delimited, CRLF.
        let text = "country\tround\tch3_main_law\r\nFRA\t2026\tCode pénal\r\nRUS\t2026\tУголовный кодекс 😀\r\n"
        let bytes = [0xFF, 0xFE] + utf16LE(text)
        let (submissions, file) = readCSV(bytes)
        #expect(file.diagnostics.isEmpty)
        #expect(file.file.format == .wideCSV)
        #expect(submissions.map { $0.country?.text } == ["FRA", "RUS"])
        #expect(values(submissions) == [["Code pénal"], ["Уголовный кодекс 😀"]])
        #expect(submissions.map(\.location.line) == [2, 3])
        // Hash and size are those of the bytes as sent, not of the UTF-8 they were turned into.
        #expect(file.file.bytes == bytes.count)
        #expect(file.file.sha256 == sha256(bytes))
    }

    @Test func utf16BEWithBOM() {
        let bytes = [0xFE, 0xFF] + utf16BE("country,ch8_cert\r\nCHN,是\r\nFRA,oui\r\n")
        let (submissions, file) = readCSV(bytes)
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.map { $0.country?.text } == ["CHN", "FRA"])
        #expect(values(submissions) == [["是"], ["oui"]])
    }

    // MARK: No mark, no declaration

    @Test func validUTF8WithoutBOMArabicAndChinese() {
        let bytes = Array("country,ch8_cert,ch3_main_law\nمصر,نعم,قانون مكافحة جرائم تقنية المعلومات\n中国,是,网络安全法\n".utf8)
        let (submissions, file) = readCSV(bytes)
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.map { $0.country?.text } == ["مصر", "中国"])
        #expect(values(submissions) == [["نعم", "قانون مكافحة جرائم تقنية المعلومات"], ["是", "网络安全法"]])
    }

    @Test func windows1252WithoutDeclarationFallsBackWithAWarning() throws {
        // Excel on Windows, "CSV (Comma delimited)": é 0xE9, ñ 0xF1, € 0x80, ’ 0x92.
        let prefix = ascii("country,ch3_main_law\nESP,Espa")
        let sent = prefix + [0xF1] + ascii("a ") + [0x80] + ascii(" 100 l") + [0x92] + ascii("art. 5\nFRA,Caf") + [0xE9]
            + ascii("\n")
        let (submissions, file) = readCSV(sent)
        #expect(values(submissions) == [["España € 100 l’art. 5"], ["Café"]])
        let warning = try #require(file.diagnostics.first)
        #expect(file.diagnostics.map(\.code) == [.encodingFallback])
        // A note for the analyst (issue 24): the file decoded cleanly, the sender can do nothing.
        #expect(warning.severity == .info)
        #expect(warning.found == "windows-1252")
        #expect(warning.location.offset == prefix.count)  // the ñ
        #expect(warning.detail?.contains("0xF1 at byte offset \(prefix.count)") == true)
        #expect(file.file.sha256 == sha256(sent))
    }

    @Test func fallbackEncodingComesFromReadOptions() {
        let bytes = ascii("country,ch8_cert\nRUS,") + [0xC4, 0xE0] + ascii("\n")  // "Да" in Windows-1251
        let (submissions, file) = readCSV(bytes, options: ReadOptions(fallbackEncoding: .windows1251))
        #expect(values(submissions) == [["Да"]])
        #expect(file.diagnostics.map(\.found) == ["windows-1251"])
    }

    // MARK: Declared in the pipeline file

    @Test func windows1251Declared() {
        let bytes = ascii("country,ch8_cert\nRUS,") + [0xC4, 0xE0] + ascii("\n")  // "Да"
        let (submissions, file) = readCSV(bytes, options: ReadOptions(encoding: .windows1251))
        #expect(file.diagnostics.isEmpty)
        #expect(values(submissions) == [["Да"]])
        // Undeclared, the same bytes are not UTF-8 and the default fallback misreads them.
        let (guessed, guessedFile) = readCSV(bytes)
        #expect(values(guessed) == [["Äà"]])
        #expect(guessedFile.diagnostics.map(\.code) == [.encodingFallback])
    }

    @Test func windows1256Declared() {
        let bytes = ascii("country,ch8_cert\nEGY,") + [0xE4, 0xDA, 0xE3] + ascii("\n")  // "نعم"
        let (submissions, file) = readCSV(bytes, options: ReadOptions(encoding: .windows1256))
        #expect(file.diagnostics.isEmpty)
        #expect(values(submissions) == [["نعم"]])
    }

    @Test func gb18030Declared() {
        // "是" is two bytes; "é" two bytes; "😀" four bytes.
        let bytes = ascii("country,ch8_cert,ch3_main_law\nCHN,") + [0xCA, 0xC7] + ascii(",") + [0xA8, 0xA6, 0x94, 0x39, 0xFC, 0x36]
            + ascii("\n")
        let (submissions, file) = readCSV(bytes, options: ReadOptions(encoding: .gb18030))
        #expect(file.diagnostics.isEmpty)
        #expect(values(submissions) == [["是", "é😀"]])
    }

    @Test func declaredEncodingIsUsedAsIsWithoutSniffing() {
        // Declared Windows-1252, the bytes of a UTF-8 "é" are read as two characters, and the
        // UTF-8 mark is text: declaring an encoding turns sniffing off.
        let bytes = utf8BOM + Array("country,ch3_main_law\nFRA,é\n".utf8)
        let (submissions, file) = readCSV(bytes, options: ReadOptions(encoding: .windows1252))
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.map(\.code) == [.csvMissingColumn])  // the header starts "ï»¿country"
        let (plain, plainFile) = readCSV(Array(bytes.dropFirst(3)), options: ReadOptions(encoding: .windows1252))
        #expect(plainFile.diagnostics.isEmpty)
        #expect(values(plain) == [["Ã©"]])
        // The declared encoding's own mark is skipped.
        let (marked, markedFile) = readCSV(bytes, options: ReadOptions(encoding: .utf8))
        #expect(markedFile.diagnostics.isEmpty)
        #expect(values(marked) == [["é"]])
    }

    // MARK: Rejected files

    @Test func utf8BOMWithAnInvalidByteIsRejected() throws {
        let prefix = utf8BOM + ascii("country,ch3_main_law\nFRA,ok\nBEL,Loi ")
        let bytes = prefix + [0xE9] + ascii("\n")  // a Latin-1 é in a file marked UTF-8
        let (submissions, file) = readCSV(bytes)
        #expect(submissions.isEmpty)  // not even the FRA row before the bad byte
        #expect(file.submissionCount == 0)
        #expect(file.diagnostics.map(\.code) == [.encodingInvalid])
        let error = try #require(file.diagnostics.first)
        #expect(error.severity == .error)
        #expect(error.location == SourceLocation(file: "sent.csv", offset: prefix.count))  // the mark counts
        #expect(error.found == "0xE9 0x0A")
        #expect(error.expected?.contains("byte-order mark") == true)
        #expect(file.isUnreadable)
        #expect(file.file.bytes == bytes.count)
        #expect(file.file.sha256 == sha256(bytes))
    }

    @Test func declaredUTF8WithAnInvalidByteIsRejected() throws {
        let prefix = ascii("country,ch3_main_law\nFRA,Loi ")
        let bytes = prefix + [0xE9] + ascii("\n")
        let (submissions, file) = readCSV(bytes, options: ReadOptions(encoding: .utf8))
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.map(\.code) == [.encodingInvalid])
        let error = try #require(file.diagnostics.first)
        #expect(error.location.offset == prefix.count)
        #expect(error.expected?.contains("pipeline file") == true)
    }

    @Test(arguments: [
        ([0xC0, 0xAF], "overlong 2-byte /"),
        ([0xE0, 0x80, 0xAF], "overlong 3-byte /"),
        ([0xF0, 0x80, 0x80, 0xAF], "overlong 4-byte /"),
        ([0xED, 0xA0, 0x80], "surrogate U+D800"),
        ([0xF4, 0x90, 0x80, 0x80], "U+110000"),
        ([0xF5, 0x80, 0x80, 0x80], "F5 lead byte"),
        ([0x80], "stray continuation byte"),
    ] as [([UInt8], String)])
    func declaredUTF8RefusesIllFormedSequences(sequence: [UInt8], what: String) {
        let prefix = ascii("country,ch3_main_law\nFRA,")
        let bytes = prefix + sequence + ascii("\n")
        for chunkSize in [1, 2, 3, 64 * 1024] {
            let (submissions, file) = readCSV(bytes, options: ReadOptions(encoding: .utf8), chunkSize: chunkSize)
            #expect(submissions.isEmpty, "\(what)")
            #expect(file.diagnostics.map(\.code) == [.encodingInvalid], "\(what)")
            #expect(file.diagnostics.first?.location.offset == prefix.count, "\(what), chunks of \(chunkSize)")
        }
    }

    @Test func undefinedWindows1252ByteIsRejected() throws {
        // 0x81 has no character in Windows-1252; the file is not UTF-8 either (the é at 0xE9).
        let first = ascii("country,ch3_main_law\nFRA,Caf")
        let prefix = first + [0xE9] + ascii("\nBEL,x")
        let bytes = prefix + [0x81] + ascii("\n")
        let (submissions, file) = readCSV(bytes)
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.map(\.code) == [.encodingInvalid])
        let error = try #require(file.diagnostics.first)
        #expect(error.location.offset == prefix.count)
        #expect(error.found == "0x81")
        #expect(error.detail?.contains("windows-1252") == true)
        #expect(error.detail?.contains("byte offset \(first.count)") == true)  // where UTF-8 failed
        // Declared, it is rejected the same way.
        let (declared, declaredFile) = readCSV(bytes, options: ReadOptions(encoding: .windows1252))
        #expect(declared.isEmpty)
        #expect(declaredFile.diagnostics.map(\.location.offset) == [prefix.count])
    }

    @Test func fileEndingInsideACharacterIsRejected() {
        // A UTF-8 file cut after the first two bytes of "是", and a UTF-16 file with an odd byte.
        let cut = utf8BOM + Array("country,ch8_cert\nCHN,".utf8)
        let (submissions, file) = readCSV(cut + [0xE6, 0x98])
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.map(\.code) == [.encodingInvalid])
        #expect(file.diagnostics.first?.location.offset == cut.count)
        let odd = [0xFF, 0xFE] + utf16LE("country,ch8_cert\nCHN,x\n")
        let (_, oddFile) = readCSV(odd + [0x41])
        #expect(oddFile.diagnostics.map(\.code) == [.encodingInvalid])
        #expect(oddFile.diagnostics.first?.location.offset == odd.count)
    }

    @Test func loneUTF16SurrogateIsRejected() {
        let prefix = [0xFE, 0xFF] + utf16BE("country,ch8_cert\nCHN,")
        let bytes = prefix + [0xD8, 0x00, 0x00, 0x41] + utf16BE("\n")  // a high surrogate, then "A"
        let (submissions, file) = readCSV(bytes)
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.map(\.code) == [.encodingInvalid])
        #expect(file.diagnostics.first?.location.offset == prefix.count)
    }

    // MARK: Chunk boundaries

    @Test func characterSplitAcrossChunksUTF8() {
        // "是" is three bytes and "😀" four: small chunks cut through them.
        let bytes = Array("country,ch8_cert,ch3_main_law\nCHN,是,网络安全法 😀\nEGY,نعم,\n".utf8)
        let (expected, expectedFile) = readCSV(bytes)
        #expect(expectedFile.diagnostics.isEmpty)
        #expect(values(expected) == [["是", "网络安全法 😀"], ["نعم"]])
        for chunkSize in [1, 2, 3, 4, 5, 7] {
            let (submissions, file) = readCSV(bytes, chunkSize: chunkSize)
            #expect(submissions == expected, "chunks of \(chunkSize)")
            #expect(file.diagnostics.isEmpty, "chunks of \(chunkSize)")
        }
    }

    @Test func characterSplitAcrossChunksUTF16() {
        let text = "country,ch8_cert,ch3_main_law\r\nCHN,是,网络安全法 😀\r\nRUS,Да,\r\n"
        for (mark, encoded) in [([UInt8]([0xFF, 0xFE]), utf16LE(text)), ([0xFE, 0xFF], utf16BE(text))] {
            let bytes = mark + encoded
            let (expected, _) = readCSV(bytes)
            #expect(values(expected) == [["是", "网络安全法 😀"], ["Да"]])
            for chunkSize in [1, 2, 3, 5, 7] {
                let (submissions, file) = readCSV(bytes, chunkSize: chunkSize)
                #expect(submissions == expected, "chunks of \(chunkSize)")
                #expect(file.diagnostics.isEmpty, "chunks of \(chunkSize)")
            }
        }
    }

    @Test func characterSplitAcrossChunksGB18030() {
        // Two-byte "是" and four-byte "😀" and "نعم" (each letter four bytes).
        let bytes = ascii("country,ch8_cert,ch3_main_law\nCHN,") + [0xCA, 0xC7] + ascii(",") + [0x94, 0x39, 0xFC, 0x36]
            + ascii("\nEGY,") + [0x81, 0x31, 0x87, 0x30, 0x81, 0x31, 0x85, 0x37, 0x81, 0x31, 0x86, 0x39] + ascii(",\n")
        let options = ReadOptions(encoding: .gb18030)
        let (expected, _) = readCSV(bytes, options: options)
        #expect(values(expected) == [["是", "😀"], ["نعم"]])
        for chunkSize in [1, 2, 3, 5, 7] {
            let (submissions, file) = readCSV(bytes, options: options, chunkSize: chunkSize)
            #expect(submissions == expected, "chunks of \(chunkSize)")
            #expect(file.diagnostics.isEmpty, "chunks of \(chunkSize)")
        }
    }

    @Test func invalidByteOffsetIsTheSameWhateverTheChunkSize() {
        let prefix = utf8BOM + Array("country,ch8_cert\nCHN,是\nFRA,".utf8)
        let bytes = prefix + [0xE6, 0x41] + ascii("\n")  // a lead byte followed by ASCII
        for chunkSize in [1, 2, 3, 4, 64 * 1024] {
            let (_, file) = readCSV(bytes, chunkSize: chunkSize)
            #expect(file.diagnostics.map(\.location.offset) == [prefix.count], "chunks of \(chunkSize)")
        }
    }

    // MARK: Around the encoding

    @Test func declaredDelimiterOverridesSniffing() {
        // Sniffing the header would pick the comma (two against one).
        let bytes = Array("country;ch3_main_law, ch3_notes, x\nFRA;a, b\n".utf8)
        let (sniffed, _) = readCSV(bytes)
        #expect(sniffed.first?.answers.map(\.field) != ["ch3_main_law, ch3_notes, x"])
        let (submissions, file) = readCSV(bytes, options: ReadOptions(delimiter: ";"))
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.map { $0.country?.text } == ["FRA"])
        #expect(submissions.first?.answers.map(\.field) == ["ch3_main_law, ch3_notes, x"])
        #expect(values(submissions) == [["a, b"]])
    }

    @Test func fileOnDiskIsReadTwiceAndHashedOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-encoding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = ascii("country,ch3_main_law\nFRA,Caf") + [0xE9] + ascii("\n")
        let url = folder.appendingPathComponent("latin.csv")
        try Data(bytes).write(to: url)
        var submissions: [RawSubmission] = []
        let file = Extractor(chunkSize: 4).extract(fileAt: url, path: "latin.csv") { submissions.append($0) }
        #expect(values(submissions) == [["Café"]])
        #expect(file.diagnostics.map(\.code) == [.encodingFallback])
        #expect(file.file.bytes == bytes.count)
        #expect(file.file.sha256 == sha256(bytes))
    }

    @Test func xmlIsNotDecodedHere() {
        // libxml2 reads the XML declaration; no fallback, no warning.
        let bytes = ascii("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<submission country=\"FRA\"><answer question=\"ch3_main_law\">Caf")
            + [0xE9] + ascii("</answer></submission>\n")
        let (submissions, file) = readCSV(bytes, path: "latin.xml")
        #expect(file.diagnostics.isEmpty)
        #expect(values(submissions) == [["Café"]])
    }
}
