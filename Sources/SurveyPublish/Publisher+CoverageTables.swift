public import SurveyModel

// The coverage tables (issue 17): response rates by group and chapter, and the States of the
// population that have not responded.

extension Publisher {
    /// `responses.csv`: one row per round × group × chapter.
    public static let responsesTable = TableDescription<ResponseRate>(
        name: "responses", file: "responses.csv",
        summary: "How many States of each group responded, overall and per chapter.",
        grain: "one row per round × group × chapter",
        columns: [
            TableColumn("round", "Survey round."),
        ] + groupColumns + [
            TableColumn("chapter", "Chapter: `3` to `8`, or `TA`."),
            TableColumn.number(
                "n_in_group",
                "N, the group's frame in the round: the States of the pipeline's population (`population:`, by default the 193 UN Member States) in the group that were Member States by the round's year (`frame_as_of`), as in `statistics.csv`. Blank for custom groups defined by an answer and for `outside`."
            ),
            TableColumn.number(
                "n_with_submission",
                "States of the group with an accepted submission for the round (with a respondent key: States with at least one respondent's)."
            ),
            TableColumn.number("n_answering", "Of those, the States that answered at least one item of the chapter with a usable answer."),
            TableColumn.number(
                "response_rate",
                "100 × `n_answering` / `n_in_group`: the percent of the group's frame that answered the chapter, one decimal. Blank where `n_in_group` is."
            ),
            TableColumn.number(
                "frame_as_of",
                "The year the round's frame is counted at (the round's own year): a Member State counts from the year of its admission (`member_since` in the reference data; South Sudan, 2011, is the latest), so N can differ from round to round. Blank where `n_in_group` is, and for a round not named by a year (then the reference's list as it is; its vintage is `vintages.un_status` in the reference file and `population.un_status_vintage` in `run_summary.json`)."
            ),
            groupNameColumn,
        ],
        invariants: [
            .unique("no duplicate round × group × chapter") { "\($0.round) \(groupKey($0.group)) \($0.chapter.rawValue)" },
            .row("n_answering ≤ n_with_submission ≤ n_in_group (when there is a frame)") { row in
                0 <= row.nAnswering && row.nAnswering <= row.nWithSubmission
                    && (row.nInGroup.map { row.nWithSubmission <= $0 } ?? true)
            },
            .table("one n_with_submission per round × group") {
                var submitted: [String: Int] = [:]
                return TableCheck { row in
                    let key = "\(row.round) \(groupKey(row.group))"
                    return submitted.updateValue(row.nWithSubmission, forKey: key).map { $0 == row.nWithSubmission } ?? true
                }
            },
            .row("frame_as_of blank without a frame") { row in row.nInGroup != nil || row.frameAsOf == nil },
            .row("response_rate = 100 × n_answering / n_in_group, blank without a frame") { row in
                guard let rate = row.rate else { return row.nInGroup == nil || row.nInGroup == 0 }
                return abs(rate - 100 * Double(row.nAnswering) / Double(row.nInGroup!)) <= 1e-9 && rate <= 100 + 1e-9
            },
        ],
        key: { "\($0.round) \(groupKey($0.group)) \($0.chapter.rawValue)" },
        notes: """
            Rows are ordered by round, group (in the order of `statistics.csv`), then chapter in
            questionnaire order. Counts are States, never respondents. A State counts as answering a
            chapter when its accepted submission (with a respondent key, any of its respondents') has a
            usable answer to at least one of the chapter's items; `n_with_submission` − `n_answering` States
            sent a submission that left the chapter blank. `n_in_group` − `n_with_submission` States of
            the group sent nothing in the round: they are listed in `nonrespondents.csv`.
            """)

