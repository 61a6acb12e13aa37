public import Foundation
public import SurveyModel

/// `ta_requests_by_group.csv`: the requests for technical assistance per TA area and group.
extension Publisher {
    public static let taRequestsTable = TableDescription<TARequestCount>(
        name: "ta_requests_by_group", file: "ta_requests_by_group.csv",
        summary: "Requests for technical assistance per area, by region and group, with the activities asked for.",
        grain: "one row per round × TA area × group",
        columns: [
            TableColumn("round", "The round."),
            TableColumn("area", "The technical-assistance area: a code of the questionnaire's `ta_areas` list (for joining; read `area_label`)."),
            TableColumn("area_label", "The area in words (English)."),
        ] + groupColumns + [
            TableColumn.number("n_states", "The group's number of States in the frame (its N); blank where the group has none (`outside`, groups defined by an answer, a respondent key)."),
            TableColumn.number("n_answered", "States of the group that submitted in the round and answered whether they request assistance in the area (yes or no): the denominator of `percent_requested`."),
            TableColumn.number("n_requested", "Of those, the States that asked for assistance in the area."),
            TableColumn.number("n_not_requested", "Of those, the States that answered that they need none in the area."),
            TableColumn.number("n_not_answered", "States of the group that submitted in the round but left the question blank (never counted as no). `n_answered` + `n_not_answered` = the group's States with a submission."),
            TableColumn.percent("percent_requested", "`n_requested` of `n_answered`, in percent; blank when suppressed by `n_answered` or when no State answered."),
            TableColumn("flag", "Reliability flag by `n_answered`, as in `statistics.csv`; `normal` and never suppressed when every State of the group answered."),
            TableColumn("activities", "The activities the requesting States asked for in the area (English labels) with the number of States asking for each, most asked first (ties by label): `Training 12; Equipment 7`; empty when none was named (rounds before questionnaire 2026.3 did not ask)."),
            groupNameColumn,
        ],
        invariants: [
            .unique("no duplicate round × area × group") {
                ShareKey(round: $0.round, question: $0.area, option: "", group: $0.group)
            },
            .row("n_requested + n_not_requested = n_answered") { $0.nRequested + $0.nNotRequested == $0.nAnswered && $0.nRequested >= 0 && $0.nNotRequested >= 0 },
            .row("n_not_answered ≥ 0") { $0.nNotAnswered >= 0 },
            .row("percent_requested blank or in 0–100, blank when suppressed") { row in
                (row.percentRequested.map { (0...100).contains($0) } ?? true) && (row.flag != .suppressed || row.percentRequested == nil)
            },
        ],
        key: { "\($0.round) \($0.area) \(groupKey($0.group))" },
        notes: """
            Written when the latest questionnaire has the `ta_areas` list (the technical-assistance chapter). Older rounds
            are read through the crosswalks: 2024 answered `ta_areas` as one multiple choice, unpacked into "requested" for
            the areas selected and "not requested" for the others (a blank list: not answered); it asked no activities.
            Groups as in `statistics.csv`, in the same order. A count of States, not a ranking: no State is named.
            """)

    public static func taRequestRows(_ rows: [TARequestCount], labels: CodeLabels = .none) -> TableRows<TARequestCount> {
        TableRows(rows) { taRequestCells($0, labels: labels) }
    }

    public static var taRequestColumns: [String] { taRequestsTable.headers() }

    /// The cells of one line of `ta_requests_by_group.csv`.
    public static func taRequestCells(_ row: TARequestCount, labels: CodeLabels = .none) -> [CSVCell] {
        [
            .text(row.round), .text(row.area), .text(row.areaLabel), .text(row.group.type.rawValue), .text(row.group.code),
            .number(row.nStates.map(String.init) ?? ""), .number(String(row.nAnswered)), .number(String(row.nRequested)),
            .number(String(row.nNotRequested)), .number(String(row.nNotAnswered)), .number(oneDecimal(row.percentRequested)),
            .text(row.flag.rawValue), .text(row.activities), .text(labels.groupName(row.group)),
        ]
    }

    public static func taRequestsCSV(_ rows: [TARequestCount]) throws -> String {
        try text(taRequestsTable, taRequestRows(rows))
    }
}
