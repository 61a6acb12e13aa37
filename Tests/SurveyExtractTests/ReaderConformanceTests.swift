import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing
import ZIPFoundation

/// Every built-in reader, in each layout it reads, through the reader conformance suite
/// (`ReaderConformance` in SurveyTestSupport); and the registry's own rules.
@Suite struct ReaderConformanceTests {
    /// Each layout of each built-in reader, with how to write it.
    static let conformances: [ReaderConformance] = [
        ReaderConformance(
            XMLReader(), name: "XML, native format",
            encodings: [.utf16LEWithBOM, Samples.xmlDeclared("windows-1252", .windowsCP1252)], checks: [.xml],
            writeRepeats: Samples.nativeXMLRepeats, write: Samples.nativeXML),
        ReaderConformance(
            XMLReader(), name: "XML, XForm instance", submissionsPerFile: 1, encodings: [.utf16LEWithBOM], checks: [.xml],
            writeRepeats: Samples.xformInstanceRepeats, write: Samples.xformInstance),
        ReaderConformance(
            CSVReader(), name: "CSV, wide layout", encodings: [.utf16LEWithBOM, .windows1252Fallback],
            checks: [.fieldsPerRecord], write: { Samples.wideCSV($0) }),
        ReaderConformance(
            CSVReader(), name: "CSV, wide layout, semicolons", encodings: [.utf16LEWithBOM, .windows1252Fallback],
            checks: [.fieldsPerRecord], write: { Samples.wideCSV($0, delimiter: ";") }),
        ReaderConformance(
            CSVReader(), name: "CSV, long layout", encodings: [.utf16LEWithBOM, .windows1252Fallback],
            writeRepeats: Samples.longCSVRepeats, write: Samples.longCSV),
        ReaderConformance(
            CSVReader(), name: "CSV, ODK Central export", encodings: [.utf16LEWithBOM], checks: [.fieldsPerRecord],
            write: { Samples.wideCSV($0, extra: Samples.centralColumns) }),
        ReaderConformance(
            CSVReader(), name: "CSV, KoboToolbox export", encodings: [.utf16LEWithBOM], checks: [.fieldsPerRecord],
            write: { Samples.wideCSV($0, extra: Samples.koboColumns) }),
        ReaderConformance(
            ZipExportReader(), name: "ODK Central .csv.zip", isText: false, checks: [.fieldsPerRecord],
            writeRepeats: Samples.centralZipRepeats,
            write: { Samples.zip(Samples.wideCSV($0, extra: Samples.centralColumns), entry: "cybercrime.csv") }),
        // A wide sheet cannot carry repeats (one cell per column), as the wide CSV layout.
        ReaderConformance(
            XLSXReader(), name: "Excel workbook (.xlsx), wide sheet", isText: false, checks: [.fieldsPerRecord],
            write: XLSXSamples.wide),
        ReaderConformance(
            XLSXReader(), name: "Excel workbook (.xlsx), transposed sheet", isText: false, write: XLSXSamples.transposed),
        // The questionnaire workbook holds one submission, and repeats on their own sheets.
        ReaderConformance(
            XLSXReader(), name: "Excel workbook (.xlsx), questionnaire workbook", submissionsPerFile: 1, isText: false,
            writeRepeats: TemplateSamples.filledWithRepeats, write: TemplateSamples.filled),
    ]

    @Test(arguments: conformances)
    func builtInReaderConforms(_ conformance: ReaderConformance) {
        conformance.run()
    }

    /// No reader of the standard registry goes without a conformance test.
    @Test func everyStandardReaderIsTested() {
        let tested = Set(Self.conformances.map(\.reader.name))
        for reader in ReaderRegistry.standard.readers {
            #expect(tested.contains(reader.name), "reader \(reader.name) has no conformance test")
        }
        #expect(ReaderRegistry.standard.extensions == ["xml", "csv", "zip", "xlsx"])
        #expect(Extractor.extensions == ["xml", "csv", "zip", "xlsx"])
    }

