import Foundation
public import SurveyModel

// The statistics tables: their descriptions (columns, grain, invariants) and the text of a row.

extension Publisher {
    /// The columns of `statistics.csv` and `progress.csv` that name the group.
    static let groupColumns = [
        TableColumn("group_type", "The group's kind: `world`, `region`, `subregion`, `development`, `ldc`, `lldc`, `sids`, `custom` or `outside` (see Groups in docs/reading-outputs.md)."),
        TableColumn("group_code", "The group: an M49 or SDG database code, a custom group's id, or `outside` (see Groups in docs/reading-outputs.md)."),
    ]

    /// The trailing `respondent` column of the per-unit tables.
    static let respondentColumn = TableColumn(
        "respondent", "The respondent (`identity.respondent` in the pipeline file): one row per respondent instead of per country.",
        presentWhen: "the pipeline file declares a respondent key")

    static func groupKey(_ group: CountryGroup) -> String { "\(group.type.rawValue):\(group.code)" }

    /// The invariants a share row satisfies, in `statistics.csv` and `statistics.sdmx.csv` alike.
    static let shareInvariants: [TableInvariant<ShareStatistic>] = [
        .unique("no duplicate round × question × option × group") {
            ShareKey(round: $0.round, question: $0.questionID, option: $0.option, group: $0.group)
        },
        .row("0 ≤ n_option ≤ n_responding") { 0 <= $0.nOption && $0.nOption <= $0.nResponding },
        .row("percent and interval blank exactly when suppressed") { row in
            let blank = row.percent == nil && row.ciLow == nil && row.ciHigh == nil
            let present = row.percent != nil && row.ciLow != nil && row.ciHigh != nil
            return row.flag == .suppressed ? blank : present
        },
        .row("0 ≤ ci_low ≤ percent ≤ ci_high ≤ 100") { row in
            guard let percent = row.percent, let low = row.ciLow, let high = row.ciHigh else { return true }
            return 0 <= low && low <= percent + 1e-9 && percent <= high + 1e-9 && high <= 100
        },
        .row("percent = 100 × n_option / n_responding") { row in
            guard let percent = row.percent else { return true }
            return row.nResponding > 0 && abs(percent - 100 * Double(row.nOption) / Double(row.nResponding)) <= 1e-9
        },
        .row("n_in_group and n_not_responding blank together; 0 ≤ n_not_responding ≤ n_in_group") { row in
            guard let size = row.nInGroup, let missing = row.nNotResponding else {
                return row.nInGroup == nil && row.nNotResponding == nil && row.boundLow == nil && row.boundHigh == nil
            }
            return 0 <= missing && missing <= size
        },
        .row("0 ≤ n_unknown ≤ n_answered; n_responding = n_answered (denominator `answered`) or n_answered − n_unknown (`substantive`)") { row in
            guard 0 <= row.nUnknown, row.nUnknown <= row.nAnswered else { return false }
            return row.nResponding == (row.denominator == .answered ? row.nAnswered : row.nAnswered - row.nUnknown)
        },
        .row("bounds: blank together; bound_low = 100 × n_option / n_in_group, bound_high = 100 × (n_option + n_in_group − n_responding) / n_in_group, n_answered + n_not_responding = n_in_group") { row in
            guard let low = row.boundLow, let high = row.boundHigh else { return row.boundLow == nil && row.boundHigh == nil }
            guard let size = row.nInGroup, size > 0, let missing = row.nNotResponding else { return false }
            let k = Double(row.nOption), n = Double(row.nResponding), N = Double(size)
            return row.nAnswered + missing == size && abs(low - 100 * k / N) <= 1e-9 && abs(high - 100 * (k + N - n) / N) <= 1e-9
        },
        .row("a census (n_responding = n_in_group, bounds present) is never suppressed and its interval is the point") { row in
            guard row.boundLow != nil, let size = row.nInGroup, size > 0, row.nResponding == size else { return true }
            return row.flag != .suppressed && row.ciLow == row.percent && row.ciHigh == row.percent
        },
        .row("0 ≤ bound_low ≤ percent ≤ bound_high ≤ 100") { row in
            guard let low = row.boundLow, let high = row.boundHigh else { return true }
            let percent = row.percent ?? low
            return 0 <= low && low <= percent + 1e-9 && percent <= high + 1e-9 && high <= 100 + 1e-9
        },
        .table("one n_answered, n_unknown, n_in_group and n_not_responding per round × question × group") {
            var denominators: [ShareKey: [Int?]] = [:]
            return TableCheck { row in
                let key = ShareKey(round: row.round, question: row.questionID, option: "", group: row.group)
                let counts = [row.nAnswered, row.nUnknown, row.nInGroup, row.nNotResponding]
                return denominators.updateValue(counts, forKey: key).map { $0 == counts } ?? true
            }
        },
    ]

