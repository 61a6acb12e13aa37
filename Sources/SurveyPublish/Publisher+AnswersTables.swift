public import SurveyModel

// The analysts' dataset (issue 23, docs/answers.md): answers.csv, one row per unit and round with a
// column per question, and codebook.csv, which describes every one of its columns. The layout
// (columns, names, cell text) is `AnswerLayout`; answers.do and answers.sps are made from the
// codebook (`StatisticalScripts`).

/// One row of codebook.csv: a column of answers.csv, or one option of a coded column.
public struct CodebookRow: Sendable, Equatable {
    public var column: AnswerColumn
    /// The question's text in each language (empty for an identifier column).
    public var texts: [Language: String]
    /// The rounds whose questionnaire asks the question, in round order.
    public var rounds: [String]
    /// The questionnaire versions of those rounds, each once.
    public var versions: [String]
    /// The unit of a number question in the pipeline file's language.
    public var unit: String
    /// The option this row describes: an option of a coded column (``AnswerColumn/isCoded``), or
    /// the option of a 0/1 column.
    public var option: Choice?
    /// A coded column's option: its number in Stata and SPSS (1, 2, … in the question's option order).
    public var optionValue: Int?
    /// A coded column's option: the text answers.csv holds for it (its label in the pipeline file's
    /// language, or its code with `answers: {values: codes}`).
    public var answersValue: String
}

extension Publisher {
    public static let answersTable = TableDescription<AnswersRow>(
        name: "answers", file: "answers.csv",
        summary: "Every answer of every accepted submission, one column per question: the dataset for Excel, R, Stata, SPSS.",
        grain: "one row per country (and respondent, with a respondent key) × round with an accepted submission",
        columns: [
            TableColumn("round", "The round."),
            TableColumn("country", "ISO alpha-3 code of the country."),
            TableColumn(
                "respondent", "The respondent (`identity.respondent` in the pipeline file).",
                presentWhen: "the pipeline file declares a respondent key"),
            TableColumn(
                "questionnaire_version",
                "The questionnaire version the round answered (`rounds:` in the pipeline file): a question that version does not have was not asked."),
            TableColumn(
                "restricted_items",
                "The questions whose answer is restricted (not published State by State: docs/restricted.md), separated by spaces: their cells are empty, which here means withheld, not unanswered.",
                presentWhen: "some answer is restricted (a questionnaire item declared `public: false`, a submission's `restricted` field, the restrictions file)"),
            TableColumn(
                "<question>",
                "One column per question of every round's questionnaire, headed by the question id, in questionnaire order (a question only an older version has comes after the question it follows there). Single choice and legal form: the option's label in the pipeline file's `language:` (its code with `answers: {values: codes}`); numbers as stored, with a point; free text as written. Multiple choice: the chosen options' labels joined by `; `, in the question's option order. Empty: not answered, or not asked in the row's round (see `questionnaire_version` and codebook.csv's `rounds`)."
            ),
            TableColumn(
                "<question>__<option>",
                "After each multiple-choice question's column, one column per option (question id, two underscores, option code): `1` chosen, `0` not chosen, empty when the question was not answered (never `0`)."
            ),
        ],
        invariants: [
            .row("one answer slot per question") { $0.answerIDs.count == $0.asked.count },
            .row("answers only to questions the round's questionnaire asks") { row in
                row.asked.indices.allSatisfy { row.asked[$0] || row.answer(at: $0) == nil }
            },
            .row("a country") { !$0.country.isEmpty },
            .unique("no duplicate round × country × respondent") {
                [$0.round, $0.country, $0.respondent ?? ""].joined(separator: "\u{1F}")
            },
            .table("ordered by country, round, respondent") {
                var previous: (country: String, round: Int, respondent: String)?
                return TableCheck { row in
                    let key = (row.country, row.roundPosition, row.respondent ?? "")
                    defer { previous = key }
                    guard let previous else { return true }
                    return (previous.country, previous.round, previous.respondent) < key
                }
            },
        ],
        key: { [$0.country, $0.round, $0.respondent ?? ""].filter { !$0.isEmpty }.joined(separator: " ") },
        notes: """
            The kept answers of the accepted submissions, as the statistics read them: after revisions (the \
            latest version of each country × round), checks and complements. Rows are ordered by country, \
            round (as listed under `rounds:`), respondent. Every column is described in `codebook.csv` (text \
            in every language, type, unit, options, the rounds asking it) and `answers.do` (Stata) and \
            `answers.sps` (SPSS), written beside it, import the file with variable and value labels. \
            Empty means not answered, or not asked in that round: a question whose codebook `rounds` \
            does not list the row's round was not asked. Repeat groups are not here: the laws are in \
            `legislation.csv`, the good practices in `practices.csv`, which join this file on `round` and \
            `country` (and `respondent`). Text cells are neutralized against spreadsheet formulas like every \
            table's (a leading `=`, `+`, `-`, `@` gets a `'`). See [answers.md](answers.md).
            """)

    /// The rows of answers.csv in `layout`.
    public static func answersRows(_ rows: [AnswersRow], layout: AnswerLayout) -> TableRows<AnswersRow> {
        TableRows(
            rows, optionalColumns: Set((layout.respondents ? ["respondent"] : []) + (layout.restricted ? ["restricted_items"] : [])),
            // The question columns and the 0/1 columns interleave (a question, then its options): the
            // first placeholder stands for all of them, the second for none of its own.
            expandedColumns: ["<question>": layout.questionColumns, "<question>__<option>": []]
        ) { row in
            layout.cells(row)
        }
    }

    static let codebookLanguageNote = "in each of the six UN languages (`ar`, `en`, `es`, `fr`, `ru`, `zh`)"

