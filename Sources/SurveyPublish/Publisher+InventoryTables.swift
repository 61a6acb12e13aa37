public import SurveyModel

// The legislation inventory's tables (issue 20, docs/legislation.md): legislation.csv,
// practices.csv, legislation_by_act.csv. Rows are made by SurveyAnalyze's `Inventory` from the
// stored repeat answers.

extension Publisher {
    /// The `respondent` column of the inventory tables, beside the country.
    static let inventoryRespondentColumn = TableColumn(
        "respondent", "The respondent (`identity.respondent` in the pipeline file).",
        presentWhen: "the pipeline file declares a respondent key")

    static let inventorySourceNote = """
        Text values are written as the sender wrote them (codes for choices, whole years), like every \
        table's text cells neutralized against spreadsheet formulas (a leading `=`, `+`, `-`, `@` gets a `'`). \
        Only accepted (current) submissions are read; a complement that carries a repeat replaces that \
        repeat of the submission it merges onto ([formats.md](formats.md#complements)), and its rows' \
        `source` names the complement's file. Rows are ordered by round (as listed under `rounds:`), \
        country, respondent, index. See [legislation.md](legislation.md).
        """

    public static let legislationTable = TableDescription<LegislationRow>(
        name: "legislation", file: "legislation.csv",
        summary: "The legislation inventory: every law each State listed, field by field, with where it was written.",
        grain: "one row per law (an occurrence of the `laws` repeat) of every accepted submission",
        columns: [
            TableColumn("round", "The round."),
            TableColumn("country", "ISO alpha-3 code of the country."),
            inventoryRespondentColumn,
            TableColumn.number("law_index", "The law's position in the submission's `laws` repeat (1, 2, …), as in `laws[2]/title`."),
            TableColumn("title", "Title as enacted, in the original language."),
            TableColumn("title_en", "Title in English."),
            TableColumn("type", "`act`, `decree`, `code_amendment`, `regulation` or `draft_bill` (choice list `inventory_law_type`)."),
            TableColumn("status", "`in_force`, `adopted` (not yet in force), `draft` or `repealed` (choice list `inventory_law_status`)."),
            TableColumn("year_adopted", "Year adopted."),
            TableColumn("year_amended", "Year last amended."),
            TableColumn("citation", "Official citation."),
            TableColumn("url", "URL of the official text."),
            TableColumn("acts", "The chapter-4 acts it criminalizes: their question ids joined by `;`, in questionnaire order."),
            TableColumn("powers", "The chapter-5 powers it provides (`search`, `seizure`, …) joined by `;`, in questionnaire order."),
            TableColumn("expected_year", "For a draft, the year it is expected to be adopted."),
            TableColumn("source", "`file:line` of the law's first answered field (questionnaire order)."),
            TableColumn(
                "profile",
                "The country's profile page, relative to the output folder: `countries/<ISO3>.html` (in the pipeline file's language; every State with a row has one)."),
        ],
        invariants: [
            .row("law_index ≥ 1") { $0.lawIndex >= 1 },
            .row("a country") { !$0.country.isEmpty },
            .unique("no duplicate round × unit × law") {
                [$0.round, $0.country, $0.respondent ?? "", String($0.lawIndex)].joined(separator: "\u{1F}")
            },
        ],
        key: { [$0.round, $0.country, $0.respondent ?? "", "laws[\($0.lawIndex)]"].filter { !$0.isEmpty }.joined(separator: " ") },
        notes: "A field left blank is empty. " + inventorySourceNote)

    /// A country's profile page relative to the output folder (`countries/AFG.html`).
    public static func profilePath(_ iso3: String) -> String { "\(ProfilePages.folder)/\(iso3).html" }

    public static func legislationRows(_ rows: [LegislationRow], respondents: Bool) -> TableRows<LegislationRow> {
        TableRows(rows, optionalColumns: respondents ? ["respondent"] : []) { row in
            [.text(row.round), .text(row.country)] + (respondents ? [.text(row.respondent ?? "")] : []) + [
                    .number(String(row.lawIndex)), .text(row.title), .text(row.titleEnglish), .text(row.type), .text(row.status),
                    .text(row.yearAdopted), .text(row.yearAmended), .text(row.citation), .text(row.url), .text(row.acts),
                    .text(row.powers), .text(row.expectedYear), .text(row.source), .text(profilePath(row.country)),
                ]
        }
    }

