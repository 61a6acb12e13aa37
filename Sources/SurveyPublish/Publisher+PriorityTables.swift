public import Foundation
public import SurveyModel

/// The capacity-building priority tables: their descriptions and the text of a row.
extension Publisher {
    /// One row of `ta_planning.csv`: a score and its 1-based place in the list.
    public struct PlanningRow: Sendable {
        public var position: Int
        public var score: PriorityScore
        /// What the planner reads beside need and demand (activities, support, change, reasons).
        public var detail: PlanningDetail

        public init(position: Int, score: PriorityScore, detail: PlanningDetail = PlanningDetail()) {
            self.position = position
            self.score = score
            self.detail = detail
        }
    }

    static let scoreInvariants: [TableInvariant<PriorityScore>] = [
        .unique(
            "no duplicate round × country × area (rows grouped by round × country)",
            grouped: { UnitKey(round: $0.round, unit: $0.country, item: "") }, item: \.area),
        .row("score blank or in 0–100") { row in row.score.map { (0...100).contains($0) } ?? true },
        .row("coverage in 0–1, need blank exactly when the status is insufficient_data") { row in
            (0...1).contains(row.coverage) && (row.score == nil) == (row.status == .insufficientData)
        },
        .row("quadrant insufficient_data exactly without a need, request_unknown exactly with a need and no request answer") { row in
            (row.quadrant == .insufficientData) == (row.score == nil)
                && (row.quadrant == .requestUnknown) == (row.score != nil && row.requested == nil)
        },
        .row("need_p5 ≤ need_p95; p_tier_change and p_quadrant_change in 0–1, blank without a need; need_if_missing_none ≤ need ≤ need_if_missing_gaps") { row in
            if let low = row.needP5, let high = row.needP95, low > high + 1e-9 { return false }
            for share in [row.pTierChange, row.pQuadrantChange] {
                if share != nil, row.score == nil { return false }
                if let share, !(0...1).contains(share) { return false }
            }
            if let low = row.needIfMissingNone, let high = row.needIfMissingGaps {
                if low > high + 1e-9 { return false }
                if let need = row.score, need < low - 1e-9 || need > high + 1e-9 { return false }
            }
            return true
        },
    ]

