// The focal-point register: who answers the survey for each State, and where the invitation
// stands. Personal data: it goes into the letters and the follow-up list only (docs/follow-up.md).

/// One State's focal point in the register.
public struct FocalPoint: Sendable, Equatable {
    /// ISO alpha-3.
    public var country: String
    public var name: String
    public var institution: String
    public var email: String
    /// The language the focal point reads; nil: not given (the letter keeps the sender's).
    public var language: Language?
    /// ISO dates (`2026-01-15`); nil when not given.
    public var invited: String?
    /// The dates reminders were sent, oldest first.
    public var reminders: [String]
    public var deadline: String?
    /// The entry's line in the register (1-based; 0 when built in code).
    public var line: Int

    public init(
        country: String, name: String, institution: String = "", email: String = "", language: Language? = nil,
        invited: String? = nil, reminders: [String] = [], deadline: String? = nil, line: Int = 0
    ) {
        self.country = country
        self.name = name
        self.institution = institution
        self.email = email
        self.language = language
        self.invited = invited
        self.reminders = reminders
        self.deadline = deadline
        self.line = line
    }

    /// `Name, Institution <email>`, leaving out what is not given.
    public var addressee: String {
        var text = [name, institution].filter { !$0.isEmpty }.joined(separator: ", ")
        if !email.isEmpty { text += text.isEmpty ? email : " <\(email)>" }
        return text
    }
}

/// The register, by State.
public struct FocalPointRegister: Sendable, Equatable {
    public var entries: [String: FocalPoint]

    public init(_ entries: [FocalPoint] = []) {
        self.entries = Dictionary(entries.map { ($0.country, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var isEmpty: Bool { entries.isEmpty }

    public subscript(country: String) -> FocalPoint? { entries[country] }
}

/// Why a State is on the follow-up list (`legisurvey status --follow-up`).
public enum FollowUpReason: String, Sendable, Equatable, CaseIterable {
    /// The deadline has passed and the State has no accepted submission in the round.
    case deadlinePassed = "deadline-passed"
    /// The deadline has passed and the State's current submission has problems that ask something
    /// of the sender (its letter lists them).
    case openProblems = "open-problems"
}

/// One line of the follow-up list: a State to remind, why, and whom to write to.
public struct FollowUp: Sendable, Equatable {
    public var country: String
    public var focalPoint: FocalPoint
    public var reasons: [FollowUpReason]
    /// How many problems its letter lists (0 without open problems).
    public var problems: Int
    /// Days since the deadline.
    public var daysOverdue: Int

    public init(country: String, focalPoint: FocalPoint, reasons: [FollowUpReason], problems: Int, daysOverdue: Int) {
        self.country = country
        self.focalPoint = focalPoint
        self.reasons = reasons
        self.problems = problems
        self.daysOverdue = daysOverdue
    }
}