    /// The coverage columns of `statistics.csv`, after its first twelve.
    static let coverageColumns = [
        TableColumn.number(
            "n_in_group",
            "N, the group's frame: the States of the pipeline's population (`population:`, by default the 193 UN Member States of the reference data) that belong to the group and were Member States by the round's year (`member_since` in the reference data: South Sudan counts from 2011; `frame_as_of` in `responses.csv`). Blank where the group has no frame: custom groups defined by an answer (`budapest_parties`) and `outside`."
        ),
        TableColumn.number(
            "n_not_responding",
            "N minus the States of the group that answered the question at all, a \"don't know\" answer included (`n_in_group` − `n_answered`: an explicit `unknown` is a response, so `n_answered` + `n_not_responding` = `n_in_group`). With a respondent key, in States: N minus the States with at least one respondent who answered. Blank where `n_in_group` is."
        ),
        TableColumn.number(
            "bound_low",
            "The share among all N States if no non-responding State had chosen the option: 100 × `n_option` / `n_in_group`, in 0–100 with one decimal. Not blanked by suppression (it is arithmetic on published counts). Blank where `n_in_group` is, and with a respondent key (shares count respondents, N counts States)."
        ),
        TableColumn.number(
            "bound_high",
            "The share among all N States if every non-responding State had chosen the option: 100 × (`n_option` + `n_in_group` − `n_responding`) / `n_in_group`, one decimal, with the row's own `n_responding` (for a substantive row the States that answered \"don't know\" count among those that might have chosen it). Blank as `bound_low`."
        ),
    ]

    /// The columns of `statistics.csv` after the coverage columns: the one rule for "don't know"
    /// answers (``Choice/isDontKnow``), both denominators published.
    static let answerColumns = [
        TableColumn.number(
            "n_answered",
            "Countries in the group whose accepted submission answered the question at all, a \"don't know\"-type answer (`unknown`) included: the response count, the same on every row of the round × question × group."
        ),
        TableColumn.number(
            "n_unknown",
            "Of those, the countries whose answer was only \"don't know\" (the options marked `dont_know: true` in the questionnaire: `unknown` of the legal-form and legal-basis lists). 0 for a question without such an option."
        ),
        TableColumn(
            "denominator",
            "Which denominator the row's `n_responding`, `percent`, interval, bounds and flag use: `answered` (= `n_answered`, every State that answered) on the row of a \"don't know\" option itself; `substantive` (= `n_answered` − `n_unknown`) on every other row, `any_form` included."
        ),
    ]

    struct ShareKey: Hashable {
        var round: String
        var question: String
        var option: String
        var group: CountryGroup
    }

