/// The rows of the legislation inventory's tables (issue 20; docs/legislation.md): made in
/// SurveyAnalyze (`Inventory`) from the stored repeat answers, written by SurveyPublish.

/// One law of one accepted submission: a row of `legislation.csv`. Values are as the sender
/// wrote them (codes for choices, years as whole numbers); an unanswered field is empty.
public struct LegislationRow: Sendable, Equatable {
    public var round: String
    public var country: String
    public var respondent: String?
    /// The law's position in the submission's `laws` repeat (1, 2, …).
    public var lawIndex: Int
    public var title = ""
    public var titleEnglish = ""
    public var type = ""
    public var status = ""
    public var yearAdopted = ""
    public var yearAmended = ""
    public var citation = ""
    public var url = ""
    /// Codes joined by `;`, in questionnaire order.
    public var acts = ""
    public var powers = ""
    public var expectedYear = ""
    /// `file:line` of the law's first answered field (questionnaire order).
    public var source = ""

    public init(round: String, country: String, respondent: String?, lawIndex: Int) {
        self.round = round
        self.country = country
        self.respondent = respondent
        self.lawIndex = lawIndex
    }
}

/// One good practice or challenge of one accepted submission: a row of `practices.csv`.
public struct PracticeRow: Sendable, Equatable {
    public var round: String
    public var country: String
    public var respondent: String?
    public var practiceIndex: Int
    public var kind = ""
    public var chapter = ""
    public var title = ""
    public var description = ""
    public var institution = ""
    public var year = ""
    public var link = ""
    public var source = ""

    public init(round: String, country: String, respondent: String?, practiceIndex: Int) {
        self.round = round
        self.country = country
        self.respondent = respondent
        self.practiceIndex = practiceIndex
    }
}

/// One chapter-4 act or chapter-5 power covered by at least one listed law of one unit in one
/// round: a row of `legislation_by_act.csv`.
public struct LegislationByActRow: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case act, power
    }

    public var round: String
    public var country: String
    public var respondent: String?
    public var kind: Kind
    /// The act's chapter-4 question id (`ch4_illegal_access`) or the power (`search`).
    public var code: String
    /// The act's or power's label in the pipeline language.
    public var label: String
    /// The covering laws' indexes (``LegislationRow/lawIndex``), ascending.
    public var laws: [Int]
    /// Each covering law's English title, else its original title (empty when neither).
    public var lawTitles: [String]
    /// Each covering law's status code (empty when not answered), parallel to ``laws``.
    public var statuses: [String]
    /// Whether a covering law is a cyber-specific law (docs/legislation.md).
    public var cyberSpecificLaw: Bool

    public init(
        round: String, country: String, respondent: String?, kind: Kind, code: String, label: String, laws: [Int],
        lawTitles: [String], statuses: [String], cyberSpecificLaw: Bool
    ) {
        self.round = round
        self.country = country
        self.respondent = respondent
        self.kind = kind
        self.code = code
        self.label = label
        self.laws = laws
        self.lawTitles = lawTitles
        self.statuses = statuses
        self.cyberSpecificLaw = cyberSpecificLaw
    }
}
