// The workbook's archive, its entries deflated on every core and the ZIP laid out by LegiSurvey
// (XLSXArchive.swift), is byte for byte the archive ZIPFoundation's `addEntry` wrote before, one
// entry after another: stored or deflated, with sheets from files of several blocks, an empty
// sheet, non-ASCII text, a body of an exact number of deflate pieces; and it reads back with
// ZIPFoundation (entries in order, methods, sizes, CRC-32s, contents).
import Foundation
import SurveyTestSupport
import Testing
import ZIPFoundation

@testable import SurveyForms

@Suite struct XLSXArchiveTests {
    /// Rows of varied text and numbers (so that deflate has work), `count` of them.
    static func rows(_ count: Int, seed: Int) -> String {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        var text = ""
        for index in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let word = ["Côte d’Ivoire", "Türkiye", "São Tomé", "مصر", "日本", "Kenya 🇰🇪", "A & B <c>"][Int(state >> 61) % 7]
            text += "<row>" + XLSXWorkbook.cellXML(.text("\(word) \(state >> 40)")) + XLSXWorkbook.cellXML(.number(Double(index) / 3))
                + XLSXWorkbook.cellXML(.empty, style: .input) + "</row>"
        }
        return text
    }

    /// A file-backed sheet of `rows`.
    static func fileSheet(_ name: String, rows: String, file: URL) throws -> XLSXWorkbook.Sheet {
        try Data(rows.utf8).write(to: file)
        var sheet = XLSXWorkbook.Sheet(name: name, rows: [[XLSXWorkbook.Cell]]())
        sheet.sheetDataFile = file
        sheet.sheetDataRows = rows.components(separatedBy: "<row>").count - 1
        sheet.sheetDataColumns = 3
        return sheet
    }

    /// Several sheets: text with non-ASCII names and cells, an empty sheet, a hidden one, rows in
    /// memory padded so that the entry is an exact number of 16 KiB pieces, and file-backed sheets
    /// of more than 64 KiB and more than 1 MB.
    static func workbook(in folder: URL, compressed: Bool) throws -> XLSXWorkbook {
        var readme = XLSXWorkbook.Sheet(name: "Lisez-moi – ü", rows: [["Titre", "Pays"], ["Réponses", "مرحبا"], ["", "日本語 🙂"]])
        readme.columnWidths = [0: 30]
        var empty = XLSXWorkbook.Sheet(name: "Vide", rows: [[XLSXWorkbook.Cell]]())
        empty.frozenRows = 0
        var hidden = XLSXWorkbook.Sheet(name: "Lists", rows: (1...50).map { ["option \($0)", "\($0)"] })
        hidden.state = .hidden
        let small = try fileSheet("small", rows: rows(900, seed: 1), file: folder.appendingPathComponent("small.xml"))
        let large = try fileSheet("large – données", rows: rows(14_000, seed: 2), file: folder.appendingPathComponent("large.xml"))
        var exact = XLSXWorkbook.Sheet(name: "exact", rows: [[XLSXWorkbook.Cell]]())
        exact.sheetDataRows = 1
        exact.sheetDataColumns = 1
        exact.sheetData = ""
        let (head, tail) = XLSXWorkbook.worksheetParts(exact)
        let bare = head.utf8.count + tail.utf8.count + "<row><c t=\"inlineStr\"><is><t></t></is></c></row>".utf8.count
        let pad = (3 * 16_384 - bare % 16_384)
        exact.sheetData = "<row><c t=\"inlineStr\"><is><t>" + String(repeating: "x", count: pad) + "</t></is></c></row>"
        var workbook = XLSXWorkbook(sheets: [readme, small, empty, large, hidden, exact])
        workbook.definedNames = [(name: "choices", formula: "'Lists'!$A$1:$A$50")]
        workbook.compressed = compressed
        return workbook
    }

    @Test(arguments: [false, true]) func theArchiveIsZIPFoundations(compressed: Bool) throws {
        let folder = Fixtures.temporaryFolder("xlsx-archive")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workbook = try Self.workbook(in: folder, compressed: compressed)
        let sizes = try workbook.sheets.compactMap(\.sheetDataFile).map { try Data(contentsOf: $0).count }
        #expect(sizes.contains { $0 > 65_536 && $0 < 1_000_000 } && sizes.contains { $0 > 1_000_000 }, "\(sizes)")
        let exactEntry = try workbook.archiveEntries(what: "test")[5 + 5].body()
        #expect(exactEntry.size % 16_384 == 0 && exactEntry.size > 0)

        let made = try workbook.data(what: "test.xlsx")
        let reference = try workbook.zipFoundationReference(what: "test.xlsx")
        // Written by our layout, not by the fallback to ZIPFoundation (which would hide a layout
        // that always asked for ZIP64).
        let laidOut = try ZIPLayout.archive(
            workbook.archiveEntries(what: "test.xlsx"), compressed: compressed, what: "test.xlsx", limit: UInt64(UInt32.max))
        #expect(laidOut == reference)
        #expect(made.count == reference.count)
        #expect(made == reference, "first difference at byte \(Array(zip(made, reference)).firstIndex { $0 != $1 } ?? min(made.count, reference.count))")
        // Again (the entries deflated in another interleaving): the same bytes.
        #expect(try workbook.data(what: "test.xlsx") == made)

        // It reads back: every entry in order, stored or deflated, with its size, CRC-32 and content.
        let expected = try workbook.referenceContents()
        let archive = try Archive(data: made, accessMode: .read)
        let entries = Array(archive)
        #expect(entries.map(\.path) == expected.map(\.path))
        for (entry, (path, content)) in zip(entries, expected) {
            #expect(entry.uncompressedSize == UInt64(content.count), "\(path)")
            #expect(entry.checksum == content.crc32(checksum: 0), "\(path)")
            #expect(entry.isCompressed == compressed || content.isEmpty && !entry.isCompressed, "\(path)")
            if compressed && content.count > 10_000 { #expect(entry.compressedSize < UInt64(content.count) / 2, "\(path)") }
            var extracted = Data()
            let crc = try archive.extract(entry) { extracted.append($0) }
            #expect(crc == entry.checksum, "\(path)")
            #expect(extracted == content, "\(path)")
        }
        #expect(entries.count == 5 + workbook.sheets.count)
    }

    /// Where ZIP64 would begin (brought down to a few kilobytes here), ZIPFoundation writes the
    /// archive itself: the same bytes still.
    @Test(arguments: [false, true]) func pastTheZIP64LimitZIPFoundationWritesIt(compressed: Bool) throws {
        let folder = Fixtures.temporaryFolder("xlsx-archive")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workbook = try Self.workbook(in: folder, compressed: compressed)
        let reference = try workbook.zipFoundationReference(what: "test.xlsx")
        for limit: UInt64 in [2_000, 40_000, UInt64(reference.count) - 10] {
            let made = try XLSXWorkbook.archive(workbook.archiveEntries(what: "x"), compressed: compressed, what: "x", limit: limit)
            #expect(made == reference, "limit \(limit)")
        }
    }

    /// Where the layout hands over to ZIPFoundation: at the limit exactly (the central
    /// directory starting at it), not one byte below; and from 65,535 entries, before any work.
    @Test func theZIP64BoundaryIsZIPFoundations() throws {
        let folder = Fixtures.temporaryFolder("xlsx-archive")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workbook = try Self.workbook(in: folder, compressed: false)
        let reference = try workbook.zipFoundationReference(what: "test.xlsx")
        // The end record's last fields: the directory's size and its offset (little-endian).
        let end = reference.suffix(22)
        func number(_ at: Int) -> UInt64 { (0..<4).reduce(UInt64(0)) { $0 | UInt64(end[end.startIndex + at + $1]) << (8 * $1) } }
        let start = number(16)
        #expect(start > 1_000_000 && number(12) < 10_000)
        func layOut(_ limit: UInt64) throws -> Data {
            try ZIPLayout.archive(workbook.archiveEntries(what: "x"), compressed: false, what: "x", limit: limit)
        }
        #expect(try layOut(start + 1) == reference)
        #expect(throws: ZIPLayout.Failure.self) { try layOut(start) }
        let many = (0..<65_535).map { index in
            XLSXWorkbook.ArchiveEntry(path: "e\(index)", sizeHint: 0) { () throws(FormExportError) -> XLSXWorkbook.EntryBody in
                Issue.record("no entry is read past the entry limit")
                return XLSXWorkbook.EntryBody(head: Data())
            }
        }
        #expect(throws: ZIPLayout.Failure.self) { try ZIPLayout.archive(many, compressed: true, what: "x", limit: UInt64(UInt32.max)) }
    }

    /// A sheet whose rows file is gone fails with the error ZIPFoundation's assembly gave, the
    /// first such sheet named, stored or deflated.
    @Test(arguments: [false, true]) func aMissingRowsFileFailsAsBefore(compressed: Bool) throws {
        let folder = Fixtures.temporaryFolder("xlsx-archive")
        defer { try? FileManager.default.removeItem(at: folder) }
        var workbook = try Self.workbook(in: folder, compressed: compressed)
        workbook.sheets[3].sheetDataFile = folder.appendingPathComponent("gone.xml")
        workbook.sheets[5].sheetDataFile = folder.appendingPathComponent("gone too.xml")
        var made: (any Error)?
        var reference: (any Error)?
        do { _ = try workbook.data(what: "legisurvey.xlsx") } catch { made = error }
        do { _ = try workbook.zipFoundationReference(what: "legisurvey.xlsx") } catch { reference = error }
        let error = try #require(made as? FormExportError)
        // The same error; its NSError's user info is printed in no fixed order, so up to it.
        func stable(_ error: (any Error)?) -> String? { "\(error.map { "\($0)" } ?? "")".components(separatedBy: "UserInfo=").first }
        guard case .writeFailed(let path, _) = error, case .writeFailed(let referencePath, _)? = reference as? FormExportError else {
            Issue.record("\(error) \(String(describing: reference))")
            return
        }
        #expect(path == referencePath)
        #expect(stable(made) == stable(reference))
        #expect("\(error)".contains("sheet4.xml") && "\(error)".contains("gone.xml"), "\(error)")
    }
}

