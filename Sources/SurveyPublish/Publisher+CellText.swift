// The text of the cells the tables share: numbers at fixed decimals, yes/no, the respondent cell.

import SurveyModel

extension Publisher {
    static func oneDecimal(_ value: Double?) -> String {
        guard let value else { return "" }
        return FixedPoint.format(value + 0.0, digits: 1)
    }

    /// A number with at most four decimals, trailing zeros dropped (`12`, `37.5`, `0.3333`).
    public static func decimal(_ value: Double?) -> String {
        guard let value else { return "" }
        return FixedPoint.trimmed(value + 0.0, digits: 4)
    }

    static func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "" }

    static func fixed(_ value: Double?, _ digits: Int) -> String {
        guard let value else { return "" }
        return FixedPoint.format(value + 0.0, digits: digits)
    }

    /// The trailing `respondent` cell of a per-unit table when the pipeline declares a respondent
    /// key (the unit keys carry respondents); nothing otherwise.
    static func respondentCell(_ unit: String, _ respondents: Bool) -> [CSVCell] {
        respondents ? [.text(SurveyUnit.respondent(of: unit) ?? "")] : []
    }

    /// The `respondent` cell of `unit`: the last of a per-unit row's cells (``keepingRespondent(_:if:)``).
    static func respondent(_ unit: String) -> CSVCell { .text(SurveyUnit.respondent(of: unit) ?? "") }

    /// `cells`, whose last is the row's ``respondent(_:)`` cell, without it when the table has no
    /// `respondent` column. The cell is in the row's array from the start: appended to it, it
    /// made the array again for every row of the priority tables (an array literal has no room
    /// to spare); before that, `cells + respondentCell(…)` made a third array.
    static func keepingRespondent(_ cells: consuming [CSVCell], if respondents: Bool) -> [CSVCell] {
        var cells = cells
        if !respondents { cells.removeLast() }
        return cells
    }
}
