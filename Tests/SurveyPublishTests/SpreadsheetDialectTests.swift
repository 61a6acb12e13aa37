import Foundation
import SurveyModel
import SurveyPublish
import Testing

/// The spreadsheet dialect of the `excel/` copies and the labels beside codes (issue 23), cell by cell.
@Suite struct SpreadsheetDialectTests {
    @Test func theDeclaredKindAloneDecidesTheDecimalComma() {
        let cells: [CSVCell] = [.text("001"), .text("v1.2"), .number("33.3"), .number(""), .text("a;b"), .text("say \"x\""), .text("-1.5"), .number("-1.5")]
        let numeric = [false, false, true, true, false, false, false, true]
        #expect(CSVText.line(cells, dialect: .excel, numeric: numeric) == "001;v1.2;33,3;;\"a;b\";\"say \"\"x\"\"\";'-1.5;-1,5\r\n")
        // A comma alone needs no quotes with ';'; a number cell in a text column keeps its point.
        #expect(CSVText.line([.text("a,b"), .number("2.5")], dialect: .excel, numeric: [false, false]) == "a,b;2.5\r\n")
        // The standard dialect is CSVText.line's bytes, whatever the kinds.
        #expect(CSVText.line(cells, dialect: .standard, numeric: numeric) == CSVText.line(cells))
    }

    @Test func aTableCopyStartsWithTheByteOrderMarkAndUsesTheColumnsKinds() throws {
        let rows = [share("no", n: 12, k: 4)]
        let copy = try Publisher.text(Publisher.statisticsTable, Publisher.statisticsRows(rows), dialect: .excel)
        let lines = copy.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("\u{FEFF}round;chapter;question_id;option;group_type;group_code;n_responding"))
        #expect(lines[1] == "2026;8;ch8_cert;no;world;001;12;4;33,3;23,3;43,3;normal;;;;;12;0;substantive;;;")
        // The SDMX file is never copied.
        #expect(!Publisher.sdmxTable.spreadsheetCopy && Publisher.statisticsTable.spreadsheetCopy)
    }

    @Test func labelsComeFromTheQuestionnaireTheFormLabelsAndTheGroups() throws {
        let question = Question(
            id: "ch4_illegal_access", chapter: .criminalization, type: .legalForm,
            label: LocalizedText([.en: "Illegal access", .fr: "Accès illégal"]),
            choices: [Choice(code: "general", label: LocalizedText([.en: "General offence", .fr: "Infraction générale"]))])
        let questionnaire = Questionnaire(id: "q", version: "1", title: LocalizedText([.en: "Q"]), questions: [question])
        let labels = CodeLabels(
            language: .fr, questionnaires: [questionnaire],
            tableOptions: ["any_form": LocalizedText([.en: "In any form", .fr: "Sous toute forme"])],
            groups: [.world: "Monde"])
        #expect(labels.questionText("ch4_illegal_access", round: "2026") == "Accès illégal")
        #expect(labels.optionLabel("general", question: "ch4_illegal_access", round: "2026") == "Infraction générale")
        #expect(labels.optionLabel("any_form", question: "ch4_illegal_access", round: "2026") == "Sous toute forme")
        #expect(labels.optionLabel("other", question: "ch4_illegal_access", round: "2026") == "other")
        #expect(labels.groupName(.world) == "Monde")
        #expect(CodeLabels.none.optionLabel("any_form", question: "x", round: "2026") == "")
    }
}