    public static let practicesTable = TableDescription<PracticeRow>(
        name: "practices", file: "practices.csv",
        summary: "Good practices and challenges each State listed, field by field, with where they were written.",
        grain: "one row per occurrence of the `practices` repeat of every accepted submission",
        columns: [
            TableColumn("round", "The round."),
            TableColumn("country", "ISO alpha-3 code of the country."),
            inventoryRespondentColumn,
            TableColumn.number("practice_index", "The practice's position in the submission's `practices` repeat (1, 2, …)."),
            TableColumn("kind", "`good_practice` or `challenge`."),
            TableColumn("chapter", "The chapter it concerns: `ch3` … `ch8`, or `ta` (technical assistance)."),
            TableColumn("title", "Title."),
            TableColumn("description", "Short description."),
            TableColumn("institution", "The institution concerned."),
            TableColumn("year", "Year."),
            TableColumn("link", "Link to more information."),
            TableColumn("source", "`file:line` of the practice's first answered field (questionnaire order)."),
        ],
        invariants: [
            .row("practice_index ≥ 1") { $0.practiceIndex >= 1 },
            .unique("no duplicate round × unit × practice") {
                [$0.round, $0.country, $0.respondent ?? "", String($0.practiceIndex)].joined(separator: "\u{1F}")
            },
        ],
        key: { [$0.round, $0.country, $0.respondent ?? "", "practices[\($0.practiceIndex)]"].filter { !$0.isEmpty }.joined(separator: " ") },
        notes: "A field left blank is empty. " + inventorySourceNote)

    public static func practiceRows(_ rows: [PracticeRow], respondents: Bool) -> TableRows<PracticeRow> {
        TableRows(rows, optionalColumns: respondents ? ["respondent"] : []) { row in
            [.text(row.round), .text(row.country)] + (respondents ? [.text(row.respondent ?? "")] : []) + [
                    .number(String(row.practiceIndex)), .text(row.kind), .text(row.chapter), .text(row.title),
                    .text(row.description), .text(row.institution), .text(row.year), .text(row.link), .text(row.source),
                ]
        }
    }

    public static let legislationByActTable = TableDescription<LegislationByActRow>(
        name: "legislation_by_act", file: "legislation_by_act.csv",
        summary: "Which listed laws cover each chapter-4 act and chapter-5 power, per country and round.",
        grain: "one row per round × country (× respondent) × act or power covered by at least one law the country listed",
        columns: [
            TableColumn("round", "The round."),
            TableColumn("country", "ISO alpha-3 code of the country."),
            inventoryRespondentColumn,
            TableColumn("kind", "`act` (a chapter-4 act, the law's `acts`) or `power` (a chapter-5 power, the law's `powers`)."),
            TableColumn("code", "The act's chapter-4 question id (`ch4_illegal_interception`) or the power (`search`)."),
            TableColumn("label", "The act's or power's label, in the pipeline file's language."),
            TableColumn("laws", "The covering laws' `law_index` values (as in `legislation.csv`), ascending, joined by `;`."),
            TableColumn("law_titles", "Each covering law's English title, else its original title, joined by ` | `, in the order of `laws`."),
            TableColumn(
                "cyber_specific_law",
                "`yes` when the country's own answer to the act's chapter-4 question (for a power: to its chapter-5 legal-basis question) in that round is `cyber_specific` and at least one covering law is in force or adopted (`status` `in_force` or `adopted`) and not a draft bill (`type` other than `draft_bill`); `no` otherwise."
            ),
            TableColumn("statuses", "Each covering law's `status`, joined by `;`, in the order of `laws` (empty where not answered)."),
        ],
        invariants: [
            .row("at least one covering law") { !$0.laws.isEmpty },
            .row("one title and one status per law") { $0.lawTitles.count == $0.laws.count && $0.statuses.count == $0.laws.count },
            .unique("no duplicate round × unit × kind × code") {
                [$0.round, $0.country, $0.respondent ?? "", $0.kind.rawValue, $0.code].joined(separator: "\u{1F}")
            },
        ],
        key: { [$0.round, $0.country, $0.respondent ?? "", $0.kind.rawValue, $0.code].filter { !$0.isEmpty }.joined(separator: " ") },
        notes: """
            "Which countries criminalize illegal interception in a cyber-specific law, and under which act" \
            is one filter: `code` = `ch4_illegal_interception` and `cyber_specific_law` = `yes`; `law_titles` \
            names the laws. Within a unit, acts come before powers, each in questionnaire order.
            """ + " " + inventorySourceNote)

    public static func legislationByActRows(_ rows: [LegislationByActRow], respondents: Bool) -> TableRows<LegislationByActRow> {
        TableRows(rows, optionalColumns: respondents ? ["respondent"] : []) { row in
            [.text(row.round), .text(row.country)] + (respondents ? [.text(row.respondent ?? "")] : []) + [
                    .text(row.kind.rawValue), .text(row.code), .text(row.label), .text(row.laws.map(String.init).joined(separator: ";")),
                    .text(row.lawTitles.joined(separator: " | ")), .text(row.cyberSpecificLaw ? "yes" : "no"),
                    .text(row.statuses.joined(separator: ";")),
                ]
        }
    }
}
