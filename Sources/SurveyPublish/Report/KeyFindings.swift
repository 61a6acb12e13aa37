// The report's key findings (issue 27): sentences chosen from the figures by declared rules, never
// written by hand, each one a row of statistics.csv or progress.csv (the test recomputes every
// sentence from those files). docs/report.md explains the rules to readers.

public import SurveyModel

/// One key finding: which rule chose it and the rows it says.
public struct KeyFinding: Sendable, Equatable {
    public enum Rule: String, Sendable, CaseIterable {
        /// The largest world shares of the latest round (one per question; single-choice and
        /// legal-form questions of chapters 3 to 8, whose shares add up over one answer per State).
        case largestShare = "largest_share"
        /// The widest gap between two regions' shares of one option, latest round.
        case regionalGap = "regional_gap"
        /// The largest world changes between the baseline and the latest round, like with like.
        case largestChange = "largest_change"
        /// The questions of chapters 3 to 8 the fewest States answered, latest round (the
        /// technical-assistance chapter's follow-up questions are asked only of States requesting).
        case leastCoverage = "least_coverage"
    }

    public var rule: Rule
    /// The share the sentence states (for `regional_gap` the higher region's).
    public var row: ShareStatistic?
    /// `regional_gap`: the lower region's share.
    public var other: ShareStatistic?
    /// `largest_change`: the progress row.
    public var change: ProgressRow?
}

/// The rules and how many findings each gives.
public struct KeyFindingRules: Sendable, Equatable {
    public var largestShares = 3
    public var regionalGaps = 2
    public var largestChanges = 3
    public var leastCoverage = 2
    /// A share counts only with at least this many States answering (and not flagged low
    /// reliability or suppressed).
    public var minimumAnswering = 10

    public init() {}

    /// The findings of the latest round `round`, in rule order. `progress` is the report's pair.
    public func findings(
        statistics: [ShareStatistic], progress: [ProgressRow], questionnaire: Questionnaire, round: String
    ) -> [KeyFinding] {
        let order = Dictionary(questionnaire.questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        func substantive(_ row: ShareStatistic) -> Bool {
            guard let question = questionnaire.question(id: row.questionID) else { return false }
            return question.choice(code: row.option)?.isDontKnow != true
        }
        func usable(_ row: ShareStatistic) -> Bool {
            row.round == round && row.percent != nil && row.flag == .normal && row.nResponding >= minimumAnswering
                && order[row.questionID] != nil && substantive(row)
        }
        func position(_ id: String) -> Int { order[id] ?? Int.max }
        var findings: [KeyFinding] = []

        // Largest world shares, one per question; ties by questionnaire order, then option code.
        func core(_ id: String) -> Bool { questionnaire.question(id: id).map { $0.chapter != .technicalAssistance } ?? false }
        let world = statistics.filter { row in
            row.group == .world && usable(row) && core(row.questionID)
                && [.singleChoice, .legalForm].contains(questionnaire.question(id: row.questionID)?.type)
        }
        var seen = Set<String>()
        for row in world.sorted(by: { ($0.percent!, -position($0.questionID), $1.option) > ($1.percent!, -position($1.questionID), $0.option) })
        where findings.count < largestShares && seen.insert(row.questionID).inserted {
            findings.append(KeyFinding(rule: .largestShare, row: row))
        }

        // Widest regional gaps: per question and option, the highest and lowest region.
        var byOption: [String: [ShareStatistic]] = [:]
        for row in statistics where row.group.type == .region && usable(row) {
            byOption["\(row.questionID)|\(row.option)", default: []].append(row)
        }
        var gaps: [(gap: Double, high: ShareStatistic, low: ShareStatistic)] = []
        for rows in byOption.values where rows.count >= 2 {
            let sorted = rows.sorted { ($0.percent!, $1.group.code) > ($1.percent!, $0.group.code) }
            gaps.append((sorted[0].percent! - sorted[sorted.count - 1].percent!, sorted[0], sorted[sorted.count - 1]))
        }
        seen = []
        var gapCount = 0
        for entry in gaps.sorted(by: {
            ($0.gap, -position($0.high.questionID), $1.high.option) > ($1.gap, -position($1.high.questionID), $0.high.option)
        }) where gapCount < regionalGaps && seen.insert(entry.high.questionID).inserted {
            findings.append(KeyFinding(rule: .regionalGap, row: entry.high, other: entry.low))
            gapCount += 1
        }

        // Largest comparable world changes, one per question.
        seen = []
        var changeCount = 0
        let changes = progress.filter { row in
            row.group == .world && row.comparable == .yes && row.change != nil && row.baseline.nResponding >= minimumAnswering
                && row.latest.nResponding >= minimumAnswering && order[row.questionID] != nil
                && questionnaire.question(id: row.questionID)?.choice(code: row.option)?.isDontKnow != true
        }
        for row in changes.sorted(by: {
            (abs($0.change!), -position($0.questionID), $1.option) > (abs($1.change!), -position($1.questionID), $0.option)
        }) where changeCount < largestChanges && seen.insert(row.questionID).inserted {
            findings.append(KeyFinding(rule: .largestChange, change: row))
            changeCount += 1
        }

        // Least coverage: the questions with the smallest share of the world's States answering.
        var coverage: [String: ShareStatistic] = [:]
        for row in statistics
        where row.round == round && row.group == .world && row.nInGroup != nil && order[row.questionID] != nil && core(row.questionID) {
            if coverage[row.questionID] == nil { coverage[row.questionID] = row }
        }
        let least = coverage.values.sorted {
            let a = Double($0.nAnswered) / Double(max(1, $0.nInGroup!)), b = Double($1.nAnswered) / Double(max(1, $1.nInGroup!))
            return (a, position($0.questionID)) < (b, position($1.questionID))
        }
        for row in least.prefix(leastCoverage) { findings.append(KeyFinding(rule: .leastCoverage, row: row)) }
        return findings
    }
}
