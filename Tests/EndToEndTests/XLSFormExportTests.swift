import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyForms
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The XLSForm export: the workbook is a real .xlsx, holds the whole questionnaire, is
/// byte-for-byte reproducible, and pyxform compiles it to an XForm carrying the chapters.
@Suite struct XLSFormExportTests {
    let questionnaire = Fixtures.questionnaire
    let writer = XLSFormWriter(questionnaire: Fixtures.questionnaire, defaultRound: "2026", labels: Fixtures.formLabels, reference: Fixtures.reference, rounds: Fixtures.rounds)
    static let parts = [
        "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
    ]

    /// The group a chapter's questions are in.
    func group(_ chapter: Chapter) -> String { chapter == .technicalAssistance ? "ta" : "ch\(chapter.rawValue)" }

    @Test func theWorkbookIsAZipWithTheSpreadsheetParts() throws {
        let entries = try XLSXZipReader.entries(of: try writer.workbook())
        #expect(entries.map(\.name) == Self.parts)
        for entry in entries {
            #expect(entry.modificationDate == 33, "\(entry.name): DOS date \(entry.modificationDate), expected 1980-01-01")
            #expect(entry.modificationTime == 0, "\(entry.name)")
            #expect(String(data: entry.data, encoding: .utf8) != nil, "\(entry.name) is not UTF-8")
        }
        let workbook = String(decoding: try #require(entries.first { $0.name == "xl/workbook.xml" }).data, as: UTF8.self)
        #expect(workbook.contains(#"<sheet name="survey" sheetId="1" r:id="rId1"/>"#))
        #expect(workbook.contains(#"<sheet name="choices" sheetId="2" r:id="rId2"/>"#))
        #expect(workbook.contains(#"<sheet name="settings" sheetId="3" r:id="rId3"/>"#))
    }

    @Test func theSheetsHoldEveryQuestionAndEveryChoice() throws {
        let entries = try XLSXZipReader.entries(of: try writer.workbook())
        func sheet(_ number: Int) throws -> [[String: String]] {
            let entry = try #require(entries.first { $0.name == "xl/worksheets/sheet\(number).xml" })
            return try XLSXSheetReader.records(entry.data)
        }
        let survey = try sheet(1)
        let choices = try sheet(2)
        let settings = try sheet(3)

        let byName = Dictionary(survey.map { ($0["name"] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(survey.first?["name"] == "country")
        #expect(byName["round"]?["default"] == "2026")
        #expect(byName["country"]?["label::Arabic (ar)"]?.isEmpty == false)
        for question in questionnaire.questions {
            let row = try #require(byName[question.id], "question \(question.id) missing from the survey sheet")
            #expect(row["bind::unodc:chapter"] == question.chapter.rawValue, "\(question.id)")
            #expect(row["bind::unodc:qtype"] == question.type.rawValue, "\(question.id)")
            #expect(row["label::English (en)"] == question.label[.en], "\(question.id)")
            #expect(row["label::Chinese (zh)"] == question.label[.zh], "\(question.id)")
            let expectedType: String
            switch question.type {
            case .singleChoice, .legalForm: expectedType = "select_one \(question.choiceList)"
            case .multipleChoice: expectedType = "select_multiple \(question.choiceList)"
            case .integer, .year: expectedType = "integer"
            case .decimal, .percent: expectedType = "decimal"
            case .text: expectedType = "text"
            }
            #expect(row["type"] == expectedType, "\(question.id)")
            if let minimum = question.minimum, let maximum = question.maximum {
                #expect(row["constraint"] == ". >= \(Int(minimum)) and . <= \(Int(maximum))", "\(question.id)")
                #expect(row["constraint_message::Russian (ru)"]?.isEmpty == false, "\(question.id)")
            }
        }
        // Each chapter is one group, opened and closed around its questions.
        let types = survey.map { "\($0["type"] ?? "") \($0["name"] ?? "")" }
        for chapter in Chapter.allCases where questionnaire.questions.contains(where: { $0.chapter == chapter }) {
            let begin = try #require(types.firstIndex(of: "begin_group \(group(chapter))"), "group \(group(chapter))")
            let end = try #require(types.firstIndex(of: "end_group \(group(chapter))"), "end of \(group(chapter))")
            let inside = Set(survey[begin..<end].compactMap { $0["name"] })
            for question in questionnaire.questions where question.chapter == chapter {
                #expect(inside.contains(question.id), "\(question.id) outside group \(group(chapter))")
            }
        }

        var listed: [String: Set<String>] = [:]
        var rowsPerList: [String: Int] = [:]
        for row in choices {
            listed[row["list_name"] ?? "", default: []].insert(row["name"] ?? "")
            rowsPerList[row["list_name"] ?? "", default: 0] += 1
        }
        for question in questionnaire.questions where question.type.hasChoices {
            let codes = try #require(listed[question.choiceList], "list \(question.choiceList) missing")
            #expect(codes == Set(question.choices.map(\.code)), "list \(question.choiceList)")
            #expect(rowsPerList[question.choiceList] == question.choices.count, "list \(question.choiceList) written once")
            for choice in question.choices {
                let row = choices.first { $0["list_name"] == question.choiceList && $0["name"] == choice.code }
                #expect(row?["label::French (fr)"] == choice.label[.fr], "\(question.choiceList).\(choice.code)")
                #expect(row?["chapter"] == choice.chapter?.rawValue, "\(question.choiceList).\(choice.code)")
                // The one declaration of the rule for "don't know" answers travels with the form.
                #expect(row?["dont_know"] == (choice.isDontKnow ? "true" : nil), "\(question.choiceList).\(choice.code)")
            }
        }

        #expect(settings.count == 1)
        #expect(settings.first?["form_id"] == questionnaire.id)
        #expect(settings.first?["version"] == questionnaire.version)
        #expect(settings.first?["form_title"] == questionnaire.title[.en])
        #expect(settings.first?["default_language"] == "English (en)")
        #expect(settings.first?["namespaces"] == #"unodc="https://www.unodc.org/legisurvey/xform""#)
    }

    @Test func writingTwiceGivesTheSameBytes() throws {
        let folder = Fixtures.temporaryFolder("xlsform")
        let first = folder.appendingPathComponent("a/questionnaire.xlsx")
        let second = folder.appendingPathComponent("b/questionnaire.xlsx")
        try writer.write(to: first)
        try XLSFormWriter(questionnaire: Fixtures.questionnaire, defaultRound: "2026", labels: Fixtures.formLabels, reference: Fixtures.reference, rounds: Fixtures.rounds).write(to: second)
        let bytes = try Data(contentsOf: first)
        #expect(bytes == (try Data(contentsOf: second)))
        #expect(bytes == (try writer.workbook()))
    }

    @Test func textIsEscaped() throws {
        let tricky = LocalizedText(Dictionary(uniqueKeysWithValues: Language.allCases.map {
            ($0, "A & B < C > \"D\" _x0041_ \u{1}end")
        }))
        let questionnaire = Questionnaire(
            id: "tricky", version: "1", title: tricky,
            questions: [Question(id: "ch3_note", chapter: .legislation, type: .text, label: tricky)])
        let entries = try XLSXZipReader.entries(of: try XLSFormWriter(questionnaire: questionnaire, defaultRound: "r", labels: Fixtures.formLabels, reference: Fixtures.reference, rounds: Fixtures.rounds).workbook())
        let survey = try XLSXSheetReader.records(try #require(entries.first { $0.name == "xl/worksheets/sheet1.xml" }).data)
        let row = try #require(survey.first { $0["name"] == "ch3_note" })
        // Raw cell text: `_x0041_` is written `_x005F_x0041_` (else spreadsheet readers show "A");
        // U+0001 cannot be in XML and is dropped.
        #expect(row["label::English (en)"] == "A & B < C > \"D\" _x005F_x0041_ end")
    }

    /// Runs a program; standard output and error together.
    func execute(_ program: URL, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let result = try await ExternalProgram.run(program, arguments, in: Fixtures.packageRoot, mergeErrors: true)
        return (result.status, result.text)
    }

    @Test func pyxformCompilesTheWorkbook() async throws {
        let program = Fixtures.xls2xform
        guard FileManager.default.isExecutableFile(atPath: program.path) else {
            Issue.record(
                "xls2xform not found at \(program.path): run `make test` (its `pyxform` target installs the pinned pyxform of requirements-interop.txt into $LEGISURVEY_VENV, default ~/.cache/legisurvey/venv)"
            )
            return
        }
        let folder = Fixtures.temporaryFolder("xlsform")
        let workbook = folder.appendingPathComponent("questionnaire.xlsx")
        let xform = folder.appendingPathComponent("questionnaire.xml")
        try writer.write(to: workbook)
        // --skip_validate: pyxform's own checks always run; ODK Validate would need Java.
        let result = try await execute(program, [workbook.path, xform.path, "--skip_validate"])
        #expect(result.status == 0, "xls2xform failed: \(result.output)")
        let text = try #require(try? String(contentsOf: xform, encoding: .utf8), "no XForm written: \(result.output)")

        #expect(text.contains(#"xmlns:unodc="https://www.unodc.org/legisurvey/xform""#))
        #expect(text.contains(#"id="\#(questionnaire.id)""#))
        #expect(text.contains(#"version="\#(questionnaire.version)""#))
        let translations = text.matches(of: /<translation [^>]*>/).map { String($0.output) }
        #expect(translations.count == 6, "\(translations)")
        for language in ["English (en)", "French (fr)", "Spanish (es)", "Russian (ru)", "Chinese (zh)", "Arabic (ar)"] {
            let element = translations.first { $0.contains(#"lang="\#(language)""#) }
            #expect(element != nil, "no translation \(language)")
            #expect(element?.contains(#"default="true()""#) == (language == "English (en)"), "\(element ?? "")")
        }
        // Every language has its own constraint message: pyxform writes "-" for a missing one.
        #expect(!text.contains("<value>-</value>"), "a text is missing in some language")
        let binds = text.matches(of: /<bind [^>]*>/).map { String($0.output) }
        for question in questionnaire.questions {
            let nodeset = #"nodeset="/data/\#(group(question.chapter))/\#(question.id)""#
            let bind = try #require(binds.first { $0.contains(nodeset) }, "no bind for \(question.id)")
            #expect(bind.contains(#"unodc:chapter="\#(question.chapter.rawValue)""#), "\(bind)")
            #expect(bind.contains(#"unodc:qtype="\#(question.type.rawValue)""#), "\(bind)")
        }
        for question in questionnaire.questions where question.type.hasChoices {
            #expect(text.contains(#"<instance id="\#(question.choiceList)">"#), "list \(question.choiceList)")
        }
        #expect(text.contains("<round>2026</round>"), "the default round is a static default")
    }

    @Test func aRoundWithAHyphenStaysText() async throws {
        let program = Fixtures.xls2xform
        guard FileManager.default.isExecutableFile(atPath: program.path) else {
            Issue.record("xls2xform not found at \(program.path): run `make test`")
            return
        }
        // pyxform would read `2027-b` as the expression 2027 minus `b`; it must reach the form as text.
        let folder = Fixtures.temporaryFolder("xlsform")
        let workbook = folder.appendingPathComponent("round.xlsx")
        let xform = folder.appendingPathComponent("round.xml")
        try XLSFormWriter(questionnaire: questionnaire, defaultRound: "2027-b", labels: Fixtures.formLabels, reference: Fixtures.reference, rounds: Fixtures.rounds).write(to: workbook)
        let result = try await execute(program, [workbook.path, xform.path, "--skip_validate"])
        #expect(result.status == 0, "xls2xform failed: \(result.output)")
        let text = try #require(try? String(contentsOf: xform, encoding: .utf8), "no XForm written: \(result.output)")
        let setvalue = text.matches(of: /<setvalue [^>]*ref="\/data\/round"[^>]*>/).map { String($0.output) }
        #expect(setvalue.count == 1, "\(setvalue)")
        #expect(setvalue.first?.contains(#"value="string('2027-b')""#) == true, "\(setvalue)")
    }

    @Test func theCommandWritesTheWorkbook() async throws {
        let folder = Fixtures.temporaryFolder("xlsform-cli")
        let output = folder.appendingPathComponent("out/form.xlsx")
        let binary = try #require(Self.binary, "legisurvey binary not found")
        let result = try await execute(binary, ["questionnaire", "xlsform", "--output", output.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == output.path + "\n")
        #expect((try Data(contentsOf: output)) == (try writer.workbook()))
    }

    /// `questionnaire xlsform --output` on anything but a regular file or a new path is refused
    /// with one line and leaves it as it was (issue 16 §6: it replaced a FIFO, and as root
    /// `/dev/full`, with a regular file). Devices are refused by the same `lstat` file-type check;
    /// a FIFO, a folder and symlinks stand for the class here (making a device needs root).
    @Test(arguments: ["fifo", "folder", "symlink-to-file", "dangling-symlink"])
    func theCommandRefusesAnythingButARegularFileOrANewPath(_ kind: String) async throws {
        let folder = Fixtures.temporaryFolder("xlsform-refuse")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("form.xlsx")
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("keep\n".utf8).write(to: victim)
        switch kind {
        case "fifo": try #require(mkfifo(target.path, 0o644) == 0)
        case "folder": try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        case "symlink-to-file": try FileManager.default.createSymbolicLink(at: target, withDestinationURL: victim)
        default: try FileManager.default.createSymbolicLink(atPath: target.path, withDestinationPath: "nowhere.xlsx")
        }
        let kindName = ["fifo": "FIFO", "folder": "folder"][kind] ?? "symbolic link"
        let before = try Self.identity(target)
        let binary = try #require(Self.binary, "legisurvey binary not found")
        let result = try await execute(binary, ["questionnaire", "xlsform", "--output", target.path])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output == "legisurvey: error: refusing to write \(target.path): it is a \(kindName), not a regular file; "
            + "name a regular file or a new path\n")
        let after = try Self.identity(target)
        #expect(after == before, "\(target.path) was replaced")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["form.xlsx", "victim.txt"])
    }

    /// An existing regular file is replaced whole through a temporary file and a rename (a new
    /// inode, so a reader holding the old file never sees a mix), and no temporary file is left.
    @Test func theCommandReplacesARegularFileThroughARename() async throws {
        let folder = Fixtures.temporaryFolder("xlsform-replace")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("form.xlsx")
        try Data("old workbook".utf8).write(to: target)
        let before = try Self.identity(target)
        let binary = try #require(Self.binary, "legisurvey binary not found")
        let result = try await execute(binary, ["questionnaire", "xlsform", "--output", target.path])
        #expect(result.status == 0, "\(result.output)")
        #expect((try Data(contentsOf: target)) == (try writer.workbook()))
        let after = try Self.identity(target)
        #expect(after.inode != before.inode, "written in place, not through a rename")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["form.xlsx"])
    }

    /// What a path names, not followed if it is a symbolic link (`FileManager` reads it with
    /// `lstat`): its file type and inode, to tell whether it was replaced.
    struct Identity: Equatable {
        var type: FileAttributeType?
        var inode: Int?
    }

    static func identity(_ url: URL) throws -> Identity {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        let inode = attributes[.systemFileNumber].flatMap { ($0 as? NSNumber)?.intValue }
        try #require(inode != nil, "no inode for \(url.path)")
        return Identity(type: attributes[.type] as? FileAttributeType, inode: inode)
    }

    /// The built `legisurvey` executable next to the test bundle.
    static var binary: URL? {
        [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("legisurvey"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("legisurvey"),
        ].compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

/// A minimal reader of ZIP archives with stored (uncompressed) entries, independent of ZIPFoundation.
enum XLSXZipReader {
    struct Entry {
        var name: String
        var modificationTime: UInt16
        var modificationDate: UInt16
        var data: Data
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func entries(of archive: Data) throws -> [Entry] {
        let bytes = [UInt8](archive)
        func u16(_ at: Int) throws -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw Failure(description: "truncated at \(at)") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> Int { try u16(at) | u16(at + 2) << 16 }

        guard bytes.count >= 22 else { throw Failure(description: "not a ZIP archive: \(bytes.count) bytes") }
        var end = bytes.count - 22
        while end >= 0, try u32(end) != 0x0605_4b50 { end -= 1 }
        guard end >= 0 else { throw Failure(description: "no end-of-central-directory record") }
        let count = try u16(end + 10)
        var offset = try u32(end + 16)
        var entries: [Entry] = []
        for _ in 0..<count {
            guard try u32(offset) == 0x0201_4b50 else { throw Failure(description: "bad central directory at \(offset)") }
            let method = try u16(offset + 10)
            let time = try u16(offset + 12)
            let date = try u16(offset + 14)
            let compressed = try u32(offset + 20)
            let nameLength = try u16(offset + 28)
            let extra = try u16(offset + 30)
            let comment = try u16(offset + 32)
            let local = try u32(offset + 42)
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            guard method == 0 else { throw Failure(description: "\(name): compression method \(method), expected stored") }
            guard try u32(local) == 0x0403_4b50 else { throw Failure(description: "\(name): bad local header") }
            let start = try local + 30 + u16(local + 26) + u16(local + 28)
            guard start + compressed <= bytes.count else { throw Failure(description: "\(name): truncated") }
            entries.append(
                Entry(
                    name: name, modificationTime: UInt16(time), modificationDate: UInt16(date),
                    data: Data(bytes[start..<(start + compressed)])))
            offset += 46 + nameLength + extra + comment
        }
        return entries
    }
}

/// Reads a SpreadsheetML worksheet of inline strings into records keyed by the header row.
final class XLSXSheetReader: NSObject, XMLParserDelegate {
    private var rows: [[Int: String]] = []
    private var column = 0
    private var text: String?

    static func records(_ data: Data) throws -> [[String: String]] {
        let reader = XLSXSheetReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else {
            throw XLSXZipReader.Failure(description: "worksheet is not well-formed XML: \(String(describing: parser.parserError))")
        }
        guard let header = reader.rows.first else { return [] }
        return reader.rows.dropFirst().map { row in
            var record: [String: String] = [:]
            for (index, value) in row { if let name = header[index] { record[name] = value } }
            return record
        }
    }

    /// 0-based column of a cell reference (`C12` → 2).
    static func column(of reference: String) -> Int {
        reference.unicodeScalars.prefix { $0.properties.isAlphabetic }.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch elementName {
        case "row": rows.append([:])
        case "c": column = Self.column(of: attributes["r"] ?? "")
        case "t": text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if text != nil { text? += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard elementName == "t", let value = text, !rows.isEmpty else { return }
        rows[rows.count - 1][column] = value
        text = nil
    }
}