    /// `nonrespondents.csv`: one row per round × State of the population without a submission.
    public static let nonrespondentsTable = TableDescription<Nonrespondent>(
        name: "nonrespondents", file: "nonrespondents.csv",
        summary: "States of the population with no accepted submission, round by round.",
        grain: "one row per round × State of the population with no accepted submission for it",
        columns: [
            TableColumn("round", "Survey round (a round with at least one accepted submission in the store)."),
            TableColumn("country", "ISO alpha-3 code of the State."),
            TableColumn("name", "Its UN short name in the pipeline file's language (`language:`)."),
            TableColumn("region", "Its M49 region code."),
            TableColumn("region_name", "The region's name in the pipeline file's language."),
            TableColumn("subregion", "Its M49 sub-region code."),
            TableColumn("subregion_name", "The sub-region's name in the pipeline file's language."),
            TableColumn("focal_point", "Rows of the current round (the last of `rounds:` with a submission): `yes` when the focal-point register (`register:`) names the State's focal point, `no` otherwise; blank in earlier rounds and without a register. Never the name or address: those stay in the register, the letters and `legisurvey status --follow-up`."),
            TableColumn("language", "Current round: the language to write to the State in: the register's, else the State's configured language (reference data). Blank in earlier rounds."),
            TableColumn("invited", "Current round: the date the focal point was invited (`YYYY-MM-DD`, from the register); blank when not recorded."),
            TableColumn.number("reminders_sent", "Current round: how many reminders the register records; blank without a register entry."),
            TableColumn("last_reminder", "Current round: the date of the last reminder; blank when none."),
            TableColumn("deadline", "Current round: the deadline the register gives; blank when none."),
        ],
        invariants: [
            .unique("no duplicate round × country") { "\($0.round) \($0.country)" }
        ],
        key: { "\($0.round) \($0.country)" },
        notes: """
            The States of the pipeline's population (`population:`, by default the 193 UN Member States)
            in the round's frame (Member States by the round's year, as `frame_as_of` in `responses.csv`)
            that have no accepted submission for a round in the store: the focal-point follow-up list,
            one filter away per region. Ordered by round (the pipeline file's `rounds:` order), region in
            M49 order (002, 019, 142, 150, 009), then ISO code. With a respondent key a State with any
            respondent's accepted submission has responded.
            """)

    /// The cells of one line of `responses.csv`.
    public static func responsesCells(_ row: ResponseRate, labels: CodeLabels = .none) -> [CSVCell] {
        [
            .text(row.round), .text(row.group.type.rawValue), .text(row.group.code), .text(row.chapter.rawValue),
            .number(count(row.nInGroup)), .number(String(row.nWithSubmission)), .number(String(row.nAnswering)),
            .number(oneDecimal(row.rate)), .number(count(row.frameAsOf)), .text(labels.groupName(row.group)),
        ]
    }

    /// The cells of one line of `nonrespondents.csv`.
    public static func nonrespondentCells(
        _ row: Nonrespondent, reference: CountryReference, language: Language, register: FocalPointRegister = FocalPointRegister(),
        currentRound: String? = nil
    ) -> [CSVCell] {
        let country = reference.country(iso3: row.country)
        let region = country?.region.flatMap { code in reference.regions.first { $0.code == code } }
        let subregion = country?.subregion.flatMap { code in reference.subregions.first { $0.code == code } }
        return [
            .text(row.round), .text(row.country), .text(country?.name.text(in: language) ?? ""), .text(country?.region ?? ""),
            .text(region?.name.text(in: language) ?? ""), .text(country?.subregion ?? ""),
            .text(subregion?.name.text(in: language) ?? ""),
        ] + followUpCells(row, country: country, register: register, currentRound: currentRound)
    }

    /// The follow-up columns of `nonrespondents.csv`: dates and language from the register for
    /// the current round's rows, never a name or an address.
    static func followUpCells(
        _ row: Nonrespondent, country: Country?, register: FocalPointRegister, currentRound: String?
    ) -> [CSVCell] {
        guard row.round == currentRound, !register.isEmpty else {
            let language = row.round == currentRound ? country?.language?.rawValue ?? "" : ""
            return [.text(""), .text(language), .text(""), .number(""), .text(""), .text("")]
        }
        let entry = register[row.country]
        return [
            .text(entry == nil ? "no" : "yes"), .text((entry?.language ?? country?.language)?.rawValue ?? ""), .text(entry?.invited ?? ""),
            .number(entry.map { String($0.reminders.count) } ?? ""), .text(entry?.reminders.last ?? ""), .text(entry?.deadline ?? ""),
        ]
    }

    public static func responsesRows(_ rows: [ResponseRate], labels: CodeLabels = .none) -> TableRows<ResponseRate> {
        TableRows(rows) { responsesCells($0, labels: labels) }
    }

    public static func nonrespondentRows(
        _ rows: [Nonrespondent], reference: CountryReference, language: Language, register: FocalPointRegister = FocalPointRegister(),
        currentRound: String? = nil
    ) -> TableRows<Nonrespondent> {
        TableRows(rows) {
            nonrespondentCells($0, reference: reference, language: language, register: register, currentRound: currentRound)
        }
    }
}
