public import SurveyModel

// The tables of the legislation inventory (the `laws` repeat) across rounds and groups:
// developments.csv (what changed between a unit's consecutive rounds) and the inventory
// statistics in statistics.csv's and numeric_statistics.csv's shapes (issue 20 parts 3 and 4).

extension Publisher {
    /// `developments.csv`: one row per development of a unit's inventory between consecutive rounds.
    public static let developmentsTable = TableDescription<InventoryDevelopment>(
        name: "developments", file: "developments.csv",
        summary: "New developments in each country's legislation inventory between its consecutive rounds: laws added or no longer listed, status changes, amendments, repeals, acts and powers newly covered.",
        grain: "one row per development of a unit's legislation inventory between two consecutive rounds it answered, both with the inventory in their questionnaire",
        columns: [
            TableColumn("round_from", "The earlier round: the unit's previous answered round."),
            TableColumn("round_to", "The later round."),
            TableColumn("country", "ISO alpha-3 code of the country."),
            TableColumn("respondent", "The respondent (`identity.respondent` in the pipeline file).", presentWhen: "the pipeline file declares a respondent key"),
            TableColumn(
                "kind",
                "`law_added` (a law listed now that matches no law listed before), `law_no_longer_listed` (a law listed before that matches none now), `status_changed` (a matched law's status changed, for example `draft` → `in_force`), `repealed` (a matched law's status became `repealed`; written instead of `status_changed`), `amended` (a matched law's `year_amended` is later than before, or newly set), `act_newly_covered` / `power_newly_covered` (an act of chapter 4 or a power of chapter 5 covered by a listed law in force or adopted now, by none before)."
            ),
            TableColumn(
                "law",
                "The law's English title (`title_en`), else its original title, else its path (`laws[2]`). On an `act_newly_covered` / `power_newly_covered` row, the covering laws of the later round (in force or adopted), joined by ` | `."
            ),
            TableColumn(
                "old_value",
                "Before: the status (`status_changed`, `repealed`, `law_no_longer_listed`), the year amended (`amended`). Blank when there was none and on the other kinds."
            ),
            TableColumn(
                "new_value",
                "After: the status (`status_changed`, `repealed`, `law_added`), the year amended (`amended`), the act's or power's code (`act_newly_covered`, `power_newly_covered`). Blank when there is none."
            ),
            TableColumn(
                "source_from",
                "`file:line` in the earlier round's submission of the value compared (the status, the year amended; the law's title for `law_no_longer_listed`). Blank when the development has no earlier side."
            ),
            TableColumn(
                "source_to",
                "`file:line` in the later round's submission (the status, the year amended, the law's title for `law_added`, the first covering law's acts or powers). Blank when the development has no later side."
            ),
        ],
        invariants: [
            .row("round_from and round_to differ") { $0.roundFrom != $0.roundTo },
            .row("a law development has a source on each side it has") { row in
                switch row.kind {
                case .lawAdded: return row.sourceFrom == nil
                case .lawNoLongerListed: return row.sourceTo == nil
                case .actNewlyCovered, .powerNewlyCovered: return row.newValue != nil && row.sourceFrom == nil
                case .statusChanged, .repealed, .amended: return row.newValue != nil && row.oldValue != row.newValue
                }
            },
            .row("repealed is the status repealed") { $0.kind != .repealed || $0.newValue == "repealed" },
            .table("no duplicate act or power newly covered per unit and pair of rounds") {
                var seen = Set<[String]>()
                return TableCheck { row in
                    guard row.kind == .actNewlyCovered || row.kind == .powerNewlyCovered else { return true }
                    return seen.insert([row.roundFrom, row.roundTo, row.country, row.respondent ?? "", row.kind.rawValue, row.newValue ?? ""])
                        .inserted
                }
            },
        ],
        key: { row in
            [row.roundFrom, row.roundTo, row.country, row.respondent ?? "", row.kind.rawValue, row.law].filter { !$0.isEmpty }
                .joined(separator: " ")
        },
        notes: """
            Built from the `laws` repeat of the accepted submissions (`legislation.csv`'s rows). For each \
            unit (a country, or a respondent with a respondent key), the rounds in which it listed at \
            least one law, in rounds whose questionnaire has the inventory, are taken in the declared \
            order, and each consecutive pair is compared. A round whose questionnaire lacks the inventory \
            (an older version), or in which the unit listed no law, is skipped: an empty list is not \
            answered (the form cannot tell a blank inventory from a country without laws; "not answered" \
            is never "no"), so a unit's first listed inventory, or its last before a blank one, gives no \
            `law_added` or `law_no_longer_listed` rows.

            Laws are matched across the two rounds by a stable key, in three passes over the laws still \
            unmatched: the citation (when both laws have one), then the English title, then the original \
            title, each normalized (case and accents folded, every run of characters other than letters \
            and digits one space). Two laws whose citations both exist and differ never match. Among \
            equal keys, laws pair in their order in the inventory. A law that matches none is \
            `law_added` (later round) or `law_no_longer_listed` (earlier round): a retitled law without \
            a citation shows as one of each.

            Rows are ordered by the later round (declared order), country, respondent; within a unit, \
            per law of the later round in its order its `law_added`, or its `status_changed` / \
            `repealed` then `amended` row; then the laws no longer listed in the earlier round's order; \
            then the acts, then the powers newly covered, in the questionnaire's list order. A status \
            newly set counts as `status_changed` (old value blank); a status left blank in the later \
            round gives no row.
            """)

