public import Foundation
public import SurveyModel
import ZIPFoundation

/// Writes a questionnaire as an XLSForm workbook (`.xlsx`) that pyxform compiles to an XForm.
///
/// The workbook has the three XLSForm sheets: `survey` (a `country` and a `round` field, then one
/// group per chapter, `ch3` … `ch8` and `ta`, holding the chapter's questions under their
/// questionnaire ids), `choices` (every choice list once, under its questionnaire name) and
/// `settings`. Each question carries its chapter and its questionnaire type as the custom bind
/// attributes `unodc:chapter` and `unodc:qtype`, so an XForm reader can recover `legal_form`,
/// `percent` and `year`, which XForm types cannot express.
///
/// The bytes are deterministic: fixed entry order, a fixed modification date (1980-01-01 00:00 UTC,
/// the DOS epoch) and stored (uncompressed) entries, so the same questionnaire gives the same file on
/// any platform, whatever its zlib.
public struct XLSFormWriter: Sendable {
    /// The questionnaire written.
    public var questionnaire: Questionnaire
    /// The round given to submissions that do not name one: the `round` field's default.
    public var defaultRound: String

    /// Creates a writer for `questionnaire`; `defaultRound` is the pipeline's `default_round`.
    public init(questionnaire: Questionnaire, defaultRound: String) {
        self.questionnaire = questionnaire
        self.defaultRound = defaultRound
    }

    /// Languages in the order of the `label::` columns, with the XLSForm language names
    /// ("English (en)": a name plus the IANA subtag, which ODK uses to pick fonts and direction).
    static let languages: [(language: Language, name: String)] = [
        (.en, "English (en)"), (.fr, "French (fr)"), (.es, "Spanish (es)"),
        (.ru, "Russian (ru)"), (.zh, "Chinese (zh)"), (.ar, "Arabic (ar)"),
    ]

    /// The `default_language` setting.
    static let defaultLanguageName = "English (en)"
    /// The `namespaces` setting that declares the `unodc:` prefix of the custom bind attributes.
    static let namespaces = #"unodc="https://www.unodc.org/legisurvey/xform""#

    // MARK: - Labels that are not in the questionnaire file

    // TRANSLATIONS UNREVIEWED: the texts below (country and round labels, chapter titles,
    // constraint messages) have English as the source. The French, Spanish,
    // Russian, Chinese and Arabic texts were drafted by the LegiSurvey developers, following the
    // terminology of the questionnaire file, and have NOT been reviewed by a UN language service
    // (same policy as the questionnaire's `unreviewed` languages, docs/questionnaire.md).

    /// Label of the `country` field.
    static let countryLabel = LocalizedText([
        .en: "Country (ISO code or name)",
        .fr: "Pays (code ISO ou nom)",
        .es: "País (código ISO o nombre)",
        .ru: "Страна (код ISO или название)",
        .zh: "国家（ISO代码或名称）",
        .ar: "البلد (رمز ISO أو الاسم)",
    ])

    /// Label of the `round` field.
    static let roundLabel = LocalizedText([
        .en: "Survey round",
        .fr: "Cycle de l'enquête",
        .es: "Ronda de la encuesta",
        .ru: "Раунд обследования",
        .zh: "调查轮次",
        .ar: "جولة الاستقصاء",
    ])