    /// `priorities_by_country.csv`: one row per round × country × area.
    public static let prioritiesTable = TableDescription<PriorityScore>(
        name: "priorities_by_country", file: "priorities_by_country.csv",
        summary: "Priority score of each country in each area.",
        grain: "one row per round × country × area",
        columns: [
            TableColumn("round", "The round."),
            TableColumn("country", "ISO alpha-3 code of the country."),
            TableColumn("m49", "Its M49 code."),
            TableColumn("region", "Its M49 region."),
            TableColumn("area", "Capacity area id."),
            TableColumn("pillar", "The area's Global Programme pillar."),
            TableColumn.number(
                "need",
                "0–100, one decimal: the need score, 100 × Σ weight × gap / Σ weight over the answered gap indicators only (the request is not a term: demand is its own column). Blank when `status` is `insufficient_data`."
            ),
            TableColumn("need_tier", "The need's tier from the bands declared in the scoring file (`tiers:`; shipped: `high` ≥ 60, `medium` ≥ 30, `low`); blank without a need."),
            TableColumn.number("coverage", "The answered share of the area's gap weight, 0–1 (three decimals)."),
            TableColumn("status", "`scored`, or `insufficient_data` when `coverage` is below `coverage_minimum` (default 0.6): then no need, no tier, no rank: listed for follow-up."),
            TableColumn("missing_items", "The area's items not answered (blank or \"don't know\"), space-separated: what to follow up."),
            TableColumn("demand", "`requested` (any request question of the area answered yes), `not_requested` (every one answered, none yes), `unknown` (otherwise: a blank is never a no)."),
            TableColumn("quadrant", "Need × demand: `plan` (requested, high need), `scope` (requested, lower need: scope with the country), `outreach` (not requested, high need), `neither`, `request_unknown` (need scored, demand unknown), `insufficient_data` (no need score)."),
            TableColumn("rank_in_country", "Rank of this area's need among the country's areas (1 = highest); a shared rank is written `1=`."),
            TableColumn("rank_in_area", "Rank of the need among the round's countries with a need in this area (1 = highest); ties share a rank, written `1=` (the next rank is skipped)."),
            TableColumn.number("n_ranked", "Countries ranked in this area and round."),
            TableColumn.number("need_p5", "The need's 5th percentile over the Monte Carlo's 1,000 seeded draws (weights ±25%, partial answers such as `draft` within their declared range, `gap_range:`), one decimal: a low plausible need. Blank without a need."),
            TableColumn.number("need_p95", "Its 95th percentile over the same draws: a high plausible need."),
            TableColumn.number("p_tier_change", "Share of the 1,000 draws (weights ±25%, partial answers within their declared range) in which the need's tier differs from `need_tier`, 0–1: 0 = the tier holds whatever the weights and partial values, 0.3 = it changes in 3 draws of 10. Blank without a need."),
            TableColumn.number("p_quadrant_change", "Share of the same draws in which the quadrant differs (the need crosses the high-need boundary; the demand is the country's answer and does not vary). 0 for `request_unknown`; blank without a need."),
            TableColumn("tier_loo", "The tiers the need takes with each gap indicator of the area left out in turn (and with all): `medium–high`, or just `high` when it never moves. Blank without a need."),
            TableColumn.number("need_if_missing_gaps", "The need if every missing item of the area were a full gap (every indicator then counts): an upper bound of what the missing answers can do. Blank when nothing is missing; given for `insufficient_data` too."),
            TableColumn.number("need_if_missing_none", "The need if every missing item were no gap: the lower bound. Blank when nothing is missing."),
            TableColumn("tier_range_missing", "The tiers at those two bounds (`low–high`, or one tier when the missing items cannot move it). Blank when nothing is missing."),
            TableColumn("drivers", "The three gap indicators adding most to the need: `id (answers; weight w; +points)`."),
            respondentColumn,
        ],
        invariants: scoreInvariants,
        key: { "\($0.round) \($0.country) \($0.area)" },
        notes: """
            From the scoring model `Pipelines/scoring/priorities.yml` (method: [priorities.md](priorities.md)).
            Rows are listed by round, ISO code, then the model's area order (a listing, not a ranking). The file is written in chunks
            of rows, checked chunk by chunk: it is never whole in memory. Written only when the pipeline
            file names a scoring model, as are the two tables after it.
            """)

    /// `priorities_by_group.csv`: one row per round × area × group.
    public static let groupPrioritiesTable = TableDescription<GroupPriority>(
        name: "priorities_by_group", file: "priorities_by_group.csv",
        summary: "Priority scores by group: mean, median, requests.",
        grain: "one row per round × area × group",
        columns: [
            TableColumn("round", "The round."),
            TableColumn("area", "Capacity area id."),
        ] + groupColumns + [
            TableColumn.number("n_countries", "Countries of the group with a need score in the area (coverage at least the minimum)."),
            TableColumn.number("mean_need", "Mean of those needs; blank when suppressed."),
            TableColumn.number("median_need", "Median of those needs; blank when suppressed."),
            TableColumn.number("n_high_need", "Countries whose need is in a high-need tier."),
            TableColumn.number("n_request_answered", "Countries whose demand is known (`requested` or `not_requested`)."),
            TableColumn.number("n_requested", "Of those, the countries asking for assistance in the area."),
            TableColumn.number("n_request_unknown", "Countries of the group with a submission whose demand is `unknown` (not counted in `percent_requested`)."),
            TableColumn.percent("percent_requested", "Their share; blank when suppressed by `n_request_answered`."),
            TableColumn("flag", "Reliability flag by `n_countries`; `normal` and never suppressed when every State of the group has a score (`n_countries` equal to the group's N, without a respondent key). `percent_requested` follows the same rule by `n_request_answered`."),
            groupNameColumn,
        ],
        invariants: [
            .unique("no duplicate round × area × group") {
                ShareKey(round: $0.round, question: $0.area, option: "", group: $0.group)
            },
            .row("n_high_need ≤ n_countries") { 0 <= $0.nHighPriority && $0.nHighPriority <= $0.nCountries },
            .row("n_requested ≤ n_request_answered") { 0 <= $0.nRequested && $0.nRequested <= $0.nRequestAnswered },
            .row("mean_need and median_need blank or in 0–100") { row in
                [row.meanScore, row.medianScore].allSatisfy { $0.map { (0...100).contains($0) } ?? true }
            },
        ],
        key: { "\($0.round) \($0.area) \(groupKey($0.group))" },
        notes: "The groups are those of `statistics.csv`, in the same order.")