    /// `statistics.csv`: one row per round × question × option × group.
    public static let statisticsTable = TableDescription<ShareStatistic>(
        name: "statistics", file: "statistics.csv",
        summary: "Share of responding countries choosing each option, by group.",
        grain: "one row per round × question × option × group, for every choice question (types `single_choice`, `legal_form`, `multiple_choice`)",
        columns: [
            TableColumn("round", "Survey round (for example `2026`)."),
            TableColumn("chapter", "Chapter of the question: `3` to `8`, or `TA` for technical-assistance needs."),
            TableColumn("question_id", "Question id from the questionnaire (for example `ch4_illegal_access`)."),
            TableColumn(
                "option",
                "Choice code (for example `cyber_specific`); for a legal-form item also `any_form`: criminalized in any form (cyber-specific or general offence; for a power, a legal basis of either kind)."
            ),
        ] + groupColumns + [
            TableColumn.number("n_responding", "The denominator of the row's share: countries in the group whose accepted submission for the round answered this question with a usable answer, under the rule for \"don't know\" answers (`denominator`): on the row of a \"don't know\" option (`unknown`) every country that answered (`n_answered`), on every other row those that gave a substantive answer (`n_answered` − `n_unknown`)."),
            TableColumn.number("n_option", "Of those, the countries that chose this option. Never more than `n_responding`."),
            TableColumn.percent("percent", "100 × `n_option` / `n_responding`, in 0–100 with one decimal. Blank when suppressed."),
            TableColumn.percent(
                "ci_low",
                "Lower end of the 95% interval for the share, in 0–100 with one decimal: Wilson's score interval with the finite population correction for the group's frame N (`n_in_group`; the interval is the point when `n_responding` = N), plain Wilson where there is no frame or with a respondent key. Blank when suppressed."
            ),
            TableColumn.percent("ci_high", "Upper end of the same interval. Blank when suppressed."),
            TableColumn("flag", "`normal`, `low_reliability` or `suppressed` (see Reliability flags in docs/reading-outputs.md)."),
        ] + coverageColumns + answerColumns + [questionTextColumn, optionLabelColumn, groupNameColumn],
        invariants: shareInvariants,
        key: { "\($0.round) \($0.questionID) \($0.option) \(groupKey($0.group))" },
        notes: """
            Rows are ordered by round, questionnaire order, group (in the order of groups in docs/reading-outputs.md),
            then option in choice-list order, `any_form` last.

            - The denominator is the countries that answered the item, never the whole membership. "Not
              answered" (a blank cell, an empty element, no row) is never counted as "no": the country is
              simply not in that question's denominator. An answer dropped with a warning is treated the same
              way.
            - "Don't know" answers (options marked `dont_know: true` in the questionnaire; `unknown` of the
              legal-form and legal-basis lists) follow one rule, the same in country indicators and priority
              scores: such an answer is a response (it is in `n_answered`, not in `n_not_responding`) and in
              the denominator of its own option's share (`denominator` `answered`), and it is left out of the
              denominator of every substantive share: the other options and `any_form` (`denominator`
              `substantive`, `n_responding` = `n_answered` − `n_unknown`). A multiple-choice answer counts as
              \"don't know\" only when every selected option is one. See statistics.md, "Unknown and not sure".
            - For a multiple-choice question a country counts once for every option it chose, so the
              percentages of one question and group can add up to more than 100.
            - The interval is Wilson's score interval (z = 1.959964) on the effective sample size
              n_eff = n·(N − 1)/(N − n), with n = `n_responding` and N = `n_in_group`: the variance of a
              share of n States drawn from the N of the group without replacement, p(1 − p)/n·(N − n)/(N − 1)
              (the finite population correction). When every State of the group answered (n = N) there is no
              sampling uncertainty: the interval is the point, and the share is never suppressed (flag
              `normal`), whatever the reliability thresholds. Without a frame (answer-defined custom groups,
              `outside`) or with a respondent key: plain Wilson on n. When `n_option` is 0 the lower bound is 0,
              when it equals `n_responding` the upper bound is 100. For example 3 of 10 with no frame gives
              30.0 (10.8–60.3); 3 of 10 in a group of N = 20 gives 30.0 (14.3–52.5).
            - Only States of the pipeline's population (`population:`, by default the 193 UN Member States)
              are counted in the world, regional, development, LDC/LLDC/SIDS and custom groups. A submission
              from any other country or territory of the reference data is counted in the group `outside`
              (code `outside`) and nowhere else; it has the note `outside-population` in
              `validation_report.csv`.
            """)

    /// `numeric_statistics.csv`: one row per round × numeric or free-text question × group.
    public static let numericTable = TableDescription<NumericStatistic>(
        name: "numeric_statistics", file: "numeric_statistics.csv",
        summary: "Quartiles and mean of each numeric answer, by group.",
        grain: "one row per round × numeric or free-text question × group",
        columns: [
            TableColumn("round", "As in `statistics.csv`."),
            TableColumn("chapter", "As in `statistics.csv`."),
            TableColumn("question_id", "As in `statistics.csv`."),
            TableColumn("type", "`integer`, `decimal`, `percent`, `year` or `text`."),
        ] + groupColumns + [
            TableColumn.number("n_submissions", "Countries of the group with an accepted submission for the round."),
            TableColumn.number("n", "Of those, the countries that answered the item: the n of every figure in the row."),
            TableColumn.number("min", "The smallest answer, up to four decimals. Blank for free text and when suppressed (as are the five columns after it); blank too, with `max`, when the figure counts a restricted answer (it would be one State's value: docs/restricted.md)."),
            TableColumn.number("p25", "The first quartile (type 7, below)."),
            TableColumn.number("median", "The median."),
            TableColumn.number("p75", "The third quartile."),
            TableColumn.number("max", "The largest answer (blank, as `min`, when the figure counts a restricted answer)."),
            TableColumn.number("mean", "The mean of the answers."),
            TableColumn("flag", "By `n`, as in `statistics.csv`: when every State of the group answered (`n` = `n_in_group`, without a respondent key) `normal` and never suppressed."),
            TableColumn.number("n_in_group", "N, the group's frame: as in `statistics.csv` (blank for custom groups defined by an answer and `outside`)."),
            TableColumn.number(
                "n_not_responding",
                "N minus the States of the group that answered the item (with a respondent key, States with at least one respondent who answered); blank where `n_in_group` is."
            ),
            questionTextColumn, groupNameColumn,
        ],
        invariants: [
            .unique("no duplicate round × question × group") {
                ShareKey(round: $0.round, question: $0.questionID, option: "", group: $0.group)
            },
            .row("n ≤ n_submissions") { 0 <= $0.n && $0.n <= $0.nSubmissions },
            .row("n_in_group and n_not_responding blank together; 0 ≤ n_not_responding ≤ n_in_group") { row in
                guard let size = row.nInGroup, let missing = row.nNotResponding else {
                    return row.nInGroup == nil && row.nNotResponding == nil
                }
                return 0 <= missing && missing <= size
            },
            .row("min ≤ p25 ≤ median ≤ p75 ≤ max") { row in
                guard let low = row.minimum, let p25 = row.p25, let median = row.median, let p75 = row.p75,
                    let high = row.maximum
                else { return true }
                return low <= p25 && p25 <= median && median <= p75 && p75 <= high
            },
        ],
        key: { "\($0.round) \($0.questionID) \(groupKey($0.group))" },
        notes: """
            Rows are in the order of `statistics.csv`. Quantiles are Hyndman and Fan's type 7 (R's default,
            numpy's `linear`, Excel's `PERCENTILE.INC`): h = (n − 1)·p, then linear interpolation between the
            two order statistics around h.
            """)

