import Foundation
public import SurveyModel

/// The statistics tables: their columns and text.
extension Publisher {
    /// `statistics.csv`: one row per round × question × option × group.
    public static let statisticsColumns = [
        "round", "chapter", "question_id", "option", "group_type", "group_code", "n_responding", "n_option",
        "percent", "ci_low", "ci_high", "flag",
    ]

    /// `numeric_statistics.csv`: one row per round × numeric or free-text question × group.
    public static let numericColumns = [
        "round", "chapter", "question_id", "type", "group_type", "group_code", "n_submissions", "n", "min", "p25",
        "median", "p75", "max", "mean", "flag",
    ]

    /// `country_indicators.csv`: one row per round × country × indicator.
    public static let indicatorColumns = [
        "round", "country", "m49", "region", "indicator", "chapter", "items_met", "items_answered", "items_total",
        "value",
    ]

    /// `progress.csv`: one row per question × option × group, for the baseline and latest rounds.
    public static let progressColumns = [
        "chapter", "question_id", "option", "group_type", "group_code", "baseline_round", "latest_round",
        "n_baseline", "n_option_baseline", "percent_baseline", "n_latest", "n_option_latest", "percent_latest",
        "change", "flag", "n_panel", "n_option_panel_baseline", "percent_panel_baseline", "n_option_panel_latest",
        "percent_panel_latest", "panel_change", "panel_flag",
    ]

    /// `transitions.csv`: one row per panel country × choice item whose answer changed.
    public static let transitionColumns = [
        "baseline_round", "latest_round", "country", "m49", "region", "chapter", "question_id", "from", "to",
    ]

    /// `statistics.sdmx.csv`, SDMX-CSV 1.0: the dataflow, the dimensions, the observation, the attributes.
    public static let sdmxColumns = [
        "DATAFLOW", "REF_AREA", "TIME_PERIOD", "CHAPTER", "QUESTION", "OPTION", "OBS_VALUE", "UNIT_MEASURE",
        "OBS_STATUS", "LOWER_BOUND", "UPPER_BOUND", "N_RESPONDING",
    ]

    /// The text of `statistics.csv`, after checking the table's invariants.
    public static func statisticsCSV(_ rows: [ShareStatistic]) throws -> String {
        try checkInvariants(rows)
        var text = CSVText.header(statisticsColumns)
        for row in rows {
            text += CSVText.line([
                .text(row.round), .text(row.chapter.rawValue), .text(row.questionID), .text(row.option),
                .text(row.group.type.rawValue), .text(row.group.code), .number(String(row.nResponding)),
                .number(String(row.nOption)), .number(oneDecimal(row.percent)), .number(oneDecimal(row.ciLow)),
                .number(oneDecimal(row.ciHigh)), .text(row.flag.rawValue),
            ])
        }
        return text
    }

    /// Grain unique; `n_option ≤ n_responding`; percent and interval present exactly when not
    /// suppressed and inside 0–100 with `ci_low ≤ percent ≤ ci_high`.
    public static func checkInvariants(_ rows: [ShareStatistic]) throws {
        var seen = Set<String>()
        for row in rows {
            let key = [row.round, row.questionID, row.option, row.group.type.rawValue, row.group.code].joined(separator: "\u{1F}")
            guard seen.insert(key).inserted else { throw PublishError.invariant("duplicate row \(key)") }
            guard row.nOption >= 0, row.nOption <= row.nResponding else {
                throw PublishError.invariant("n_option > n_responding for \(row.questionID)/\(row.option)")
            }
            let suppressed = row.flag == .suppressed
            let values = [row.percent, row.ciLow, row.ciHigh]
            if suppressed {
                guard values.allSatisfy({ $0 == nil }) else {
                    throw PublishError.invariant("suppressed row with a percent: \(row.questionID)/\(row.option)")
                }
            } else {
                guard let percent = row.percent, let low = row.ciLow, let high = row.ciHigh,
                    0 <= low, low <= percent + 1e-9, percent <= high + 1e-9, high <= 100
                else { throw PublishError.invariant("bad percent or interval: \(row.questionID)/\(row.option)") }
            }
        }
    }