extension XLSXWorkbook {
    /// The bytes `data(what:)` wrote with ZIPFoundation before the entries were deflated in
    /// parallel: each entry added to an in-memory archive in turn, as it was.
    func zipFoundationReference(what: String) throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
        } catch {
            throw FormExportError.writeFailed(path: what, detail: "cannot create a ZIP archive: \(error)")
        }
        func add(_ path: String, _ body: EntryBody) throws {
            do {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(body.size),
                    modificationDate: Self.entryDate, compressionMethod: compressed ? .deflate : .none
                ) { position, size in try body.read(at: Int(position), count: size) }
            } catch {
                throw FormExportError.writeFailed(path: what, detail: "cannot add \(path): \(error)")
            }
        }
        for (path, text) in [
            ("[Content_Types].xml", Self.contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", Self.packageRelationships),
            ("xl/workbook.xml", workbookXML()),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", Self.styles),
        ] {
            try add(path, EntryBody(head: Data(text.utf8)))
        }
        for (position, sheet) in sheets.enumerated() {
            let path = "xl/worksheets/sheet\(position + 1).xml"
            let (head, tail) = Self.worksheetParts(sheet, selected: position == firstVisible)
            if let file = sheet.sheetDataFile {
                let body: EntryBody
                do {
                    body = try EntryBody(head: Data(head.utf8), file: file, tail: Data(tail.utf8))
                } catch {
                    throw FormExportError.writeFailed(path: what, detail: "cannot read the rows of \(path) from \(file.path): \(error)")
                }
                try add(path, body)
            } else {
                try add(path, EntryBody(head: Data((head + tail).utf8)))
            }
        }
        guard let data = archive.data else {
            throw FormExportError.writeFailed(path: what, detail: "the in-memory ZIP archive has no data")
        }
        return data
    }

    /// Every entry's path and bytes, made without the archive.
    func referenceContents() throws -> [(path: String, content: Data)] {
        var entries: [(path: String, content: Data)] = [
            ("[Content_Types].xml", Data(Self.contentTypes(sheetCount: sheets.count).utf8)),
            ("_rels/.rels", Data(Self.packageRelationships.utf8)),
            ("xl/workbook.xml", Data(workbookXML().utf8)),
            ("xl/_rels/workbook.xml.rels", Data(Self.workbookRelationships(sheetCount: sheets.count).utf8)),
            ("xl/styles.xml", Data(Self.styles.utf8)),
        ]
        for (position, sheet) in sheets.enumerated() {
            let (head, tail) = Self.worksheetParts(sheet, selected: position == firstVisible)
            let rows = try sheet.sheetDataFile.map { try Data(contentsOf: $0) } ?? Data()
            entries.append(("xl/worksheets/sheet\(position + 1).xml", Data(head.utf8) + rows + Data(tail.utf8)))
        }
        return entries
    }
}
