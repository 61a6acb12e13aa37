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

    /// `ta_planning.csv` of `rows`: the latest round's rows in quadrant plan, scope, outreach, by
    /// quadrant (in that order), tier, need (highest first, compared at 1e-9), coverage (highest
    /// first), English country name, area order, unit key; rank by need within the quadrant,
    /// shared ranks written "1=".
    public static func planningCSV(_ rows: [PriorityScore], model: ScoringModel, reference: CountryReference) -> String {
        let respondents = rows.contains { SurveyUnit.respondent(of: $0.country) != nil }
        var text = CSVText.header(planningColumns + (respondents ? ["respondent"] : []))
        guard let latest = rows.map(\.round).max(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) else { return text }
        let areaOrder = Dictionary(uniqueKeysWithValues: model.areas.enumerated().map { ($1.id, $0) })
        let quadrants: [Quadrant: Int] = [.plan: 0, .scope: 1, .outreach: 2]
        func need(_ row: PriorityScore) -> Double { (row.score! * 1e9).rounded() / 1e9 }
        func tier(_ row: PriorityScore) -> Int { model.tiers.firstIndex { $0.id == row.tier } ?? 99 }
        func name(_ row: PriorityScore) -> String { reference.country(iso3: SurveyUnit.country(of: row.country))?.name[.en] ?? row.country }
        var ordered = rows.filter { $0.round == latest && $0.score != nil && quadrants[$0.quadrant] != nil }.sorted { a, b in
            if quadrants[a.quadrant]! != quadrants[b.quadrant]! { return quadrants[a.quadrant]! < quadrants[b.quadrant]! }
            if tier(a) != tier(b) { return tier(a) < tier(b) }
            if need(a) != need(b) { return need(a) > need(b) }
            if a.coverage != b.coverage { return a.coverage > b.coverage }
            if name(a) != name(b) { return name(a) < name(b) }
            if areaOrder[a.area, default: 0] != areaOrder[b.area, default: 0] { return areaOrder[a.area, default: 0] < areaOrder[b.area, default: 0] }
            return a.country < b.country
        }
        for i in ordered.indices {
            let sameQuadrant = ordered.filter { $0.quadrant == ordered[i].quadrant }
            let higher = sameQuadrant.filter { need($0) > need(ordered[i]) }.count
            let equal = sameQuadrant.filter { need($0) == need(ordered[i]) }.count
            ordered[i].planningRank = higher + 1
            ordered[i].planningRankTied = equal > 1
        }
        for (position, row) in ordered.enumerated() {
            text += CSVText.line(planningCells(position: position + 1, row, model: model, reference: reference, respondents: respondents))
        }
        return text
    }
}