    public static func numericCSV(_ rows: [NumericStatistic]) throws -> String {
        var text = CSVText.header(numericColumns)
        var seen = Set<String>()
        for row in rows {
            let key = [row.round, row.questionID, row.group.type.rawValue, row.group.code].joined(separator: "\u{1F}")
            guard seen.insert(key).inserted else { throw PublishError.invariant("duplicate numeric row \(key)") }
            guard row.n <= row.nSubmissions else { throw PublishError.invariant("n > n_submissions for \(row.questionID)") }
            if let low = row.minimum, let p25 = row.p25, let median = row.median, let p75 = row.p75, let high = row.maximum {
                guard low <= p25, p25 <= median, median <= p75, p75 <= high else {
                    throw PublishError.invariant("quantiles out of order for \(row.questionID)")
                }
            }
            text += CSVText.line([
                .text(row.round), .text(row.chapter.rawValue), .text(row.questionID), .text(row.type.rawValue),
                .text(row.group.type.rawValue), .text(row.group.code), .number(String(row.nSubmissions)),
                .number(String(row.n)), .number(decimal(row.minimum)), .number(decimal(row.p25)),
                .number(decimal(row.median)), .number(decimal(row.p75)), .number(decimal(row.maximum)),
                .number(decimal(row.mean)), .text(row.flag.rawValue),
            ])
        }
        return text
    }

    public static func indicatorsCSV(_ rows: [IndicatorValue], reference: CountryReference) throws -> String {
        let respondents = rows.contains { SurveyUnit.respondent(of: $0.country) != nil }
        var text = CSVText.header(indicatorColumns + (respondents ? ["respondent"] : []))
        for row in rows {
            guard row.itemsMet <= row.itemsAnswered, row.itemsAnswered <= row.itemsTotal else {
                throw PublishError.invariant("indicator \(row.indicator) for \(row.country): items out of order")
            }
            let country = reference.country(iso3: SurveyUnit.country(of: row.country))
            text += CSVText.line([
                .text(row.round), .text(SurveyUnit.country(of: row.country)), .text(country?.m49 ?? ""), .text(country?.region ?? ""),
                .text(row.indicator), .text(row.chapter.rawValue), .number(String(row.itemsMet)),
                .number(String(row.itemsAnswered)), .number(String(row.itemsTotal)), .number(oneDecimal(row.value)),
            ] + respondentCell(row.country, respondents))
        }
        return text
    }

    public static func progressCSV(_ rows: [ProgressRow]) throws -> String {
        var text = CSVText.header(progressColumns)
        for row in rows {
            guard row.panelBaseline.nResponding <= min(row.baseline.nResponding, row.latest.nResponding)
                || row.group.type == .custom
            else { throw PublishError.invariant("panel larger than a round for \(row.questionID)/\(row.option)") }
            text += CSVText.line([
                .text(row.chapter.rawValue), .text(row.questionID), .text(row.option), .text(row.group.type.rawValue),
                .text(row.group.code), .text(row.baselineRound), .text(row.latestRound),
                .number(String(row.baseline.nResponding)), .number(String(row.baseline.nOption)),
                .number(oneDecimal(row.baseline.percent)), .number(String(row.latest.nResponding)),
                .number(String(row.latest.nOption)), .number(oneDecimal(row.latest.percent)),
                .number(oneDecimal(row.change)), .text(worse(row.baseline.flag, row.latest.flag).rawValue),
                .number(String(row.panelBaseline.nResponding)), .number(String(row.panelBaseline.nOption)),
                .number(oneDecimal(row.panelBaseline.percent)), .number(String(row.panelLatest.nOption)),
                .number(oneDecimal(row.panelLatest.percent)), .number(oneDecimal(row.panelChange)),
                .text(row.panelBaseline.flag.rawValue),
            ])
        }
        return text
    }

    public static func transitionsCSV(_ rows: [Transition], reference: CountryReference) -> String {
        let respondents = rows.contains { SurveyUnit.respondent(of: $0.country) != nil }
        var text = CSVText.header(transitionColumns + (respondents ? ["respondent"] : []))
        for row in rows {
            let country = reference.country(iso3: SurveyUnit.country(of: row.country))
            text += CSVText.line([
                .text(row.baselineRound), .text(row.latestRound), .text(SurveyUnit.country(of: row.country)),
                .text(country?.m49 ?? ""), .text(country?.region ?? ""), .text(row.chapter.rawValue), .text(row.questionID),
                .text(row.from), .text(row.to),
            ] + respondentCell(row.country, respondents))
        }
        return text
    }

    /// SDMX-CSV 1.0 of the shares. OBS_STATUS: `A` normal, `U` low reliability, `Q` suppressed
    /// (OBS_VALUE and the bounds are then empty; N_RESPONDING is kept).
    public static func sdmxCSV(_ rows: [ShareStatistic], dataflow: String) throws -> String {
        try checkInvariants(rows)
        var text = CSVText.header(sdmxColumns)
        for row in rows {
            text += CSVText.line([
                .text(dataflow), .text(row.group.code), .text(row.round), .text(row.chapter.rawValue), .text(row.questionID),
                .text(row.option), .number(oneDecimal(row.percent)), .text("PT"), .text(sdmxStatus(row.flag)),
                .number(oneDecimal(row.ciLow)), .number(oneDecimal(row.ciHigh)), .number(String(row.nResponding)),
            ])
        }
        return text
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
