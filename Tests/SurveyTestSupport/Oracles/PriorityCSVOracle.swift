// Test oracles of the priority tables: `priorities_by_country.csv` and `ta_planning.csv` made
// whole from plain rows, the simple way. A run writes them in chunks from the compact scores
// (Publisher.writePriorities(respondents:…), Publisher.writePlanning(respondents:…)); the tests
// check those bytes against these.

public import SurveyModel
public import SurveyPublish

extension Publisher {
    /// `priorities_by_country.csv` of `rows`, in their order.
    public static func prioritiesCSV(_ rows: [PriorityScore], model: ScoringModel, reference: CountryReference) throws -> String {
        let respondents = rows.contains { SurveyUnit.respondent(of: $0.country) != nil }
        var text = CSVText.header(priorityColumns + (respondents ? ["respondent"] : []))
        for row in rows { text += CSVText.line(priorityCells(row, reference: reference, respondents: respondents)) }
        return text
    }

    /// `ta_planning.csv` of `rows`: the latest round's rows with a score, by score (highest
    /// first), then the upper end of the Monte Carlo rank interval (the more certain first), then
    /// country and area order.
    public static func planningCSV(_ rows: [PriorityScore], model: ScoringModel, reference: CountryReference) -> String {
        let respondents = rows.contains { SurveyUnit.respondent(of: $0.country) != nil }
        var text = CSVText.header(planningColumns + (respondents ? ["respondent"] : []))
        guard let latest = rows.map(\.round).max(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) else { return text }
        let areaOrder = Dictionary(uniqueKeysWithValues: model.areas.enumerated().map { ($1.id, $0) })
        let ordered = rows.filter { $0.round == latest && $0.score != nil }.sorted { a, b in
            if a.score! != b.score! { return a.score! > b.score! }
            if (a.rankP95 ?? 0) != (b.rankP95 ?? 0) { return (a.rankP95 ?? 0) < (b.rankP95 ?? 0) }
            if a.country != b.country { return a.country < b.country }
            return areaOrder[a.area, default: 0] < areaOrder[b.area, default: 0]
        }
        for (position, row) in ordered.enumerated() {
            text += CSVText.line(planningCells(position: position + 1, row, model: model, reference: reference, respondents: respondents))
        }
        return text
    }
}
