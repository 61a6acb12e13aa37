public import SurveyModel

// changes.csv: what changed since the previous committed run in the store (issue 19 part 5).

extension Publisher {
    public static let changesTable = TableDescription<ChangeRow>(
        name: "changes", file: "changes.csv",
        summary: "What changed since the previous run in this store: submissions, answers, and figures that moved.",
        grain: "one row per submission added, replaced or withdrawn, per answer added, changed or removed in a unit present in both runs, and per statistics row whose percent moved by at least `changes.min_percent_move` points",
        columns: [
            TableColumn("round", "The round."),
            TableColumn("country", "ISO alpha-3 code of the country. Blank on a `figure_moved` row."),
            TableColumn("respondent", "The respondent, with a respondent key (`identity.respondent`); blank otherwise."),
            TableColumn(
                "change",
                "`submission_added` (the unit has a current submission and had none), `submission_replaced` (its current submission is another one: a revision), `submission_withdrawn` (it had one and has none: the file left the inbox), `answer_added`, `answer_changed`, `answer_removed` (one item of a unit current in both runs), `figure_moved` (a `statistics.csv` row)."
            ),
            TableColumn("item", "The question of an answer or a figure; blank on a submission row."),
            TableColumn("option", "A figure's option, as in `statistics.csv`; blank otherwise."),
            TableColumn("group_type", "A figure's group type, as in `statistics.csv`; blank otherwise."),
            TableColumn("group_code", "A figure's group code, as in `statistics.csv`; blank otherwise."),
            TableColumn(
                "old_value",
                "Before: a submission's id (`path#n`), an answer (options as codes separated by spaces, a number or a text), or a figure's percent (one decimal). Blank when there was none."
            ),
            TableColumn("new_value", "After, as `old_value`. Blank when there is none."),
            TableColumn(
                "source",
                "`file:line` of the new value (the submission's record, or the answer's own line); for a removed answer or a withdrawn submission, of the old one. Blank on a `figure_moved` row."
            ),
        ],
        invariants: [
            .row("a unit change names a country, a figure does not") { row in
                row.kind.isUnitChange ? !row.country.isEmpty : row.country.isEmpty
            },
            .row("an answer or figure names its item, a submission does not") { row in
                switch row.kind {
                case .submissionAdded, .submissionReplaced, .submissionWithdrawn: return row.item.isEmpty
                default: return !row.item.isEmpty
                }
            },
            .row("old and new values differ") { $0.oldValue != $0.newValue },
            .unique("no duplicate round × unit × change × item × option × group") {
                [$0.round, $0.country, $0.respondent ?? "", $0.kind.rawValue, $0.item, $0.option, $0.groupType, $0.group]
                    .joined(separator: "\u{1F}")
            },
        ],
        key: { row in
            [row.round, row.country, row.respondent ?? "", row.kind.rawValue, row.item, row.option, row.groupType, row.group]
                .filter { !$0.isEmpty }.joined(separator: " ")
        },
        notes: """
            The comparison is with the store as the previous committed run left it, read at the start of \
            this run (before its load): the current submissions and their answers. The previous figures \
            are the previous answers computed with this run's definitions (questionnaire, population, \
            groups), so a figure moves only because answers changed, never because a definition did; \
            nothing is kept in the store for it, so a run that fails leaves the next one comparing with \
            the same committed state. On a fresh store every current submission is `submission_added` \
            (its answers are not listed one by one). A run with nothing new writes the header alone. \
            `--rebuild` compares with the same committed state as an incremental run and writes the same \
            rows. `legisurvey report` does not write this file. A figure is listed only when it is \
            published in both runs (not suppressed). Rows are ordered by round (declared order); within a \
            round, unit by unit (its submission row, then its answer rows by item), then the round's \
            figures in `statistics.csv` order. A file changed in place keeps its submission ids, so its \
            countries show answer rows without a `submission_replaced` row. The run summary's one-line digest \
            (`Changes: 3 countries new, 1 revised (12 answers changed), 4 figures moved ≥ 1 point`, \
            `changes` in `run_summary.json`) counts these rows.
            """)

    /// A percent as `changes.csv` writes it: one decimal, as `statistics.csv`.
    public static func changePercent(_ value: Double) -> String { oneDecimal(value) }

    public static func changeRows(_ rows: [ChangeRow]) -> TableRows<ChangeRow> {
        TableRows(rows) { row in
            [
                .text(row.round), .text(row.country), .text(row.respondent ?? ""), .text(row.kind.rawValue), .text(row.item),
                .text(row.option), .text(row.groupType), .text(row.group), .text(row.oldValue), .text(row.newValue), .text(row.location),
            ]
        }
    }
}