    /// `country_indicators.csv`: one row per round × country × indicator.
    public static let indicatorsTable = TableDescription<IndicatorValue>(
        name: "country_indicators", file: "country_indicators.csv",
        summary: "Each country's indicators, round by round.",
        grain: "one row per round × country × indicator",
        columns: [
            TableColumn("round", "Survey round."),
            TableColumn("country", "ISO alpha-3 code of the country."),
            TableColumn("m49", "M49 code of the country."),
            TableColumn("region", "M49 region of the country."),
            TableColumn(
                "indicator",
                "The indicator's id (`criminalization_breadth`, `cyber_specific_share`, `powers_legal_basis`, `powers_used`, `cooperation_readiness`, `prevention_readiness`)."
            ),
            TableColumn("chapter", "The chapter it belongs to."),
            TableColumn.number("items_met", "Items whose answer meets the indicator's condition."),
            TableColumn.number("items_answered", "Items the country answered. A \"don't know\" answer (the questionnaire's `dont_know` options, such as `unknown`) is not counted, by the same rule as `statistics.csv`'s substantive shares, nor are the codes an indicator lists as `not_counted`."),
            TableColumn.number("items_total", "Items the indicator has."),
            TableColumn.number("value", "100 × `items_met` / `items_answered`, one decimal; blank when no item was answered."),
            respondentColumn,
        ],
        invariants: [
            .unique(
                "no duplicate round × country × indicator (rows grouped by round × country)",
                grouped: { UnitKey(round: $0.round, unit: $0.country, item: "") }, item: \.indicator),
            .row("items_met ≤ items_answered ≤ items_total") {
                0 <= $0.itemsMet && $0.itemsMet <= $0.itemsAnswered && $0.itemsAnswered <= $0.itemsTotal
            },
            .row("value blank exactly when no item was answered, else in 0–100") { row in
                guard let value = row.value else { return row.itemsAnswered == 0 }
                return row.itemsAnswered > 0 && 0 <= value && value <= 100
            },
        ],
        key: { "\($0.round) \($0.country) \($0.indicator)" },
        notes: """
            Indicators are declared under `indicators:` in the pipeline file: value = 100 × items met /
            items answered. Rows are ordered by round, ISO code, then the pipeline file's order of the
            indicators. The formulas of the six shipped indicators are in
            [statistics.md](statistics.md#country-indicators).
            """)

    struct UnitKey: Hashable {
        var round: String
        var unit: String
        var item: String
    }

