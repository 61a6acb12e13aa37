import Foundation
import SurveyDefinitions
import SurveyExtract
import SurveyForms
import SurveyModel
import SurveyTestSupport
import Testing

/// The questionnaire workbook for focal points (`legisurvey questionnaire template`), checked
/// with openpyxl (the interop venv), an independent reader and writer: filled in each of the six
/// languages it reads back as the equivalent native XML, and every choice and number cell carries
/// its validation in the workbook's language.
@Suite struct QuestionnaireTemplateTests {
    static let script = Fixtures.packageRoot.appendingPathComponent("scripts/fill-questionnaire-workbook.py")
    static let languages: [(Language, iso3: String, prefilled: Bool)] = [
        (.en, "KEN", false), (.fr, "FRA", true), (.es, "ESP", false), (.ru, "RUS", true), (.zh, "CHN", false), (.ar, "EGY", true),
    ]

    static func template(_ language: Language, country: String? = nil) -> QuestionnaireTemplate {
        QuestionnaireTemplate(
            questionnaire: Fixtures.questionnaire, language: language, labels: Fixtures.formLabels, reference: Fixtures.reference,
            rounds: Fixtures.rounds, round: "2026", country: country.flatMap { Fixtures.reference.country(iso3: $0) })
    }

    static func python() throws -> URL {
        let python = Fixtures.venvPython
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "python not found at \(python.path): run `make test` (its `interop` target installs openpyxl of requirements-interop.txt into $LEGISURVEY_VENV, default ~/.cache/legisurvey/venv)")
        return python
    }

    /// What an accepted submission says: country, round, time, each answer, each repeat answer.
    static func content(_ submission: Submission) -> [String] {
        [submission.country ?? "?", submission.round, submission.metadata.submittedAt ?? "-", submission.questionnaireVersion ?? "-"]
            + submission.answers.map { "\($0.questionID)=\($0.value)" }.sorted()
            + submission.repeatAnswers.map { "\($0.field)=\($0.value)" }.sorted()
    }

    static let xlsx = ReaderConformance(XLSXReader(), write: { _ in [] })
    static let xml = ReaderConformance(XMLReader(), write: { _ in [] })

    /// The answers planned for one language: what the focal point writes in each cell (labels,
    /// marks, numbers, text) and what the equivalent XML says (codes).
    struct Plan {
        var fills: [String: Any] = [:]
        var xmlAnswers: [(question: String, value: String)] = []
        var xmlRepeats: [(path: String, entries: [[(String, String)]])] = []
    }

    static func plan(_ language: Language, index: Int, iso3: String, prefilled: Bool) throws -> Plan {
        let questionnaire = Fixtures.questionnaire
        let texts = try #require(Fixtures.formLabels.template)
        // Every other language marks options with a neutral mark.
        let mark = index % 2 == 0 ? texts.selected.text(in: language) : "x"
        var plan = Plan()
        var answers: [String: Any] = [:]
        func number(_ question: Question, _ seed: Int) -> (Any, String) {
            let low = question.minimum ?? 0
            let high = question.maximum ?? (low + 1000)
            let span = max(1, Int(min(50, high - low)))
            if question.type == .integer || question.type == .year {
                let value = Int(low) + (seed * 7) % span
                return (value, String(value))
            }
            let value = min(high, low + 0.5 + Double(seed % max(1, span - 1)))
            return (value, value.rounded() == value ? String(Int(value)) : String(value))
        }
        for (position, question) in questionnaire.questions.enumerated() {
            let seed = position + index
            if seed % 7 == 3 { continue }  // left blank
            switch question.type {
            case .singleChoice, .legalForm:
                let choice = question.choices[seed % question.choices.count]
                answers[question.id] = choice.label.text(in: language)
                plan.xmlAnswers.append((question.id, choice.code))
            case .multipleChoice:
                var chosen: [Choice]
                if let exclusive = question.choices.first(where: \.isExclusive), seed % 3 == 0 {
                    chosen = [exclusive]
                } else {
                    chosen = question.choices.enumerated().filter { !$0.element.isExclusive && ($0.offset + seed) % 2 == 0 }.map(\.element)
                    if chosen.isEmpty { chosen = [question.choices.first { !$0.isExclusive }!] }
                }
                for choice in chosen { answers["\(question.id)/\(choice.code)"] = mark }
                plan.xmlAnswers.append((question.id, question.choices.filter { chosen.contains($0) }.map(\.code).joined(separator: " ")))
            case .integer, .year, .decimal, .percent:
                let (value, text) = number(question, seed)
                answers[question.id] = value
                plan.xmlAnswers.append((question.id, text))
            case .text:
                let text = "\(question.label.text(in: language)) — n° \(seed) « & <x> »"
                answers[question.id] = text
                plan.xmlAnswers.append((question.id, text))
            }
        }
        plan.fills["answers"] = answers
        var identification: [String: Any] = ["submitted": "2026-03-0\(index + 1)"]
        if !prefilled {
            identification["country"] = try #require(Fixtures.reference.country(iso3: iso3)).name.text(in: language)
        }
        plan.fills["identification"] = identification

        // Laws in the workbook's rows 1 and 3 (an empty row between): laws[1] and laws[2]; one practice.
        var repeatFills: [[String: Any]] = []
        for group in questionnaire.repeats {
            var entries: [[(String, String)]] = []
            let rows = group.id == "laws" ? [1, 3] : [2]
            for (entry, row) in rows.enumerated() {
                var values: [String: Any] = [:]
                var xml: [(String, String)] = []
                for (position, question) in group.questions.enumerated() where (position + entry + index) % 4 != 1 {
                    let seed = position + entry * 3 + index
                    switch question.type {
                    case .singleChoice, .legalForm:
                        let choice = question.choices[seed % question.choices.count]
                        values[question.id] = choice.label.text(in: language)
                        xml.append((question.id, choice.code))
                    case .multipleChoice:
                        let chosen = question.choices.enumerated().filter { !$0.element.isExclusive && ($0.offset + seed) % 3 == 0 }.map { $0.element }
                        for choice in chosen { values["\(question.id)/\(choice.code)"] = mark }
                        if !chosen.isEmpty { xml.append((question.id, chosen.map(\.code).joined(separator: " "))) }
                    case .integer, .year, .decimal, .percent:
                        let (value, text) = number(question, seed)
                        values[question.id] = value
                        xml.append((question.id, text))
                    case .text:
                        let text = "\(group.id) \(entry + 1): \(question.label.text(in: language))"
                        values[question.id] = text
                        xml.append((question.id, text))
                    }
                }
                repeatFills.append(["path": group.id, "row": row, "values": values])
                entries.append(xml)
            }
            plan.xmlRepeats.append((group.id, entries))
        }
        plan.fills["repeats"] = repeatFills
        return plan
    }

    static func xml(_ plan: Plan, iso3: String, date: String) -> String {
        func escape(_ text: String) -> String { XMLText.escape(text) }
        var text = #"<?xml version="1.0" encoding="UTF-8"?><submissions>"#
        text += #"<submission country="\#(iso3)" round="2026" submitted="\#(date)">"#
        for (question, value) in plan.xmlAnswers { text += #"<answer question="\#(question)">\#(escape(value))</answer>"# }
        for (group, entries) in plan.xmlRepeats {
            text += #"<answer question="\#(group)">"#
            for entry in entries {
                text += "<entry>"
                for (question, value) in entry { text += #"<answer question="\#(question)">\#(escape(value))</answer>"# }
                text += "</entry>"
            }
            text += "</answer>"
        }
        return text + "</submission></submissions>"
    }

    /// The acceptance test: filled by openpyxl in each language, read back equal to the XML.
    @Test func filledInEachLanguageReadsAsTheEquivalentXML() async throws {
        let python = try Self.python()
        let folder = Fixtures.temporaryFolder("template-languages")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, (language, iso3, prefilled)) in Self.languages.enumerated() {
            let name = "questionnaire-\(language.rawValue)"
            let template = folder.appendingPathComponent("\(name).xlsx")
            try Self.template(language, country: prefilled ? iso3 : nil).write(to: template)
            let plan = try Self.plan(language, index: index, iso3: iso3, prefilled: prefilled)
            let fills = folder.appendingPathComponent("\(name).json")
            try JSONSerialization.data(withJSONObject: plan.fills, options: [.sortedKeys]).write(to: fills)
            let filled = folder.appendingPathComponent("\(name)-filled.xlsx")
            let result = try await ExternalProgram.run(python, [Self.script.path, template.path, fills.path, filled.path], in: folder, mergeErrors: true)
            try #require(result.status == 0, "openpyxl could not fill the \(language.rawValue) workbook: \(result.text)")

            let reading = Self.xlsx.read([UInt8](try Data(contentsOf: filled)))
            #expect(reading.file.file.format == .xlsxTemplate)
            #expect(reading.file.diagnostics.isEmpty, "\(language.rawValue): \(reading.file.diagnostics.map(\.message))")
            let got = Self.xlsx.accept(reading)
            let xml = Self.xml(plan, iso3: iso3, date: "2026-03-0\(index + 1)")
            let expected = Self.xml.accept(Self.xml.read(Array(xml.utf8)))
            try #require(expected.count == 1 && got.count == 1, "\(language.rawValue): \(got.count) submissions read")
            #expect(got[0].status == .accepted && expected[0].status == .accepted)
            // Nothing dropped on the way: every cell filled is an answer kept (consistency checks of
            // the made-up answers may warn; they drop nothing).
            #expect(got[0].answersDropped == 0, "\(language.rawValue): \(got[0].diagnostics.map(\.message))")
            #expect(got[0].answersSeen == expected[0].answersSeen)
            #expect(got[0].answers.count > 40 && got[0].repeatAnswers.count > 10)
            #expect(got[0].questionnaireVersion == Fixtures.questionnaire.version)
            let gotContent = Self.content(got[0])
            let expectedContent = Self.content(expected[0]).enumerated().map { $0.offset == 3 ? Fixtures.questionnaire.version : $0.element }
            #expect(gotContent == expectedContent, "\(language.rawValue): \(Set(gotContent).symmetricDifference(expectedContent).sorted().prefix(6))")
        }
    }

    /// Every choice and number cell has its validation, as openpyxl sees it: a list of the
    /// option labels in the workbook's language (marks for an option's cell; the exclusive option
    /// a formula keeping it alone), whole or decimal numbers within the question's bounds; messages
    /// in the language; sheets protected, the structure locked, codes and stamp hidden.
    @Test func openpyxlSeesTheValidationsInTheRequestedLanguage() async throws {
        let python = try Self.python()
        let folder = Fixtures.temporaryFolder("template-validations")
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = try #require(Fixtures.formLabels.template)
        let questionnaire = Fixtures.questionnaire
        for (language, _, _) in Self.languages {
            let template = folder.appendingPathComponent("q-\(language.rawValue).xlsx")
            try Self.template(language).write(to: template)
            let result = try await ExternalProgram.run(python, [Self.script.path, "--dump", template.path], in: folder)
            try #require(result.status == 0, "openpyxl could not read the \(language.rawValue) workbook: \(result.text)")
            let dump = try #require(try JSONSerialization.jsonObject(with: Data(result.text.utf8)) as? [String: Any])
            let sheets = try #require(dump["sheets"] as? [[String: Any]])
            #expect(dump["lock_structure"] as? Bool == true)
            let states = try #require(dump["states"] as? [String: String])
            #expect(states[TemplateLayout.stampSheet] == "veryHidden" && states[TemplateLayout.listsSheet] == "veryHidden")
            var checked = 0
            for sheet in sheets {
                #expect(sheet["protected"] as? Bool == true)
                #expect(sheet["right_to_left"] as? Bool == (language == .ar))
                let marker = sheet["marker"] as? String ?? ""
                let group = marker.hasPrefix(TemplateLayout.repeatMarker)
                    ? questionnaire.repeatGroup(path: marker.dropFirst(TemplateLayout.repeatMarker.count).split(separator: "/").map(String.init)) : nil
                for cell in sheet["cells"] as? [[String: Any]] ?? [] {
                    let code = cell["code"] as? String ?? ""
                    let validation = cell["validation"] as? [String: Any]
                    let parts = code.split(separator: "/").map(String.init)
                    let question = group.map { $0.question(id: parts[0]) } ?? questionnaire.question(id: parts[0])
                    guard let question else { continue }  // identification fields, a nested repeat's parent
                    let where_ = "\(language.rawValue) \(sheet["title"] ?? "") \(code)"
                    let type = validation?["type"] as? String
                    let error = validation?["error"] as? String ?? ""
                    switch question.type {
                    case .singleChoice, .legalForm:
                        #expect(type == "list", "\(where_)")
                        #expect(validation?["list"] as? [String] == question.choices.map { $0.label.text(in: language) }, "\(where_)")
                        #expect(error == texts.chooseFromList.text(in: language), "\(where_)")
                    case .multipleChoice:
                        if parts.count == 1 {
                            #expect(validation == nil, "\(where_): the question's own row takes no answer")
                            continue
                        }
                        let choice = try #require(question.choice(code: parts[1]))
                        if choice.isExclusive {
                            #expect(type == "custom", "\(where_)")
                            #expect(error == Fixtures.formLabels.exclusiveMessage(option: choice).text(in: language), "\(where_)")
                        } else {
                            #expect(type == "list" && validation?["list"] as? [String] == [texts.selected.text(in: language)], "\(where_)")
                        }
                    case .integer, .year, .decimal, .percent:
                        let whole = question.type == .integer || question.type == .year
                        #expect(type == (whole ? "whole" : "decimal"), "\(where_)")
                        if let minimum = question.minimum { #expect(Double(validation?["formula1"] as? String ?? "") == minimum, "\(where_)") }
                        if let maximum = question.maximum {
                            let bound = question.minimum == nil ? validation?["formula1"] : validation?["formula2"]
                            #expect(Double(bound as? String ?? "") == maximum, "\(where_)")
                        }
                        #expect(!error.isEmpty && (question.minimum == nil || error.contains(XLSXWorkbookNumber.text(question.minimum!))), "\(where_): \(error)")
                    case .text:
                        #expect(validation == nil, "\(where_)")
                        continue
                    }
                    checked += 1
                }
            }
            // Every choice, option and number cell of the questionnaire was seen.
            let expected = questionnaire.questions.reduce(0) { $0 + Self.validatedCells($1) }
                + questionnaire.allRepeatGroups.flatMap(\.group.questions).reduce(0) { $0 + Self.validatedCells($1) }
            #expect(checked == expected, "\(language.rawValue): \(checked) validated cells, expected \(expected)")
        }
    }

    /// Cells of a question that carry a validation: one, or one per option; none for text.
    static func validatedCells(_ question: Question) -> Int {
        switch question.type {
        case .multipleChoice: return question.choices.count
        case .text: return 0
        default: return 1
        }
    }

    /// The same workbook twice is the same bytes.
    @Test func workbookIsDeterministic() throws {
        let first = try Self.template(.ar, country: "EGY").data()
        let second = try Self.template(.ar, country: "EGY").data()
        #expect(first == second)
        #expect(try Self.template(.fr).data() != first)
    }
}

/// How the reader takes what a focal point does to the workbook besides answering: an unclear
/// mark, values outside the answer cells, a workbook from a newer layout, nested repeats named by
/// their parent's row number. The workbooks are the template's own, edited cell by cell.
@Suite struct QuestionnaireTemplateReadingTests {
    static let xlsx = ReaderConformance(XLSXReader(), write: { _ in [] })

    /// The (sheet, 0-based row) of a code in column A of the sheet whose marker starts with `marker`.
    static func place(_ workbook: XLSXWorkbook, marker: String, code: String) throws -> (sheet: Int, row: Int) {
        for (index, sheet) in workbook.sheets.enumerated() where sheet.rows.first?.first == .text(marker) || {
            if case .text(let text) = sheet.rows.first?.first?.value { return text.hasPrefix(marker) }
            return false
        }() {
            if let row = sheet.rows.firstIndex(where: { $0.first?.value == .text(code) }) { return (index, row) }
        }
        throw TemplateTestError.notFound(code)
    }

    enum TemplateTestError: Error { case notFound(String) }

    static func set(_ workbook: inout XLSXWorkbook, sheet: Int, row: Int, column: Int, _ value: XLSXWorkbook.Cell) {
        while workbook.sheets[sheet].rows.count <= row { workbook.sheets[sheet].rows.append([]) }
        while workbook.sheets[sheet].rows[row].count <= column { workbook.sheets[sheet].rows[row].append(.empty()) }
        workbook.sheets[sheet].rows[row][column] = value
    }

    /// A French workbook for France with `ch3_specific_law` answered, edited by `edit`.
    static func workbook(_ questionnaire: Questionnaire = Fixtures.questionnaire, _ edit: (inout XLSXWorkbook) throws -> Void) throws -> [UInt8] {
        var workbook = try QuestionnaireTemplate(
            questionnaire: questionnaire, language: .fr, labels: Fixtures.formLabels, reference: Fixtures.reference, rounds: Fixtures.rounds,
            round: "2026", country: Fixtures.reference.country(iso3: "FRA")
        ).workbook()
        let law = try place(workbook, marker: TemplateLayout.chapterMarker, code: "ch3_specific_law")
        set(&workbook, sheet: law.sheet, row: law.row, column: 2, .text("En partie"))
        try edit(&workbook)
        return [UInt8](try workbook.data())
    }

    @Test func anUnclearMarkDropsThatQuestionOnly() throws {
        let bytes = try Self.workbook { workbook in
            let budapest = try Self.place(workbook, marker: TemplateLayout.chapterMarker, code: "ch3_instruments/budapest")
            Self.set(&workbook, sheet: budapest.sheet, row: budapest.row, column: 2, .text("Oui"))
            let malabo = try Self.place(workbook, marker: TemplateLayout.chapterMarker, code: "ch3_instruments/malabo")
            Self.set(&workbook, sheet: malabo.sheet, row: malabo.row, column: 2, .text("peut-être"))
        }
        let reading = Self.xlsx.read(bytes)
        let mark = try #require(reading.file.diagnostics.first { $0.code == .xlsxTemplateMark })
        #expect(mark.location.cellReference == "'Chapitre 3'!C8")
        #expect(mark.questionID == "ch3_instruments" && mark.found == "peut-être")
        let submission = try #require(Self.xlsx.accept(reading).first)
        #expect(submission.status == .accepted)
        #expect(submission.answers.map(\.questionID) == ["ch3_specific_law"])
        #expect(submission.country == "FRA" && submission.questionnaireVersion == Fixtures.questionnaire.version)
    }

    @Test func valuesOutsideTheAnswerCellsAreReportedNotRead() throws {
        let bytes = try Self.workbook { workbook in
            let law = try Self.place(workbook, marker: TemplateLayout.chapterMarker, code: "ch3_specific_law")
            let end = workbook.sheets[law.sheet].rows.count
            Self.set(&workbook, sheet: law.sheet, row: end + 1, column: 2, .text("Oui"))  // a row added
            Self.set(&workbook, sheet: law.sheet, row: law.row, column: 5, .text("voir annexe"))  // a column added
            workbook.sheets.insert(XLSXWorkbook.Sheet(name: "Notes", rows: [["Réponses"], ["", "Oui"]]), at: 1)
        }
        let reading = Self.xlsx.read(bytes)
        let changed = reading.file.diagnostics.filter { $0.code == .xlsxTemplateChanged }.map { $0.location.cellReference ?? $0.location.description }
        #expect(changed.count == 3, "\(changed)")
        #expect(changed.contains("'Chapitre 3'!F3"), "\(changed)")
        #expect(changed.contains("Notes"), "\(changed)")
        let submission = try #require(Self.xlsx.accept(reading).first)
        #expect(submission.answers.map(\.questionID) == ["ch3_specific_law"])
    }

    @Test func aWorkbookOfANewerLayoutIsRefused() throws {
        let bytes = try Self.workbook { workbook in
            let stamp = try #require(workbook.sheets.firstIndex { $0.name == TemplateLayout.stampSheet })
            Self.set(&workbook, sheet: stamp, row: 0, column: 1, .number(Double(TemplateLayout.formatVersion + 1)))
        }
        let reading = Self.xlsx.read(bytes)
        #expect(reading.submissions.isEmpty)
        let refusal = try #require(reading.file.diagnostics.first { $0.code == .xlsxTemplateInvalid })
        #expect(refusal.severity == .error)
        #expect(refusal.found?.contains("newer") == true)
    }

    /// Laws in rows 1 and 3 are laws[1] and laws[2]; amendments name their law by its row number
    /// (3 → laws[2]); an amendment naming an empty row is reported and not read.
    @Test func nestedRepeatsNameTheirParentByItsRowNumber() throws {
        let questionnaire = ReaderConformance.repeatQuestionnaire
        let bytes = try Self.workbook(questionnaire) { workbook in
            let laws = try #require(workbook.sheets.firstIndex { $0.rows.first?.first == .text(TemplateLayout.repeatMarker + "laws") })
            let amendments = try #require(workbook.sheets.firstIndex { $0.rows.first?.first == .text(TemplateLayout.repeatMarker + "laws/amendments") })
            func column(_ sheet: Int, _ code: String) throws -> Int {
                try #require(workbook.sheets[sheet].rows[0].firstIndex { $0.value == .text(code) })
            }
            let first = TemplateLayout.firstEntryRow
            Self.set(&workbook, sheet: laws, row: first, column: try column(laws, "title"), .text("Loi 1"))
            Self.set(&workbook, sheet: laws, row: first + 2, column: try column(laws, "title"), .text("Loi 3"))
            Self.set(&workbook, sheet: laws, row: first + 2, column: try column(laws, "acts/ch4_spam"), .text("Oui"))
            let parent = TemplateLayout.parentColumn
            let year = try column(amendments, "year")
            for (row, parentNumber, value) in [(0, 3, 2019), (1, 1, 2020), (2, 3, 2021), (3, 2, 2022)] {
                Self.set(&workbook, sheet: amendments, row: first + row, column: parent, .number(Double(parentNumber)))
                Self.set(&workbook, sheet: amendments, row: first + row, column: year, .number(Double(value)))
            }
        }
        let reading = Self.xlsx.read(bytes)
        let orphan = try #require(reading.file.diagnostics.first { $0.code == .repeatIndexInvalid })
        #expect(orphan.location.cellReference?.hasSuffix("!C7") == true, "\(orphan.location)")
        let submission = try #require(Self.xlsx.acceptRepeats(reading).first)
        let repeats = submission.repeatAnswers.map { "\($0.field)=\($0.value)" }.sorted()
        #expect(
            repeats == [
                "laws[1]/amendments[1]/year=\(AnswerValue.number(2020))", "laws[1]/title=\(AnswerValue.text("Loi 1"))",
                "laws[2]/acts=\(AnswerValue.choices(["ch4_spam"]))", "laws[2]/amendments[1]/year=\(AnswerValue.number(2019))",
                "laws[2]/amendments[2]/year=\(AnswerValue.number(2021))", "laws[2]/title=\(AnswerValue.text("Loi 3"))",
            ], "\(repeats)")
    }

    /// The command writes the workbook named after round, language and country, and refuses an
    /// unknown language or country with a message naming what it expects.
    @Test func theCommandWritesTheWorkbookAndRefusesWhatItCannotUse() async throws {
        let folder = Fixtures.temporaryFolder("template-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = CommandLineTests.binary
        let written = try await ExternalProgram.run(
            binary, ["questionnaire", "template", "--lang", "ES", "--country", "mex", "--output", folder.appendingPathComponent("mx.xlsx").path],
            in: Fixtures.packageRoot)
        #expect(written.status == 0, "\(written.text)")
        #expect(written.text.hasSuffix("mx.xlsx\n"))
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("mx.xlsx")))
        let reading = Self.xlsx.read(bytes)
        // Untouched, it holds the country and round only: a submission without answers.
        #expect(reading.submissions.first?.country?.text == Fixtures.reference.country(iso3: "MEX")?.name.text(in: .es))
        #expect(reading.submissions.first?.round?.text == "2026")
        let badLanguage = try await ExternalProgram.run(binary, ["questionnaire", "template", "--lang", "de"], in: Fixtures.packageRoot, mergeErrors: true)
        #expect(badLanguage.status != 0 && badLanguage.text.contains("ar, en, es, fr, ru, zh"), "\(badLanguage.text)")
        let badCountry = try await ExternalProgram.run(
            binary, ["questionnaire", "template", "--lang", "fr", "--country", "XYZ"], in: Fixtures.packageRoot, mergeErrors: true)
        #expect(badCountry.status != 0 && badCountry.text.contains("XYZ"), "\(badCountry.text)")
        let badRound = try await ExternalProgram.run(
            binary, ["questionnaire", "template", "--lang", "fr", "--round", "1999"], in: Fixtures.packageRoot, mergeErrors: true)
        #expect(badRound.status != 0 && badRound.text.contains("2022, 2024, 2026"), "\(badRound.text)")
    }
}

/// Numbers as the workbook's messages write them (a whole number without `.0`).
enum XLSXWorkbookNumber {
    static func text(_ value: Double) -> String { value.rounded() == value ? String(Int(value)) : String(value) }
}
