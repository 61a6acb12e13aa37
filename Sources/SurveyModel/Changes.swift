/// One row of `changes.csv`: one thing that differs between the previous committed run in the
/// store and this run (issue 19 part 5).
///
/// Kinds, in the order they are listed for a country and round:
/// - `submission_added`, `submission_replaced`, `submission_withdrawn`: the unit's current
///   submission appeared, is another one than before, or is gone;
/// - `answer_added`, `answer_changed`, `answer_removed`: one item of a unit present in both runs
///   (a new submission's answers are its `submission_added` row, not a row each);
/// - `figure_moved`: a `statistics.csv` row present in both runs whose percent moved by at least
///   the pipeline's `changes.min_percent_move` points (both percents published, not suppressed).
public struct ChangeRow: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case submissionAdded = "submission_added"
        case submissionReplaced = "submission_replaced"
        case submissionWithdrawn = "submission_withdrawn"
        case answerAdded = "answer_added"
        case answerChanged = "answer_changed"
        case answerRemoved = "answer_removed"
        case figureMoved = "figure_moved"

        /// Whether a row of this kind is about a submission or an answer (it has a country).
        public var isUnitChange: Bool { self != .figureMoved }
    }

    public var round: String
    /// ISO alpha-3; empty for a figure.
    public var country: String
    /// With a respondent key; nil otherwise.
    public var respondent: String?
    public var kind: Kind
    /// The item (question id) of an answer or a figure; empty for a submission.
    public var item: String
    /// A figure's option and group code; empty otherwise.
    public var option: String
    /// A figure's group type and code (as `statistics.csv`); empty otherwise.
    public var groupType: String
    public var group: String
    /// The previous and the new value as published (an answer's options joined with a space, its
    /// number or text; a figure's percent with one decimal; a submission's id); empty when none.
    public var oldValue: String
    public var newValue: String
    /// Where the new value comes from (`file:line`); for a removal or a withdrawal, where the old
    /// one came from; empty for a figure.
    public var location: String

    public init(
        round: String, country: String = "", respondent: String? = nil, kind: Kind, item: String = "", option: String = "",
        groupType: String = "", group: String = "", oldValue: String = "", newValue: String = "", location: String = ""
    ) {
        self.round = round
        self.country = country
        self.respondent = respondent
        self.kind = kind
        self.item = item
        self.option = option
        self.groupType = groupType
        self.group = group
        self.oldValue = oldValue
        self.newValue = newValue
        self.location = location
    }
}

/// The run summary's one-line digest of `changes.csv`: countries (units) new, revised (and how many
/// answers changed in them), withdrawn, and figures moved.
public struct ChangeDigest: Sendable, Equatable, Codable {
    public var countriesNew = 0
    public var countriesRevised = 0
    public var countriesWithdrawn = 0
    /// Answer rows (added, changed or removed) of units present in both runs.
    public var answersChanged = 0
    public var figuresMoved = 0
    /// The threshold figures were compared with, in percentage points.
    public var minPercentMove = 1.0

    public init(minPercentMove: Double = 1.0) { self.minPercentMove = minPercentMove }

    /// Counts of `rows`: a unit is new or withdrawn by its submission row, revised when it has a
    /// replaced submission or any answer row.
    public init(_ rows: [ChangeRow], minPercentMove: Double) {
        self.minPercentMove = minPercentMove
        var revised = Set<String>()
        for row in rows {
            let unit = row.round + "\u{1F}" + SurveyUnit.key(country: row.country, respondent: row.respondent)
            switch row.kind {
            case .submissionAdded: countriesNew += 1
            case .submissionWithdrawn: countriesWithdrawn += 1
            case .submissionReplaced: revised.insert(unit)
            case .answerAdded, .answerChanged, .answerRemoved:
                answersChanged += 1
                revised.insert(unit)
            case .figureMoved: figuresMoved += 1
            }
        }
        countriesRevised = revised.count
    }

    /// "3 countries new, 1 revised (12 answers changed), 4 figures moved ≥ 1 point"; "no changes"
    /// when nothing changed.
    public var text: String {
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        var parts: [String] = []
        if countriesNew > 0 { parts.append(plural(countriesNew, "country", "countries") + " new") }
        if countriesRevised > 0 {
            parts.append(
                (parts.isEmpty ? plural(countriesRevised, "country", "countries") : "\(countriesRevised)") + " revised ("
                    + plural(answersChanged, "answer", "answers") + " changed)")
        }
        if countriesWithdrawn > 0 {
            parts.append((parts.isEmpty ? plural(countriesWithdrawn, "country", "countries") : "\(countriesWithdrawn)") + " withdrawn")
        }
        if figuresMoved > 0 {
            let threshold = minPercentMove == minPercentMove.rounded() ? String(Int(minPercentMove)) : String(minPercentMove)
            parts.append(plural(figuresMoved, "figure", "figures") + " moved ≥ \(threshold) point" + (minPercentMove == 1 ? "" : "s"))
        }
        return parts.isEmpty ? "no changes" : parts.joined(separator: ", ")
    }
}