    /// Title of a chapter's group (the chapters of the Comprehensive Study on Cybercrime).
    static func chapterTitle(_ chapter: Chapter) -> LocalizedText {
        switch chapter {
        case .legislation:
            return LocalizedText([
                .en: "Chapter 3: Legislation and frameworks",
                .fr: "Chapitre 3 : Législation et cadres",
                .es: "Capítulo 3: Legislación y marcos",
                .ru: "Глава 3. Законодательство и нормативная база",
                .zh: "第3章：立法和框架",
                .ar: "الفصل 3: التشريعات والأطر",
            ])
        case .criminalization:
            return LocalizedText([
                .en: "Chapter 4: Criminalization",
                .fr: "Chapitre 4 : Incrimination",
                .es: "Capítulo 4: Penalización",
                .ru: "Глава 4. Криминализация",
                .zh: "第4章：刑事定罪",
                .ar: "الفصل 4: التجريم",
            ])
        case .investigations:
            return LocalizedText([
                .en: "Chapter 5: Law enforcement and investigations",
                .fr: "Chapitre 5 : Détection, répression et enquêtes",
                .es: "Capítulo 5: Aplicación de la ley e investigaciones",
                .ru: "Глава 5. Правоохранительная деятельность и расследования",
                .zh: "第5章：执法和调查",
                .ar: "الفصل 5: إنفاذ القانون والتحقيقات",
            ])
        case .evidence:
            return LocalizedText([
                .en: "Chapter 6: Electronic evidence and criminal justice",
                .fr: "Chapitre 6 : Preuve électronique et justice pénale",
                .es: "Capítulo 6: Prueba electrónica y justicia penal",
                .ru: "Глава 6. Электронные доказательства и уголовное правосудие",
                .zh: "第6章：电子证据和刑事司法",
                .ar: "الفصل 6: الأدلة الإلكترونية والعدالة الجنائية",
            ])
        case .cooperation:
            return LocalizedText([
                .en: "Chapter 7: International cooperation",
                .fr: "Chapitre 7 : Coopération internationale",
                .es: "Capítulo 7: Cooperación internacional",
                .ru: "Глава 7. Международное сотрудничество",
                .zh: "第7章：国际合作",
                .ar: "الفصل 7: التعاون الدولي",
            ])
        case .prevention:
            return LocalizedText([
                .en: "Chapter 8: Prevention",
                .fr: "Chapitre 8 : Prévention",
                .es: "Capítulo 8: Prevención",
                .ru: "Глава 8. Профилактика",
                .zh: "第8章：预防",
                .ar: "الفصل 8: الوقاية",
            ])
        case .technicalAssistance:
            return LocalizedText([
                .en: "Technical-assistance needs",
                .fr: "Besoins d'assistance technique",
                .es: "Necesidades de asistencia técnica",
                .ru: "Потребности в технической помощи",
                .zh: "技术援助需求",
                .ar: "الاحتياجات من المساعدة التقنية",
            ])
        }
    }

    /// The message shown when a number is out of bounds (the `constraint_message` columns), or nil
    /// without bounds. In all six languages: pyxform fills a missing language with "-", which is
    /// what respondents would see.
    static func constraintMessage(minimum: String?, maximum: String?) -> LocalizedText? {
        switch (minimum, maximum) {
        case (let low?, let high?):
            return LocalizedText([
                .en: "Enter a number from \(low) to \(high).",
                .fr: "Saisissez un nombre de \(low) à \(high).",
                .es: "Introduzca un número de \(low) a \(high).",
                .ru: "Введите число от \(low) до \(high).",
                .zh: "请输入\(low)至\(high)之间的数字。",
                .ar: "أدخل رقمًا من \(low) إلى \(high).",
            ])
        case (let low?, nil):
            return LocalizedText([
                .en: "Enter a number of at least \(low).",
                .fr: "Saisissez un nombre supérieur ou égal à \(low).",
                .es: "Introduzca un número mayor o igual que \(low).",
                .ru: "Введите число не меньше \(low).",
                .zh: "请输入不小于\(low)的数字。",
                .ar: "أدخل رقمًا لا يقل عن \(low).",
            ])
        case (nil, let high?):
            return LocalizedText([
                .en: "Enter a number of at most \(high).",
                .fr: "Saisissez un nombre inférieur ou égal à \(high).",
                .es: "Introduzca un número menor o igual que \(high).",
                .ru: "Введите число не больше \(high).",
                .zh: "请输入不大于\(high)的数字。",
                .ar: "أدخل رقمًا لا يزيد على \(high).",
            ])
        case (nil, nil):
            return nil
        }
    }

    /// The group name of a chapter: `ch3` … `ch8`, `ta`.
    static func groupName(_ chapter: Chapter) -> String {
        chapter == .technicalAssistance ? "ta" : "ch\(chapter.rawValue)"
    }

