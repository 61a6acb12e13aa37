import Foundation
import SurveyModel
import Testing

@testable import SurveyAnalyze

/// The answer matrix's cells in 1, 2 or 4 bytes (``CellColumn``): every width reads back the ids
/// written, a write too large for the width widens the column without changing the others, and a
/// matrix with a question of many distinct answers beside choice questions answers exactly as
/// its input.
@Suite struct CellColumnTests {
    @Test(arguments: [
        ([0, 1, 7, 255], 1), ([0, 256, 3], 2), ([65_535, 0], 2), ([65_536, 1], 4), ([UInt32.max, 0, 255], 4), ([], 1),
    ] as [([UInt32], Int)])
    func theNarrowestWidthHoldsEveryID(ids: [UInt32], width: Int) {
        let column = CellColumn(ids)
        #expect(column.width == width)
        #expect(column.count == ids.count)
        #expect(column.ids == ids)
    }

    @Test func aWriteTooLargeForTheWidthWidensTheColumnAndKeepsTheOthers() {
        var expected: [UInt32] = (0..<300).map { UInt32($0 % 200) }
        var column = CellColumn(expected)
        #expect(column.width == 1)
        for (i, id) in [(5, UInt32(300)), (299, 70_000), (0, 9), (17, 65_535)] {
            column[i] = id
            expected[i] = id
            #expect(column.ids == expected)
        }
        #expect(column.width == 4)
        // Narrow writes into a wide column stay where they are.
        column[5] = 1
        expected[5] = 1
        #expect(column.ids == expected)
        #expect(CellColumn(zeros: 4, largest: 255).width == 1)
        #expect(CellColumn(zeros: 4, largest: 256).width == 2)
        #expect(CellColumn(repeating: 70_000, count: 3).ids == [70_000, 70_000, 70_000])
    }

    @Test func aMatrixWithManyDistinctAnswersAnswersAsItsInput() {
        // 400 units: a text question with 400 distinct answers (ids up to 400: 2 bytes), a
        // number question with 70 values and a choice question (1 byte), some cells unanswered.
        var answers: [StoredAnswer] = []
        for u in 0..<400 {
            let country = String(format: "C%02d", u % 97)
            let respondent = "r\(u)"
            if u % 7 != 0 {
                answers.append(
                    StoredAnswer(round: "2026", country: country, questionID: "q_text", options: [], number: nil, text: "text \(u)", respondent: respondent))
            }
            answers.append(
                StoredAnswer(round: "2026", country: country, questionID: "q_number", options: [], number: Double(u % 70) + 0.5, text: nil, respondent: respondent))
            if u % 5 != 0 {
                answers.append(
                    StoredAnswer(round: "2026", country: country, questionID: "q_choice", options: u % 3 == 0 ? ["a", "b"] : ["c"], number: nil, text: nil, respondent: respondent))
            }
        }
        let matrix = AnswerMatrix(answers: answers)
        let r = matrix.roundIndex(of: "2026")!
        #expect(matrix.column(question: matrix.questionIndex(of: "q_text")!, round: r).width == 2)
        #expect(matrix.column(question: matrix.questionIndex(of: "q_number")!, round: r).width == 1)
        #expect(matrix.column(question: matrix.questionIndex(of: "q_choice")!, round: r).width == 1)
        for answer in answers {
            let unit = SurveyUnit.key(country: answer.country, respondent: answer.respondent)
            #expect(matrix.answer(of: unit, to: answer.questionID, in: "2026") == answer)
        }
        let answered = Set(answers.map { "\(SurveyUnit.key(country: $0.country, respondent: $0.respondent))|\($0.questionID)" })
        for unit in matrix.countries(in: "2026") {
            for question in ["q_text", "q_number", "q_choice"] where !answered.contains("\(unit)|\(question)") {
                #expect(matrix.answer(of: unit, to: question, in: "2026") == nil)
            }
        }
    }

    /// The builder holds a cell in two bytes and a value id past them in a table beside
    /// (``AnswerMatrix/Builder``): a text question with more distinct answers than that, its
    /// cells moved when the room for questions doubles after them, and cells replaced from wide
    /// to narrow and back, all read back as given.
    @Test func cellsPastTheBuildersTwoBytesReadBackAsGiven() {
        let units = 80_000
        func unit(_ u: Int) -> (country: String, respondent: String) { (String(format: "C%02d", u % 97), "r\(u)") }
        var answers: [StoredAnswer] = []
        for u in 0..<units where u % 11 != 3 {
            let (country, respondent) = unit(u)
            answers.append(
                StoredAnswer(round: "2026", country: country, questionID: "q_text", options: [], number: nil, text: "text \(u)", respondent: respondent))
        }
        // 70 more questions after them: the builder's room for 64 questions doubles.
        for q in 0..<70 {
            for u in [0, units - 1] {
                let (country, respondent) = unit(u)
                answers.append(
                    StoredAnswer(round: "2026", country: country, questionID: "q\(q)", options: ["o\(q % 3)"], number: nil, text: nil, respondent: respondent))
            }
        }
        // The last answer to a cell is kept: a wide id replaced by a narrow one and the other way.
        let (lastCountry, lastRespondent) = unit(units - 1)
        answers.append(
            StoredAnswer(round: "2026", country: lastCountry, questionID: "q_text", options: [], number: nil, text: "text 0", respondent: lastRespondent))
        let (firstCountry, firstRespondent) = unit(1)
        answers.append(
            StoredAnswer(round: "2026", country: firstCountry, questionID: "q_text", options: [], number: nil, text: "new text", respondent: firstRespondent))
        let matrix = AnswerMatrix(answers: answers)
        let r = matrix.roundIndex(of: "2026")!
        #expect(matrix.column(question: matrix.questionIndex(of: "q_text")!, round: r).width == 4)
        #expect(matrix.values(of: matrix.questionIndex(of: "q_text")!).count > 65_536)
        var expected: [String: StoredAnswer] = [:]
        for answer in answers { expected["\(SurveyUnit.key(country: answer.country, respondent: answer.respondent))|\(answer.questionID)"] = answer }
        for (key, answer) in expected {
            #expect(matrix.answer(of: String(key.split(separator: "|")[0]), to: answer.questionID, in: "2026") == answer)
        }
        for u in stride(from: 3, to: units, by: 11) {
            let (country, respondent) = unit(u)
            #expect(matrix.answer(of: SurveyUnit.key(country: country, respondent: respondent), to: "q_text", in: "2026") == nil)
        }
    }
}