    /// `progress.csv`: one row per question × option × group, for the baseline and latest rounds.
    public static let progressTable = TableDescription<ProgressRow>(
        name: "progress", file: "progress.csv",
        summary: "Change of each share between two rounds, all and panel.",
        grain: "one row per choice question × option × group, comparing two rounds",
        columns: [
            TableColumn("chapter", "As in `statistics.csv`."),
            TableColumn("question_id", "As in `statistics.csv`."),
            TableColumn("option", "As in `statistics.csv`."),
        ] + groupColumns + [
            TableColumn("baseline_round", "The earlier round compared."),
            TableColumn("latest_round", "The later round compared."),
            TableColumn.number("n_baseline", "The baseline round's denominator, over all its respondents (as `n_responding` in `statistics.csv`, under the same rule for \"don't know\" answers: every answer for a \"don't know\" option's row, the substantive answers for every other)."),
            TableColumn.number("n_option_baseline", "Of those, the countries that chose the option."),
            TableColumn.percent("percent_baseline", "The baseline round's share; blank when suppressed."),
            TableColumn.number("n_latest", "The latest round's denominator."),
            TableColumn.number("n_option_latest", "Of those, the countries that chose the option."),
            TableColumn.percent("percent_latest", "The latest round's share; blank when suppressed."),
            TableColumn.percent(
                "change",
                "`percent_latest` − `percent_baseline` in percentage points (from unrounded shares), one decimal; blank when either is suppressed."
            ),
            TableColumn("flag", "The less reliable of the two rounds' flags."),
            TableColumn.number("n_panel", "The panel: countries of the group that answered the question in both rounds (for every row but a \"don't know\" option's, with a substantive answer in both: an `unknown` in either round leaves a country out of the substantive panel)."),
            TableColumn.number("n_option_panel_baseline", "Of the panel, how many chose the option in the baseline round."),
            TableColumn.percent("percent_panel_baseline", "Their share."),
            TableColumn.number("n_option_panel_latest", "Of the panel, how many chose the option in the latest round."),
            TableColumn.percent("percent_panel_latest", "Their share."),
            TableColumn.percent("panel_change", "Change of the panel share in percentage points; blank when suppressed."),
            TableColumn("panel_flag", "Flag by `n_panel`."),
            TableColumn(
                "comparable",
                "`yes`: the two rounds asked the same question and option (or a pure rename or recode); `partial`: comparable with the caveat the note gives (a split or merged item, an option added or removed); `no`: the option or item was not offered in one of the rounds. Through the crosswalk between the rounds' questionnaire versions."
            ),
            TableColumn(
                "comparability_note",
                "Why a row is not simply comparable (`option un_convention added in 2026.1: shares of the other options are not comparable`); empty when `comparable` is `yes` without a change."
            ),
            questionTextColumn, optionLabelColumn, groupNameColumn,
        ],
        invariants: [
            .unique("no duplicate pair × question × option × group") {
                ShareKey(round: "\($0.baselineRound)>\($0.latestRound)", question: $0.questionID, option: $0.option, group: $0.group)
            },
            .row("n_option ≤ n in each round and in the panel") { row in
                [row.baseline, row.latest, row.panelBaseline, row.panelLatest].allSatisfy {
                    0 <= $0.nOption && $0.nOption <= $0.nResponding
                }
            },
            .row("n_panel ≤ n_baseline and n_latest (custom groups excepted)") { row in
                row.group.type == .custom
                    || row.panelBaseline.nResponding <= min(row.baseline.nResponding, row.latest.nResponding)
            },
        ],
        key: { "\($0.baselineRound)→\($0.latestRound) \($0.questionID) \($0.option) \(groupKey($0.group))" },
        notes: """
            The pairs compared: each two consecutive rounds with submissions (in the order of the
            pipeline file's `rounds:`), then the main pair, `progress:` in the pipeline file, by default
            the first round with submissions as baseline and the last as latest, when it is not one of
            them; `baseline_round` and `latest_round` name each row's pair. With two rounds there is one
            pair; with one round only, the file has its header and no
            rows. When the two rounds answer different questionnaire versions, the baseline's answers
            are read in the latest round's version through the crosswalks (docs/questionnaire.md,
            "Crosswalks"), and the items of the latest round's questionnaire, then the baseline's retired
            items (`comparable` `no`), are listed. A custom group defined by an answer can change members between rounds, so its panel is
            not bounded by either round's respondents.
            """)

    /// `transitions.csv`: one row per panel country × choice item whose answer changed.
    public static let transitionsTable = TableDescription<Transition>(
        name: "transitions", file: "transitions.csv",
        summary: "Countries whose answer changed between the two rounds.",
        grain: "one row per panel country × choice question whose answer changed between the two rounds",
        columns: [
            TableColumn("baseline_round", "The earlier round compared."),
            TableColumn("latest_round", "The later round compared."),
            TableColumn("country", "ISO alpha-3 code of the country."),
            TableColumn("m49", "Its M49 code."),
            TableColumn("region", "Its M49 region."),
            TableColumn("chapter", "The question's chapter."),
            TableColumn("question_id", "The question."),
            TableColumn(
                "from",
                "The answer in the baseline round; for multiple choice the selected codes in questionnaire order, space-separated (`budapest`)."
            ),
            TableColumn("to", "The answer in the latest round, likewise (`budapest un_convention`)."),
            respondentColumn,
            TableColumn(
                "comparable",
                "As in `progress.csv`, for the question: its least comparable option (`from` is the baseline answer read in the latest round's version)."
            ),
            TableColumn("comparability_note", "As in `progress.csv`."),
            TableColumn("question_text", "The question's text in the pipeline's language, from the latest round's questionnaire (as in `statistics.csv`)."),
        ],
        invariants: [
            .unique("no duplicate pair × country × question") {
                UnitKey(round: "\($0.baselineRound)>\($0.latestRound)", unit: $0.country, item: $0.questionID)
            },
            .row("from ≠ to") { $0.from != $0.to },
        ],
        key: { "\($0.baselineRound)→\($0.latestRound) \($0.country) \($0.questionID)" },
        notes: "The pairs are those of `progress.csv`, in its order; within a pair, rows are ordered by questionnaire order, then ISO code.")

