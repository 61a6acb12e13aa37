// libFuzzer target: the `.xlsx` reader (the container's checks, each part through libxml2's push
// parser, shared strings, styles and dates, merged cells, hidden sheets and rows, the own-sheets
// layouts and the questionnaire workbook's layout), through the public
// `Extractor.extract(bytes:path:options:)`.
//
// A mutated zip almost always fails its CRC check, which would keep the fuzzer at the door; so the
// input is one part of a workbook the target packs itself (stored entries, right CRCs): the first
// byte chooses which part the rest of the input replaces in a fixed workbook (a sheet of answers,
// the shared strings, the styles, the workbook part, a questionnaire workbook's stamp or chapter
// sheet); the whole input is also read as a file of its own, for the container's checks.
import Foundation
import FuzzDriver
import SurveyExtract
import SurveyModel

/// FUZZ_VERBOSE=1: print what each input gave (to check a corpus file: `FuzzXLSX FILE`).
private let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] == "1"

private let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
private let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/// The fixed workbook: two sheets and a very hidden stamp (the questionnaire workbook's layout).
private let parts: [(String, String)] = [
    ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#),
    ("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
    ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><workbookPr date1904="0"/><sheets><sheet name="Réponses" sheetId="1" r:id="rId1"/><sheet name="Chapter 3" sheetId="2" r:id="rId2"/><sheet name="_legisurvey" sheetId="3" state="veryHidden" r:id="rId3"/></sheets></workbook>"#),
    ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relationships)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\#(relationships)/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="\#(relationships)/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="rId4" Type="\#(relationships)/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId5" Type="\#(relationships)/styles" Target="styles.xml"/></Relationships>"#),
    ("xl/sharedStrings.xml", #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="\#(main)"><si><t>country</t></si><si><t>round</t></si><si><t>ch3_specific_law</t></si><si><r><t>Oui</t></r></si></sst>"#),
    ("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="\#(main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#),
    ("xl/worksheets/sheet1.xml", #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(main)"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2" hidden="1"><c r="A2" t="inlineStr"><is><t>France</t></is></c><c r="B2"><v>2026</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" s="1"><v>46000</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="C1:D1"/></mergeCells></worksheet>"#),
    ("xl/worksheets/sheet2.xml", #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>#chapter 3</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>ch3_specific_law</t></is></c><c r="C3" t="inlineStr"><is><t>yes</t></is></c></row><row r="4"><c r="A4" t="inlineStr"><is><t>ch3_instruments/budapest</t></is></c><c r="C4" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#),
    ("xl/worksheets/sheet3.xml", #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>legisurvey-questionnaire-workbook</t></is></c><c r="B1"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>questionnaire_version</t></is></c><c r="B2" t="inlineStr"><is><t>2026.2</t></is></c></row></sheetData></worksheet>"#),
]

/// The parts an input may replace, by its first byte.
private let replaceable = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet2.xml"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = read(bytes)
    guard size > 0 else { return 0 }
    let target = replaceable[Int(bytes[0]) % replaceable.count]
    // Without the stamp sheet half of the time: the own-sheets layouts.
    let withStamp = bytes[0] & 0x80 == 0
    var entries: [(String, [UInt8])] = []
    for (name, text) in parts {
        if name == target {
            entries.append((name, Array(bytes.dropFirst())))
        } else if name == "xl/workbook.xml" && !withStamp {
            entries.append((name, Array(text.replacingOccurrences(of: #"<sheet name="_legisurvey" sheetId="3" state="veryHidden" r:id="rId3"/>"#, with: "").utf8)))
        } else {
            entries.append((name, Array(text.utf8)))
        }
    }
    _ = read(storedZip(entries))
    return 0
}

/// Reads the bytes as `f.xlsx` and touches everything handed on.
private func read(_ bytes: [UInt8]) -> Int {
    var seen = 0
    let file = Extractor().extract(bytes: bytes, path: "f.xlsx", options: ReadOptions()) { submission in
        seen += submission.answers.reduce(0) { $0 + $1.values.count + $1.field.utf8.count + $1.groups.count }
        seen += submission.diagnostics.count + (submission.country?.text.utf8.count ?? 0)
    }
    for diagnostic in file.diagnostics { seen += diagnostic.message.utf8.count + diagnostic.location.description.utf8.count }
    if verbose {
        print("\(file.file.format.rawValue): \(file.submissionCount) submissions, diagnostics: \(file.diagnostics.map(\.code.rawValue))")
    }
    return seen + file.submissionCount
}

// MARK: - A stored (uncompressed) zip archive

private let crcTable: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
}

private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
}

private func storedZip(_ entries: [(String, [UInt8])]) -> [UInt8] {
    func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
    var archive: [UInt8] = []
    var directory: [UInt8] = []
    for (name, content) in entries {
        let nameBytes = Array(name.utf8)
        let crc = crc32(content)
        let offset = UInt32(archive.count)
        let common = le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(UInt32(content.count))
            + le32(UInt32(content.count)) + le16(nameBytes.count) + le16(0)
        archive += le32(0x0403_4B50) + common + nameBytes + content
        directory += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
    }
    let start = UInt32(archive.count)
    archive += directory
    archive += le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count) + le32(UInt32(directory.count))
        + le32(start) + le16(0)
    return archive
}

/// The program's entry point: SwiftPM links `main` to `FuzzXLSX_main` (see FuzzDriver.h).
@_cdecl("FuzzXLSX_main")
public func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    legisurvey_fuzz_main(argc, argv)
}
