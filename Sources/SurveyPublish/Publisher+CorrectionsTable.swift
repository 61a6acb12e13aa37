public import SurveyModel

// corrections.csv: every correction of the corrections file and what became of it (issue 26,
// docs/corrections.md).

extension Publisher {
    public static let correctionsTable = TableDescription<CorrectionOutcome>(
        name: "corrections", file: "corrections.csv",
        summary: "Every analyst correction of the corrections file and what became of it: applied, stale or refused.",
        grain: "one row per entry of the corrections file (`corrections:`), in file order",
        columns: [
            TableColumn("status", "`applied` (the outputs read `value` in place of `original`), `stale` (written for a value or submission no longer current: not applied, a `correction-stale` warning), `refused` (not valid for its round's questionnaire: never applied, a `correction-invalid` warning)."),
            TableColumn("file", "The corrections file, as the pipeline names it (relative to the pipeline file's folder)."),
            TableColumn("line", "The line of the entry in that file."),
            TableColumn("round", "The round, as written."),
            TableColumn("country", "ISO alpha-3 code of the country (as written when refused)."),
            TableColumn("respondent", "The respondent, with a respondent key (`identity.respondent`); blank otherwise."),
            TableColumn("item", "The question id."),
            TableColumn("value", "The corrected value: option codes separated by `;`, a number, a text, or `not_answered`. Blank when refused."),
            TableColumn("original", "The sender's value in the current submission (applied: the value replaced; stale: the value now sent), as `value`. Blank when refused or when the unit has no current submission."),
            TableColumn("was", "The value the analyst saw (`was:`), as `value`; blank when not written."),
            TableColumn("submission", "The current submission the correction was checked against (`path#n`); blank when refused or when there is none."),
            TableColumn("reason", "Why the value was corrected (`reason:`)."),
            TableColumn("source", "On whose word (`source:`), e.g. an e-mail from the focal point and its date."),
            TableColumn("analyst", "Who wrote the correction (`analyst:`)."),
            TableColumn("date", "When (`date:`, YYYY-MM-DD)."),
            TableColumn("detail", "Why a correction is stale or refused; blank when applied."),
        ],
        invariants: [
            .row("an applied correction names its submission") { $0.status != .applied || $0.submissionID != nil },
            .row("only a stale or refused correction says why") { ($0.status == .applied) == $0.detail.isEmpty },
            .unique("one row per line of the corrections file") { "\($0.correction.file):\($0.correction.line)" },
        ],
        key: { $0.correction.place },
        notes: """
            Written on every run, with the header alone when the pipeline has no corrections file. The \
            store keeps the senders' answers as sent: the corrections are applied when the store is read, \
            so every other output (statistics, priorities, profiles, answers.csv) reads the corrected \
            values, and `legisurvey explain stat` shows each corrected answer with its original value, \
            reason, source, analyst and date.
            """)

    public static func correctionRows(_ rows: [CorrectionOutcome]) -> TableRows<CorrectionOutcome> {
        TableRows(rows) { row in
            let c = row.correction
            return [
                .text(row.status.rawValue), .text(c.file), .number(String(c.line)), .text(c.round), .text(c.country),
                .text(c.respondent ?? ""), .text(c.questionID), .text(row.status == .refused ? "" : c.value.description),
                .text(row.original?.description ?? ""), .text(c.was?.description ?? ""), .text(row.submissionID ?? ""),
                .text(c.reason), .text(c.source), .text(c.analyst), .text(c.date), .text(row.detail),
            ]
        }
    }
}
