public import Foundation
public import SurveyModel

/// The questionnaire as a workbook a focal point fills in (`legisurvey questionnaire template`):
/// an identification sheet (country, round, date), one sheet per chapter, one per repeat group
/// (one entry a row), in one language, every answer cell checked by the spreadsheet as the
/// pipeline checks it: drop-down lists of option labels, whole and decimal numbers within the
/// question's bounds, each exclusive option ("None") alone (``Question/exclusiveCodes``, the rule
/// the Transformer and the XLSForm export apply), with the form labels' messages.
///
/// Codes are in the workbook but hidden (column A, a repeat sheet's row 1, the lists' code
/// columns); the structure is protected (sheets, and every cell but the answer cells: no
/// password, it guards against accidents, not people); a very hidden stamp sheet names the
/// questionnaire version, which the `.xlsx` reader reads back as the form version
/// (``TemplateLayout`` has the layout, docs/formats.md describes it). The bytes are deterministic.
public struct QuestionnaireTemplate: Sendable {
    public var questionnaire: Questionnaire
    public var language: Language
    public var labels: FormLabels
    public var reference: CountryReference
    /// The declared rounds (the round cell's list); empty: any round.
    public var rounds: [String]
    /// The round pre-filled.
    public var round: String
    /// The country pre-filled, when the workbook is for one State.
    public var country: Country?
    /// Rows prepared for the entries of a top-level repeat group (laws); a nested group gets twice as many.
    public var repeatRows = 50

    public init(
        questionnaire: Questionnaire, language: Language, labels: FormLabels, reference: CountryReference, rounds: [String],
        round: String, country: Country? = nil
    ) {
        self.questionnaire = questionnaire
        self.language = language
        self.labels = labels
        self.reference = reference
        self.rounds = rounds
        self.round = round
        self.country = country
    }

    /// Writes the workbook to `url` as the XLSForm export writes its own (a new path or a regular
    /// file; a temporary file renamed over it).
    public func write(to url: URL) throws {
        try XLSFormWriter.write(try data(), to: url)
    }

    typealias Cell = XLSXWorkbook.Cell
    typealias Sheet = XLSXWorkbook.Sheet

    /// The workbook as `.xlsx` bytes.
    public func data() throws -> Data {
        try workbook().data(what: "questionnaire workbook")
    }

    /// The workbook: identification, chapters, repeats, then the hidden lists and stamp.
    public func workbook() throws -> XLSXWorkbook {
        guard let texts = labels.template else {
            throw FormExportError.invalidQuestionnaire(
                questionnaire.id, detail: "the form labels file has no template: section (the workbook's sheet names, headers and messages)")
        }
        var builder = Builder(template: self, texts: texts)
        try builder.build()
        var workbook = XLSXWorkbook(sheets: builder.sheets + [builder.listsSheet(), builder.stampSheet()])
        workbook.definedNames = builder.definedNames
        workbook.lockStructure = true
        return workbook
    }

    /// Builds the sheets, keeping the lists they refer to.
    struct Builder {
        let template: QuestionnaireTemplate
        let texts: FormLabels.TemplateTexts
        var sheets: [Sheet] = []
        /// The lists, in order of first use: defined name, labels, codes.
        var lists: [(name: String, labels: [String], codes: [String])] = []
        var definedNames: [(name: String, formula: String)] = []
        var sheetNames: Set<String> = []

        init(template: QuestionnaireTemplate, texts: FormLabels.TemplateTexts) {
            self.template = template
            self.texts = texts
        }

        var language: Language { template.language }
        func text(_ localized: LocalizedText) -> String { localized.text(in: language) }
        var mark: String { text(texts.selected) }

        mutating func build() throws {
            let questionnaire = template.questionnaire
            sheets.append(identificationSheet())
            for chapter in Chapter.allCases {
                let questions = questionnaire.questions.filter { $0.chapter == chapter }
                if !questions.isEmpty { sheets.append(try chapterSheet(chapter, questions)) }
            }
            for (path, group) in questionnaire.allRepeatGroups {
                sheets.append(try repeatSheet(group, path: path))
            }
        }

