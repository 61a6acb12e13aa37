public import SurveyModel

// The comparison of a list group with an answer-defined group (issue 17 part 7): the States where
// a dated list and what States answered disagree or cannot be compared.

extension Publisher {
    /// `group_comparison.csv`: one row per round × compared pair × State that is not an agreement.
    public static let groupComparisonTable = TableDescription<GroupComparison>(
        name: "group_comparison", file: "group_comparison.csv",
        summary: "Where a dated list group and the answer-defined group it is compared with disagree, State by State.",
        grain: "one row per round × compared pair × State of the population where the list and the answers disagree or cannot be compared",
        columns: [
            TableColumn("round", "Survey round (a round with at least one accepted submission in the store)."),
            TableColumn("list_group", "The list group's id: a custom group with a list of countries (`list:` or `countries:`) that declares `compare_with:`."),
            TableColumn("answer_group", "The answer-defined custom group it is compared with (`compare_with:`), e.g. `budapest_parties`."),
            TableColumn("country", "ISO alpha-3 code of the State (always a State of the pipeline's population)."),
            TableColumn("name", "Its UN short name in the pipeline file's language (`language:`)."),
            TableColumn(
                "status",
                "`listed_answered_not_member` (on the list, but its answer does not put it in the answer group), `answered_member_not_listed` (its answer puts it in the group, but it is not on the list), `listed_not_answered` (on the list; its accepted submission left the question unanswered: not a disagreement), `listed_no_submission` (on the list; no accepted submission for the round), `not_listed_not_answered` (not on the list; its submission left the question unanswered)."
            ),
        ],
        invariants: [
            .unique("no duplicate round × list group × country") { "\($0.round) \($0.listGroup) \($0.country)" },
            .row("status is not an agreement") { !$0.status.isAgreement },
        ],
        key: { "\($0.round) \($0.listGroup) \($0.country)" },
        notes: """
            A custom group from a dated list (`list:`, or inline `countries:`) that declares
            `compare_with: <answer group>` is compared, round by round, with that answer-defined group
            (for example a treaty office's list of Budapest Convention parties with `budapest_parties`,
            the States whose accepted submission selected `budapest` in `ch3_instruments`). Only States of
            the pipeline's population are compared; a State neither on the list nor with an accepted
            submission has no row. Agreements (on the list and a member by its answer; not on the list
            and answered without the group's options) are counted in the report's data-quality appendix,
            not listed here. "Not answered" is never "no": a listed State that did not answer the
            question, or sent nothing, is not a disagreement. With a respondent key a State is a member
            when any of its respondents' answers makes it one. Ordered by round (the pipeline file's
            `rounds:` order), list group in declared order, then ISO code. A pipeline without
            `compare_with:` (the demo's) writes the header only.
            """)

    /// The cells of one line of `group_comparison.csv`.
    public static func groupComparisonCells(_ row: GroupComparison, reference: CountryReference, language: Language) -> [CSVCell] {
        [
            .text(row.round), .text(row.listGroup), .text(row.answerGroup), .text(row.country),
            .text(reference.country(iso3: row.country)?.name.text(in: language) ?? ""), .text(row.status.rawValue),
        ]
    }

    /// The rows of `group_comparison.csv`: the comparisons that are not agreements, in order.
    public static func groupComparisonRows(
        _ rows: [GroupComparison], reference: CountryReference, language: Language
    ) -> TableRows<GroupComparison> {
        TableRows(rows.filter { !$0.status.isAgreement }) { groupComparisonCells($0, reference: reference, language: language) }
    }
}