    /// A second reader for a claimed extension is refused, naming both readers; so are claims
    /// that are not extensions.
    @Test func claimsAreUnambiguous() throws {
        var registry = ReaderRegistry.standard
        #expect(throws: ReaderRegistryError.extensionClaimed("csv", reader: "CSV", claimedBy: "CSV")) {
            try registry.register(CSVReader())
        }
        let error = ReaderRegistryError.extensionClaimed("csv", reader: "Other", claimedBy: "CSV")
        #expect(error.description.contains("already claimed by reader CSV"))
        #expect(throws: ReaderRegistryError.invalidExtension(".tsv", reader: "Odd")) {
            try registry.register(OddReader(extensions: [".tsv"]))
        }
        #expect(throws: ReaderRegistryError.noExtension(reader: "Odd")) { try registry.register(OddReader(extensions: [])) }
        // A refused registration leaves the registry as it was.
        #expect(registry.extensions == ["xml", "csv", "zip", "xlsx"])
        try registry.register(OddReader(extensions: ["tsv"]))
        #expect(registry.reader(forExtension: "tsv")?.name == "Odd")
        #expect(registry.expectedExtensions == ".xml, .csv, .zip, .xlsx or .tsv")
        #expect(ReaderRegistry.standard.cacheSalt == "")
        #expect(registry.cacheSalt != "")
    }

    /// The unknown-format diagnostic lists what the extractor's readers claim.
    @Test func unknownFormatListsTheRegistry() throws {
        let standard = Extractor().extract(bytes: Array("x".utf8), path: "a.json") { _ in }
        #expect(standard.diagnostics.map(\.code) == [.fileFormatUnknown])
        #expect(standard.diagnostics.first?.expected == ".xml, .csv, .zip or .xlsx")
        let registry = try ReaderRegistry(readers: [CSVReader()])
        let custom = Extractor(readers: registry).extract(bytes: Array("x".utf8), path: "a.xml") { _ in }
        #expect(custom.diagnostics.first?.expected == ".csv")
        #expect(custom.file.sha256 == SHA256.hex(Data("x".utf8)))
    }

    /// The CSV delimiter does not depend on the chunk size (it was sniffed from the first chunk).
    @Test func delimiterDoesNotDependOnTheChunkSize() {
        let text = "country;round;ch3_specific_law\nBRA;2026;yes\n"
        var reference: [RawSubmission] = []
        _ = Extractor().extract(bytes: Array(text.utf8), path: "a.csv") { reference.append($0) }
        #expect(reference.first?.answers.map(\.field) == ["ch3_specific_law"])
        for size in [1, 4, 9] {
            var submissions: [RawSubmission] = []
            _ = Extractor(chunkSize: size).extract(bytes: Array(text.utf8), path: "a.csv") { submissions.append($0) }
            #expect(submissions == reference, "chunk size \(size)")
        }
    }
}

/// A reader that claims what it is told and reads nothing (registry tests).
private struct OddReader: SubmissionReader {
    var extensions: [String]
    var name: String { "Odd" }
    var formats: [SourceFormat] { [SourceFormat(rawValue: "odd")!] }
    func read(_ input: SubmissionInput, _ submit: (RawSubmission) -> Void) -> ReaderResult {
        ReaderResult(format: formats[0])
    }
}

/// How to write each built-in layout.
enum Samples {
    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    @Sendable static func nativeXML(_ submissions: [ConformanceSubmission]) -> [UInt8] {
        var text = "<?xml version=\"1.0\"?>\n<submissions>\n"
        for submission in submissions {
            text += "  <submission country=\"\(xmlEscaped(submission.country))\" round=\"\(xmlEscaped(submission.round))\">\n"
            for answer in submission.answers {
                text += "    <answer question=\"\(xmlEscaped(answer.field))\">\(xmlEscaped(answer.value))</answer>\n"
            }
            text += "  </submission>\n"
        }
        return Array((text + "</submissions>\n").utf8)
    }

    @Sendable static func xformInstance(_ submissions: [ConformanceSubmission]) -> [UInt8] {
        var text = "<?xml version=\"1.0\"?>\n<data id=\"cybercrime\" version=\"\(Fixtures.questionnaire.version)\">\n"
        for submission in submissions {
            text += "  <country>\(xmlEscaped(submission.country))</country>\n  <round>\(xmlEscaped(submission.round))</round>\n"
            for answer in submission.answers { text += "  <\(answer.field)>\(xmlEscaped(answer.value))</\(answer.field)>\n" }
        }
        return Array((text + "  <meta><instanceID>uuid:conformance</instanceID></meta>\n</data>\n").utf8)
    }

    /// An XML sample in another encoding, declared in the XML declaration.
    static func xmlDeclared(_ name: String, _ encoding: String.Encoding) -> ConformanceEncoding {
        ConformanceEncoding("XML declared \(name)") { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
                .replacingOccurrences(of: "<?xml version=\"1.0\"?>", with: "<?xml version=\"1.0\" encoding=\"\(name)\"?>")
            return text.data(using: encoding).map { [UInt8]($0) }
        }
    }

