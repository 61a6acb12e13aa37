public import Foundation
import ZIPFoundation
import SurveyModel

/// A minimal SpreadsheetML workbook (`.xlsx`): named sheets of text cells, written as a ZIP of
/// stored entries. The bytes are deterministic: fixed entry order, a fixed modification date
/// (1980-01-01 00:00 UTC, the DOS epoch) and no compression, so the same sheets give the same file
/// on any platform, whatever its zlib. The XLSForm export writes one; later spreadsheet outputs
/// can too.
public struct XLSXWorkbook: Sendable {
    /// One sheet: a name and its rows of text cells, the first row being the header.
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var rows: [[String]]

        public init(name: String, rows: [[String]]) {
            self.name = name
            self.rows = rows
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// The workbook as `.xlsx` bytes; `what` names it in errors.
    public func data(what: String = "workbook") throws -> Data {
        var entries: [(path: String, text: String)] = [
            ("[Content_Types].xml", Self.contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", Self.packageRelationships),
            ("xl/workbook.xml", Self.workbookXML(sheets: sheets)),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", Self.styles),
        ]
        for (position, sheet) in sheets.enumerated() {
            entries.append(("xl/worksheets/sheet\(position + 1).xml", Self.worksheetXML(sheet)))
        }

        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
        } catch {
            throw FormExportError.writeFailed(path: what, detail: "cannot create a ZIP archive: \(error)")
        }
        for entry in entries {
            let bytes = Data(entry.text.utf8)
            do {
                try archive.addEntry(
                    with: entry.path, type: .file, uncompressedSize: Int64(bytes.count),
                    modificationDate: Self.entryDate, compressionMethod: .none
                ) { position, size in
                    let start = bytes.startIndex + Int(position)
                    return bytes.subdata(in: start..<min(start + size, bytes.endIndex))
                }
            } catch {
                throw FormExportError.writeFailed(path: what, detail: "cannot add \(entry.path): \(error)")
            }
        }
        guard let data = archive.data else {
            throw FormExportError.writeFailed(path: what, detail: "the in-memory ZIP archive has no data")
        }
        return data
    }

    /// The modification date of every entry: 1980-01-01 00:00:00 UTC (ZIPFoundation converts with `gmtime`).
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    // MARK: - SpreadsheetML parts

    static let xmlDeclaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(sheetCount: Int) -> String {
        var text = xmlDeclaration
        text += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        text += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        text += #"<Default Extension="xml" ContentType="application/xml"/>"#
        text += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for number in 1...max(sheetCount, 1) {
            text += #"<Override PartName="/xl/worksheets/sheet\#(number).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        text += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        text += "</Types>"
        return text
    }

    static let packageRelationships =
        xmlDeclaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    static func workbookXML(sheets: [Sheet]) -> String {
        var text = xmlDeclaration
        text += #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)"><sheets>"#
        for (position, sheet) in sheets.enumerated() {
            text += #"<sheet name="\#(escape(sheet.name))" sheetId="\#(position + 1)" r:id="rId\#(position + 1)"/>"#
        }
        text += "</sheets></workbook>"
        return text
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var text = xmlDeclaration
        text += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for number in 1...max(sheetCount, 1) {
            text += #"<Relationship Id="rId\#(number)" Type="\#(relationshipNamespace)/worksheet" Target="worksheets/sheet\#(number).xml"/>"#
        }
        text += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relationshipNamespace)/styles" Target="styles.xml"/>"#
        text += "</Relationships>"
        return text
    }

    /// The smallest style sheet Excel accepts: one font, the two required fills, one border, one format.
    static let styles =
        xmlDeclaration + #"<styleSheet xmlns="\#(mainNamespace)">"#
        + #"<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    /// A worksheet of inline-string cells; empty cells are left out; the header row is frozen.
    static func worksheetXML(_ sheet: Sheet) -> String {
        let width = sheet.rows.map(\.count).max() ?? 1
        var text = xmlDeclaration
        text += #"<worksheet xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
        text += #"<dimension ref="A1:\#(columnName(max(width, 1) - 1))\#(max(sheet.rows.count, 1))"/>"#
        text += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        text += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            text += #"<row r="\#(rowIndex + 1)">"#
            for (columnIndex, value) in row.enumerated() where !value.isEmpty {
                let reference = "\(columnName(columnIndex))\(rowIndex + 1)"
                let space = value.first?.isWhitespace == true || value.last?.isWhitespace == true ? #" xml:space="preserve""# : ""
                text += #"<c r="\#(reference)" t="inlineStr"><is><t\#(space)>\#(escape(cellText(value)))</t></is></c>"#
            }
            text += "</row>"
        }
        text += "</sheetData></worksheet>"
        return text
    }

    /// Spreadsheet column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var number = index + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + remainder))), at: 0)
            number = (number - 1) / 26
        }
        return String(letters)
    }

    /// Protects a literal `_xHHHH_` in a cell, which SpreadsheetML would read as an escaped
    /// character (ECMA-376 ST_Xstring): its underscore is written `_x005F_`.
    static func cellText(_ value: String) -> String {
        guard value.contains("_x") else { return value }
        let scalars = Array(value.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x",
                scalars[(index + 2)...(index + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }), scalars[index + 6] == "_"
            {
                result.append(contentsOf: "_x005F_".unicodeScalars)
            } else {
                result.append(scalars[index])
            }
            index += 1
        }
        return String(result)
    }

    /// Escapes text for XML content and attribute values (``XMLText/escape(_:apostrophe:)``).
    static func escape(_ value: String) -> String { XMLText.escape(value) }
}