        /// A sheet name not used yet (case ignored, as spreadsheets compare them), at most 31
        /// characters, without the characters a sheet name cannot hold.
        mutating func uniqueName(_ wanted: String) -> String {
            var base = String(wanted.map { ":\\/?*[]".contains($0) ? "-" : $0 }).trimmingCharacters(in: .whitespaces)
            if base.count > 31 {
                let cut = String(base.prefix(30))
                base = (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? cut) + "…"
            }
            if base.isEmpty || base.hasPrefix("_") || base.lowercased() == "history" { base = "Sheet" + base }
            var name = base
            var number = 2
            while sheetNames.contains(name.lowercased()) {
                let suffix = " (\(number))"
                name = String(base.prefix(31 - suffix.count)) + suffix
                number += 1
            }
            sheetNames.insert(name.lowercased())
            return name
        }

        /// The defined name of a list, added to the lists sheet on first use.
        mutating func list(_ name: String, labels: [String], codes: [String]) -> String {
            let defined = "list_" + name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" }
            if !lists.contains(where: { $0.name == defined }) {
                let column = lists.count * 2
                lists.append((defined, labels, codes))
                let letter = XLSXWorkbook.columnName(column)
                definedNames.append(
                    (defined, "\(XLSXWorkbook.quotedSheet(TemplateLayout.listsSheet))!$\(letter)$2:$\(letter)$\(max(labels.count, 1) + 1)"))
            }
            return defined
        }

        /// A drop-down list of a choice question's option labels.
        mutating func choiceList(_ question: Question) -> String {
            let name = question.choiceList.isEmpty ? question.id : question.choiceList
            return list(name, labels: question.choices.map { $0.label.text(in: language) }, codes: question.choices.map(\.code))
        }

        var markList: String {
            mutating get { list("mark", labels: [mark], codes: ["1"]) }
        }

        /// A formula's text literal: `"Oui"`, a quote doubled.
        static func literal(_ text: String) -> String { "\"" + text.doublingEach("\"") + "\"" }

        func bound(_ value: Double?) -> String? { value.map(XLSXWorkbook.number) }

        /// The validation of a number question's cells.
        func numberValidation(_ question: Question, ranges: [String]) -> XLSXWorkbook.Validation {
            let whole = question.type == .integer || question.type == .year
            let message =
                template.labels.constraintMessage(minimum: bound(question.minimum), maximum: bound(question.maximum)).map(text)
                ?? text(whole ? texts.wholeNumber : texts.numberOnly)
            let kind: XLSXWorkbook.Validation.Kind =
                whole ? .whole(minimum: question.minimum, maximum: question.maximum) : .decimal(minimum: question.minimum, maximum: question.maximum)
            return XLSXWorkbook.Validation(
                kind, ranges: ranges, errorTitle: question.label.text(in: language),
                error: whole && (question.minimum != nil || question.maximum != nil) ? text(texts.wholeNumber) + " " + message : message)
        }

        /// A question's help and unit, for its notes cell.
        func notes(_ question: Question) -> String {
            var parts: [String] = []
            if let help = question.help { parts.append(help.text(in: language)) }
            if let unit = question.unit { parts.append("(\(unit.text(in: language)))") }
            return parts.joined(separator: " ")
        }

        /// Sheet settings shared by the visible sheets.
        func finish(_ sheet: inout Sheet) {
            sheet.isProtected = true
            sheet.rightToLeft = language == .ar
            sheet.hiddenColumns.insert(TemplateLayout.codeColumn)
            sheet.columnWidths[TemplateLayout.codeColumn] = 4
        }

        mutating func identificationSheet() -> Sheet {
            let questionnaire = template.questionnaire
            var rows: [[Cell]] = [
                [.text(TemplateLayout.identificationMarker), .text(questionnaire.title.text(in: language), .title)],
                [.empty(), .text(text(texts.instructions), .wrap)],
            ]
            if let status = questionnaire.translations[language], !status.isReviewed {
                rows.append([.empty(), .text(text(texts.unreviewed), .help)])
            }
            rows.append([])
            rows.append([.text("#header"), .text(text(texts.question), .header), .text(text(texts.answer), .header), .text(text(texts.help), .header)])
            let countries = template.reference.countries.map { ($0.name.text(in: language), $0.iso3) }
                .sorted { ($0.0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil), $0.1) < ($1.0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil), $1.1) }
            let countryList = list("countries", labels: countries.map(\.0), codes: countries.map(\.1))
            var validations: [XLSXWorkbook.Validation] = []
            func answerCell(_ row: Int) -> String { XLSXWorkbook.reference(row: row, column: TemplateLayout.answerColumn) }

