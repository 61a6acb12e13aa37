// Questionnaire workbooks (`legisurvey questionnaire template`) filled in by the test itself, cell
// by cell through the hidden codes: for the reader conformance suite.
import Foundation
import SurveyForms
public import SurveyModel

public enum TemplateSamples {
    /// The English workbook of `questionnaire`, no country pre-filled.
    static func template(_ questionnaire: Questionnaire) -> XLSXWorkbook {
        do {
            return try QuestionnaireTemplate(
                questionnaire: questionnaire, language: .en, labels: Fixtures.formLabels, reference: Fixtures.reference,
                rounds: Fixtures.rounds, round: "2026"
            ).workbook()
        } catch {
            fatalError("questionnaire workbook: \(error)")
        }
    }

    static func marker(_ sheet: XLSXWorkbook.Sheet) -> String {
        if case .text(let text) = sheet.rows.first?.first?.value { return text }
        return ""
    }

    static func set(_ workbook: inout XLSXWorkbook, _ sheet: Int, _ row: Int, _ column: Int, _ value: String, numeric: Bool) {
        while workbook.sheets[sheet].rows.count <= row { workbook.sheets[sheet].rows.append([]) }
        while workbook.sheets[sheet].rows[row].count <= column { workbook.sheets[sheet].rows[row].append(.empty()) }
        workbook.sheets[sheet].rows[row][column] = numeric && Double(value) != nil ? .number(Double(value)!) : .text(value)
    }

    /// Writes one submission's country, round and answers (question ids; multiple choice as
    /// space-separated codes, one mark per option) in the cells their codes name.
    static func fill(_ workbook: inout XLSXWorkbook, _ submission: ConformanceSubmission, questionnaire: Questionnaire) {
        var places: [String: (Int, Int)] = [:]
        for (index, sheet) in workbook.sheets.enumerated() {
            let marker = marker(sheet)
            guard marker == TemplateLayout.identificationMarker || marker.hasPrefix(TemplateLayout.chapterMarker) else { continue }
            for (row, cells) in sheet.rows.enumerated() {
                if case .text(let code)? = cells.first?.value { places[code] = (index, row) }
            }
        }
        func put(_ code: String, _ value: String, numeric: Bool = false) {
            guard let (sheet, row) = places[code] else { fatalError("no cell for \(code) in the questionnaire workbook") }
            set(&workbook, sheet, row, TemplateLayout.answerColumn, value, numeric: numeric)
        }
        put(TemplateLayout.countryCode, submission.country)
        put(TemplateLayout.roundCode, submission.round)
        for answer in submission.answers {
            let question = questionnaire.question(id: answer.field)
            if question?.type == .multipleChoice {
                for code in answer.value.split(separator: " ") { put("\(answer.field)/\(code)", "x") }
            } else {
                put(answer.field, answer.value, numeric: question?.type.isNumeric == true)
            }
        }
    }

    /// A filled workbook holds one submission: the first given.
    public static func filled(_ submissions: [ConformanceSubmission]) -> [UInt8] {
        var workbook = template(Fixtures.questionnaire)
        if let first = submissions.first { fill(&workbook, first, questionnaire: Fixtures.questionnaire) }
        return bytes(workbook)
    }

    /// One submission with answers inside repeats (``ReaderConformance/repeatQuestionnaire``'s
    /// laws and their amendments): laws[k] on the laws sheet's k-th row; nested entries on rows in
    /// order, each naming its law's row.
    public static func filledWithRepeats(_ submission: ConformanceSubmission, _ repeats: [ConformanceRepeatAnswer]) -> [UInt8] {
        let questionnaire = ReaderConformance.repeatQuestionnaire
        var workbook = template(questionnaire)
        fill(&workbook, submission, questionnaire: questionnaire)
        var nestedRows: [[Int]: Int] = [:]  // positions → row on its sheet
        for answer in repeats.sorted(by: { ($0.positions.lexicographicallyPrecedes($1.positions)) }) {
            let path = answer.groups.joined(separator: "/")
            guard let sheet = workbook.sheets.firstIndex(where: { marker($0) == TemplateLayout.repeatMarker + path }),
                let column = workbook.sheets[sheet].rows[TemplateLayout.repeatCodeRow].firstIndex(where: { $0.value == .text(answer.field) })
            else { fatalError("no column for \(answer) in the questionnaire workbook") }
            let group = questionnaire.repeatGroup(path: answer.groups)
            let numeric = group?.question(id: answer.field)?.type.isNumeric == true
            if answer.groups.count == 1 {
                set(&workbook, sheet, TemplateLayout.firstEntryRow + answer.positions[0] - 1, column, answer.value, numeric: numeric)
            } else {
                let row = nestedRows[answer.positions] ?? {
                    let next = nestedRows.filter { $0.key.count == answer.positions.count }.count
                    return TemplateLayout.firstEntryRow + next
                }()
                nestedRows[answer.positions] = row
                set(&workbook, sheet, row, TemplateLayout.parentColumn, String(answer.positions[0]), numeric: true)
                set(&workbook, sheet, row, column, answer.value, numeric: numeric)
            }
        }
        return bytes(workbook)
    }

    static func bytes(_ workbook: XLSXWorkbook) -> [UInt8] {
        do {
            return [UInt8](try workbook.data())
        } catch {
            fatalError("questionnaire workbook: \(error)")
        }
    }
}
