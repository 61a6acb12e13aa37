/// What changed in a country's legislation inventory (the `laws` repeat) between two consecutive
/// rounds it answered, both with the inventory in their questionnaire: one row of
/// `developments.csv`.
public struct InventoryDevelopment: Sendable, Equatable {
    /// The kinds of development, in the order a unit's rows are written within a law.
    public enum Kind: String, Sendable, CaseIterable {
        /// A law listed in the later round that no law of the earlier round matches.
        case lawAdded = "law_added"
        /// A law of the earlier round that no law of the later round matches.
        case lawNoLongerListed = "law_no_longer_listed"
        /// The matched law's status changed (other than to `repealed`).
        case statusChanged = "status_changed"
        /// The matched law's `year_amended` is later than before, or newly set.
        case amended
        /// The matched law's status became `repealed`.
        case repealed
        /// An act (chapter 4) covered by a listed law in force or adopted now, by none before.
        case actNewlyCovered = "act_newly_covered"
        /// A power (chapter 5) covered by a listed law in force or adopted now, by none before.
        case powerNewlyCovered = "power_newly_covered"
    }

    public var roundFrom: String
    public var roundTo: String
    public var country: String
    /// With a respondent key; nil otherwise.
    public var respondent: String?
    public var kind: Kind
    /// The law's English title, else its original title, else its path (`laws[2]`); for an act or
    /// power newly covered, the covering laws of the later round joined by ` | `.
    public var law: String
    public var oldValue: String?
    public var newValue: String?
    /// `file:line` in the earlier round's submission, when the development has a side there.
    public var sourceFrom: String?
    /// `file:line` in the later round's submission, when the development has a side there.
    public var sourceTo: String?

    public init(
        roundFrom: String, roundTo: String, country: String, respondent: String?, kind: Kind, law: String,
        oldValue: String? = nil, newValue: String? = nil, sourceFrom: String? = nil, sourceTo: String? = nil
    ) {
        self.roundFrom = roundFrom
        self.roundTo = roundTo
        self.country = country
        self.respondent = respondent
        self.kind = kind
        self.law = law
        self.oldValue = oldValue
        self.newValue = newValue
        self.sourceFrom = sourceFrom
        self.sourceTo = sourceTo
    }
}