            validations.append(
                XLSXWorkbook.Validation(.list(countryList), ranges: [answerCell(rows.count)], errorTitle: text(template.labels.country), error: text(texts.chooseFromList)))
            rows.append([
                .text(TemplateLayout.countryCode), .text(text(template.labels.country), .wrap),
                .text(template.country.map { $0.name.text(in: language) } ?? "", .input), .empty(),
            ])
            let roundMessage = template.rounds.isEmpty ? text(texts.chooseFromList) : text(template.labels.roundMessage(rounds: template.rounds))
            if !template.rounds.isEmpty {
                let roundList = list("rounds", labels: template.rounds, codes: template.rounds)
                validations.append(
                    XLSXWorkbook.Validation(.list(roundList), ranges: [answerCell(rows.count)], errorTitle: text(template.labels.round), error: roundMessage))
            }
            rows.append([.text(TemplateLayout.roundCode), .text(text(template.labels.round), .wrap), .text(template.round, .input), .empty()])
            validations.append(
                XLSXWorkbook.Validation(.date, ranges: [answerCell(rows.count)], errorTitle: text(texts.submitted), error: text(texts.date)))
            rows.append([.text(TemplateLayout.submittedCode), .text(text(texts.submitted), .wrap), .empty(.inputDate), .empty()])
            rows.append([.text("#version"), .text(text(texts.questionnaireVersion), .wrap), .text(questionnaire.version), .empty()])