    public static let codebookTable = TableDescription<CodebookRow>(
        name: "codebook", file: "codebook.csv",
        summary: "What each column of answers.csv is: question text in every language, type, unit, options, rounds.",
        grain: "one row per column of answers.csv; a single-choice or legal-form column has one row per option",
        columns: [
            TableColumn("column", "The column's header in answers.csv."),
            TableColumn(
                "stata_name",
                "The variable's name in Stata (`answers.do`): the header when it is a valid name of at most 32 characters, else the header cut and given a suffix `_2`, `_3`, … (unique, the same every run)."
            ),
            TableColumn("spss_name", "The variable's name in SPSS (`answers.sps`), by the same rule with at most 64 bytes."),
            TableColumn(
                "kind",
                "`identifier` (round, country, respondent, questionnaire_version), `answer` (a question's answer), `selected` (a multiple-choice question's chosen options, joined) or `option` (one option of a multiple choice, 0/1)."
            ),
            TableColumn("question_id", "The question's id (empty for an identifier)."),
            TableColumn("type", "The question's type: `single_choice`, `multiple_choice`, `legal_form`, `integer`, `decimal`, `percent`, `year`, `text`."),
            TableColumn("chapter", "The chapter: `3` … `8` or `TA`."),
            TableColumn("rounds", "The rounds whose questionnaire asks the question, joined by `;`: in any other round the column is empty because it was not asked."),
            TableColumn("versions", "The questionnaire versions of those rounds, joined by `;`."),
            TableColumn("unit", "The unit of a number question (`officers`, `%`, `days`) in the pipeline file's language."),
        ] + Language.allCases.map { TableColumn("text_\($0.rawValue)", "The question's text in `\($0.rawValue)`.") } + [
            TableColumn("option_code", "The option's code: on each row of a single-choice or legal-form column, one option; on an `option` column's row, its option."),
            TableColumn.number(
                "option_value",
                "A single-choice or legal-form option's number in Stata and SPSS (1, 2, … in the question's option order), which `answers.do` and `answers.sps` label with its label. An `option` column is 1 when chosen, 0 when not."
            ),
            TableColumn("answers_value", "A single-choice or legal-form option's text in answers.csv: its label in the pipeline file's language, or its code with `answers: {values: codes}`."),
            TableColumn("dont_know", "`yes` for a \"don't know\"-type option (`unknown`, `not sure`), which the statistics leave out of substantive shares."),
        ] + Language.allCases.map { TableColumn("option_label_\($0.rawValue)", "The option's label in `\($0.rawValue)`.") },
        invariants: [
            .row("a column") { !$0.column.header.isEmpty },
            .row("an option value exactly on a coded column's rows") { ($0.optionValue != nil) == $0.column.isCoded },
            .unique("no duplicate column × option") { [$0.column.header, $0.option?.code ?? ""].joined(separator: "\u{1F}") },
        ],
        key: { [$0.column.header, $0.option?.code ?? ""].filter { !$0.isEmpty }.joined(separator: " ") },
        notes: """
            Rows follow the columns of answers.csv in order; a coded column's rows follow its options' order. \
            Texts and labels are given \(codebookLanguageNote) (a text a questionnaire version lacks in a \
            language is empty). The text and options are the newest version's that asks the question, with \
            options only older versions have after its own. Filter `kind` = `answer` for one row per \
            question, or `option_code` for the options. See [answers.md](answers.md).
            """)

    /// The rows of codebook.csv for `layout`.
    public static func codebook(_ layout: AnswerLayout) -> [CodebookRow] {
        var rows: [CodebookRow] = []
        for column in layout.columns {
            var texts: [Language: String] = [:]
            var rounds: [String] = []
            var versions: [String] = []
            var unit = ""
            if let question = column.question {
                for language in Language.allCases { texts[language] = question.label[language] ?? "" }
                rounds = layout.rounds(asking: question.id)
                for round in rounds {
                    if let version = layout.rounds.first(where: { $0.id == round })?.version, !versions.contains(version) {
                        versions.append(version)
                    }
                }
                unit = question.unit?.text(in: layout.language) ?? ""
            }
            let row = CodebookRow(
                column: column, texts: texts, rounds: rounds, versions: versions, unit: unit, option: column.option, optionValue: nil,
                answersValue: "")
            if column.isCoded, let question = column.question, !question.choices.isEmpty {
                for (index, choice) in question.choices.enumerated() {
                    var optionRow = row
                    optionRow.option = choice
                    optionRow.optionValue = index + 1
                    optionRow.answersValue = layout.text(of: choice)
                    rows.append(optionRow)
                }
            } else {
                rows.append(row)
            }
        }
        return rows
    }

    public static func codebookRows(_ rows: [CodebookRow]) -> TableRows<CodebookRow> {
        TableRows(rows, cells: { row in
            let column = row.column
            var cells: [CSVCell] = [
                .text(column.header), .text(column.stataName), .text(column.spssName), .text(column.kind.rawValue),
                .text(column.question?.id ?? ""), .text(column.question?.type.rawValue ?? ""),
                .text(column.question?.chapter.rawValue ?? ""), .text(row.rounds.joined(separator: ";")),
                .text(row.versions.joined(separator: ";")), .text(row.unit),
            ]
            cells += Language.allCases.map { CSVCell.text(row.texts[$0] ?? "") }
            cells += [
                .text(row.option?.code ?? ""), .number(row.optionValue.map(String.init) ?? ""),
                .text(row.answersValue), .text(row.option.map { $0.isDontKnow ? "yes" : "no" } ?? ""),
            ]
            cells += Language.allCases.map { CSVCell.text(row.option?.label[$0] ?? "") }
            return cells
        })
    }
}