    /// `statistics.sdmx.csv`, SDMX-CSV 1.0: the dataflow, the dimensions, the observation, the attributes.
    public static let sdmxTable = TableDescription<ShareStatistic>(
        name: "statistics_sdmx", file: "statistics.sdmx.csv",
        summary: "The shares in SDMX-CSV 1.0, for exchange in the UN.",
        grain: "one row per round × question × option × group, as `statistics.csv`",
        columns: [
            TableColumn("DATAFLOW", "`UNODC:DF_CYBERCRIME_SURVEY(1.0)`, or `sdmx.dataflow` in the pipeline file (`AGENCY:ID(VERSION)`)."),
            TableColumn("REF_AREA", "Dimension: the group's code (`001`, `002`, `202`, `514`, `199`, a custom id)."),
            TableColumn("TIME_PERIOD", "Dimension: the round."),
            TableColumn("CHAPTER", "Dimension: the chapter."),
            TableColumn("QUESTION", "Dimension: the question id."),
            TableColumn("OPTION", "Dimension: the option code (`any_form` included)."),
            TableColumn.number("OBS_VALUE", "The percent, one decimal; empty when suppressed."),
            TableColumn("UNIT_MEASURE", "`PT` (percent)."),
            TableColumn("OBS_STATUS", "`A` normal, `U` low reliability, `Q` suppressed."),
            TableColumn.number("LOWER_BOUND", "Lower end of the 95% interval (Wilson with the finite population correction, as `ci_low`); empty when suppressed."),
            TableColumn.number("UPPER_BOUND", "Upper end; empty when suppressed."),
            TableColumn.number("N_RESPONDING", "The denominator, as `n_responding` (under the rule for \"don't know\" answers, see DENOMINATOR)."),
            TableColumn.number("N_IN_GROUP", "Attribute: the group's frame size N, as `n_in_group` in `statistics.csv`; empty where the group has no frame."),
            TableColumn.number("N_NOT_RESPONDING", "Attribute: as `n_not_responding` in `statistics.csv`."),
            TableColumn.number("NONRESPONSE_LOW", "Attribute: the non-response lower bound 100 × k / N, as `bound_low` in `statistics.csv`."),
            TableColumn.number("NONRESPONSE_HIGH", "Attribute: the non-response upper bound 100 × (k + N − n) / N, as `bound_high`."),
            TableColumn.number("N_ANSWERED", "Attribute: States (or respondents) that answered the question, \"don't know\" included, as `n_answered`."),
            TableColumn.number("N_UNKNOWN", "Attribute: of those, the \"don't know\"-only answers, as `n_unknown`."),
            TableColumn("DENOMINATOR", "Attribute: `answered` or `substantive`, which of the two N_RESPONDING is (as `denominator`)."),
        ],
        invariants: shareInvariants,
        key: { "\($0.round) \($0.questionID) \($0.option) \(groupKey($0.group))" },
        notes: """
            How the file maps onto SDMX, and how to read it with pysdmx: [statistics.md](statistics.md#sdmx-csv).

            Its structure is written beside it, in `statistics.sdmx-structure.xml`: an SDMX-ML 2.1 structure message \
            with the codelists (`CL_AREA`: every group code, named in the six languages where the reference has them; \
            `CL_CHAPTER`, `CL_QUESTION`, `CL_OPTION` from the questionnaire; `CL_OBS_STATUS`, `CL_UNIT_MEASURE`), the \
            concepts, the data structure definition (dimensions REF_AREA, CHAPTER, QUESTION, OPTION and the time \
            dimension TIME_PERIOD, which SDMX-ML 2.1 lists last; measure OBS_VALUE; the other columns as attributes \
            attached to the observation) and the dataflow of the DATAFLOW column, whose agency and version it shares. \
            Its header's `Prepared` is a fixed `2000-01-01T00:00:00Z`, so the file's bytes depend on the run's inputs \
            only. `pysdmx.io.get_datasets("statistics.sdmx.csv", "statistics.sdmx-structure.xml")` reads the two together.
            """,
        spreadsheetCopy: false)

    /// The column names of each table, as the file's header has them (optional columns left out).
    public static var statisticsColumns: [String] { statisticsTable.headers() }
    public static var numericColumns: [String] { numericTable.headers() }
    public static var indicatorColumns: [String] { indicatorsTable.headers() }
    public static var progressColumns: [String] { progressTable.headers() }
    public static var transitionColumns: [String] { transitionsTable.headers() }
    public static var sdmxColumns: [String] { sdmxTable.headers() }