            var sheet = Sheet(name: uniqueName(text(texts.identificationSheet)), rows: rows)
            sheet.frozenRows = 0
            sheet.validations = validations
            sheet.columnWidths = [1: 40, 2: 40, 3: 40]
            sheet.merges = ["B2:D2"] + (rows[2].count > 1 && rows[2][1].style == .help ? ["B3:D3"] : [])
            finish(&sheet)
            return sheet
        }

        mutating func chapterSheet(_ chapter: Chapter, _ questions: [Question]) throws -> Sheet {
            let answer = TemplateLayout.answerColumn
            var rows: [[Cell]] = [
                [.text(TemplateLayout.chapterMarker + chapter.rawValue), .text(text(template.labels.title(of: chapter)), .title)],
                [.empty(), .text(text(texts.question), .header), .text(text(texts.answer), .header), .text(text(texts.help), .header)],
            ]
            var validations: [XLSXWorkbook.Validation] = []
            var highlights: [XLSXWorkbook.Highlight] = []
            func cell(_ row: Int, absolute: Bool = false) -> String { XLSXWorkbook.reference(row: row, column: answer, absolute: absolute) }
            let language = self.language
            func label(_ question: Question) -> String { question.label.text(in: language) }
            for question in questions {
                let row = rows.count
                switch question.type {
                case .singleChoice, .legalForm:
                    validations.append(
                        XLSXWorkbook.Validation(.list(choiceList(question)), ranges: [cell(row)], errorTitle: label(question), error: text(texts.chooseFromList)))
                    rows.append([.text(question.id), .text(label(question), .wrap), .empty(.input), .text(notes(question), .help)])
                case .integer, .year, .decimal, .percent:
                    validations.append(numberValidation(question, ranges: [cell(row)]))
                    rows.append([.text(question.id), .text(label(question), .wrap), .empty(.input), .text(notes(question), .help)])
                case .text:
                    rows.append([.text(question.id), .text(label(question), .wrap), .empty(.input), .text(notes(question), .help)])
                case .multipleChoice:
                    rows.append([.text(question.id), .text(label(question), .wrap), .empty(.inactive), .text(notes(question), .help)])
                    let first = rows.count
                    let markList = self.markList
                    for choice in question.choices {
                        rows.append([.text(question.id + "/" + choice.code), .text("    " + choice.label.text(in: language), .wrap), .empty(.inputCentered), .empty()])
                    }
                    let last = rows.count - 1
                    var plain: [String] = []
                    for (offset, choice) in question.choices.enumerated() {
                        let row = first + offset
                        if choice.isExclusive, question.exclusiveCodes.contains(choice.code) {
                            // The other options' cells, as contiguous ranges.
                            var others: [String] = []
                            if row > first { others.append("\(cell(first, absolute: true)):\(cell(row - 1, absolute: true))") }
                            if row < last { others.append("\(cell(row + 1, absolute: true)):\(cell(last, absolute: true))") }
                            let othersEmpty = others.isEmpty ? "TRUE" : "COUNTA(\(others.joined(separator: ",")))=0"
                            validations.append(
                                XLSXWorkbook.Validation(
                                    .custom("AND(\(cell(row))=\(Self.literal(mark)),\(othersEmpty))"), ranges: [cell(row)], errorTitle: label(question),
                                    error: text(template.labels.exclusiveMessage(option: choice))))
                            if !others.isEmpty {
                                highlights.append(
                                    XLSXWorkbook.Highlight(
                                        ranges: ["\(cell(first)):\(cell(last))"],
                                        formula: "AND(\(cell(row, absolute: true))<>\"\",COUNTA(\(others.joined(separator: ",")))>0)"))
                            }
                        } else {
                            plain.append(cell(row))
                        }
                    }
                    if !plain.isEmpty {
                        validations.append(
                            XLSXWorkbook.Validation(.list(markList), ranges: plain, errorTitle: label(question), error: text(texts.chooseFromList)))
                    }
                }
            }
            var sheet = Sheet(name: uniqueName(texts.sheetName(of: chapter, in: language)), rows: rows)
            sheet.frozenRows = 2
            sheet.validations = validations
            sheet.highlights = highlights
            sheet.columnWidths = [1: 60, 2: 30, 3: 50]
            finish(&sheet)
            return sheet
        }

        mutating func repeatSheet(_ group: RepeatGroup, path: [String]) throws -> Sheet {
            let nested = path.count > 1
            let entries = nested ? template.repeatRows * 2 : template.repeatRows
            let first = TemplateLayout.firstEntryRow
            let last = first + entries - 1
            // Row 1: codes; row 2: question texts; row 3: option labels, help and units.
            var codes: [Cell] = [.text(TemplateLayout.repeatMarker + path.joined(separator: "/")), .text(TemplateLayout.numberCode)]
            var titles: [Cell] = [.empty(), .text(text(texts.number), .header)]
            var details: [Cell] = [.empty(), .empty(.header)]
            var kinds: [Cell] = [.empty(), .empty()]  // the style of each column's entry cells
            var validations: [XLSXWorkbook.Validation] = []
            var highlights: [XLSXWorkbook.Highlight] = []
            var merges: [String] = []
            var widths: [Int: Double] = [TemplateLayout.numberColumn: 7]
            func column(_ index: Int, absolute: Bool = false) -> String {
                let letter = XLSXWorkbook.columnName(index)
                return absolute ? "$\(letter)$\(first + 1):$\(letter)$\(last + 1)" : "\(letter)\(first + 1):\(letter)\(last + 1)"
            }
            if nested {
                let parent = template.questionnaire.repeatGroup(path: Array(path.dropLast()))
                let parentLabel = parent?.label.text(in: language) ?? path[path.count - 2]
                codes.append(.text(TemplateLayout.parentCode))
                titles.append(.text(text(texts.parentNumber).replacingOccurrences(of: "{repeat}", with: parentLabel), .header))
                details.append(.empty(.header))
                kinds.append(.empty(.input))
                validations.append(
                    XLSXWorkbook.Validation(
                        .whole(minimum: 1, maximum: Double(path.count > 2 ? template.repeatRows * 2 : template.repeatRows)),
                        ranges: [column(TemplateLayout.parentColumn)], errorTitle: parentLabel, error: text(texts.wholeNumber)))
                widths[TemplateLayout.parentColumn] = 12
            }
            for question in group.questions {
                let label = question.label.text(in: language)
                let index = codes.count
                switch question.type {
                case .multipleChoice:
                    let markList = self.markList
                    let firstOption = index
                    let lastOption = index + question.choices.count - 1
                    var plain: [String] = []
                    for (offset, choice) in question.choices.enumerated() {
                        let at = firstOption + offset
                        codes.append(.text(question.id + "/" + choice.code))
                        titles.append(offset == 0 ? .text(label, .header) : .empty(.header))
                        details.append(.text(choice.label.text(in: language), .header))
                        kinds.append(.empty(.inputCentered))
                        widths[at] = 14
                        if choice.isExclusive, question.exclusiveCodes.contains(choice.code) {
                            let row = first + 1
                            var others: [String] = []
                            if at > firstOption { others.append("\(XLSXWorkbook.columnName(firstOption))\(row):\(XLSXWorkbook.columnName(at - 1))\(row)") }
                            if at < lastOption { others.append("\(XLSXWorkbook.columnName(at + 1))\(row):\(XLSXWorkbook.columnName(lastOption))\(row)") }
                            let here = "\(XLSXWorkbook.columnName(at))\(row)"
                            validations.append(
                                XLSXWorkbook.Validation(
                                    .custom("AND(\(here)=\(Self.literal(mark)),\(others.isEmpty ? "TRUE" : "COUNTA(\(others.joined(separator: ",")))=0"))"),
                                    ranges: [column(at)], errorTitle: label, error: text(template.labels.exclusiveMessage(option: choice))))
                            if !others.isEmpty {
                                let anchored = others.map { range in
                                    range.split(separator: ":").map { "$" + $0.prefix { $0.isLetter } + String($0.drop { $0.isLetter }) }.joined(separator: ":")
                                }
                                highlights.append(
                                    XLSXWorkbook.Highlight(
                                        ranges: ["\(XLSXWorkbook.columnName(firstOption))\(row):\(XLSXWorkbook.columnName(lastOption))\(last + 1)"],
                                        formula: "AND($\(here)<>\"\",COUNTA(\(anchored.joined(separator: ",")))>0)"))
                            }
                        } else {
                            plain.append(column(at))
                        }
                    }
                    if !plain.isEmpty {
                        validations.append(XLSXWorkbook.Validation(.list(markList), ranges: plain, errorTitle: label, error: text(texts.chooseFromList)))
                    }
                    if lastOption > firstOption {
                        merges.append("\(XLSXWorkbook.columnName(firstOption))2:\(XLSXWorkbook.columnName(lastOption))2")
                    }
                case .singleChoice, .legalForm:
                    codes.append(.text(question.id))
                    titles.append(.text(label, .header))
                    details.append(.text(notes(question), .header))
                    kinds.append(.empty(.input))
                    widths[index] = 24
                    validations.append(XLSXWorkbook.Validation(.list(choiceList(question)), ranges: [column(index)], errorTitle: label, error: text(texts.chooseFromList)))
                case .integer, .year, .decimal, .percent:
                    codes.append(.text(question.id))
                    titles.append(.text(label, .header))
                    details.append(.text(notes(question), .header))
                    kinds.append(.empty(.input))
                    widths[index] = 14
                    validations.append(numberValidation(question, ranges: [column(index)]))
                case .text:
                    codes.append(.text(question.id))
                    titles.append(.text(label, .header))
                    details.append(.text(notes(question), .header))
                    kinds.append(.empty(.input))
                    widths[index] = 36
                }
            }
            var rows: [[Cell]] = [codes, titles, details]
            for number in 1...entries {
                var row = kinds
                row[TemplateLayout.numberColumn] = .number(Double(number), .inactive)
                rows.append(row)
            }
            var sheet = Sheet(name: uniqueName(group.label.text(in: language)), rows: rows)
            sheet.hiddenRows = [TemplateLayout.repeatCodeRow]
            sheet.frozenRows = TemplateLayout.firstEntryRow
            sheet.frozenColumns = TemplateLayout.numberColumn + 1
            sheet.validations = validations
            sheet.highlights = highlights
            sheet.merges = merges
            sheet.columnWidths = widths
            finish(&sheet)
            return sheet
        }

        /// The lists: a label column and, right of it, the codes, per list.
        func listsSheet() -> Sheet {
            let height = (lists.map(\.labels.count).max() ?? 0) + 1
            var rows = [[Cell]](repeating: [], count: height)
            for (index, list) in lists.enumerated() {
                for row in 0..<height {
                    while rows[row].count < index * 2 { rows[row].append(.empty()) }
                    if row == 0 {
                        rows[row] += [.text(list.name), .text("code")]
                    } else if row - 1 < list.labels.count {
                        rows[row] += [.text(list.labels[row - 1]), .text(list.codes[row - 1], .textFormat)]
                    }
                }
            }
            var sheet = Sheet(name: TemplateLayout.listsSheet, rows: rows)
            sheet.state = .veryHidden
            sheet.isProtected = true
            return sheet
        }

        /// The stamp: what the workbook is, for the reader.
        func stampSheet() -> Sheet {
            let questionnaire = template.questionnaire
            let rows: [[Cell]] = [
                [.text(TemplateLayout.formatName), .number(Double(TemplateLayout.formatVersion))],
                ["questionnaire_id", .text(questionnaire.id, .textFormat)],
                ["questionnaire_version", .text(questionnaire.version, .textFormat)],
                ["language", .text(language.rawValue)],
                ["round", .text(template.round, .textFormat)],
                ["country", .text(template.country?.iso3 ?? "")],
                ["mark", .text(mark)],
            ]
            var sheet = Sheet(name: TemplateLayout.stampSheet, rows: rows)
            sheet.state = .veryHidden
            sheet.frozenRows = 0
            sheet.isProtected = true
            return sheet
        }
    }
}