    /// The XLSForm type of a question.
    static func xlsformType(_ type: QuestionType, list: String) -> String {
        switch type {
        case .singleChoice, .legalForm: return "select_one \(list)"
        case .multipleChoice: return "select_multiple \(list)"
        case .integer, .year: return "integer"
        case .decimal, .percent: return "decimal"
        case .text: return "text"
        }
    }

    // MARK: - Sheets

    /// One sheet: a name and its rows, the first row being the header.
    struct Sheet: Equatable {
        var name: String
        var rows: [[String]]
    }

    /// The name of a question's choice list: the questionnaire's, or the question id when the
    /// questionnaire gives none.
    static func listName(_ question: Question) -> String {
        question.choiceList.isEmpty ? question.id : question.choiceList
    }

    /// The `survey` sheet.
    func surveySheet() throws -> Sheet {
        let header =
            ["type", "name"] + Self.languages.map { "label::\($0.name)" } + ["required", "constraint"]
            + Self.languages.map { "constraint_message::\($0.name)" }
            + ["default", "bind::unodc:chapter", "bind::unodc:qtype"]
        func row(
            type: String, name: String, label: LocalizedText?, required: String = "", constraint: String = "",
            message: LocalizedText? = nil, defaultValue: String = "", chapter: String = "", qtype: String = ""
        ) -> [String] {
            [type, name] + Self.languages.map { label?.text(in: $0.language) ?? "" } + [required, constraint]
                + Self.languages.map { message?.text(in: $0.language) ?? "" } + [defaultValue, chapter, qtype]
        }

        var rows: [[String]] = [header]
        rows.append(row(type: "text", name: "country", label: Self.countryLabel, required: "yes"))
        rows.append(
            row(type: "text", name: "round", label: Self.roundLabel, required: "yes", defaultValue: Self.defaultCell(defaultRound)))
        var names: Set<String> = ["country", "round"]
        for chapter in Chapter.allCases {
            let questions = questionnaire.questions.filter { $0.chapter == chapter }
            if questions.isEmpty { continue }
            let group = Self.groupName(chapter)
            guard names.insert(group).inserted else { throw invalid("name '\(group)' is used twice") }
            rows.append(row(type: "begin_group", name: group, label: Self.chapterTitle(chapter)))
            for question in questions {
                try checkName(question.id, what: "question id")
                guard names.insert(question.id).inserted else { throw invalid("name '\(question.id)' is used twice") }
                let low = question.type.isNumeric ? question.minimum.map(Self.number) : nil
                let high = question.type.isNumeric ? question.maximum.map(Self.number) : nil
                let constraint = [low.map { ". >= \($0)" }, high.map { ". <= \($0)" }].compactMap { $0 }
                    .joined(separator: " and ")
                rows.append(
                    row(
                        type: Self.xlsformType(question.type, list: Self.listName(question)), name: question.id,
                        label: question.label, constraint: constraint,
                        message: Self.constraintMessage(minimum: low, maximum: high),
                        chapter: question.chapter.rawValue, qtype: question.type.rawValue))
            }
            rows.append(row(type: "end_group", name: group, label: nil))
        }
        return Sheet(name: "survey", rows: rows)
    }

    /// The `choices` sheet: each list once, in order of first use, choices in list order.
    func choicesSheet() throws -> Sheet {
        let header = ["list_name", "name"] + Self.languages.map { "label::\($0.name)" } + ["chapter"]
        var rows: [[String]] = [header]
        var written: [String: [Choice]] = [:]
        for question in questionnaire.questions where question.type.hasChoices {
            let list = Self.listName(question)
            if let choices = written[list] {
                guard choices == question.choices else {
                    throw invalid("choice list '\(list)' has different choices in different questions")
                }
                continue
            }
            try checkName(list, what: "choice list name")
            guard !question.choices.isEmpty else { throw invalid("choice list '\(list)' has no choices") }
            written[list] = question.choices
            for choice in question.choices {
                guard !choice.code.isEmpty, !choice.code.contains(where: \.isWhitespace) else {
                    throw invalid("choice list '\(list)': code '\(choice.code)' is empty or has a space")
                }
                rows.append(
                    [list, choice.code] + Self.languages.map { choice.label.text(in: $0.language) }
                        + [choice.chapter?.rawValue ?? ""])
            }
        }
        return Sheet(name: "choices", rows: rows)
    }

