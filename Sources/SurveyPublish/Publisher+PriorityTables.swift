public import Foundation
public import SurveyModel

/// The capacity-building priority tables.
extension Publisher {
    /// `priorities_by_country.csv`: one row per round × country × area.
    public static let priorityColumns = [
        "round", "country", "m49", "region", "area", "pillar", "score", "coverage", "requested", "rank_in_country",
        "rank_in_area", "n_ranked", "rank_p5", "rank_p95", "top_n_share", "stays_in_top_n", "loo_rank_min",
        "loo_rank_max", "drivers",
    ]

    /// `priorities_by_group.csv`: one row per round × area × group.
    public static let groupPriorityColumns = [
        "round", "area", "group_type", "group_code", "n_countries", "mean_score", "median_score", "n_high_priority",
        "n_request_answered", "n_requested", "percent_requested", "flag",
    ]

    /// `ta_planning.csv`: the latest round's scored country × area pairs, highest priority first.
    public static let planningColumns = [
        "priority", "round", "country", "country_name", "region", "subregion", "development", "special_groups", "area",
        "area_label", "pillar", "score", "coverage", "rank_in_area", "rank_p5", "rank_p95", "requested", "drivers",
    ]

    @discardableResult
    public func writeGroupPriorities(_ rows: [GroupPriority]) throws -> URL {
        try write(Self.groupPrioritiesCSV(rows), to: "priorities_by_group.csv")
    }

    /// `priorities_by_country.csv` written chunk by chunk, never whole in memory: `rows(c)` gives
    /// the rows of chunk `c` (chunks `0..<chunks`, consecutive rows in table order); chunks are
    /// made and formatted in parallel and written in order. `respondents`: whether some row's
    /// unit has a respondent (the `respondent` column). Each row is a
    /// ``priorityLine(_:reference:respondents:)``; on a broken invariant nothing is written.
    @discardableResult
    public func writePriorities(
        respondents: Bool, reference: CountryReference, chunks: Int, rows: @Sendable (Int) -> [PriorityScore]
    ) throws -> URL {
        try writeChunked(
            to: "priorities_by_country.csv", header: CSVText.header(Self.priorityColumns + (respondents ? ["respondent"] : [])),
            chunks: chunks
        ) { chunk in
            var text = ""
            for row in rows(chunk) { text += try Self.priorityLine(row, reference: reference, respondents: respondents) }
            return text
        }
    }

    /// One line of `priorities_by_country.csv`, after checking the row's invariants.
    public static func priorityLine(_ row: PriorityScore, reference: CountryReference, respondents: Bool) throws -> String {
        if let score = row.score, !(0...100).contains(score) {
            throw PublishError.invariant("priority score out of 0–100: \(row.country)/\(row.area)")
        }
        guard (0...1).contains(row.coverage), (row.score == nil) == (row.coverage == 0) else {
            throw PublishError.invariant("coverage and score disagree: \(row.country)/\(row.area)")
        }
        let country = reference.country(iso3: SurveyUnit.country(of: row.country))
        return csvLine([
            .text(row.round), .text(SurveyUnit.country(of: row.country)), .text(country?.m49 ?? ""), .text(country?.region ?? ""),
            .text(row.area), .text(row.pillar), .number(oneDecimal(row.score)), .number(fixed(row.coverage, 3)),
            .text(yesNo(row.requested)), .number(row.rankInCountry.map(String.init) ?? ""),
            .number(row.rankInArea.map(String.init) ?? ""), .number(String(row.nRanked)),
            .number(oneDecimal(row.rankP5)), .number(oneDecimal(row.rankP95)), .number(fixed(row.topNShare, 3)),
            .text(row.topNShare.map { $0 >= 0.95 ? "yes" : "no" } ?? ""),
            .number(row.looRankMin.map(String.init) ?? ""), .number(row.looRankMax.map(String.init) ?? ""),
            .text(drivers(row)),
        ] + respondentCell(row.country, respondents))
    }

    public static func groupPrioritiesCSV(_ rows: [GroupPriority]) -> String {
        var text = CSVText.header(groupPriorityColumns)
        for row in rows {
            text += CSVText.line([
                .text(row.round), .text(row.area), .text(row.group.type.rawValue), .text(row.group.code),
                .number(String(row.nCountries)), .number(oneDecimal(row.meanScore)), .number(oneDecimal(row.medianScore)),
                .number(String(row.nHighPriority)), .number(String(row.nRequestAnswered)), .number(String(row.nRequested)),
                .number(oneDecimal(row.percentRequested)), .text(row.flag.rawValue),
            ])
        }
        return text
    }

    /// `ta_planning.csv` written chunk by chunk, never whole in memory: `rows(c)` gives the rows
    /// of chunk `c`, already in the table's order (the latest round's rows with a score, by score
    /// (highest first), then the upper end of the Monte Carlo rank interval (the more certain
    /// first), then country and area order), and the 1-based priority of its first row. Each row
    /// is a ``planningLine(position:_:model:reference:respondents:)``.
    @discardableResult
    public func writePlanning(
        respondents: Bool, model: ScoringModel, reference: CountryReference, chunks: Int,
        rows: @Sendable (Int) -> (firstPosition: Int, rows: [PriorityScore])
    ) throws -> URL {
        try writeChunked(
            to: "ta_planning.csv", header: CSVText.header(Self.planningColumns + (respondents ? ["respondent"] : [])),
            chunks: chunks
        ) { chunk in
            let (first, rows) = rows(chunk)
            var text = ""
            for (offset, row) in rows.enumerated() {
                text += Self.planningLine(
                    position: first + offset, row, model: model, reference: reference, respondents: respondents)
            }
            return text
        }
    }

    /// One line of `ta_planning.csv`; `position` is its 1-based priority.
    public static func planningLine(
        position: Int, _ row: PriorityScore, model: ScoringModel, reference: CountryReference, respondents: Bool
    ) -> String {
        let country = reference.country(iso3: SurveyUnit.country(of: row.country))
        var special: [String] = []
        if country?.isLDC == true { special.append("LDC") }
        if country?.isLLDC == true { special.append("LLDC") }
        if country?.isSIDS == true { special.append("SIDS") }
        return csvLine([
            .number(String(position)), .text(row.round), .text(SurveyUnit.country(of: row.country)),
            .text(country?.name[.en] ?? ""),
            .text(reference.regions.first { $0.code == country?.region }?.name[.en] ?? ""),
            .text(reference.subregions.first { $0.code == country?.subregion }?.name[.en] ?? ""),
            .text(country?.development?.rawValue ?? ""), .text(special.joined(separator: " ")), .text(row.area),
            .text(model.area(id: row.area)?.label ?? row.area), .text(row.pillar), .number(oneDecimal(row.score)),
            .number(fixed(row.coverage, 3)), .number(row.rankInArea.map(String.init) ?? ""),
            .number(oneDecimal(row.rankP5)), .number(oneDecimal(row.rankP95)), .text(yesNo(row.requested)),
            .text(drivers(row)),
        ] + respondentCell(row.country, respondents))
    }

    /// The three components that add most to the score, as
    /// `id (answers; weight w; +points)`, separated by `; `.
    public static func drivers(_ row: PriorityScore) -> String {
        let ranked = row.components.compactMap { component -> (PriorityComponent, Double)? in
            guard let points = row.points(of: component), points > 0 else { return nil }
            return (component, points)
        }.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.id < $1.0.id) }
        return ranked.prefix(3).map { component, points in
            "\(component.id) (\(component.answers); weight \(decimal(component.weight)); +\(FixedPoint.format(points, digits: 1)))"
        }.joined(separator: "; ")
    }
}