    /// `ta_planning.csv`: the latest round's country × area pairs in quadrant plan, scope or
    /// outreach, by quadrant, tier and need.
    public static let planningTable = TableDescription<PlanningRow>(
        name: "ta_planning", file: "ta_planning.csv",
        summary: "Planning list: plan, scope and outreach pairs.",
        grain: "one row per country × area of the latest round in quadrant plan, scope or outreach",
        columns: [
            TableColumn("quadrant", "Where the country's own request meets its need: `plan` (it asked for assistance and its need is high), `scope` (it asked, its need is lower: agree the scope with it), `outreach` (it did not ask, its need is high), listed in that order."),
            TableColumn("rank_in_quadrant", "Place by need within the quadrant (1 = highest need); countries with equal needs share a place, written `1=`."),
            TableColumn("round", "The survey round the row describes (the latest)."),
            TableColumn("country", "ISO alpha-3 code of the country (for joining; read `country_name`)."),
            TableColumn("country_name", "English short name."),
            TableColumn("region", "M49 region name."),
            TableColumn("subregion", "M49 sub-region name."),
            TableColumn("development", "`developed` / `developing` (M49 2020)."),
            TableColumn("special_groups", "`LDC` (least developed), `LLDC` (landlocked developing), `SIDS` (small island developing State) as they apply, space-separated."),
            TableColumn("area", "The capacity area's id in the scoring file (for joining; read `area_label`)."),
            TableColumn("area_label", "The capacity area in words, as the scoring file names it."),
            TableColumn("pillar", "The Global Programme pillar the area belongs to."),
            TableColumn("need_tier", "How large the gap in capacity is, from the country's own answers: `high`, `medium` or `low` (bands declared in the scoring file; shipped: high from 60, medium from 30)."),
            TableColumn.number("need", "The need behind the tier, 0–100: the weighted share of the area's gap indicators that show a gap, over those the country answered."),
            TableColumn.number("coverage", "How much of the area the country answered, 0–1 (its share of the area's gap weight): the lower, the less certain the need."),
            TableColumn.number("p_quadrant_change", "How firm the quadrant is: the share of the Monte Carlo's draws (weights ±25%, partial answers such as `draft` within their declared range; `priorities_by_country.csv` has the other uncertainty columns) in which the need crosses the high-need boundary and the row would be in another quadrant, 0–1. 0: firm whatever the weights; 0.3: it moves in 3 draws of 10, so read the row with its neighbours."),
            TableColumn("demand", "Whether the country asked for assistance in the area: `requested` or `not_requested` (a blank request is never read as no and is not listed here)."),
            TableColumn("activities_requested", "What the country asked for in the area: the English labels of its answers to the activities question of each of the area's TA areas (`ta_<area>_activities`), `; `-separated, each once, in the list's order; empty when none was answered."),
            TableColumn("institutions", "The beneficiary institutions it named for the area (`ta_<area>_institution`), likewise."),
            TableColumn("urgency", "The most urgent answer to the area's urgency questions (`Within 12 months` before `Within 3 years` before `No fixed date`); empty when none was answered."),
            TableColumn("already_supported_by", "Assistance the country already receives in the area, covering the round's year: `Provider (activities, years)`, `; `-separated, by provider name then first year; years `2024–` when ongoing. From the country's own answers (the `ta_support` entries of this round in one of the area's TA areas, ongoing or ending in the round's year or later) and from the programmes file (`Pipelines/ta/programmes.yml`, entries for the country and those TA areas covering the round's year). Empty: none known, which is not the same as none."),
            TableColumn("support_source", "Where `already_supported_by` comes from: `country` (the questionnaire), `programmes` (the programmes file) or both, `country; programmes`."),
            TableColumn("change_since_previous", "Compared with the previous round in which the country answered: `new request` (requested now, not requested or blank then), `request withdrawn`, `tier up: medium → high` / `tier down: …` (the need tier moved; with a demand change both are given, `; `-separated), `quadrant was request_unknown` (only the quadrant moved), `unchanged`; `not scored in 2024` when the country answered that round but too little of the area for a need; `no previous round` when it answered no earlier round."),
            TableColumn("reasons", "The three gap indicators adding most to the need, in words: the scoring file's label of the indicator and what the country answered (`No digital forensic laboratory (answered No)`), or for an indicator of several items how many answered items show a gap. Empty when the need is 0 (no gap in the answers). No weights or points: those are in `priorities_by_country.csv`'s `drivers`."),
            respondentColumn,
        ],
        invariants: [
            .table("positions 1, 2, 3, … in row order") {
                var expected = 1
                return TableCheck { row in
                    defer { expected += 1 }
                    return row.position == expected
                }
            },
            .row("need present, in 0–100; quadrant plan, scope or outreach") { row in
                (row.score.score.map { (0...100).contains($0) } ?? false)
                    && [.plan, .scope, .outreach].contains(row.score.quadrant)
            },
            .table("one round; by quadrant, then need highest first") {
                var previous: (round: String, quadrant: Quadrant, score: Double)?
                let order: [Quadrant: Int] = [.plan: 0, .scope: 1, .outreach: 2]
                return TableCheck { row in
                    let score = row.score.score ?? 0
                    defer { previous = (row.score.round, row.score.quadrant, score) }
                    guard let previous else { return true }
                    guard previous.round == row.score.round else { return false }
                    let (a, b) = (order[previous.quadrant] ?? 9, order[row.score.quadrant] ?? 9)
                    return a < b || (a == b && previous.score >= score - 1e-9)
                }
            },
        ],
        key: { "\($0.score.round) \($0.score.country) \($0.score.area)" },
        notes: """
            Not ranked by a sum of need and request: a country's own request (demand) comes first, need
            qualifies it. Within a quadrant rows follow the tier, the need, the coverage (better known first),
            then the country's English name and the area order — never the ISO code; equal needs share a rank.
            Rows whose demand is `unknown` or whose need has `insufficient_data` are not listed here: they are
            in `ta_matrix.csv` (the follow-up list). `legisurvey explain priority GHA investigations [--round
            2026]` prints the full arithmetic of one need, from the stored answers (with their file and line).
            """)

