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

    /// `cells` with the respondent cell of `unit` appended when the table has the column: in
    /// place (`cells + respondentCell(…)` made a third array and counted every cell up and down
    /// again, per row of the priority tables).
    static func withRespondent(_ cells: consuming [CSVCell], _ unit: String, _ respondents: Bool) -> [CSVCell] {
        var cells = cells
        if respondents { cells.append(.text(SurveyUnit.respondent(of: unit) ?? "")) }
        return cells
    }
}