    static func csvQuoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static let centralColumns: [(String, @Sendable (Int) -> String)] = [
        ("SubmissionDate", { "2026-03-0\($0 + 1)T10:00:00.000Z" }), ("KEY", { "uuid:central-\($0)" }), ("ReviewState", { _ in "" }),
    ]
    static let koboColumns: [(String, @Sendable (Int) -> String)] = [
        ("_uuid", { "kobo-\($0)" }), ("_submission_time", { "2026-03-0\($0 + 1)T10:00:00" }),
    ]

    /// One row per submission, a column per field (in order of first appearance), then `extra`.
    static func wideCSV(
        _ submissions: [ConformanceSubmission], delimiter: String = ",", extra: [(String, @Sendable (Int) -> String)] = []
    ) -> [UInt8] {
        var fields: [String] = []
        for answer in submissions.flatMap(\.answers) where !fields.contains(answer.field) { fields.append(answer.field) }
        var text = (["country", "round"] + fields + extra.map(\.0)).joined(separator: delimiter) + "\n"
        for (index, submission) in submissions.enumerated() {
            let values = fields.map { field in submission.answers.first { $0.field == field }?.value ?? "" }
            let row = [submission.country, submission.round] + values + extra.map { $0.1(index) }
            text += row.map(csvQuoted).joined(separator: delimiter) + "\n"
        }
        return Array(text.utf8)
    }

    /// One row per answer.
    @Sendable static func longCSV(_ submissions: [ConformanceSubmission]) -> [UInt8] {
        var text = "country,round,question_id,value\n"
        for submission in submissions {
            for answer in submission.answers {
                text += [submission.country, submission.round, answer.field, answer.value].map(csvQuoted).joined(separator: ",") + "\n"
            }
        }
        return Array(text.utf8)
    }

    // MARK: Repeats (docs/formats.md: each format's repeat syntax)

    /// The repeat answers as a tree: per occurrence of the outer repeat, its answers and the
    /// occurrences of each nested repeat, in order.
    final class Occurrence {
        var answers: [(String, String)] = []
        var inner: [(String, [Occurrence])] = []
    }
    static func tree(_ answers: [ConformanceRepeatAnswer]) -> [(String, [Occurrence])] {
        var top: [(String, [Occurrence])] = []
        func place(_ answer: ConformanceRepeatAnswer, level: Int, in list: inout [(String, [Occurrence])]) {
            let id = answer.groups[level]
            let position = answer.positions[level]
            let at: Int
            if let found = list.firstIndex(where: { $0.0 == id }) {
                at = found
            } else {
                list.append((id, []))
                at = list.count - 1
            }
            while list[at].1.count < position { list[at].1.append(Occurrence()) }
            let occurrence = list[at].1[position - 1]
            if level == answer.groups.count - 1 {
                occurrence.answers.append((answer.field, answer.value))
            } else {
                place(answer, level: level + 1, in: &occurrence.inner)
            }
        }
        for answer in answers { place(answer, level: 0, in: &top) }
        return top
    }

    @Sendable static func nativeXMLRepeats(_ submission: ConformanceSubmission, _ repeats: [ConformanceRepeatAnswer]) -> [UInt8] {
        var text = "<?xml version=\"1.0\"?>\n<submissions>\n"
        text += "  <submission country=\"\(xmlEscaped(submission.country))\" round=\"\(xmlEscaped(submission.round))\">\n"
        for answer in submission.answers {
            text += "    <answer question=\"\(xmlEscaped(answer.field))\">\(xmlEscaped(answer.value))</answer>\n"
        }
        func write(_ list: [(String, [Occurrence])], indent: String) {
            for (id, occurrences) in list {
                text += "\(indent)<answer question=\"\(id)\">\n"
                for occurrence in occurrences {
                    text += "\(indent)  <entry>\n"
                    for (field, value) in occurrence.answers {
                        text += "\(indent)    <answer question=\"\(field)\">\(xmlEscaped(value))</answer>\n"
                    }
                    write(occurrence.inner, indent: indent + "    ")
                    text += "\(indent)  </entry>\n"
                }
                text += "\(indent)</answer>\n"
            }
        }
        let tree = tree(repeats)
        write(tree.isEmpty ? [("laws", [])] : tree, indent: "    ")  // zero laws: an answer without entry
        return Array((text + "  </submission>\n</submissions>\n").utf8)
    }