    /// `ta_matrix.csv`: every country × area of the latest round, need × demand.
    public static let matrixTable = TableDescription<PriorityScore>(
        name: "ta_matrix", file: "ta_matrix.csv",
        summary: "Need × demand of every country × area, latest round.",
        grain: "one row per country × area of the latest round",
        columns: [
            TableColumn("round", "The round."),
            TableColumn("country", "ISO alpha-3 code."),
            TableColumn("country_name", "English short name."),
            TableColumn("area", "The capacity area id."),
            TableColumn("area_label", "The area's label in the scoring model."),
            TableColumn.number("need", "As in `priorities_by_country.csv`: blank with `insufficient_data`."),
            TableColumn("need_tier", "As in `priorities_by_country.csv`."),
            TableColumn.number("coverage", "As in `priorities_by_country.csv`."),
            TableColumn("status", "`scored` or `insufficient_data` (below `coverage_minimum`): the rows to follow up."),
            TableColumn("missing_items", "The area's items not answered, space-separated: what to ask for."),
            TableColumn("demand", "`requested`, `not_requested` or `unknown`."),
            TableColumn("quadrant", "`plan`, `scope`, `outreach`, `neither`, `request_unknown` or `insufficient_data`."),
            TableColumn.number("p_tier_change", "As in `priorities_by_country.csv`: the share of 1,000 draws (weights ±25%, partial answers within their declared range) in which the tier differs."),
            TableColumn.number("p_quadrant_change", "As in `priorities_by_country.csv`: the share of those draws in which the quadrant differs."),
            TableColumn("tier_range_missing", "As in `priorities_by_country.csv`: the tiers if every missing item were a gap / no gap; for `insufficient_data` rows, how far the missing answers could take the need."),
            respondentColumn,
        ],
        invariants: [
            .unique(
                "no duplicate country × area",
                grouped: { UnitKey(round: $0.round, unit: $0.country, item: "") }, item: \.area),
            .row("need blank exactly with insufficient_data") { row in (row.score == nil) == (row.status == .insufficientData) },
        ],
        key: { "\($0.round) \($0.country) \($0.area)" },
        notes: """
            Listed by ISO code and the model's area order (a listing, not a ranking). The rows with status
            `insufficient_data` are the follow-up list: no need is computed, `missing_items` says what to ask.
            """)