    /// The cells of one line of `statistics.csv`.
    public static func statisticsCells(_ row: ShareStatistic, labels: CodeLabels = .none) -> [CSVCell] {
        [
            .text(row.round), .text(row.chapter.rawValue), .text(row.questionID), .text(row.option),
            .text(row.group.type.rawValue), .text(row.group.code), .number(String(row.nResponding)),
            .number(String(row.nOption)), .number(oneDecimal(row.percent)), .number(oneDecimal(row.ciLow)),
            .number(oneDecimal(row.ciHigh)), .text(row.flag.rawValue), .number(count(row.nInGroup)),
            .number(count(row.nNotResponding)), .number(oneDecimal(row.boundLow)), .number(oneDecimal(row.boundHigh)),
            .number(String(row.nAnswered)), .number(String(row.nUnknown)), .text(row.denominator.rawValue),
            .text(labels.questionText(row.questionID, round: row.round)),
            .text(labels.optionLabel(row.option, question: row.questionID, round: row.round)), .text(labels.groupName(row.group)),
        ]
    }

    /// A count, blank when nil.
    static func count(_ value: Int?) -> String { value.map { String($0) } ?? "" }

    /// The cells of one line of `numeric_statistics.csv`.
    public static func numericCells(_ row: NumericStatistic, labels: CodeLabels = .none) -> [CSVCell] {
        [
            .text(row.round), .text(row.chapter.rawValue), .text(row.questionID), .text(row.type.rawValue),
            .text(row.group.type.rawValue), .text(row.group.code), .number(String(row.nSubmissions)),
            .number(String(row.n)), .number(decimal(row.minimum)), .number(decimal(row.p25)),
            .number(decimal(row.median)), .number(decimal(row.p75)), .number(decimal(row.maximum)),
            .number(decimal(row.mean)), .text(row.flag.rawValue), .number(count(row.nInGroup)),
            .number(count(row.nNotResponding)), .text(labels.questionText(row.questionID, round: row.round)),
            .text(labels.groupName(row.group)),
        ]
    }

    /// The cells of one line of `country_indicators.csv`.
    public static func indicatorCells(_ row: IndicatorValue, reference: CountryReference, respondents: Bool) -> [CSVCell] {
        let country = reference.country(iso3: SurveyUnit.country(of: row.country))
        return keepingRespondent([
                .text(row.round), .text(SurveyUnit.country(of: row.country)), .text(country?.m49 ?? ""),
                .text(country?.region ?? ""), .text(row.indicator), .text(row.chapter.rawValue),
                .number(String(row.itemsMet)), .number(String(row.itemsAnswered)), .number(String(row.itemsTotal)),
                .number(oneDecimal(row.value)), respondent(row.country),
        ], if: respondents)
    }

    /// The cells of one line of `progress.csv`.
    public static func progressCells(_ row: ProgressRow, labels: CodeLabels = .none) -> [CSVCell] {
        [
            .text(row.chapter.rawValue), .text(row.questionID), .text(row.option), .text(row.group.type.rawValue),
            .text(row.group.code), .text(row.baselineRound), .text(row.latestRound),
            .number(String(row.baseline.nResponding)), .number(String(row.baseline.nOption)),
            .number(oneDecimal(row.baseline.percent)), .number(String(row.latest.nResponding)),
            .number(String(row.latest.nOption)), .number(oneDecimal(row.latest.percent)),
            .number(oneDecimal(row.change)), .text(worse(row.baseline.flag, row.latest.flag).rawValue),
            .number(String(row.panelBaseline.nResponding)), .number(String(row.panelBaseline.nOption)),
            .number(oneDecimal(row.panelBaseline.percent)), .number(String(row.panelLatest.nOption)),
            .number(oneDecimal(row.panelLatest.percent)), .number(oneDecimal(row.panelChange)),
            .text(row.panelBaseline.flag.rawValue), .text(row.comparable.rawValue), .text(row.comparabilityNote),
            .text(labels.questionText(row.questionID, round: row.latestRound)),
            .text(labels.optionLabel(row.option, question: row.questionID, round: row.latestRound)),
            .text(labels.groupName(row.group)),
        ]
    }

    /// The cells of one line of `transitions.csv`.
    public static func transitionCells(
        _ row: Transition, reference: CountryReference, respondents: Bool, labels: CodeLabels = .none
    ) -> [CSVCell] {
        let country = reference.country(iso3: SurveyUnit.country(of: row.country))
        return [
                .text(row.baselineRound), .text(row.latestRound), .text(SurveyUnit.country(of: row.country)),
                .text(country?.m49 ?? ""), .text(country?.region ?? ""), .text(row.chapter.rawValue), .text(row.questionID),
                .text(row.from), .text(row.to),
            ] + respondentCell(row.country, respondents) + [
                .text(row.comparable.rawValue), .text(row.comparabilityNote),
                .text(labels.questionText(row.questionID, round: row.latestRound)),
            ]
    }