    @Sendable static func xformInstanceRepeats(_ submission: ConformanceSubmission, _ repeats: [ConformanceRepeatAnswer]) -> [UInt8] {
        var text = "<?xml version=\"1.0\"?>\n<data xmlns:jr=\"http://openrosa.org/javarosa\" id=\"cybercrime\" version=\"\(Fixtures.questionnaire.version)\">\n"
        text += "  <country>\(xmlEscaped(submission.country))</country>\n  <round>\(xmlEscaped(submission.round))</round>\n"
        for answer in submission.answers { text += "  <\(answer.field)>\(xmlEscaped(answer.value))</\(answer.field)>\n" }
        // The form's blank copy, as a primary instance holds it: not data.
        text += "  <laws jr:template=\"\"><title/><year_adopted/><amendments jr:template=\"\"><year/></amendments></laws>\n"
        func write(_ list: [(String, [Occurrence])], indent: String) {
            for (id, occurrences) in list {
                for occurrence in occurrences {
                    text += "\(indent)<\(id)>\n"
                    for (field, value) in occurrence.answers { text += "\(indent)  <\(field)>\(xmlEscaped(value))</\(field)>\n" }
                    write(occurrence.inner, indent: indent + "  ")
                    text += "\(indent)</\(id)>\n"
                }
            }
        }
        write(tree(repeats), indent: "  ")
        return Array((text + "  <meta><instanceID>uuid:conformance</instanceID></meta>\n</data>\n").utf8)
    }

    @Sendable static func longCSVRepeats(_ submission: ConformanceSubmission, _ repeats: [ConformanceRepeatAnswer]) -> [UInt8] {
        var text = "country,round,question_id,repeat_index,value\n"
        for answer in submission.answers {
            text += [submission.country, submission.round, answer.field, "", answer.value].map(csvQuoted).joined(separator: ",") + "\n"
        }
        for answer in repeats {
            let question = (answer.groups + [answer.field]).joined(separator: "/")
            let index = answer.positions.map(String.init).joined(separator: "/")
            text += [submission.country, submission.round, question, index, answer.value].map(csvQuoted).joined(separator: ",") + "\n"
        }
        return Array(text.utf8)
    }

    /// ODK Central's `.csv.zip`: the root table, then one table per repeat (leaf columns, then
    /// PARENT_KEY and KEY as Central writes them); the nested table's columns carry the group
    /// prefix (`amendments-year`), the outer one's do not.
    @Sendable static func centralZipRepeats(_ submission: ConformanceSubmission, _ repeats: [ConformanceRepeatAnswer]) -> [UInt8] {
        let root = wideCSV([submission], extra: centralColumns)
        let instanceID = centralColumns[1].1(0)
        // Header-only tables when nobody answered, as Central writes them.
        var tables: [String: (columns: [String], rows: [[String: String]])] = ["laws": (["title"], []), "amendments": (["amendments-year"], [])]
        func write(_ list: [(String, [Occurrence])], parent: String) {
            for (id, occurrences) in list {
                for (index, occurrence) in occurrences.enumerated() {
                    let key = "\(parent)/\(id)[\(index + 1)]"
                    var row = ["PARENT_KEY": parent, "KEY": key]
                    for (field, value) in occurrence.answers {
                        let column = id == "laws" ? field : "\(id)-\(field)"
                        row[column] = value
                        if tables[id]?.columns.contains(column) == false { tables[id]?.columns.append(column) }
                    }
                    tables[id]?.rows.append(row)
                    write(occurrence.inner, parent: key)
                }
            }
        }
        write(tree(repeats), parent: instanceID)
        var entries: [(name: String, bytes: [UInt8], deflate: Bool)] = [("cybercrime.csv", root, true)]
        for id in ["laws", "amendments"] {
            let table = tables[id]!
            let header = table.columns + ["PARENT_KEY", "KEY"]
            var text = header.joined(separator: ",") + "\n"
            for row in table.rows { text += header.map { csvQuoted(row[$0] ?? "") }.joined(separator: ",") + "\n" }
            entries.append(("cybercrime-\(id).csv", Array(text.utf8), true))
        }
        do { return try ZipSamples.archive(entries) } catch {
            Issue.record("cannot write the zip sample: \(error)")
            return []
        }
    }

    /// A zip archive holding `bytes` as `entry`.
    static func zip(_ bytes: [UInt8], entry: String) -> [UInt8] {
        do {
            let archive = try Archive(accessMode: .create)
            let data = Data(bytes)
            try archive.addEntry(
                with: entry, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 315_532_800),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
            return [UInt8](archive.data ?? Data())
        } catch {
            Issue.record("cannot write the zip sample: \(error)")
            return []
        }
    }
}