    public static func matrixRows(
        respondents: Bool, model: ScoringModel, reference: CountryReference, chunks: Int,
        rows: @escaping @Sendable (Int) -> [PriorityScore]
    ) -> TableRows<PriorityScore> {
        let countries = CountryColumns(reference)
        let areaLabels = AreaLabels(model)
        return TableRows(optionalColumns: respondents ? ["respondent"] : [], chunkCount: chunks, chunk: rows) { row in
            let iso3 = SurveyUnit.country(of: row.country)
            return keepingRespondent([
                .text(row.round), .text(iso3), .text(countries[iso3].name), .text(row.area),
                .text(areaLabels[row.area]), .number(oneDecimal(row.score)), .text(row.tier ?? ""),
                .number(fixed(row.coverage, 3)), .text(row.status.rawValue), .text(row.missingItems.joined(separator: " ")),
                .text(demand(row.requested)), .text(row.quadrant.rawValue), .number(fixed(row.pTierChange, 3)),
                .number(fixed(row.pQuadrantChange, 3)), .text(row.tierRangeMissing ?? ""), respondent(row.country),
            ], if: respondents)
        }
    }

    public static var priorityColumns: [String] { prioritiesTable.headers() }
    public static var groupPriorityColumns: [String] { groupPrioritiesTable.headers() }
    public static var planningColumns: [String] { planningTable.headers() }
    public static var matrixColumns: [String] { matrixTable.headers() }

    /// `priorities_by_country.csv` in chunks: `rows(c)` gives the rows of chunk `c` (chunks
    /// `0..<chunks`, consecutive rows in table order). `respondents`: whether some row's unit has a
    /// respondent (the `respondent` column).
    public static func priorityRows(
        respondents: Bool, reference: CountryReference, chunks: Int, rows: @escaping @Sendable (Int) -> [PriorityScore]
    ) -> TableRows<PriorityScore> {
        let countries = CountryColumns(reference)
        return TableRows(optionalColumns: respondents ? ["respondent"] : [], chunkCount: chunks, chunk: rows) {
            priorityCells($0, countries: countries, respondents: respondents)
        }
    }

    public static func groupPriorityRows(_ rows: [GroupPriority], labels: CodeLabels = .none) -> TableRows<GroupPriority> {
        TableRows(rows) { groupPriorityCells($0, labels: labels) }
    }

    /// `ta_planning.csv` in chunks: `rows(c)` gives the rows of chunk `c`, already in the table's
    /// order (the latest round's rows in quadrants plan, scope, outreach, by quadrant, tier, need
    /// (highest first), coverage, English country name, area order), and the 1-based priority of
    /// its first row.
    public static func planningRows(
        respondents: Bool, model: ScoringModel, reference: CountryReference, chunks: Int,
        rows: @escaping @Sendable (Int) -> (firstPosition: Int, rows: [PriorityScore]),
        detail: @escaping @Sendable (PriorityScore) -> PlanningDetail = { _ in PlanningDetail() }
    ) -> TableRows<PlanningRow> {
        let countries = CountryColumns(reference)
        let areaLabels = AreaLabels(model)
        return TableRows(
            optionalColumns: respondents ? ["respondent"] : [], chunkCount: chunks,
            chunk: { chunk in
                let (first, scores) = rows(chunk)
                return scores.enumerated().map {
                    PlanningRow(position: first + $0.offset, score: $0.element, detail: detail($0.element))
                }
            },
            cells: {
                planningCells(
                    position: $0.position, $0.score, detail: $0.detail, areaLabels: areaLabels, countries: countries,
                    respondents: respondents)
            })
    }

    @discardableResult
    public func writeGroupPriorities(_ rows: [GroupPriority]) throws -> URL {
        try write(Self.groupPrioritiesTable, Self.groupPriorityRows(rows))
    }

    /// `priorities_by_country.csv` written chunk by chunk (``priorityRows(respondents:reference:chunks:rows:)``),
    /// never whole in memory; on a broken invariant nothing is written.
    @discardableResult
    public func writePriorities(
        respondents: Bool, reference: CountryReference, chunks: Int, rows: @escaping @Sendable (Int) -> [PriorityScore]
    ) throws -> URL {
        try write(Self.prioritiesTable, Self.priorityRows(respondents: respondents, reference: reference, chunks: chunks, rows: rows))
    }