    /// The `settings` sheet.
    func settingsSheet() -> Sheet {
        Sheet(
            name: "settings",
            rows: [
                ["form_title", "form_id", "version", "default_language", "namespaces"],
                [
                    questionnaire.title.text(in: .en), questionnaire.id, questionnaire.version,
                    Self.defaultLanguageName, Self.namespaces,
                ],
            ])
    }

    /// The three sheets, in workbook order.
    func sheets() throws -> [Sheet] {
        [try surveySheet(), try choicesSheet(), settingsSheet()]
    }

    /// A definition error, named after the questionnaire.
    func invalid(_ detail: String) -> PipelineError {
        .invalidDefinition(path: "questionnaire \(questionnaire.id)", detail: "XLSForm: \(detail)")
    }

    /// Checks that `name` can be an XForm element name (XLSForm requires letters, digits, `_`, `-`, `.`,
    /// not starting with a digit, `-` or `.`).
    func checkName(_ name: String, what: String) throws {
        guard let first = name.unicodeScalars.first,
            first == "_" || CharacterSet.letters.contains(first),
            name.unicodeScalars.allSatisfy({ $0 == "_" || $0 == "-" || $0 == "." || CharacterSet.alphanumerics.contains($0) })
        else { throw invalid("\(what) '\(name)' is not a valid XML name") }
    }

    /// The `default` cell that gives a text field the value `value`.
    ///
    /// pyxform reads a default holding `-` (or other operators) as an XPath expression evaluated at
    /// form load (`2026-b` would become 2026 minus the node `b`), so anything but letters, digits,
    /// `.` and `_` is written as the expression `string('…')`, which evaluates to the text itself.
    static func defaultCell(_ value: String) -> String {
        if value.unicodeScalars.allSatisfy({ ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "." || $0 == "_" }) {
            return value
        }
        return "string(\(xpathLiteral(value)))"
    }

    /// An XPath 1.0 string literal for `value` (XPath has no escapes: a text holding both quote
    /// kinds is built with `concat`).
    static func xpathLiteral(_ value: String) -> String {
        if !value.contains("'") { return "'\(value)'" }
        if !value.contains("\"") { return "\"\(value)\"" }
        let pieces = value.split(separator: "'", omittingEmptySubsequences: false).map { "'\($0)'" }
        return "concat(" + pieces.joined(separator: #", "'", "#) + ")"
    }

    /// A bound as XPath writes it: no exponent, no trailing `.0`.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let plain = String(value)
        if !plain.contains("e") { return plain }
        var fixed = String(format: "%.17f", value)
        while fixed.hasSuffix("0") { fixed.removeLast() }
        if fixed.hasSuffix(".") { fixed.removeLast() }
        return fixed
    }

    // MARK: - Workbook

    /// The workbook as `.xlsx` bytes (deterministic for a questionnaire and round).
    public func workbook() throws -> Data {
        let sheets = try sheets()
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
            throw PipelineError.outputFailed(path: "XLSForm workbook", detail: "cannot create a ZIP archive: \(error)")
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
                throw PipelineError.outputFailed(path: "XLSForm workbook", detail: "cannot add \(entry.path): \(error)")
            }
        }
        guard let data = archive.data else {
            throw PipelineError.outputFailed(path: "XLSForm workbook", detail: "the in-memory ZIP archive has no data")
        }
        return data
    }

    /// Writes the workbook to `url`, creating its folder; the file is replaced atomically.
    public func write(to url: URL) throws {
        let data = try workbook()
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw PipelineError.outputFailed(path: url.path, detail: error.localizedDescription)
        }
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

    /// Escapes text for XML content and attribute values; drops the characters XML 1.0 forbids.
    static func escape(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