    /// The cells of one line of `statistics.sdmx.csv`. OBS_STATUS: `A` normal, `U` low reliability, `Q`
    /// suppressed (OBS_VALUE and the bounds are then empty; N_RESPONDING is kept).
    public static func sdmxCells(_ row: ShareStatistic, dataflow: String) -> [CSVCell] {
        [
            .text(dataflow), .text(row.group.code), .text(row.round), .text(row.chapter.rawValue), .text(row.questionID),
            .text(row.option), .number(oneDecimal(row.percent)), .text("PT"), .text(sdmxStatus(row.flag)),
            .number(oneDecimal(row.ciLow)), .number(oneDecimal(row.ciHigh)), .number(String(row.nResponding)),
            .number(count(row.nInGroup)), .number(count(row.nNotResponding)), .number(oneDecimal(row.boundLow)),
            .number(oneDecimal(row.boundHigh)), .number(String(row.nAnswered)), .number(String(row.nUnknown)),
            .text(row.denominator.rawValue),
        ]
    }

    /// Whether some row's unit carries a respondent (the tables then have a `respondent` column).
    static func hasRespondents<Row>(_ rows: [Row], unit: (Row) -> String) -> Set<String> {
        rows.contains { SurveyUnit.respondent(of: unit($0)) != nil } ? ["respondent"] : []
    }

    // The rows of each table, checked and formatted whole (the tests' and the writers' way in).

    public static func statisticsRows(_ rows: [ShareStatistic], labels: CodeLabels = .none) -> TableRows<ShareStatistic> {
        TableRows(rows) { statisticsCells($0, labels: labels) }
    }

    public static func numericRows(_ rows: [NumericStatistic], labels: CodeLabels = .none) -> TableRows<NumericStatistic> {
        TableRows(rows) { numericCells($0, labels: labels) }
    }

    public static func indicatorRows(_ rows: [IndicatorValue], reference: CountryReference) -> TableRows<IndicatorValue> {
        let present = hasRespondents(rows, unit: \.country)
        return TableRows(rows, optionalColumns: present) {
            indicatorCells($0, reference: reference, respondents: !present.isEmpty)
        }
    }

    public static func progressRows(_ rows: [ProgressRow], labels: CodeLabels = .none) -> TableRows<ProgressRow> {
        TableRows(rows) { progressCells($0, labels: labels) }
    }

    public static func transitionRows(
        _ rows: [Transition], reference: CountryReference, labels: CodeLabels = .none
    ) -> TableRows<Transition> {
        let present = hasRespondents(rows, unit: \.country)
        return TableRows(rows, optionalColumns: present) {
            transitionCells($0, reference: reference, respondents: !present.isEmpty, labels: labels)
        }
    }

    public static func sdmxRows(_ rows: [ShareStatistic], dataflow: String) -> TableRows<ShareStatistic> {
        TableRows(rows) { sdmxCells($0, dataflow: dataflow) }
    }

    /// The text of `statistics.csv`, after checking the table's invariants.
    public static func statisticsCSV(_ rows: [ShareStatistic]) throws -> String {
        try text(statisticsTable, statisticsRows(rows))
    }

    /// Checks the invariants of `statistics.csv` (``statisticsTable``).
    public static func checkInvariants(_ rows: [ShareStatistic]) throws {
        _ = try text(statisticsTable, statisticsRows(rows))
    }

    public static func numericCSV(_ rows: [NumericStatistic]) throws -> String { try text(numericTable, numericRows(rows)) }

    public static func indicatorsCSV(_ rows: [IndicatorValue], reference: CountryReference) throws -> String {
        try text(indicatorsTable, indicatorRows(rows, reference: reference))
    }

    public static func progressCSV(_ rows: [ProgressRow]) throws -> String { try text(progressTable, progressRows(rows)) }

    public static func transitionsCSV(_ rows: [Transition], reference: CountryReference) throws -> String {
        try text(transitionsTable, transitionRows(rows, reference: reference))
    }

    /// One line of `statistics.sdmx.csv`.
    public static func sdmxLine(_ row: ShareStatistic, dataflow: String) -> String { CSVText.line(sdmxCells(row, dataflow: dataflow)) }

    /// SDMX-CSV 1.0 of the shares (``sdmxCells(_:dataflow:)``).
    public static func sdmxCSV(_ rows: [ShareStatistic], dataflow: String) throws -> String {
        try text(sdmxTable, sdmxRows(rows, dataflow: dataflow))
    }

    public static func sdmxStatus(_ flag: ReliabilityFlag) -> String {
        switch flag {
        case .normal: return "A"
        case .lowReliability: return "U"
        case .suppressed: return "Q"
        }
    }

    /// The less reliable of two flags.
    static func worse(_ a: ReliabilityFlag, _ b: ReliabilityFlag) -> ReliabilityFlag {
        let order: [ReliabilityFlag] = [.normal, .lowReliability, .suppressed]
        return order.firstIndex(of: a)! >= order.firstIndex(of: b)! ? a : b
    }
}