    /// `ta_planning.csv` written chunk by chunk (``planningRows(respondents:model:reference:chunks:rows:)``).
    @discardableResult
    public func writePlanning(
        respondents: Bool, model: ScoringModel, reference: CountryReference, chunks: Int,
        rows: @escaping @Sendable (Int) -> (firstPosition: Int, rows: [PriorityScore]),
        detail: @escaping @Sendable (PriorityScore) -> PlanningDetail = { _ in PlanningDetail() }
    ) throws -> URL {
        try write(
            Self.planningTable,
            Self.planningRows(
                respondents: respondents, model: model, reference: reference, chunks: chunks, rows: rows, detail: detail))
    }

    /// The cells of one line of `priorities_by_country.csv`.
    public static func priorityCells(_ row: PriorityScore, reference: CountryReference, respondents: Bool) -> [CSVCell] {
        priorityCells(row, countries: CountryColumns(reference, only: SurveyUnit.country(of: row.country)), respondents: respondents)
    }

    static func priorityCells(_ row: PriorityScore, countries: CountryColumns, respondents: Bool) -> [CSVCell] {
        let iso3 = SurveyUnit.country(of: row.country)
        let country = countries[iso3]
        return keepingRespondent([
            .text(row.round), .text(iso3), .text(country.m49), .text(country.region),
            .text(row.area), .text(row.pillar), .number(oneDecimal(row.score)), .text(row.tier ?? ""), .number(fixed(row.coverage, 3)),
            .text(row.status.rawValue), .text(row.missingItems.joined(separator: " ")), .text(demand(row.requested)),
            .text(row.quadrant.rawValue), .text(rankText(row.rankInCountry, tied: row.rankInCountryTied)),
            .text(rankText(row.rankInArea, tied: row.rankInAreaTied)), .number(String(row.nRanked)),
            .number(oneDecimal(row.needP5)), .number(oneDecimal(row.needP95)), .number(fixed(row.pTierChange, 3)),
            .number(fixed(row.pQuadrantChange, 3)), .text(row.tierLeaveOneOut ?? ""), .number(oneDecimal(row.needIfMissingGaps)),
            .number(oneDecimal(row.needIfMissingNone)), .text(row.tierRangeMissing ?? ""),
            .text(drivers(row)), respondent(row.country),
        ], if: respondents)
    }

    /// The cells of one line of `priorities_by_group.csv`.
    public static func groupPriorityCells(_ row: GroupPriority, labels: CodeLabels = .none) -> [CSVCell] {
        [
            .text(row.round), .text(row.area), .text(row.group.type.rawValue), .text(row.group.code),
            .number(String(row.nCountries)), .number(oneDecimal(row.meanScore)), .number(oneDecimal(row.medianScore)),
            .number(String(row.nHighPriority)), .number(String(row.nRequestAnswered)), .number(String(row.nRequested)),
            .number(String(row.nRequestUnknown)), .number(oneDecimal(row.percentRequested)), .text(row.flag.rawValue), .text(labels.groupName(row.group)),
        ]
    }

    public static func groupPrioritiesCSV(_ rows: [GroupPriority]) throws -> String {
        try text(groupPrioritiesTable, groupPriorityRows(rows))
    }

    /// The cells of one line of `ta_planning.csv`; `position` is its 1-based priority.
    public static func planningCells(
        position: Int, _ row: PriorityScore, detail: PlanningDetail = PlanningDetail(), model: ScoringModel,
        reference: CountryReference, respondents: Bool
    ) -> [CSVCell] {
        planningCells(
            position: position, row, detail: detail, areaLabels: AreaLabels(model),
            countries: CountryColumns(reference, only: SurveyUnit.country(of: row.country)), respondents: respondents)
    }