    public static func developmentRows(_ rows: [InventoryDevelopment], respondents: Bool) -> TableRows<InventoryDevelopment> {
        TableRows(rows, optionalColumns: respondents ? ["respondent"] : []) { row in
            var cells: [CSVCell] = [.text(row.roundFrom), .text(row.roundTo), .text(row.country)]
            if respondents { cells.append(.text(row.respondent ?? "")) }
            cells += [
                .text(row.kind.rawValue), .text(row.law), .text(row.oldValue ?? ""), .text(row.newValue ?? ""),
                .text(row.sourceFrom ?? ""), .text(row.sourceTo ?? ""),
            ]
            return cells
        }
    }
}

extension Publisher {
    /// How the inventory's figures treat an empty inventory and what a cyber-specific law is
    /// (the notes of both statistics tables).
    static let inventoryRules = """
        The rounds are those whose questionnaire has the legislation inventory (the `laws` repeat); \
        the groups, frames N, bounds, intervals and reliability flags are `statistics.csv`'s, computed \
        by the same code. Each unit's listed laws become the answer to a derived item:

        - `inventory_law_in_force` (`yes` / `no`): `yes` when the unit listed a law whose status is \
          `in_force`; `no` when every law it listed has a status and none is `in_force`; otherwise not \
          answered.
        - `inventory_acts_covered` (one option per act of chapter 4, in the `inventory_acts` list's \
          order, then `none`): the acts a listed **cyber-specific law** covers (it lists the act under \
          `acts`). A cyber-specific law is a law of the inventory that is enacted, status `in_force` or \
          `adopted`, and not of type `draft_bill` (a blank type counts): the law condition of \
          `legislation_by_act.csv`'s `cyber_specific_law`, without its condition on the chapter-4 \
          answer (these figures read the inventory only). `none`: no such law covers any act, every \
          listed law having its status; otherwise not answered. Each act's row is the share of States \
          whose cyber-specific laws cover it.
        - `inventory_laws_listed` (in `legislation_numeric_statistics.csv`): the number of laws the \
          unit listed; its `median` is the median laws per State.

        **An empty inventory is not an answer.** A State that answered the round but listed no law is \
        not in any denominator (`n_answered`, `n_responding`, `n`): the form cannot tell an inventory \
        left blank from a State without laws, and "not answered" is never "no". It counts in \
        `n_not_responding`, so `bound_low` is the share if every such State has no law (and \
        `bound_high` if every one had). The median laws per State is therefore among the States that \
        listed at least one. Rounds without the inventory have no rows; `statistics.csv` never \
        contains these items.
        """

    /// `legislation_statistics.csv`: the inventory's shares, in `statistics.csv`'s shape.
    public static let legislationStatisticsTable: TableDescription<ShareStatistic> = {
        var table = statisticsTable
        table.name = "legislation_statistics"
        table.file = "legislation_statistics.csv"
        table.summary = "From the legislation inventory, by group: the share of States with a law in force, and of States whose cyber-specific laws cover each act."
        table.grain = "one row per round with the inventory × derived item (`inventory_law_in_force`, `inventory_acts_covered`) × option × group"
        table.columns = table.columns.map { column in
            switch column.header {
            case "chapter": TableColumn("chapter", "The chapter of the inventory (the `laws` repeat) in the round's questionnaire.")
            case "question_id":
                TableColumn("question_id", "The derived item: `inventory_law_in_force` or `inventory_acts_covered` (see below).")
            case "option":
                TableColumn(
                    "option",
                    "`yes` / `no` for `inventory_law_in_force`; for `inventory_acts_covered` an act's code (`ch4_illegal_access`, the `inventory_acts` list) or `none`.")
            default: column
            }
        }
        table.notes = """
            The same columns, invariants and rules as `statistics.csv`; `question_id` names a derived \
            item, `chapter` is the inventory's chapter. Rows are ordered by round, item, group, option.

            \(inventoryRules)
            """
        return table
    }()

    /// `legislation_numeric_statistics.csv`: laws per State, in `numeric_statistics.csv`'s shape.
    public static let legislationNumericTable: TableDescription<NumericStatistic> = {
        var table = numericTable
        table.name = "legislation_numeric_statistics"
        table.file = "legislation_numeric_statistics.csv"
        table.summary = "From the legislation inventory, by group: laws listed per State (median, quartiles, mean)."
        table.grain = "one row per round with the inventory × group, for the derived item `inventory_laws_listed`"
        table.columns = table.columns.map { column in
            switch column.header {
            case "question_id": TableColumn("question_id", "`inventory_laws_listed`: the number of laws a State listed.")
            case "type": TableColumn("type", "`integer`.")
            default: column
            }
        }
        table.notes = """
            The same columns, invariants and rules as `numeric_statistics.csv`. \
            See `legislation_statistics.csv` for the derived items and the treatment of an empty inventory.

            \(inventoryRules)
            """
        return table
    }()
}