    static func planningCells(
        position: Int, _ row: PriorityScore, detail: PlanningDetail, areaLabels: AreaLabels, countries: CountryColumns,
        respondents: Bool
    ) -> [CSVCell] {
        let iso3 = SurveyUnit.country(of: row.country)
        let country = countries[iso3]
        return keepingRespondent([
            .text(row.quadrant.rawValue), .text(rankText(row.planningRank, tied: row.planningRankTied)), .text(row.round),
            .text(iso3), .text(country.name), .text(country.regionName), .text(country.subregionName),
            .text(country.development), .text(country.specialGroups), .text(row.area),
            .text(areaLabels[row.area]), .text(row.pillar), .text(row.tier ?? ""),
            .number(oneDecimal(row.score)), .number(fixed(row.coverage, 3)), .number(fixed(row.pQuadrantChange, 3)),
            .text(demand(row.requested)), .text(detail.activitiesRequested.joined(separator: "; ")), .text(detail.institutions.joined(separator: "; ")),
            .text(detail.urgency ?? ""), .text(detail.alreadySupportedBy), .text(detail.supportSource),
            .text(detail.changeSincePrevious), .text(detail.reasons), respondent(row.country),
        ], if: respondents)
    }

    /// `requested`, `not_requested`, `unknown`.
    public static func demand(_ requested: Bool?) -> String {
        requested.map { $0 ? "requested" : "not_requested" } ?? "unknown"
    }

    /// A rank, `3=` when shared; empty without one.
    public static func rankText(_ rank: Int?, tied: Bool) -> String {
        rank.map { "\($0)\(tied ? "=" : "")" } ?? ""
    }

    /// The three components that add most to the score, as
    /// `id (answers; weight w; +points)`, separated by `; `.
    public static func drivers(_ row: PriorityScore) -> String {
        // By index into the row's components (no copies of them), the text appended in one string.
        let components = row.components
        let ranked = row.rankedByPoints()
        var text = ""
        // Room for the whole text at once (grown by doubling, it was copied three or four times).
        var room = 0
        for entry in ranked.prefix(3) { room += components[entry.index].id.utf8.count + components[entry.index].answers.utf8.count + 40 }
        text.reserveCapacity(room)
        for (position, entry) in ranked.prefix(3).enumerated() {
            if position > 0 { text += "; " }
            text += components[entry.index].id
            text += " ("
            text += components[entry.index].answers
            text += "; weight "
            text += decimal(components[entry.index].weight)
            text += "; +"
            text += FixedPoint.format(entry.points, digits: 1)
            text += ")"
        }
        return text
    }
}

/// What the priority tables write of each country of the reference (its English name, M49 code,
/// region and sub-region with their English names, development group, special groups), made once
/// for a table: looked up for every row, the country was copied whole (its names in six
/// languages, its aliases) and the region lists searched by code.
struct CountryColumns: Sendable {
    struct Entry: Sendable {
        var name = ""
        var m49 = ""
        /// The M49 region code.
        var region = ""
        var regionName = ""
        var subregionName = ""
        var development = ""
        /// `LDC`, `LLDC`, `SIDS` as they apply, space-separated.
        var specialGroups = ""
    }

    private let byISO3: [String: Entry]

    /// Every country of `reference`, or only the one of ISO code `only`.
    init(_ reference: CountryReference, only: String? = nil) {
        var byISO3: [String: Entry] = [:]
        for code in only.map({ [$0] }) ?? reference.countries.map(\.iso3) where byISO3[code] == nil {
            // The country the rows' lookup found (``CountryReference/country(iso3:)``).
            guard let country = reference.country(iso3: code) else { continue }
            var special: [String] = []
            if country.isLDC { special.append("LDC") }
            if country.isLLDC { special.append("LLDC") }
            if country.isSIDS { special.append("SIDS") }
            byISO3[code] = Entry(
                name: country.name[.en] ?? "", m49: country.m49, region: country.region ?? "",
                regionName: reference.regions.first { $0.code == country.region }?.name[.en] ?? "",
                subregionName: reference.subregions.first { $0.code == country.subregion }?.name[.en] ?? "",
                development: country.development?.rawValue ?? "", specialGroups: special.joined(separator: " "))
        }
        self.byISO3 = byISO3
    }

    /// The columns of the country of ISO code `iso3`; all empty for a code the reference lacks.
    subscript(iso3: String) -> Entry { byISO3[iso3] ?? Entry() }
}

/// A scoring model's area labels by id (the first area of an id, as ``ScoringModel/area(id:)``
/// finds it; the id itself for an unknown one), made once for a table.
struct AreaLabels: Sendable {
    private let byID: [String: String]

    init(_ model: ScoringModel) {
        var byID: [String: String] = [:]
        for area in model.areas where byID[area.id] == nil { byID[area.id] = area.label }
        self.byID = byID
    }

    subscript(id: String) -> String { byID[id] ?? id }
}
